//! What `compile` attaches to a model: a loss and an optimizer.

use serde::{Deserialize, Serialize};

use crate::nn::loss::Loss;
use crate::nn::optim::{OptimizerConfig, Schedule};

/// `compile` settings as written: `{ optimizer: "adam" | { name, ... }, loss, learningRate,
/// schedule, metrics }`. A top-level `learningRate` or `schedule` replaces the optimizer's;
/// `metrics` is accepted for Keras familiarity (accuracy is always reported for
/// classification).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompileOptions {
    pub loss: Loss,
    pub optimizer: OptimizerConfig,
    #[serde(default, alias = "learning_rate")]
    pub learning_rate: Option<f32>,
    #[serde(default)]
    pub schedule: Option<Schedule>,
    #[serde(default)]
    pub metrics: Vec<String>,
}

/// A loss and the optimizer settings, as a model file keeps them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompileSettings {
    pub loss: Loss,
    pub optimizer: OptimizerConfig,
}

impl CompileOptions {
    /// The loss and the optimizer with the top-level overrides applied.
    pub fn settings(&self) -> CompileSettings {
        let mut optimizer = self.optimizer.clone();
        if let Some(lr) = self.learning_rate {
            optimizer.learning_rate = lr;
        }
        if let Some(s) = self.schedule {
            optimizer.schedule = s;
        }
        CompileSettings {
            loss: self.loss,
            optimizer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::optim::OptimizerKind;
    use serde_json::json;

    #[test]
    fn top_level_settings_replace_the_optimizers() {
        let o: CompileOptions = crate::json::read(json!({ "loss": "mse",
            "optimizer": { "name": "adam", "beta_1": 0.8, "beta2": 0.95, "learning_rate": 0.5 },
            "learningRate": 0.01, "schedule": { "type": "step", "stepSize": 10 },
            "metrics": ["accuracy"] }))
        .unwrap();
        let s = o.settings();
        assert_eq!(s.loss, Loss::MeanSquaredError);
        let c = s.optimizer;
        assert_eq!(c.name, OptimizerKind::Adam);
        assert_eq!((c.beta_1, c.beta_2, c.learning_rate), (0.8, 0.95, 0.01));
        assert_eq!(
            c.schedule,
            Schedule::StepDecay {
                step_size: 10,
                factor: 0.5
            }
        );
        let e = crate::json::read::<CompileOptions>(json!({ "loss": "mse", "optimizer": "sgd",
            "schedule": { "type": "cosine" } }))
        .unwrap_err();
        assert_eq!(e.path, "schedule");
        assert!(e.reason.contains("missing field `decaySteps`"), "{e:?}");
        let e = crate::json::read::<CompileOptions>(json!({ "optimizer": "sgd" })).unwrap_err();
        assert!(e.reason.contains("missing field `loss`"), "{e:?}");
    }
}
