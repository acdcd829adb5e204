//! Magnitude pruning: the smallest kernel weights set to zero and held there.
//!
//! A pruned model keeps a mask beside its parameters (`1` kept, `0` pruned; biases are never
//! pruned). Every training step multiplies the gradient by the mask before the optimizer
//! sees it and the parameters by the mask after, so a pruned weight stays exactly zero
//! through every optimizer, its moments stay zero, and L1/L2 penalties and AdamW's decay
//! cannot revive it. Sparsity only grows: a weight once pruned stays pruned until the mask
//! is cleared.
//!
//! One-shot pruning is [`Model::prune`](crate::Model::prune); gradual pruning is a
//! [`PruningSchedule`] attached with [`Model::set_pruning`](crate::Model::set_pruning): the
//! polynomial schedule of Zhu & Gupta (2017), as TensorFlow Model Optimization's
//! `PolynomialDecay` (power 3) computes it.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::Model;

/// The largest sparsity a model may be pruned to.
pub const MAX_SPARSITY: f32 = 0.99;

/// Which weights compete for pruning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PruneScope {
    /// Each layer's kernel loses the same fraction of its weights.
    #[default]
    Layer,
    /// One magnitude threshold over every kernel: wide layers may lose more.
    Global,
}

crate::named!(PruneScope, "pruning scope" {
    Layer => "layer" | "per_layer" | "layerwise",
    Global => "global",
});

/// Gradual pruning: from `initial_sparsity` at optimizer step `begin_step` to
/// `final_sparsity` at `end_step`, the weights pruned every `frequency` steps, to
/// `s(t) = s_f + (s_i - s_f) (1 - (t - t_0) / (t_1 - t_0))^3`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PruningSchedule {
    #[serde(default)]
    pub initial_sparsity: f32,
    pub final_sparsity: f32,
    #[serde(default)]
    pub begin_step: u64,
    pub end_step: u64,
    /// Steps between two prunings (TensorFlow Model Optimization's default: 100).
    #[serde(default = "default_frequency")]
    pub frequency: u64,
    #[serde(default)]
    pub scope: PruneScope,
}

fn default_frequency() -> u64 {
    100
}

impl PruningSchedule {
    /// # Errors
    /// A sparsity outside `[0, 0.99]`, a final sparsity below the initial one, an end step not
    /// after the begin step, or a frequency of 0.
    pub fn check(&self) -> Result<()> {
        check_sparsity("initialSparsity", self.initial_sparsity)?;
        check_sparsity("finalSparsity", self.final_sparsity)?;
        if self.final_sparsity < self.initial_sparsity {
            return Err(Error::config(
                "finalSparsity",
                format!(
                    "must be at least initialSparsity ({}), got {}",
                    self.initial_sparsity, self.final_sparsity
                ),
            ));
        }
        if self.end_step <= self.begin_step {
            return Err(Error::config(
                "endStep",
                format!(
                    "must be after beginStep ({}), got {}",
                    self.begin_step, self.end_step
                ),
            ));
        }
        if self.frequency == 0 {
            return Err(Error::config("frequency", "must be at least 1 step"));
        }
        Ok(())
    }

    /// The sparsity to prune to after optimizer step `step` (counted from 1), or `None` when
    /// this step does not prune: before `begin_step`, after `end_step`, or between two
    /// prunings. The end step always prunes, to the final sparsity.
    pub fn sparsity_at(&self, step: u64) -> Option<f32> {
        if step < self.begin_step || step > self.end_step {
            return None;
        }
        if step != self.end_step && (step - self.begin_step) % self.frequency != 0 {
            return None;
        }
        let progress = (step - self.begin_step) as f64 / (self.end_step - self.begin_step) as f64;
        let (si, sf) = (self.initial_sparsity as f64, self.final_sparsity as f64);
        Some((sf + (si - sf) * (1.0 - progress).powi(3)) as f32)
    }
}

/// # Errors
/// `value` outside `[0, MAX_SPARSITY]` or not a number.
pub fn check_sparsity(field: &str, value: f32) -> Result<()> {
    if !(0.0..=MAX_SPARSITY).contains(&value) {
        return Err(Error::config(
            field,
            format!("must be a fraction from 0 to {MAX_SPARSITY}, got {value}"),
        ));
    }
    Ok(())
}

/// How many weights are pruned, per layer and in all.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sparsity {
    /// Pruned kernel weights over all kernel weights (biases are not counted).
    pub sparsity: f64,
    pub pruned: usize,
    pub weights: usize,
    pub layers: Vec<LayerSparsity>,
}

/// One layer's pruned and total kernel weights.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LayerSparsity {
    pub pruned: usize,
    pub weights: usize,
}

/// Prunes the `count` kernel weights of smallest magnitude among `candidates` (indices into
/// `params`): sets them and their mask entries to zero. Weights already pruned count as the
/// smallest, so they stay pruned.
pub(crate) fn prune_smallest(
    params: &mut [f32],
    mask: &mut [f32],
    candidates: &mut [usize],
    count: usize,
) {
    if count == 0 || candidates.is_empty() {
        return;
    }
    let key = |i: usize| (mask[i] != 0.0, params[i].abs());
    let count = count.min(candidates.len());
    candidates.select_nth_unstable_by(count - 1, |&a, &b| {
        key(a).partial_cmp(&key(b)).expect("weights are finite")
    });
    for &i in &candidates[..count] {
        params[i] = 0.0;
        mask[i] = 0.0;
    }
}

