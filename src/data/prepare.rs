//! From a configured table to training, validation and test arrays: check every cell,
//! apply the missing-value policy, split, fit the preprocessing on the training rows,
//! encode, augment and scale.

use super::augment::augment_images;
use super::cell::{is_missing, missing, parse_number};
use super::config::{ColumnType, LabelKind, MissingPolicy, Role};
use super::pipeline::Preprocessor;
use super::problem::Problem;
use super::schema::Schema;
use super::split::split;
use super::table::Table;
use crate::error::{Error, Result};
use crate::task::Task;

/// One part of the data (training, validation or test).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Part {
    /// Inputs, `len × inputs`, scaled.
    pub x: Vec<f32>,
    /// Targets, one per row: the class index or the number.
    pub y: Vec<f32>,
    /// The table row (0-based) of each row; augmented copies repeat their source row.
    pub rows: Vec<usize>,
}

impl Part {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Which part of prepared data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartName {
    Train,
    Validation,
    Test,
}

crate::named!(PartName, "part" {
    Train => "train" | "training",
    Validation => "validation" | "val",
    Test => "test",
});

/// Prepared data and the preprocessing fitted on its training part.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    pub train: Part,
    pub validation: Part,
    pub test: Part,
    pub preprocessor: Preprocessor,
    pub task: Task,
    /// Class names (empty for regression).
    pub label_names: Vec<String>,
    /// File rows (1-based) left out by the `drop_rows` policy.
    pub dropped: Vec<usize>,
    /// Rows of a separate test file (see [`prepare_with_test`]) left out by `drop_rows`;
    /// the test part's `rows` are then rows of that file.
    pub test_dropped: Vec<usize>,
}

impl Prepared {
    /// One part.
    pub fn part(&self, name: PartName) -> &Part {
        match name {
            PartName::Train => &self.train,
            PartName::Validation => &self.validation,
            PartName::Test => &self.test,
        }
    }

    /// Width and height when every input is a pixel of a greyscale image: the features
    /// are numeric columns named `pixel_<row>_<column>` covering a square, in row-major
    /// order (as the built-in digits).
    pub fn image_shape(&self) -> Option<[usize; 2]> {
        let names = self.preprocessor.feature_names();
        let side = (names.len() as f64).sqrt() as usize;
        if side < 2 || side * side != names.len() {
            return None;
        }
        let numeric = self
            .preprocessor
            .features
            .iter()
            .all(|f| matches!(f.encoding, super::pipeline::Encoding::Numeric { .. }));
        let in_order = names
            .iter()
            .enumerate()
            .all(|(i, n)| *n == format!("pixel_{}_{}", i / side, i % side));
        (numeric && in_order).then_some([side, side])
    }

    /// Number of model inputs.
    pub fn inputs(&self) -> usize {
        self.preprocessor.width()
    }

    /// Output units the model needs: 1 for binary and regression, one per class otherwise.
    pub fn outputs(&self) -> usize {
        match self.task {
            Task::Multiclass => self.label_names.len(),
            _ => 1,
        }
    }
}

/// The rows that take part after the missing-value policy, with their targets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rows {
    /// Table rows (0-based) kept.
    pub kept: Vec<usize>,
    /// The target of each kept row.
    pub targets: Vec<f32>,
    /// File rows (1-based) dropped.
    pub dropped: Vec<usize>,
}

impl Rows {
    /// Class index per kept row, for stratification (`None` for regression).
    pub fn classes(&self, schema: &Schema) -> Option<Vec<usize>> {
        (schema.label_kind == LabelKind::Classes)
            .then(|| self.targets.iter().map(|&t| t as usize).collect())
    }
}

