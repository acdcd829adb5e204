//! The one error type of nnplay. Every fallible operation returns [`Result`].

use thiserror::Error;

/// Everything that can go wrong in nnplay, with enough context to tell the user what to fix.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// A configuration value is impossible (refused before any training starts).
    #[error("invalid setting `{field}`: {reason}")]
    InvalidConfig { field: String, reason: String },

    /// Two pieces of data that must agree in shape do not.
    #[error("shape mismatch in {what}: expected {expected}, got {got}")]
    Shape {
        what: String,
        expected: String,
        got: String,
    },

    /// Input data contains a value that cannot be used (NaN, infinity, bad label).
    #[error("invalid data in {what}: {reason}")]
    InvalidData { what: String, reason: String },

    /// Training produced a non-finite loss or gradient; the weights are left at their last
    /// finite values.
    #[error(
        "training diverged at epoch {epoch}, batch {batch}: the {quantity} became {value}; \
         the weights were left at their last finite values. Try a lower learning rate."
    )]
    Diverged {
        epoch: usize,
        batch: usize,
        quantity: String,
        value: String,
    },

    /// A saved model could not be read; `field` names the offending part.
    #[error("cannot load model: {field}: {reason}")]
    ModelFile { field: String, reason: String },

    /// An options object (from JavaScript, or a configuration patch) does not fit: `path`
    /// names the bad part (`layers[1].units`; empty for the whole object).
    #[error("invalid {what}: {}", place(.path, .reason))]
    Options {
        what: String,
        path: String,
        reason: String,
    },

    /// An operation was called in the wrong order (for example training before compiling).
    #[error("{0}")]
    State(String),
}

/// `path: reason`, or the reason alone for the whole object.
fn place(path: &str, reason: &str) -> String {
    if path.is_empty() {
        reason.to_string()
    } else {
        format!("{path}: {reason}")
    }
}

impl Error {
    pub(crate) fn config(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidConfig {
            field: field.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn shape(
        what: impl Into<String>,
        expected: impl ToString,
        got: impl ToString,
    ) -> Self {
        Error::Shape {
            what: what.into(),
            expected: expected.to_string(),
            got: got.to_string(),
        }
    }

    pub(crate) fn data(what: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidData {
            what: what.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn file(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::ModelFile {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// nnplay's result type.
pub type Result<T> = std::result::Result<T, Error>;
