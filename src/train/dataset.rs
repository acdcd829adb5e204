//! A dataset: a feature matrix and a target matrix with the same number of rows.

use ndarray::Array2;

use crate::error::{Error, Result};

/// Features `x` (`rows × features`) and targets `y` (`rows × target columns`), both
/// contiguous row-major `f32`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    x: Array2<f32>,
    y: Array2<f32>,
}

impl Dataset {
    /// Pairs features with targets; refuses mismatched row counts, empty data and
    /// non-finite features.
    pub fn new(x: Array2<f32>, y: Array2<f32>) -> Result<Self> {
        if x.nrows() != y.nrows() {
            return Err(Error::shape(
                "dataset rows",
                format!("{} target rows (one per feature row)", x.nrows()),
                format!("{} target rows", y.nrows()),
            ));
        }
        if x.nrows() == 0 || x.ncols() == 0 || y.ncols() == 0 {
            return Err(Error::data(
                "dataset",
                "it is empty; it needs at least one row, one feature and one target",
            ));
        }
        let x = x.as_standard_layout().into_owned();
        let y = y.as_standard_layout().into_owned();
        if let Some(i) = x.iter().position(|v| !v.is_finite()) {
            return Err(Error::data(
                "features",
                format!(
                    "row {}, feature {} is {}; replace or drop missing values first",
                    i / x.ncols() + 1,
                    i % x.ncols() + 1,
                    x.as_slice().expect("standard layout")[i]
                ),
            ));
        }
        Ok(Dataset { x, y })
    }

    /// Builds a dataset from flat row-major buffers.
    pub fn from_vecs(x: Vec<f32>, features: usize, y: Vec<f32>, targets: usize) -> Result<Self> {
        let shape = |what: &str, v: &Vec<f32>, cols: usize| {
            if cols == 0 || v.len() % cols != 0 {
                Err(Error::shape(
                    what,
                    format!("a multiple of {cols} values"),
                    format!("{} values", v.len()),
                ))
            } else {
                Ok(v.len() / cols)
            }
        };
        let rows = shape("features", &x, features)?;
        let target_rows = shape("targets", &y, targets)?;
        let x = Array2::from_shape_vec((rows, features), x)
            .map_err(|e| Error::shape("features", rows * features, e))?;
        let y = Array2::from_shape_vec((target_rows, targets), y)
            .map_err(|e| Error::shape("targets", target_rows * targets, e))?;
        Dataset::new(x, y)
    }

    pub fn rows(&self) -> usize {
        self.x.nrows()
    }

    pub fn features(&self) -> usize {
        self.x.ncols()
    }

    pub fn target_cols(&self) -> usize {
        self.y.ncols()
    }

    pub fn x(&self) -> &Array2<f32> {
        &self.x
    }

    pub fn y(&self) -> &Array2<f32> {
        &self.y
    }

    /// Features as one flat row-major slice.
    pub fn x_slice(&self) -> &[f32] {
        self.x.as_slice().expect("standard layout")
    }

    /// Targets as one flat row-major slice.
    pub fn y_slice(&self) -> &[f32] {
        self.y.as_slice().expect("standard layout")
    }

    /// The rows at `indices`, in that order.
    pub fn select(&self, indices: &[usize]) -> Dataset {
        Dataset {
            x: self.x.select(ndarray::Axis(0), indices),
            y: self.y.select(ndarray::Axis(0), indices),
        }
    }

    /// The last `fraction` of the rows apart, as Keras's `validation_split`: `(first part,
    /// last part)`.
    ///
    /// # Errors
    /// A fraction outside `(0, 1)` or one that leaves no rows on one side.
    pub fn split_last(self, fraction: f32) -> Result<(Dataset, Option<Dataset>)> {
        let rows = self.rows();
        if !(fraction > 0.0 && fraction < 1.0) {
            return Err(Error::config(
                "validationSplit",
                format!("must be in [0, 1), got {fraction}"),
            ));
        }
        let held = ((rows as f32) * fraction).round() as usize;
        if held == 0 || held >= rows {
            return Err(Error::config(
                "validationSplit",
                format!("{fraction} of {rows} rows leaves no rows on one side"),
            ));
        }
        let idx: Vec<usize> = (0..rows).collect();
        let cut = rows - held;
        Ok((self.select(&idx[..cut]), Some(self.select(&idx[cut..]))))
    }

    /// A prepared part (one target column: the class index or the number) with `inputs`
    /// features.
    ///
    /// # Errors
    /// An empty part.
    pub fn from_part(part: &crate::data::Part, inputs: usize) -> Result<Dataset> {
        Dataset::from_vecs(part.x.clone(), inputs, part.y.clone(), 1)
    }

    /// The rows of a flat feature buffer: `x.len() / inputs`.
    ///
    /// # Errors
    /// An empty buffer, or one that is not a whole number of rows.
    pub fn rows_of(x: &[f32], inputs: usize) -> Result<usize> {
        if x.is_empty() || inputs == 0 || x.len() % inputs != 0 {
            return Err(Error::shape(
                "features",
                format!("a non-empty multiple of {inputs} values (rows × inputs)"),
                format!("{} values", x.len()),
            ));
        }
        Ok(x.len() / inputs)
    }

    /// Flat features (`rows × inputs`) and targets (`rows × t` for some `t`: one column of
    /// class indices or numbers, or one-hot rows).
    ///
    /// # Errors
    /// Buffers whose rows do not match, empty data or non-finite features.
    pub fn from_flat(x: Vec<f32>, y: Vec<f32>, inputs: usize) -> Result<Dataset> {
        let rows = Dataset::rows_of(&x, inputs)?;
        if y.is_empty() || y.len() % rows != 0 {
            return Err(Error::shape(
                "targets",
                format!("a multiple of {rows} values (one row of targets per feature row)"),
                format!("{} values", y.len()),
            ));
        }
        let targets = y.len() / rows;
        Dataset::from_vecs(x, inputs, y, targets)
    }
}