/// Checks every used cell in file order and applies the missing-value policy. Returns the
/// rows kept and the problems found (at most `limit`, in file order).
pub fn check(table: &Table, schema: &Schema, limit: usize) -> (Rows, Vec<Problem>) {
    let policy = schema.config.missing;
    let dc = table.decimal_comma();
    let used: Vec<usize> = schema
        .columns
        .iter()
        .filter(|c| c.role != Role::Ignored)
        .map(|c| c.index)
        .collect();
    let mut rows = Rows::default();
    let mut problems = Vec::new();
    let push = |p: Problem, problems: &mut Vec<Problem>| {
        if problems.len() < limit {
            problems.push(p);
        }
    };
    for r in 0..table.rows() {
        let row = table.row_number(r);
        if policy == MissingPolicy::DropRows && used.iter().any(|&c| is_missing(table.cell(r, c))) {
            rows.dropped.push(row);
            continue;
        }
        let mut ok = true;
        for &c in &used {
            let col = &schema.columns[c];
            let cell = table.cell(r, c);
            let label = col.role == Role::Label;
            if let Some(why) = missing(cell) {
                let message = if label && policy == MissingPolicy::Impute {
                    Some(format!(
                        "{}; labels are never filled in (choose the drop_rows policy, or fill \
                         it in)",
                        why.what_in_label()
                    ))
                } else if policy == MissingPolicy::Error {
                    Some(why.what().to_string())
                } else {
                    None
                };
                if let Some(m) = message {
                    let p = Problem::at_cell(row, &col.name, cell, m);
                    // A missing label under `impute` needs drop_rows; any other refusal
                    // here is the `error` policy's.
                    let p = if policy == MissingPolicy::Error {
                        p.missing_value()
                    } else {
                        p
                    };
                    push(p, &mut problems);
                    ok = false;
                }
                continue;
            }
            let numeric = if label {
                schema.label_kind == LabelKind::Number
            } else {
                col.kind == ColumnType::Numeric
            };
            if numeric && parse_number(cell, dc).is_none() {
                let what = if label {
                    "the label is a number"
                } else {
                    "the column is numeric"
                };
                let fix = if label {
                    "set the label kind to classes, or fix the value"
                } else {
                    "change its type to categorical, or fix the value"
                };
                push(
                    Problem::at_cell(
                        row,
                        &col.name,
                        cell,
                        format!("is not a number, but {what} ({fix})"),
                    ),
                    &mut problems,
                );
                ok = false;
            }
        }
        if ok {
            rows.kept.push(r);
            let cell = table.cell(r, schema.label);
            rows.targets.push(match schema.label_kind {
                LabelKind::Classes => {
                    schema.classes.iter().position(|c| c == cell).unwrap_or(0) as f32
                }
                LabelKind::Number => parse_number(cell, dc).unwrap_or(0.0) as f32,
            });
        }
    }
    (rows, problems)
}

/// The kept rows, or the first problem as an error.
pub fn usable_rows(table: &Table, schema: &Schema) -> Result<Rows> {
    let (rows, problems) = check(table, schema, 1);
    if let Some(p) = problems.into_iter().next() {
        return Err(p.into());
    }
    if rows.kept.is_empty() {
        return Err(Error::data(
            "rows",
            format!(
                "all {} rows have a missing value and were dropped",
                rows.dropped.len()
            ),
        ));
    }
    Ok(rows)
}

/// Splits, fits the preprocessing on the training part and encodes every part.
///
/// # Errors
/// The first problem in file order (see [`check`]), a split that leaves no training rows,
/// an augmentation that does not fit the features, or encoded data over the size limit.
pub fn prepare(table: &Table, schema: &Schema) -> Result<Prepared> {
    let rows = usable_rows(table, schema)?;
    let classes = rows.classes(schema);
    let parts = match &schema.config.split.column {
        Some(name) => split_by_column(table, name, &rows.kept)?,
        None => split(rows.kept.len(), classes.as_deref(), &schema.config.split)?,
    };
    let pick = |positions: &[usize]| -> (Vec<usize>, Vec<f32>) {
        (
            positions.iter().map(|&p| rows.kept[p]).collect(),
            positions.iter().map(|&p| rows.targets[p]).collect(),
        )
    };
    let (train_rows, train_y) = pick(&parts.train);
    let (mut pre, mut train_x) = Preprocessor::fit(table, schema, &train_rows)?;
    let width = pre.width();
    let mut train = Part {
        x: Vec::new(),
        y: train_y,
        rows: train_rows,
    };
    if let Some(a) = &schema.config.augment {
        if pre
            .features
            .iter()
            .any(|f| !matches!(f.encoding, super::pipeline::Encoding::Numeric { .. }))
        {
            return Err(Error::config(
                "augment",
                "image augmentation needs numeric (pixel) features only",
            ));
        }
        let (x, y, source) = augment_images(&train_x, &train.y, width, a)?;
        train.rows = source.iter().map(|&i| train.rows[i]).collect();
        train_x = x;
        train.y = y;
        // The scaler stays fitted on the original training rows.
    }
    pre.scale(&mut train_x);
    train.x = train_x;
    let encode = |positions: &[usize]| -> Result<Part> {
        let (rows, y) = pick(positions);
        let mut x = pre.encode_rows(table, &rows)?;
        pre.scale(&mut x);
        Ok(Part { x, y, rows })
    };
    let validation = encode(&parts.validation)?;
    let test = encode(&parts.test)?;
    // Keep the preprocessing's own copy in sync with the schema's policy.
    pre.missing = schema.config.missing;
    Ok(Prepared {
        train,
        validation,
        test,
        task: schema.task,
        label_names: schema.classes.clone(),
        dropped: rows.dropped,
        test_dropped: Vec::new(),
        preprocessor: pre,
    })
}

/// The parts a split column gives the kept rows (positions into `kept`, in file order).
fn split_by_column(table: &Table, name: &str, kept: &[usize]) -> Result<super::split::Split> {
    let c = table
        .column_index(name)
        .ok_or_else(|| Error::config("split.column", format!("there is no column \"{name}\"")))?;
    let mut parts = super::split::Split::default();
    for (p, &r) in kept.iter().enumerate() {
        let value = table.cell(r, c);
        let part = super::split::part_named(value).ok_or_else(|| {
            Problem::at_cell(
                table.row_number(r),
                name,
                value,
                "names no part: the split column holds train, validation or test",
            )
        })?;
        match part {
            PartName::Train => parts.train.push(p),
            PartName::Validation => parts.validation.push(p),
            PartName::Test => parts.test.push(p),
        }
    }
    if parts.train.is_empty() {
        return Err(Error::data(
            format!("the split column \"{name}\""),
            "marks no row train",
        ));
    }
    Ok(parts)
}

