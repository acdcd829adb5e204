//! Predictions on raw data: the rows go through the preprocessing fitted on the training
//! part (stored with the model), then through the network.

use serde::Serialize;

use crate::data::{LabelKind, Preprocessor, Table};
use crate::error::Result;
use crate::nn::{class_of, Model};

/// Checks that `model` fits `pre`: its inputs, and for classes its outputs.
///
/// # Errors
/// The shapes that differ.
pub fn check(model: &Model, pre: &Preprocessor) -> Result<()> {
    pre.check_shape(model.inputs(), model.outputs())
}

/// The model's outputs (`rows × outputs`) for raw rows: the cells of every column of the
/// training file, or of its feature columns only, as text.
///
/// # Errors
/// A model that does not fit the preprocessing, or a cell that does not (naming its row
/// and column).
pub fn predict_rows<S: AsRef<str>>(
    model: &mut Model,
    pre: &Preprocessor,
    rows: &[Vec<S>],
) -> Result<Vec<f32>> {
    check(model, pre)?;
    let x = pre.transform_rows(rows)?;
    model.predict(&x)
}

/// The model's outputs for every row of a parsed file (feature columns found by name when
/// it has a header; the label column may be absent).
///
/// # Errors
/// As [`predict_rows`].
pub fn predict_table(model: &mut Model, pre: &Preprocessor, table: &Table) -> Result<Vec<f32>> {
    check(model, pre)?;
    let x = pre.transform_table(table)?;
    model.predict(&x)
}

/// Encoded but unscaled inputs (`rows × inputs`: for all-numeric data the column values as
/// in the file) scaled with the stored scaler, ready for the network.
///
/// # Errors
/// A model that does not fit the preprocessing, or `x` not a whole number of rows.
pub fn scaled(model: &Model, pre: &Preprocessor, x: &[f32]) -> Result<Vec<f32>> {
    check(model, pre)?;
    let width = model.inputs();
    if x.len() % width != 0 {
        return Err(crate::Error::shape(
            "features",
            format!("a multiple of {width} values (rows × inputs)"),
            format!("{} values", x.len()),
        ));
    }
    let mut x = x.to_vec();
    pre.scale(&mut x);
    Ok(x)
}

/// The predicted class name for each row of outputs (`rows × units`), for a class label;
/// `None` for a number label.
pub fn predicted_classes(pre: &Preprocessor, outputs: &[f32], units: usize) -> Option<Vec<String>> {
    if pre.label.kind != LabelKind::Classes || units == 0 {
        return None;
    }
    Some(
        outputs
            .chunks_exact(units)
            .map(|o| {
                pre.label
                    .classes
                    .get(class_of(o))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect(),
    )
}

/// Predictions for every row of a CSV file (see [`predict_table`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CsvPredictions {
    pub rows: usize,
    pub outputs: usize,
    /// `rows × outputs`.
    #[serde(skip)]
    pub predictions: Vec<f32>,
    /// The predicted class names, for a class label.
    pub labels: Option<Vec<String>>,
    /// The file row of each prediction, as a spreadsheet numbers it.
    pub row_numbers: Vec<usize>,
}

/// Reads a CSV file (header and delimiter detected) and predicts every row.
///
/// # Errors
/// A file that cannot be read, or as [`predict_table`].
pub fn predict_csv(model: &mut Model, pre: &Preprocessor, bytes: &[u8]) -> Result<CsvPredictions> {
    check(model, pre)?;
    let table = crate::data::parse_csv(bytes, &Default::default())?;
    let predictions = predict_table(model, pre, &table)?;
    let outputs = model.outputs();
    Ok(CsvPredictions {
        rows: table.rows(),
        outputs,
        labels: predicted_classes(pre, &predictions, outputs),
        predictions,
        row_numbers: (0..table.rows()).map(|r| table.row_number(r)).collect(),
    })
}
