//! What a table holds: per-column facts (missing values, numbers, distinct values), the
//! detected column types, and the schema that results from a [`DataConfig`].

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;

use super::cell::{is_missing, parse_number, words};
use super::config::{ColumnType, DataConfig, LabelKind, Role};
use super::problem::{quote_value, Problem};
use super::table::Table;
use crate::error::{Error, Result};
use crate::task::Task;

/// Distinct values counted per column before counting stops.
pub const DISTINCT_LIMIT: usize = 1000;
/// The most distinct integer values a numeric label may have to be detected as classes.
pub const MAX_DETECTED_CLASSES: usize = 20;
/// The most classes a label may have.
pub const MAX_CLASSES: usize = 1000;

/// Facts about one column, gathered in one pass.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnStats {
    pub missing: usize,
    /// Every present value is a finite number (and at least one is present).
    pub numeric: bool,
    /// How many present values are numbers.
    pub numbers: usize,
    /// How many values are present (not missing).
    pub present: usize,
    /// Every number among the present values is whole (and there is at least one).
    pub integers: bool,
    /// Distinct present values, counted up to [`DISTINCT_LIMIT`].
    pub distinct: usize,
    /// Whether there are more than `distinct` distinct values.
    pub distinct_more: bool,
    /// Mean number of words per present value.
    pub mean_words: f64,
    /// The first few distinct present values.
    pub examples: Vec<String>,
}

/// Gathers [`ColumnStats`] for every column.
pub fn column_stats(table: &Table) -> Vec<ColumnStats> {
    let dc = table.decimal_comma();
    (0..table.width())
        .map(|c| {
            let (mut missing, mut numbers, mut integers, mut word_total) = (0, 0, 0, 0usize);
            let mut distinct: HashSet<&str> = HashSet::new();
            let mut more = false;
            let mut examples = Vec::new();
            for r in 0..table.rows() {
                let cell = table.cell(r, c);
                if is_missing(cell) {
                    missing += 1;
                    continue;
                }
                if let Some(v) = parse_number(cell, dc) {
                    numbers += 1;
                    if v.fract() == 0.0 {
                        integers += 1;
                    }
                }
                word_total += words(cell).count();
                if distinct.len() < DISTINCT_LIMIT {
                    if distinct.insert(cell) && examples.len() < 5 {
                        examples.push(cell.to_string());
                    }
                } else if !distinct.contains(cell) {
                    more = true;
                }
            }
            let present = table.rows() - missing;
            ColumnStats {
                missing,
                numeric: present > 0 && numbers == present,
                numbers,
                present,
                integers: numbers > 0 && integers == numbers,
                distinct: distinct.len(),
                distinct_more: more,
                mean_words: if present > 0 {
                    word_total as f64 / present as f64
                } else {
                    0.0
                },
                examples,
            }
        })
        .collect()
}

impl ColumnStats {
    /// The type a feature column gets unless the configuration says otherwise: numeric when
    /// most present values are numbers (the others, typos such as `12..5` or notes such as
    /// `see below`, then show up as errors naming their cell instead of turning the column
    /// into categories); categorical for few distinct values of one or two words; text
    /// otherwise.
    pub fn detected_type(&self, max_categories: usize) -> ColumnType {
        if self.mostly_numbers() || self.distinct == 0 {
            ColumnType::Numeric
        } else if !self.distinct_more && self.distinct <= max_categories && self.mean_words < 3.0 {
            ColumnType::Categorical
        } else {
            ColumnType::Text
        }
    }

    /// More than half of the present values are numbers.
    pub fn mostly_numbers(&self) -> bool {
        self.numbers > 0 && 2 * self.numbers > self.present
    }

    /// The label kind unless configured: classes for mostly non-numbers, and for whole
    /// numbers with at most [`MAX_DETECTED_CLASSES`] distinct values that repeat (on
    /// average each at least twice, so `0/1` flags count but four different prices in four
    /// rows do not); a number otherwise (a cell that is not a number is then an error
    /// naming it).
    pub fn detected_label_kind(&self, rows: usize) -> LabelKind {
        let present = rows - self.missing;
        let few = !self.distinct_more
            && self.distinct <= MAX_DETECTED_CLASSES
            && (self.distinct <= 2 || 2 * self.distinct <= present);
        if !self.mostly_numbers() || self.integers && few {
            LabelKind::Classes
        } else {
            LabelKind::Number
        }
    }