/// `round(sparsity × n)`, the weights a target sparsity prunes out of `n`.
pub(crate) fn target_count(sparsity: f32, n: usize) -> usize {
    ((sparsity as f64) * n as f64).round() as usize
}

/// The sparsities [`sparsity_curve`] measures by default: every tenth up to 90 %, then the
/// steep end where accuracy falls.
pub const CURVE_LEVELS: [f32; 12] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

/// One point of [`sparsity_curve`]: the sparsity reached and the loss and accuracy there.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CurvePoint {
    /// The requested sparsity.
    pub target: f64,
    /// The sparsity reached (at least what the model had already).
    pub sparsity: f64,
    pub loss: f64,
    /// `None` for regression.
    pub accuracy: Option<f64>,
}

/// Loss and accuracy on `x`/`y` (`rows` rows) of copies of `model` pruned one-shot to each
/// of `levels` (ascending), without fine-tuning: how much a trained network can lose before
/// it needs retraining. `model` itself is not changed. Pruning to a higher level prunes a
/// superset of a lower one, so one copy is pruned further and further.
///
/// # Errors
/// A level outside `[0, 0.99]` or below the one before, or data that does not fit the model.
pub fn sparsity_curve(
    model: &Model,
    x: &[f32],
    y: &[f32],
    rows: usize,
    levels: &[f32],
    scope: PruneScope,
) -> Result<Vec<CurvePoint>> {
    for (i, &level) in levels.iter().enumerate() {
        check_sparsity(&format!("levels[{i}]"), level)?;
        if i > 0 && level < levels[i - 1] {
            return Err(Error::config(
                format!("levels[{i}]"),
                format!(
                    "must not be below the level before ({}), got {level}",
                    levels[i - 1]
                ),
            ));
        }
    }
    let mut copy = model.clone();
    // A schedule would prune the copy further on its own; only the levels asked for count.
    copy.set_pruning(None)?;
    levels
        .iter()
        .map(|&level| {
            let reached = copy.prune(level, scope)?;
            let e = copy.evaluate(x, y, rows)?;
            Ok(CurvePoint {
                target: level as f64,
                sparsity: reached.sparsity,
                loss: e.loss,
                accuracy: e.accuracy,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_polynomial_schedule_matches_tensorflow_model_optimization() {
        // PolynomialDecay(initial_sparsity=0.5, final_sparsity=0.9, begin_step=0,
        // end_step=100, frequency=10): at step 50, 0.9 + (0.5 - 0.9)(1 - 0.5)^3 = 0.85.
        let s = PruningSchedule {
            initial_sparsity: 0.5,
            final_sparsity: 0.9,
            begin_step: 0,
            end_step: 100,
            frequency: 10,
            scope: PruneScope::Layer,
        };
        s.check().unwrap();
        assert_eq!(s.sparsity_at(0), Some(0.5));
        assert!((s.sparsity_at(50).unwrap() - 0.85).abs() < 1e-6);
        // 0.9 - 0.4 * 0.9^3 = 0.6084
        assert!((s.sparsity_at(10).unwrap() - 0.6084).abs() < 1e-6);
        assert_eq!(s.sparsity_at(55), None, "between two prunings");
        assert_eq!(s.sparsity_at(100), Some(0.9));
        assert_eq!(s.sparsity_at(101), None, "after the end");
    }

    #[test]
    fn impossible_schedules_are_refused() {
        let ok = PruningSchedule {
            initial_sparsity: 0.0,
            final_sparsity: 0.9,
            begin_step: 10,
            end_step: 20,
            frequency: 1,
            scope: PruneScope::Global,
        };
        for (bad, field) in [
            (
                PruningSchedule {
                    final_sparsity: 1.0,
                    ..ok
                },
                "finalSparsity",
            ),
            (
                PruningSchedule {
                    initial_sparsity: 0.95,
                    ..ok
                },
                "finalSparsity",
            ),
            (PruningSchedule { end_step: 10, ..ok }, "endStep"),
            (PruningSchedule { frequency: 0, ..ok }, "frequency"),
            (
                PruningSchedule {
                    initial_sparsity: f32::NAN,
                    ..ok
                },
                "initialSparsity",
            ),
        ] {
            match bad.check() {
                Err(Error::InvalidConfig { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_smallest_magnitudes_go_first_and_pruned_weights_stay_pruned() {
        let mut params = [0.5, -0.1, 0.3, -0.7, 0.2, 0.0];
        let mut mask = [1.0, 1.0, 1.0, 1.0, 1.0, 0.0];
        let mut candidates: Vec<usize> = (0..6).collect();
        // Two weights: the one already pruned (index 5) and the smallest, -0.1.
        prune_smallest(&mut params, &mut mask, &mut candidates, 2);
        assert_eq!(params, [0.5, 0.0, 0.3, -0.7, 0.2, 0.0]);
        assert_eq!(mask, [1.0, 0.0, 1.0, 1.0, 1.0, 0.0]);
        assert_eq!(target_count(0.9, 7850), 7065);
    }
}
