//! Knowledge distillation (Hinton, Vinyals & Dean, 2015): a student network learns from a
//! teacher's softened outputs as well as from the labels.
//!
//! With student logits `z`, teacher logits `t`, temperature `T` and weight `α`, each row's
//! loss is
//!
//! ```text
//! L = α · T² · KL(p_T ‖ q_T) + (1 − α) · CE(y, softmax(z)),
//! p_T = softmax(t / T),  q_T = softmax(z / T),
//! ```
//!
//! and its derivative with respect to the student's logits is
//!
//! ```text
//! dL/dz = α · T · (q_T − p_T) + (1 − α) · (softmax(z) − y).
//! ```
//!
//! The `T²` keeps the soft part's gradient on the scale of the hard part's whatever the
//! temperature. A binary output (sigmoid units, or logits) is a Bernoulli per unit:
//! `p_T = σ(t / T)`, `q_T = σ(z / T)` and
//! `KL = p log(p / q) + (1 − p) log((1 − p) / (1 − q))`, computed as
//! `softplus(z/T) − softplus(t/T) − p_T (z − t) / T`; the same derivative holds with `σ`
//! for softmax. As every loss of [`crate::nn::loss`], the value is the mean over the batch
//! (over rows × units for binary outputs, as binary cross-entropy), and everything is
//! computed from logits (log-sum-exp), so no logarithm of zero is ever taken.
//!
//! A distilled model's training targets carry the teacher's logits beside the labels: each
//! row is its label columns (a class index or a one-hot row; a 0/1 target per binary unit)
//! followed by the teacher's `units` logits (see
//! [`Model::set_distillation`](crate::Model::set_distillation)).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::nn::activation::sigmoid;
use crate::nn::loss::{logit_bce, softmax_cross_entropy_row, Loss};
use crate::task::Task;

/// The highest temperature accepted (Hinton et al. use 1 to 20).
pub const MAX_TEMPERATURE: f32 = 100.0;

/// Distillation settings: `{ temperature, alpha }` in configurations.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Distillation {
    /// `T`: how much the teacher's and the student's logits are softened (divided) before
    /// they are compared; 1 compares the probabilities themselves.
    pub temperature: f32,
    /// `α`: the weight of the soft targets; `1 − α` weighs the labels. 0 is plain
    /// cross-entropy, 1 learns from the teacher alone.
    pub alpha: f32,
}

impl Default for Distillation {
    /// `T = 4`, `α = 0.9`: the settings the digits figure was reached with
    /// (`tests/suggested_settings.rs`).
    fn default() -> Self {
        Distillation {
            temperature: 4.0,
            alpha: 0.9,
        }
    }
}

/// One softmax row's soft part at temperature `t`: adds `weight (q_T − p_T)` to `d` and
/// returns `KL(p_T ‖ q_T) = Σ p_T (log p_T − log q_T)`, the logarithms from log-sum-exp.
/// In f64: at a high temperature the KL is a small difference of O(1) terms, which the
/// `T²` weight then scales up again.
fn softmax_kl_row(z: &[f32], teacher: &[f32], t: f32, weight: f32, d: &mut [f32]) -> f64 {
    let inv_t = 1.0 / t as f64;
    let lse = |v: &[f32]| {
        let max = v.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64 * inv_t;
        let sum: f64 = v.iter().map(|&x| (x as f64 * inv_t - max).exp()).sum();
        max + sum.ln()
    };
    let (lse_q, lse_p) = (lse(z), lse(teacher));
    let mut kl = 0.0f64;
    for ((d, &z), &t) in d.iter_mut().zip(z).zip(teacher) {
        let log_p = t as f64 * inv_t - lse_p;
        let log_q = z as f64 * inv_t - lse_q;
        let p = log_p.exp();
        kl += p * (log_p - log_q);
        *d += weight * (log_q.exp() - p) as f32;
    }
    kl
}

/// One Bernoulli unit's soft part: adds `weight (q_T − p_T)` to `d` and returns
/// `KL(p_T ‖ q_T) = softplus(z/T) − softplus(t/T) − p_T (z − t) / T` (in f64, as
/// [`softmax_kl_row`]).
fn bernoulli_kl(z: f32, teacher: f32, t: f32, weight: f32, d: &mut f32) -> f64 {
    let (u, v) = (z as f64 / t as f64, teacher as f64 / t as f64);
    let softplus = |x: f64| x.max(0.0) + (-x.abs()).exp().ln_1p();
    let sigmoid = |x: f64| 1.0 / (1.0 + (-x).exp());
    let p = sigmoid(v);
    *d += weight * (sigmoid(u) - p) as f32;
    softplus(u) - softplus(v) - p * (u - v)
}

