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
    /// Every present value is a whole number.
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
                integers: present > 0 && integers == present,
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
    /// the values are numbers, up to one in twenty that are not (typos such as `12..5` then
    /// show up as errors naming their cell, instead of turning the column into text);
    /// categorical for few distinct values of one or two words; text otherwise.
    pub fn detected_type(&self, max_categories: usize) -> ColumnType {
        if self.numbers > 0 && 20 * self.non_numbers() <= self.present || self.distinct == 0 {
            ColumnType::Numeric
        } else if !self.distinct_more && self.distinct <= max_categories && self.mean_words < 3.0 {
            ColumnType::Categorical
        } else {
            ColumnType::Text
        }
    }

    /// The label kind unless configured: classes for non-numbers, and for whole numbers with
    /// at most [`MAX_DETECTED_CLASSES`] distinct values that repeat (on average each at least
    /// twice, so `0/1` flags count but four different prices in four rows do not); a number
    /// otherwise.
    pub fn detected_label_kind(&self, rows: usize) -> LabelKind {
        let present = rows - self.missing;
        let few = !self.distinct_more
            && self.distinct <= MAX_DETECTED_CLASSES
            && (self.distinct <= 2 || 2 * self.distinct <= present);
        if !self.numeric || self.integers && few {
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
        let columns = describe_columns(table, stats, config);
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
    (0..table.width())
        .map(|c| {
            let s = &stats[c];
            let detected = s.detected_type(config.max_categories);
            let name = &table.names()[c];
            let role = if c == label {
                Role::Label
            } else if ignored[c] || s.all_missing(table.rows()) && !config.types.contains_key(name)
            {
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
