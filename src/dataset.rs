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
}