impl Distillation {
    /// # Errors
    /// A temperature that is not a finite number above 0 (at most [`MAX_TEMPERATURE`]), or
    /// an `alpha` outside `[0, 1]`.
    pub fn check(&self) -> Result<()> {
        let t = self.temperature;
        if !(t.is_finite() && t > 0.0 && t <= MAX_TEMPERATURE) {
            return Err(Error::config(
                "temperature",
                format!(
                    "must be a number above 0 and at most {MAX_TEMPERATURE} (1 leaves the \
                     teacher's probabilities as they are; 2 to 8 is usual), got {t}"
                ),
            ));
        }
        if !(0.0..=1.0).contains(&self.alpha) {
            return Err(Error::config(
                "alpha",
                format!(
                    "must be from 0 (labels only) to 1 (teacher only), got {}",
                    self.alpha
                ),
            ));
        }
        Ok(())
    }

    /// Refuses a loss distillation cannot be computed with: only the cross-entropies have
    /// logits to soften.
    ///
    /// # Errors
    /// A regression loss.
    pub fn check_loss(loss: Loss) -> Result<()> {
        if loss.task() == Task::Regression {
            return Err(Error::config(
                "loss",
                format!(
                    "distillation softens class probabilities, so it needs \
                     binary_crossentropy or categorical_crossentropy, not {}",
                    loss.name()
                ),
            ));
        }
        Ok(())
    }

    /// The batch-mean distillation loss of the student's logits `z`, and `delta = dL/dz`.
    /// `loss` says how the labels read: [`Loss::CategoricalCrossentropy`] (softmax over the
    /// units; labels a class index or a probability row) or [`Loss::BinaryCrossentropy`]
    /// (each unit a Bernoulli; labels a 0/1 target per unit). The labels are checked by the
    /// caller (as for [`Loss::forward_backward`]).
    ///
    /// # Shapes
    /// `z`, `delta`: `rows × units`; `y`: `rows × (label_cols + units)`, each row its
    /// `label_cols` label columns then the teacher's `units` logits (`label_cols` is `units`,
    /// or 1 for class indices with categorical cross-entropy).
    pub fn forward_backward(
        self,
        loss: Loss,
        z: &[f32],
        y: &[f32],
        label_cols: usize,
        units: usize,
        delta: &mut [f32],
    ) -> f64 {
        let stride = label_cols + units;
        let rows = z.len() / units;
        let (t, alpha) = (self.temperature, self.alpha);
        let (hard, soft) = (1.0 - alpha, (alpha * t * t) as f64);
        let mut total = 0.0f64;
        let rows_iter = z
            .chunks_exact(units)
            .zip(y.chunks_exact(stride))
            .zip(delta.chunks_exact_mut(units));
        if loss == Loss::BinaryCrossentropy {
            // Mean over rows × units, as binary cross-entropy.
            let n = (rows * units) as f32;
            let weight = alpha * t / n;
            for ((zr, yr), dr) in rows_iter {
                let (labels, teacher) = yr.split_at(label_cols);
                for (((d, &z), &y), &tz) in dr.iter_mut().zip(zr).zip(labels).zip(teacher) {
                    *d = hard * ((sigmoid(z) - y) / n);
                    let kl = bernoulli_kl(z, tz, t, weight, d);
                    total += hard as f64 * logit_bce(z, y) as f64 + soft * kl;
                }
            }
            return total / n as f64;
        }
        let inv_rows = 1.0 / rows as f32;
        for ((zr, yr), dr) in rows_iter {
            let (labels, teacher) = yr.split_at(label_cols);
            let ce = softmax_cross_entropy_row(zr, labels, inv_rows, dr);
            for d in dr.iter_mut() {
                *d *= hard;
            }
            let kl = softmax_kl_row(zr, teacher, t, alpha * t * inv_rows, dr);
            total += hard as f64 * ce as f64 + soft * kl;
        }
        total / rows as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_settings_name_their_field() {
        for (bad, field) in [
            (0.0, "temperature"),
            (-1.0, "temperature"),
            (f32::NAN, "temperature"),
            (f32::INFINITY, "temperature"),
            (1000.0, "temperature"),
        ] {
            let d = Distillation {
                temperature: bad,
                alpha: 0.5,
            };
            match d.check() {
                Err(Error::InvalidConfig { field: f, reason }) => {
                    assert_eq!(f, field);
                    assert!(reason.contains("above 0"), "{reason}");
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
        for bad in [-0.1, 1.5, f32::NAN] {
            let d = Distillation {
                temperature: 2.0,
                alpha: bad,
            };
            assert!(
                matches!(d.check(), Err(Error::InvalidConfig { ref field, .. }) if field == "alpha"),
                "{bad}"
            );
        }
        Distillation::default().check().unwrap();
        let e = Distillation::check_loss(Loss::MeanSquaredError).unwrap_err();
        assert!(e.to_string().contains("not mean_squared_error"), "{e}");
        Distillation::check_loss(Loss::BinaryCrossentropy).unwrap();
    }
}
