//! What a page shows of a table: its columns (even while the configuration has a problem),
//! the first rows, and the problems in its cells.

use serde::Serialize;

use super::cell::parse_number;
use super::config::DataConfig;
use super::prepare::check;
use super::problem::Problem;
use super::schema::{describe_columns, warnings, ColumnSchema, ColumnStats, Schema};
use super::table::Table;
use crate::error::{Error, Result};

/// The table as configured: the resolved [`Schema`] with `error: null`, or, when the
/// configuration cannot be used, the columns as far as they can be told and the `error`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SchemaView<'a> {
    Resolved {
        #[serde(flatten)]
        schema: &'a Schema,
        error: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Broken {
        rows: usize,
        header: bool,
        delimiter: String,
        columns: Vec<ColumnSchema>,
        config: &'a DataConfig,
        error: String,
        warnings: Vec<Problem>,
    },
}

/// See [`SchemaView`].
pub fn schema_view<'a>(
    table: &Table,
    stats: &[ColumnStats],
    config: &'a DataConfig,
    schema: &'a Result<Schema>,
) -> SchemaView<'a> {
    match schema {
        Ok(schema) => SchemaView::Resolved {
            schema,
            error: None,
        },
        Err(e) => {
            let columns = describe_columns(table, stats, config);
            SchemaView::Broken {
                rows: table.rows(),
                header: table.header(),
                delimiter: (table.delimiter() as char).to_string(),
                warnings: warnings(table, stats, config, &columns),
                columns,
                config,
                error: e.to_string(),
            }
        }
    }
}

/// The first rows as text, with their file row numbers as a spreadsheet shows them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview<'a> {
    pub columns: &'a [String],
    pub rows: Vec<Vec<&'a str>>,
    pub row_numbers: Vec<usize>,
}

/// The first `n` rows of `table`.
pub fn preview(table: &Table, n: usize) -> Preview<'_> {
    let n = n.min(table.rows());
    Preview {
        columns: table.names(),
        rows: (0..n).map(|r| table.row(r).collect()).collect(),
        row_numbers: (0..n).map(|r| table.row_number(r)).collect(),
    }
}

/// A problem as a list shows it: where, what, and the whole sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProblemEntry {
    pub row: Option<usize>,
    pub column: Option<String>,
    pub value: Option<String>,
    pub message: String,
    pub text: String,
    /// `text` without the way out a missing value's message suggests.
    pub short: String,
    /// A missing value that the `drop_rows` or `impute` policy would take.
    pub missing_value: bool,
}

impl From<Problem> for ProblemEntry {
    fn from(p: Problem) -> ProblemEntry {
        ProblemEntry {
            text: p.to_string(),
            short: p.short(),
            missing_value: p.missing,
            row: p.row,
            column: p.column,
            value: p.value,
            message: p.message,
        }
    }
}

/// What the import did on its own under the configuration (see [`warnings`]), as a list
/// shows it.
pub fn table_warnings(
    table: &Table,
    stats: &[ColumnStats],
    config: &DataConfig,
    schema: &Result<Schema>,
) -> Vec<ProblemEntry> {
    let list = match schema {
        Ok(schema) => schema.warnings.clone(),
        Err(_) => warnings(
            table,
            stats,
            config,
            &describe_columns(table, stats, config),
        ),
    };
    list.into_iter().map(ProblemEntry::from).collect()
}

/// Up to `limit` problems under the configuration, in file order; the configuration's own
/// problem when it has one.
pub fn problems(table: &Table, schema: &Result<Schema>, limit: usize) -> Vec<ProblemEntry> {
    match schema {
        Err(e) => vec![ProblemEntry {
            row: None,
            column: None,
            value: None,
            message: e.to_string(),
            text: e.to_string(),
            short: e.to_string(),
            missing_value: false,
        }],
        Ok(schema) => check(table, schema, limit)
            .1
            .into_iter()
            .map(ProblemEntry::from)
            .collect(),
    }
}

/// The values of column `name` as numbers (`NaN` where missing or not a number).
///
/// # Errors
/// No column of that name.
pub fn column_numbers(table: &Table, name: &str) -> Result<Vec<f32>> {
    let c = table
        .column_index(name)
        .ok_or_else(|| Error::data("column", format!("there is no column \"{name}\"")))?;
    let dc = table.decimal_comma();
    Ok((0..table.rows())
        .map(|r| parse_number(table.cell(r, c), dc).map_or(f32::NAN, |v| v as f32))
        .collect())
}
