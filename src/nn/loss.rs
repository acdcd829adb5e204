//! Loss functions, each fused with the derivative it hands to back-propagation.
//!
//! Every loss is the mean over the batch of a per-sample loss, as in Keras. Cross-entropies
//! are computed from the logits (the output layer's pre-activation), which is exact and never
//! takes the logarithm of zero.

use crate::error::{Error, Result};
use crate::nn::activation::{sigmoid, Activation};
use crate::task::Task;

/// Huber's `delta` (Keras's default).
pub const HUBER_DELTA: f32 = 1.0;

/// A training objective. Names follow Keras.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    /// Mean of `(prediction - target)^2`.
    MeanSquaredError,
    /// Mean of `|prediction - target|`.
    MeanAbsoluteError,
    /// Quadratic within `HUBER_DELTA` of the target, linear outside.
    Huber,
    /// Binary cross-entropy on a sigmoid (or logit) output; targets in `[0, 1]`.
    BinaryCrossentropy,
    /// Categorical cross-entropy on a softmax (or logit) output; targets are one-hot rows,
    /// probability rows, or a single column of integer class indices.
    CategoricalCrossentropy,
}

crate::named!(Loss, "loss" {
    MeanSquaredError => "mean_squared_error" | "mse",
    MeanAbsoluteError => "mean_absolute_error" | "mae",
    Huber => "huber" | "huber_loss",
    BinaryCrossentropy => "binary_crossentropy" | "bce",
    CategoricalCrossentropy => "categorical_crossentropy" | "sparse_categorical_crossentropy" | "cce",
});

impl Loss {
    /// The kind of problem the loss is for.
    pub fn task(self) -> Task {
        match self {
            Loss::BinaryCrossentropy => Task::Binary,
            Loss::CategoricalCrossentropy => Task::Multiclass,
            _ => Task::Regression,
        }
    }

    /// The loss a task trains with by default (Keras's usual choice).
    pub fn for_task(task: Task) -> Loss {
        match task {
            Task::Binary => Loss::BinaryCrossentropy,
            Task::Multiclass => Loss::CategoricalCrossentropy,
            Task::Regression => Loss::MeanSquaredError,
        }
    }

    /// Refuses output activations the loss cannot be computed from. Cross-entropies need the
    /// matching squashing function or raw logits (`linear`, as Keras's `from_logits=True`).
    pub fn check_output(self, activation: Activation, units: usize) -> Result<()> {
        match self {
            Loss::BinaryCrossentropy
                if !matches!(activation, Activation::Sigmoid | Activation::Linear) =>
            {
                Err(Error::config(
                    "loss",
                    format!(
                        "binary_crossentropy needs a sigmoid (or linear, for logits) output \
                         layer, not {}",
                        activation.name()
                    ),
                ))
            }
            Loss::CategoricalCrossentropy
                if !matches!(activation, Activation::Softmax | Activation::Linear) =>
            {
                Err(Error::config(
                    "loss",
                    format!(
                        "categorical_crossentropy needs a softmax (or linear, for logits) \
                         output layer, not {}",
                        activation.name()
                    ),
                ))
            }
            Loss::CategoricalCrossentropy if units < 2 => Err(Error::config(
                "loss",
                "categorical_crossentropy needs an output layer with at least 2 units (one per \
                 class); use binary_crossentropy with 1 sigmoid unit for two classes",
            )),
            _ => Ok(()),
        }
    }

    /// Checks that targets fit this loss: `target_cols` columns for `units` outputs, and values
    /// in range (probabilities for cross-entropy, class indices below `units`).
    pub fn check_targets(self, y: &[f32], target_cols: usize, units: usize) -> Result<()> {
        self.check_label_columns(y, target_cols, target_cols, units)
    }