    /// Present values that are not numbers.
    pub fn non_numbers(&self) -> usize {
        self.present - self.numbers
    }

    /// Whether every value is missing.
    pub fn all_missing(&self, rows: usize) -> bool {
        self.missing == rows
    }
}

/// Why the import leaves a column out on its own (a column given a type in `types` is
/// always kept).
#[derive(Clone, Debug, PartialEq)]
pub enum SetAside {
    /// No value at all.
    AllMissing,
    /// One value in every row: it cannot tell rows apart.
    Constant(String),
    /// A different value in every row, named like an identifier or not a number.
    Id,
    /// Text with no words to count (dates such as `2024-01-05`, codes such as `12-345`).
    NoWords { dates: bool },
}

impl SetAside {
    /// The reason, as a warning states it.
    pub fn message(&self) -> String {
        let how = "give it a type to use it anyway";
        match self {
            SetAside::AllMissing => format!("every value is missing, so it is left out ({how})"),
            SetAside::Constant(v) => format!(
                "every value is {}, so it cannot tell rows apart and is left out ({how})",
                quote_value(v)
            ),
            SetAside::Id => format!(
                "every row has a different value, as in an identifier, so it is left out \
                 ({how})"
            ),
            SetAside::NoWords { dates: true } => "holds dates, which give a model no inputs \
                 as they are, so it is left out (turn them into numbers, such as the day of \
                 the year, in a column of their own)"
                .to_string(),
            SetAside::NoWords { dates: false } => format!(
                "is text without words (letters) to count, so it would give no inputs and is \
                 left out ({how})"
            ),
        }
    }
}

/// Whether a column name reads as a row identifier: `id`, `index`, `#`, or ending in `_id`,
/// ` id`, `-id` or `Id` (`PassengerId`).
fn id_like(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    matches!(lower.as_str(), "id" | "index" | "#" | "no" | "row")
        || ["_id", " id", "-id", ".id"]
            .iter()
            .any(|s| lower.ends_with(s))
        || name.trim_end().ends_with("Id") && name.len() > 2
}

/// Whether a value looks like a date or a time (`2024-01-05`, `05/01/2024`,
/// `2024-01-05T10:00:00`): digits and `-`/`/`/`.`/`:` with at least two separators.
fn date_like(value: &str) -> bool {
    let v = value.trim();
    let separators = v
        .bytes()
        .filter(|b| matches!(b, b'-' | b'/' | b':'))
        .count();
    separators >= 2
        && v.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && v.bytes()
            .all(|b| b.is_ascii_digit() || b" -/.:TZ+".contains(&b))
}

/// Whether the feature columns are the pixels of an image (`pixel_<row>_<col>`), whose
/// blank borders are kept however constant they are.
fn pixel_columns(names: &[String], label: usize) -> bool {
    names
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != label)
        .all(|(_, n)| n.starts_with("pixel_"))
}

impl ColumnStats {
    /// Why the import would leave this feature column out, if it would.
    pub fn set_aside(&self, name: &str, rows: usize, image: bool) -> Option<SetAside> {
        if self.all_missing(rows) {
            return Some(SetAside::AllMissing);
        }
        if image {
            return None;
        }
        // One value in every row (with gaps, the gaps themselves may tell something).
        if self.distinct == 1 && !self.distinct_more && self.missing == 0 && self.present >= 2 {
            return Some(SetAside::Constant(self.examples[0].clone()));
        }
        let all_distinct = self.distinct_more || self.distinct == self.present;
        let many = self.present >= 10 && self.missing == 0;
        if all_distinct && many {
            let id_number = self.mostly_numbers() && self.integers && id_like(name);
            let id_word = !self.mostly_numbers() && self.mean_words <= 1.0 && self.mean_words > 0.0;
            if id_number || id_word {
                return Some(SetAside::Id);
            }
        }
        if !self.mostly_numbers() && self.mean_words == 0.0 {
            let dates = !self.examples.is_empty() && self.examples.iter().all(|e| date_like(e));
            return Some(SetAside::NoWords { dates });
        }
        None
    }
}

/// One column as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnSchema {
    pub name: String,
    pub index: usize,
    pub role: Role,
    #[serde(rename = "type")]
    pub kind: ColumnType,
    pub detected_type: ColumnType,
    #[serde(flatten)]
    pub stats: ColumnStats,
}