/// As [`prepare`], with the test part taken from another file (a data set's `test.csv`
/// beside its `train.csv`): `table` gives the training and validation parts, the
/// preprocessing is fitted on its training part, and `test` goes through that same
/// preprocessing. The test file needs the training file's feature and label columns: by
/// name when it has a header (in any order, other columns ignored), else in the training
/// file's order. Its missing values follow the same policy.
///
/// # Errors
/// As [`prepare`]; a column of the training file missing from the test file, or a test row
/// that does not fit the training data (a class the training file does not have, a
/// non-number in a numeric column), named by its row in the test file.
pub fn prepare_with_test(table: &Table, schema: &Schema, test: &Table) -> Result<Prepared> {
    let mut own = schema.clone();
    own.config.split.test = 0.0;
    if own.config.split.column.is_some() {
        return Err(Error::config(
            "split.column",
            "a separate test file and a split column cannot both give the test rows",
        ));
    }
    let columns = test_columns(table, schema, test)?;
    let mut prepared = prepare(table, &own)?;
    let pre = &prepared.preprocessor;
    let label = columns[schema.label].expect("the label column was found");
    let used: Vec<usize> = columns.iter().flatten().copied().collect();
    let (mut kept, mut y, mut dropped) = (Vec::new(), Vec::new(), Vec::new());
    for r in 0..test.rows() {
        let row = test.row_number(r);
        let gap = used.iter().any(|&c| is_missing(test.cell(r, c)));
        if gap && schema.config.missing == MissingPolicy::DropRows {
            dropped.push(row);
            continue;
        }
        y.push(
            pre.encode_label(test.cell(r, label), row)
                .map_err(in_test_file)?,
        );
        kept.push(r);
    }
    if kept.is_empty() {
        return Err(Error::data(
            "the test file",
            "has no rows left (every row has a missing value)",
        ));
    }
    let feature_columns: Vec<usize> = pre
        .features
        .iter()
        .map(|f| columns[f.index].expect("every feature column was found"))
        .collect();
    let mut x = pre
        .encode_table_columns(test, &kept, &feature_columns)
        .map_err(in_test_file)?;
    pre.scale(&mut x);
    prepared.test = Part { x, y, rows: kept };
    prepared.test_dropped = dropped;
    Ok(prepared)
}

/// Where each used column of the training table is in the test table (`None` for ignored
/// columns).
fn test_columns(table: &Table, schema: &Schema, test: &Table) -> Result<Vec<Option<usize>>> {
    let by_name = test.header() && table.header();
    if !by_name && test.width() != table.width() {
        return Err(Error::data(
            "the test file",
            format!(
                "has {} columns and the training file {}; without a header row the columns \
                 must be the same, in the same order",
                test.width(),
                table.width()
            ),
        ));
    }
    schema
        .columns
        .iter()
        .map(|c| match (c.role, by_name) {
            (Role::Ignored | Role::Split, _) => Ok(None),
            (_, false) => Ok(Some(c.index)),
            (_, true) => test.column_index(&c.name).map(Some).ok_or_else(|| {
                Error::data(
                    "the test file",
                    format!(
                        "has no column {} (the training file's {}); its columns are {}",
                        super::problem::quote_value(&c.name),
                        if c.role == Role::Label {
                            "label"
                        } else {
                            "feature"
                        },
                        test.names()
                            .iter()
                            .map(|n| super::problem::quote_value(n))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            }),
        })
        .collect()
}

/// An error about a cell, said to be in the test file.
fn in_test_file(e: Error) -> Error {
    match e {
        Error::InvalidData { what, reason } => Error::InvalidData {
            what: format!("the test file, {what}"),
            reason,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{column_stats, parse_csv, CsvOptions, DataConfig};

    #[test]
    fn problems_come_in_file_order_with_their_cells() {
        let t = parse_csv(b"a,b,y\n1,x,p\n2,,q\nz,3,p\n", &CsvOptions::default()).unwrap();
        let config = DataConfig::default();
        let mut schema = Schema::resolve(&t, &column_stats(&t), &config).unwrap();
        // `b` is detected as categorical ("x", "3"); force it numeric to get two problems.
        schema.columns[1].kind = ColumnType::Numeric;
        schema.columns[0].kind = ColumnType::Numeric;
        let (_, problems) = check(&t, &schema, 10);
        let cells: Vec<(Option<usize>, Option<String>, Option<String>)> = problems
            .iter()
            .map(|p| (p.row, p.column.clone(), p.value.clone()))
            .collect();
        assert_eq!(
            cells,
            vec![
                (Some(2), Some("b".into()), Some("x".into())),
                (Some(3), Some("b".into()), Some("".into())),
                (Some(4), Some("a".into()), Some("z".into())),
            ]
        );
    }
}
