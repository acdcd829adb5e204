//! A problem found in the data, located by row, column and value, so a message can say
//! exactly which cell to fix.

use serde::Serialize;

use crate::error::Error;

/// Where a problem is and what it is. Rows are 1-based file rows as a spreadsheet shows them
/// (the header, when there is one, is row 1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub row: Option<usize>,
    pub column: Option<String>,
    pub value: Option<String>,
    /// What is wrong, phrased to follow the location ("is not a number ...").
    pub message: String,
    /// A missing value the `error` policy refuses (the `drop_rows` and `impute` policies
    /// would take it): a page can offer those instead. Messages add [`MISSING_FIX`].
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
}

impl Problem {
    /// A problem with the file as a whole.
    pub fn file(message: impl Into<String>) -> Problem {
        Problem {
            row: None,
            column: None,
            value: None,
            message: message.into(),
            missing: false,
        }
    }

    /// A problem with a whole row.
    pub fn at_row(row: usize, message: impl Into<String>) -> Problem {
        Problem {
            row: Some(row),
            column: None,
            value: None,
            message: message.into(),
            missing: false,
        }
    }

    /// A problem with one cell.
    pub fn at_cell(row: usize, column: &str, value: &str, message: impl Into<String>) -> Problem {
        Problem {
            row: Some(row),
            column: Some(column.to_string()),
            value: Some(value.to_string()),
            message: message.into(),
            missing: false,
        }
    }

    /// A problem with a column as a whole.
    pub fn at_column(column: &str, message: impl Into<String>) -> Problem {
        Problem {
            row: None,
            column: Some(column.to_string()),
            value: None,
            message: message.into(),
            missing: false,
        }
    }

    /// The same problem, marked as a missing value the `error` policy refuses.
    pub fn missing_value(mut self) -> Problem {
        self.missing = true;
        self
    }

    /// `row 7, column "age"` (or the parts that are known; `file` when none is).
    pub fn location(&self) -> String {
        match (&self.row, &self.column) {
            (Some(r), Some(c)) => format!("row {r}, column {}", quote_value(c)),
            (Some(r), None) => format!("row {r}"),
            (None, Some(c)) => format!("column {}", quote_value(c)),
            (None, None) => "the file".into(),
        }
    }
}

/// What a missing value refused by the `error` policy adds: the way out.
pub const MISSING_FIX: &str =
    "; set the missing-value policy to drop_rows or impute, or fill it in";

impl Problem {
    /// The value and what is wrong with it, without the location: `the value "x" is
    /// missing` (and, for a missing value, [`MISSING_FIX`]).
    fn reason(&self, with_fix: bool) -> String {
        let fix = if with_fix && self.missing {
            MISSING_FIX
        } else {
            ""
        };
        match &self.value {
            Some(v) => format!("the value {} {}{fix}", quote_value(v), self.message),
            None => format!("{}{fix}", self.message),
        }
    }

    /// The sentence without the way out a missing value's message suggests (for a page
    /// that offers its own).
    pub fn short(&self) -> String {
        format!("{}: {}", self.location(), self.reason(false))
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location(), self.reason(true))
    }
}

impl From<Problem> for Error {
    fn from(p: Problem) -> Error {
        let reason = p.reason(true);
        Error::InvalidData {
            what: p.location(),
            reason,
        }
    }
}

/// A value in double quotes, shortened to 40 characters, control characters escaped.
pub fn quote_value(v: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::from("\"");
    for (i, ch) in v.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if ch.is_control() {
            out.extend(ch.escape_default());
        } else {
            out.push(ch);
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_row_column_and_value() {
        let e: Error = Problem::at_cell(7, "age", "abc", "is not a number").into();
        assert_eq!(
            e.to_string(),
            "invalid data in row 7, column \"age\": the value \"abc\" is not a number"
        );
        let e: Error = Problem::file("it is empty").into();
        assert_eq!(e.to_string(), "invalid data in the file: it is empty");
    }

    #[test]
    fn long_and_control_values_are_shortened_and_escaped() {
        assert_eq!(quote_value("a\tb"), "\"a\\tb\"");
        let long = "x".repeat(50);
        assert_eq!(quote_value(&long), format!("\"{}…\"", "x".repeat(40)));
    }
}