/// The table as configured: roles, types, the label and the task.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    pub rows: usize,
    pub header: bool,
    /// `","`, `";"`, `"\t"` or `"|"`.
    pub delimiter: String,
    pub columns: Vec<ColumnSchema>,
    /// Index of the label column.
    pub label: usize,
    pub label_kind: LabelKind,
    pub detected_label_kind: LabelKind,
    /// Class names, in output order (empty for a number label).
    pub classes: Vec<String>,
    pub task: Task,
    pub config: DataConfig,
    /// What the import did on its own: title rows skipped, columns left out (each with
    /// why).
    pub warnings: Vec<Problem>,
}

impl Schema {
    /// Applies `config` to a table: resolves the label, roles and types, and the classes.
    ///
    /// # Errors
    /// A configured column that does not exist, the label among the ignored columns, no
    /// feature column, a class label with fewer than two classes or more than
    /// [`MAX_CLASSES`], or an impossible setting.
    pub fn resolve(table: &Table, stats: &[ColumnStats], config: &DataConfig) -> Result<Schema> {
        config.check()?;
        let find = |name: &str, setting: &str| {
            table.column_index(name).ok_or_else(|| {
                Error::config(
                    setting,
                    format!(
                        "there is no column {}; the columns are {}",
                        quote_value(name),
                        list_names(table.names())
                    ),
                )
            })
        };
        let label = match &config.label {
            Some(name) => find(name, "label")?,
            None => table.width() - 1,
        };
        let mut ignored = vec![false; table.width()];
        for name in &config.ignored {
            ignored[find(name, "ignored")?] = true;
        }
        if ignored[label] {
            return Err(Error::config(
                "ignored",
                format!(
                    "the label column {} cannot be ignored",
                    quote_value(&table.names()[label])
                ),
            ));
        }
        for name in config.types.keys() {
            find(name, "types")?;
        }
        if let Some(name) = &config.split.column {
            if find(name, "split.column")? == label {
                return Err(Error::config(
                    "split.column",
                    format!(
                        "the label column {} cannot also say the split",
                        quote_value(name)
                    ),
                ));
            }
        }
        let columns = describe_columns(table, stats, config);
        let warnings = warnings(table, stats, config, &columns);
        if !columns.iter().any(|c| c.role == Role::Feature) {
            return Err(Error::config(
                "ignored",
                format!(
                    "no feature columns are left besides the label {}; a model needs at least one",
                    quote_value(&table.names()[label])
                ),
            ));
        }
        let detected_label_kind = stats[label].detected_label_kind(table.rows());
        let label_kind = config.label_kind.unwrap_or(detected_label_kind);
        let classes = match label_kind {
            LabelKind::Classes => classes(table, label)?,
            LabelKind::Number => Vec::new(),
        };
        let task = match (label_kind, classes.len()) {
            (LabelKind::Number, _) => Task::Regression,
            (_, 2) => Task::Binary,
            _ => Task::Multiclass,
        };
        Ok(Schema {
            rows: table.rows(),
            header: table.header(),
            delimiter: (table.delimiter() as char).to_string(),
            columns,
            label,
            label_kind,
            detected_label_kind,
            classes,
            task,
            config: config.clone(),
            warnings,
        })
    }

    /// Indices of the feature columns, in file order.
    pub fn features(&self) -> Vec<usize> {
        self.columns
            .iter()
            .filter(|c| c.role == Role::Feature)
            .map(|c| c.index)
            .collect()
    }

    pub fn label_name(&self) -> &str {
        &self.columns[self.label].name
    }
}