    /// [`Loss::check_targets`] on the first `label_cols` of every `stride` values of `y`
    /// (rows that carry more than their labels, as a distillation's targets do).
    pub fn check_label_columns(
        self,
        y: &[f32],
        stride: usize,
        label_cols: usize,
        units: usize,
    ) -> Result<()> {
        let sparse = self == Loss::CategoricalCrossentropy && label_cols == 1 && units > 1;
        if !sparse && label_cols != units {
            return Err(Error::shape(
                "targets",
                format!("{units} column(s), one per output unit"),
                format!("{label_cols} column(s)"),
            ));
        }
        for (r, row) in y.chunks_exact(stride).enumerate() {
            let row_number = r + 1;
            for &v in &row[..label_cols] {
                if !v.is_finite() {
                    return Err(Error::data(
                        "targets",
                        format!("row {row_number} has the non-finite target {v}"),
                    ));
                }
                if sparse && (v < 0.0 || v.fract() != 0.0 || v as usize >= units) {
                    return Err(Error::data(
                        "targets",
                        format!(
                            "row {row_number}: class index {v} is not a whole number in 0..{}",
                            units - 1
                        ),
                    ));
                }
                if !sparse && self.task() != Task::Regression && !(0.0..=1.0).contains(&v) {
                    return Err(Error::data(
                        "targets",
                        format!(
                            "row {row_number}: {} targets must lie in [0, 1], got {v}",
                            self.name()
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Computes the batch-mean loss and writes `delta = dLoss/dz` for the output layer.
    ///
    /// # Shapes
    /// `z`, `a`, `delta`: `rows × units`; `y`: `rows × target_cols` (`target_cols` is `units`,
    /// or 1 for class indices with categorical cross-entropy).
    #[allow(clippy::too_many_arguments)]
    pub fn forward_backward(
        self,
        activation: Activation,
        alpha: f32,
        z: &[f32],
        a: &[f32],
        y: &[f32],
        target_cols: usize,
        units: usize,
        delta: &mut [f32],
    ) -> f64 {
        let rows = z.len() / units;
        let n = (rows * units) as f32;
        let mut total = 0.0f64;
        match self {
            Loss::BinaryCrossentropy => {
                // Stable from logits: max(z,0) - z y + log(1 + e^-|z|); d/dz = sigmoid(z) - y.
                for ((d, &z), &y) in delta.iter_mut().zip(z).zip(y) {
                    total += logit_bce(z, y) as f64;
                    *d = (sigmoid(z) - y) / n;
                }
                return total / n as f64;
            }
            Loss::CategoricalCrossentropy => {
                let inv_rows = 1.0 / rows as f32;
                for r in 0..rows {
                    let labels = &y[r * target_cols..(r + 1) * target_cols];
                    let zr = &z[r * units..(r + 1) * units];
                    let dr = &mut delta[r * units..(r + 1) * units];
                    total += softmax_cross_entropy_row(zr, labels, inv_rows, dr) as f64;
                }
                return total / rows as f64;
            }
            Loss::MeanSquaredError => {
                for ((d, &a), &y) in delta.iter_mut().zip(a).zip(y) {
                    let e = a - y;
                    total += (e * e) as f64;
                    *d = 2.0 * e / n;
                }
            }
            Loss::MeanAbsoluteError => {
                for ((d, &a), &y) in delta.iter_mut().zip(a).zip(y) {
                    let e = a - y;
                    total += e.abs() as f64;
                    *d = if e > 0.0 {
                        1.0 / n
                    } else if e < 0.0 {
                        -1.0 / n
                    } else {
                        0.0
                    };
                }
            }
            Loss::Huber => {
                for ((d, &a), &y) in delta.iter_mut().zip(a).zip(y) {
                    let e = a - y;
                    total += if e.abs() <= HUBER_DELTA {
                        0.5 * e * e
                    } else {
                        HUBER_DELTA * (e.abs() - 0.5 * HUBER_DELTA)
                    } as f64;
                    *d = e.clamp(-HUBER_DELTA, HUBER_DELTA) / n;
                }
            }
        }
        // Regression losses were differentiated with respect to the output a; chain through
        // the output activation to get dL/dz.
        activation.backward(alpha, z, a, delta, units);
        total / n as f64
    }

    /// Whether the loss differentiates the logits directly (the output activation is folded
    /// into the loss), so predictions need the squashing function applied.
    pub fn uses_logits(self) -> bool {
        matches!(
            self,
            Loss::BinaryCrossentropy | Loss::CategoricalCrossentropy
        )
    }
}

/// Binary cross-entropy of one logit `z` against a target `y` in `[0, 1]`, stable for any
/// `z`: `max(z, 0) - z y + log(1 + e^-|z|)` (its derivative is `sigmoid(z) - y`).
pub(crate) fn logit_bce(z: f32, y: f32) -> f32 {
    z.max(0.0) - z * y + (-z.abs()).exp().ln_1p()
}

/// Categorical cross-entropy of one row of logits `z` against `labels` (a class index, or
/// a probability row as long as `z`), through log-sum-exp; writes `d = (softmax(z) Σy - y)
/// · scale`, the derivative with respect to `z` times `scale`, and returns the row's loss
/// `lse(z) Σy - y · z`.
///
/// # Shapes
/// `z`, `d`: `units`; `labels`: 1 (a class index, when `units > 1`) or `units`.
pub(crate) fn softmax_cross_entropy_row(
    z: &[f32],
    labels: &[f32],
    scale: f32,
    d: &mut [f32],
) -> f32 {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0f32;
    for (d, &z) in d.iter_mut().zip(z) {
        *d = (z - max).exp();
        sum += *d;
    }
    let lse = max + sum.ln();
    let inv = 1.0 / sum;
    if labels.len() == 1 && z.len() > 1 {
        let class = labels[0] as usize;
        for d in d.iter_mut() {
            *d *= inv * scale;
        }
        d[class] -= scale;
        lse - z[class]
    } else {
        let ysum: f32 = labels.iter().sum();
        let yz: f32 = labels.iter().zip(z).map(|(y, z)| y * z).sum();
        for (d, &y) in d.iter_mut().zip(labels) {
            *d = (*d * inv * ysum - y) * scale;
        }
        lse * ysum - yz
    }
}