/// The columns with their roles and types under `config`, without validating it: unknown
/// names are passed over, and the label is the configured column if it exists, else the
/// last. Lets a page show the columns even while the configuration has a problem.
pub fn describe_columns(
    table: &Table,
    stats: &[ColumnStats],
    config: &DataConfig,
) -> Vec<ColumnSchema> {
    let label = config
        .label
        .as_deref()
        .and_then(|n| table.column_index(n))
        .unwrap_or(table.width() - 1);
    let ignored: Vec<bool> = table
        .names()
        .iter()
        .map(|n| config.ignored.contains(n))
        .collect();
    let image = pixel_columns(table.names(), label);
    (0..table.width())
        .map(|c| {
            let s = &stats[c];
            let detected = s.detected_type(config.max_categories);
            let name = &table.names()[c];
            let aside = || {
                !config.types.contains_key(name) && s.set_aside(name, table.rows(), image).is_some()
            };
            let role = if c == label {
                Role::Label
            } else if config.split.column.as_deref() == Some(name.as_str()) {
                Role::Split
            } else if ignored[c] || aside() {
                Role::Ignored
            } else {
                Role::Feature
            };
            ColumnSchema {
                name: name.clone(),
                index: c,
                role,
                kind: config.types.get(name).copied().unwrap_or(detected),
                detected_type: detected,
                stats: s.clone(),
            }
        })
        .collect()
}

/// What the import did on its own: the table's notes (title rows skipped), then a warning
/// for every column left out without the configuration asking (see [`SetAside`]).
pub fn warnings(
    table: &Table,
    stats: &[ColumnStats],
    config: &DataConfig,
    columns: &[ColumnSchema],
) -> Vec<Problem> {
    let label = columns
        .iter()
        .position(|c| c.role == Role::Label)
        .unwrap_or(table.width() - 1);
    let image = pixel_columns(table.names(), label);
    let set_aside = columns
        .iter()
        .filter(|c| c.role == Role::Ignored && !config.ignored.contains(&c.name))
        .filter_map(|c| {
            let why = stats[c.index].set_aside(&c.name, table.rows(), image)?;
            Some(Problem::at_column(&c.name, why.message()))
        });
    table.notes().iter().cloned().chain(set_aside).collect()
}

/// The distinct present values of the label column, sorted (numerically when they are all
/// numbers).
fn classes(table: &Table, label: usize) -> Result<Vec<String>> {
    let name = &table.names()[label];
    let mut set: BTreeSet<&str> = BTreeSet::new();
    for r in 0..table.rows() {
        let cell = table.cell(r, label);
        if !is_missing(cell) {
            set.insert(cell);
            if set.len() > MAX_CLASSES {
                return Err(Problem::at_column(
                    name,
                    format!(
                        "has more than {MAX_CLASSES} distinct values, too many classes; if it \
                         is a number to predict, set the label kind to number"
                    ),
                )
                .into());
            }
        }
    }
    let mut classes: Vec<String> = set.into_iter().map(str::to_string).collect();
    let dc = table.decimal_comma();
    if classes.iter().all(|c| parse_number(c, dc).is_some()) {
        // Ties ("1" and "1.0") fall back to the text, so the order is total.
        classes.sort_unstable_by(|a, b| {
            let (x, y) = (parse_number(a, dc).unwrap(), parse_number(b, dc).unwrap());
            x.total_cmp(&y).then_with(|| a.cmp(b))
        });
    }
    match classes.len() {
        0 => Err(Problem::at_column(name, "is the label but every value in it is missing").into()),
        1 => Err(Problem::at_column(
            name,
            format!(
                "is the label but has only one class, {}; classification needs at least two \
                 (choose another label column)",
                quote_value(&classes[0])
            ),
        )
        .into()),
        _ => Ok(classes),
    }
}

fn list_names(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(10).map(|n| quote_value(n)).collect();
    let more = if names.len() > 10 {
        format!(" and {} more", names.len() - 10)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number(" -1.5e3 ", false), Some(-1500.0));
        assert_eq!(parse_number(".5", false), Some(0.5));
        assert_eq!(parse_number("1,5", true), Some(1.5));
        assert_eq!(parse_number("1,5", false), None);
        assert_eq!(parse_number("1,000,5", true), None);
        assert_eq!(parse_number("inf", false), None);
        assert_eq!(parse_number("1e999", false), None);
        assert_eq!(parse_number("12abc", false), None);
    }

    #[test]
    fn missing_spellings() {
        for m in ["", "NA", "n/a", "NaN", "null", "None", "?", "#N/A"] {
            assert!(is_missing(m), "{m}");
        }
        assert!(!is_missing("0"));
        assert!(!is_missing("nano"));
    }

    #[test]
    fn words_are_lowercase_letter_runs() {
        let w: Vec<String> = words("Don't STOP—now, café!").collect();
        assert_eq!(w, ["don", "t", "stop", "now", "café"]);
    }
}
