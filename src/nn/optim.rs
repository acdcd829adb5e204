//! Optimizers with Keras's update rules and default hyperparameters, plus learning-rate
//! schedules. The optimizer works on the model's one flat parameter buffer, so a step is a
//! single pass over contiguous memory and never allocates.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Which update rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptimizerKind {
    /// Plain (stochastic) gradient descent: `w -= lr * g`.
    Sgd,
    /// SGD with momentum 0.9 (Keras `SGD(momentum=0.9)`).
    Momentum,
    /// SGD with Nesterov momentum 0.9 (Keras `SGD(momentum=0.9, nesterov=True)`).
    Nesterov,
    Rmsprop,
    Adagrad,
    Adam,
    Adamw,
}

crate::named!(OptimizerKind, "optimizer" {
    Sgd => "sgd" | "gd",
    Momentum => "momentum",
    Nesterov => "nesterov",
    Rmsprop => "rmsprop",
    Adagrad => "adagrad",
    Adam => "adam",
    Adamw => "adamw",
});

/// A hyperparameter an update rule may use, by its name in configurations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hyperparameter {
    LearningRate,
    Momentum,
    Rho,
    Beta1,
    Beta2,
    Epsilon,
    WeightDecay,
    InitialAccumulatorValue,
}

impl Hyperparameter {
    /// Its key in an optimizer object, as [`OptimizerConfig`] is written (a test checks
    /// that every key is one of the written ones).
    pub fn key(self) -> &'static str {
        match self {
            Hyperparameter::LearningRate => "learningRate",
            Hyperparameter::Momentum => "momentum",
            Hyperparameter::Rho => "rho",
            Hyperparameter::Beta1 => "beta1",
            Hyperparameter::Beta2 => "beta2",
            Hyperparameter::Epsilon => "epsilon",
            Hyperparameter::WeightDecay => "weightDecay",
            Hyperparameter::InitialAccumulatorValue => "initialAccumulatorValue",
        }
    }
}

impl OptimizerKind {
    /// The hyperparameters this rule uses (besides `nesterov` and the schedule), in the
    /// order a settings panel shows them.
    pub fn hyperparameters(self) -> &'static [Hyperparameter] {
        use Hyperparameter::*;
        match self {
            OptimizerKind::Sgd => &[LearningRate],
            OptimizerKind::Momentum | OptimizerKind::Nesterov => &[LearningRate, Momentum],
            OptimizerKind::Rmsprop => &[LearningRate, Rho, Momentum, Epsilon],
            OptimizerKind::Adagrad => &[LearningRate, InitialAccumulatorValue, Epsilon],
            OptimizerKind::Adam => &[LearningRate, Beta1, Beta2, Epsilon],
            OptimizerKind::Adamw => &[LearningRate, Beta1, Beta2, Epsilon, WeightDecay],
        }
    }
}

/// A learning-rate schedule, evaluated at optimizer step `t` (0 for the first update) from
/// the base learning rate `lr`, with Keras's formulas.
///
/// In configurations: `{ type: "step", stepSize, factor }`, `{ type: "exponential",
/// decaySteps, decayRate }`, `{ type: "cosine", decaySteps, alpha }` or `{ type:
/// "constant" }`; the step counts are required, the rest default as [`Schedule::examples`]
/// shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Schedule {
    /// `lr`.
    #[default]
    Constant,
    /// `lr * factor^floor(t / step_size)`.
    #[serde(rename = "step")]
    StepDecay { step_size: u64, factor: f32 },
    /// `lr * decay_rate^(t / decay_steps)` (Keras `ExponentialDecay`).
    Exponential { decay_steps: u64, decay_rate: f32 },
    /// `lr * ((1 - alpha) * (1 + cos(pi * min(t, decay_steps) / decay_steps)) / 2 + alpha)`
    /// (Keras `CosineDecay`).
    Cosine { decay_steps: u64, alpha: f32 },
}

/// Step decay's factor when none is given (the rate halves).
const STEP_FACTOR: f32 = 0.5;
/// Exponential decay's rate when none is given.
const DECAY_RATE: f32 = 0.96;
/// Cosine decay's floor when none is given (Keras's).
const COSINE_ALPHA: f32 = 0.0;

/// The types of schedule, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScheduleType {
    Constant,
    Step,
    Exponential,
    Cosine,
}

crate::named!(ScheduleType, "schedule" {
    Constant => "constant",
    Step => "step" | "step_decay",
    Exponential => "exponential",
    Cosine => "cosine",
});

/// A schedule as written: its type and whichever settings were given (read flat, which
/// keeps the reader small; [`Schedule`]'s `Deserialize` checks them against the type).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ScheduleSpec {
    #[serde(rename = "type")]
    kind: ScheduleType,
    #[serde(alias = "step_size")]
    step_size: Option<u64>,
    factor: Option<f32>,
    #[serde(alias = "decay_steps")]
    decay_steps: Option<u64>,
    #[serde(alias = "decay_rate")]
    decay_rate: Option<f32>,
    alpha: Option<f32>,
}

impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let s = ScheduleSpec::deserialize(d)?;
        let given: [(&str, bool); 5] = [
            ("stepSize", s.step_size.is_some()),
            ("factor", s.factor.is_some()),
            ("decaySteps", s.decay_steps.is_some()),
            ("decayRate", s.decay_rate.is_some()),
            ("alpha", s.alpha.is_some()),
        ];
        let takes: &[&str] = match s.kind {
            ScheduleType::Constant => &[],
            ScheduleType::Step => &["stepSize", "factor"],
            ScheduleType::Exponential => &["decaySteps", "decayRate"],
            ScheduleType::Cosine => &["decaySteps", "alpha"],
        };
        if let Some((key, _)) = given.iter().find(|(k, on)| *on && !takes.contains(k)) {
            return Err(D::Error::custom(format!(
                "`{key}` is not a setting of a {} schedule",
                s.kind.name()
            )));
        }
        let steps = |v: Option<u64>, key: &str| {
            v.ok_or_else(|| D::Error::custom(format!("missing field `{key}`")))
        };
        Ok(match s.kind {
            ScheduleType::Constant => Schedule::Constant,
            ScheduleType::Step => Schedule::StepDecay {
                step_size: steps(s.step_size, "stepSize")?,
                factor: s.factor.unwrap_or(STEP_FACTOR),
            },
            ScheduleType::Exponential => Schedule::Exponential {
                decay_steps: steps(s.decay_steps, "decaySteps")?,
                decay_rate: s.decay_rate.unwrap_or(DECAY_RATE),
            },
            ScheduleType::Cosine => Schedule::Cosine {
                decay_steps: steps(s.decay_steps, "decaySteps")?,
                alpha: s.alpha.unwrap_or(COSINE_ALPHA),
            },
        })
    }
}

impl Schedule {
    /// One schedule of each type with its defaults (and 1000 steps where a count is
    /// required), for menus and documentation.
    pub fn examples() -> [Schedule; 4] {
        [
            Schedule::Constant,
            Schedule::StepDecay {
                step_size: 1000,
                factor: STEP_FACTOR,
            },
            Schedule::Exponential {
                decay_steps: 1000,
                decay_rate: DECAY_RATE,
            },
            Schedule::Cosine {
                decay_steps: 1000,
                alpha: COSINE_ALPHA,
            },
        ]
    }

    /// The learning rate at step `t`.
    pub fn at(&self, lr: f32, t: u64) -> f32 {
        match *self {
            Schedule::Constant => lr,
            Schedule::StepDecay { step_size, factor } => {
                lr * factor.powi((t / step_size).min(i32::MAX as u64) as i32)
            }
            Schedule::Exponential {
                decay_steps,
                decay_rate,
            } => lr * decay_rate.powf(t as f32 / decay_steps as f32),
            Schedule::Cosine { decay_steps, alpha } => {
                let p = t.min(decay_steps) as f32 / decay_steps as f32;
                let cosine = 0.5 * (1.0 + (std::f32::consts::PI * p).cos());
                lr * ((1.0 - alpha) * cosine + alpha)
            }
        }
    }

    fn check(&self) -> Result<()> {
        let steps = |field: &str, n: u64| {
            if n == 0 {
                Err(Error::config(field, "must be at least 1"))
            } else {
                Ok(())
            }
        };
        let within = |field: &str, v: f32, zero_allowed: bool| {
            let ok = if zero_allowed { v >= 0.0 } else { v > 0.0 } && v <= 1.0;
            let range = if zero_allowed { "[0, 1]" } else { "(0, 1]" };
            if ok {
                Ok(())
            } else {
                Err(Error::config(field, format!("must be in {range}")))
            }
        };
        match *self {
            Schedule::Constant => Ok(()),
            Schedule::StepDecay { step_size, factor } => {
                steps("schedule.stepSize", step_size)?;
                within("schedule.factor", factor, false)
            }
            Schedule::Exponential {
                decay_steps,
                decay_rate,
            } => {
                steps("schedule.decaySteps", decay_steps)?;
                within("schedule.decayRate", decay_rate, false)
            }
            Schedule::Cosine { decay_steps, alpha } => {
                steps("schedule.decaySteps", decay_steps)?;
                within("schedule.alpha", alpha, true)
            }
        }
    }
}

/// An optimizer's settings. [`OptimizerConfig::new`] fills in Keras's defaults for the kind;
/// the fields a kind does not use are ignored.
///
/// In configurations it is a name (`"adam"`: Keras's defaults) or an object naming the
/// rule and any settings that differ (`{ name: "adam", learningRate: 0.01, beta2: 0.99 }`;
/// Keras's snake_case names are accepted too).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OptimizerConfig {
    pub name: OptimizerKind,
    pub learning_rate: f32,
    /// SGD momentum, or RMSprop momentum.
    pub momentum: f32,
    pub nesterov: bool,
    pub rho: f32,
    pub beta_1: f32,
    pub beta_2: f32,
    pub epsilon: f32,
    pub weight_decay: f32,
    pub initial_accumulator_value: f32,
    pub schedule: Schedule,
}

/// An optimizer object as written: the rule and the settings that differ from its defaults.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OptimizerPatch {
    name: OptimizerKind,
    #[serde(alias = "learning_rate")]
    learning_rate: Option<f32>,
    momentum: Option<f32>,
    nesterov: Option<bool>,
    rho: Option<f32>,
    #[serde(alias = "beta_1")]
    beta_1: Option<f32>,
    #[serde(alias = "beta_2")]
    beta_2: Option<f32>,
    epsilon: Option<f32>,
    #[serde(alias = "weight_decay")]
    weight_decay: Option<f32>,
    #[serde(alias = "initial_accumulator_value")]
    initial_accumulator_value: Option<f32>,
    schedule: Option<Schedule>,
}

impl<'de> Deserialize<'de> for OptimizerConfig {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = OptimizerConfig;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an optimizer name or { name, ...settings }")
            }
            fn visit_str<E: serde::de::Error>(
                self,
                name: &str,
            ) -> std::result::Result<Self::Value, E> {
                OptimizerKind::parse(name)
                    .map(OptimizerConfig::new)
                    .map_err(|e| E::custom(crate::names::reason(&e)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let p =
                    OptimizerPatch::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                let mut c = OptimizerConfig::new(p.name);
                let floats = [
                    (p.learning_rate, &mut c.learning_rate),
                    (p.momentum, &mut c.momentum),
                    (p.rho, &mut c.rho),
                    (p.beta_1, &mut c.beta_1),
                    (p.beta_2, &mut c.beta_2),
                    (p.epsilon, &mut c.epsilon),
                    (p.weight_decay, &mut c.weight_decay),
                    (
                        p.initial_accumulator_value,
                        &mut c.initial_accumulator_value,
                    ),
                ];
                for (given, slot) in floats {
                    if let Some(v) = given {
                        *slot = v;
                    }
                }
                if let Some(v) = p.nesterov {
                    c.nesterov = v;
                }
                if let Some(v) = p.schedule {
                    c.schedule = v;
                }
                Ok(c)
            }
        }
        d.deserialize_any(Visit)
    }
}

impl OptimizerConfig {
    /// Keras's defaults for `kind`.
    pub fn new(kind: OptimizerKind) -> Self {
        let (learning_rate, momentum, nesterov) = match kind {
            OptimizerKind::Sgd => (0.01, 0.0, false),
            OptimizerKind::Momentum => (0.01, 0.9, false),
            OptimizerKind::Nesterov => (0.01, 0.9, true),
            _ => (0.001, 0.0, false),
        };
        OptimizerConfig {
            name: kind,
            learning_rate,
            momentum,
            nesterov,
            rho: 0.9,
            beta_1: 0.9,
            beta_2: 0.999,
            epsilon: 1e-7,
            weight_decay: if kind == OptimizerKind::Adamw {
                0.004
            } else {
                0.0
            },
            initial_accumulator_value: 0.1,
            schedule: Schedule::Constant,
        }
    }

    /// The same settings with another learning rate.
    pub fn with_learning_rate(mut self, learning_rate: f32) -> Self {
        self.learning_rate = learning_rate;
        self
    }

    /// Refuses impossible hyperparameters before any training starts.
    pub fn check(&self) -> Result<()> {
        check_learning_rate(self.learning_rate)?;
        let in_unit = |field: &str, v: f32, closed: bool| {
            let ok = if closed {
                (0.0..1.0).contains(&v)
            } else {
                v > 0.0 && v < 1.0
            };
            if ok {
                Ok(())
            } else {
                Err(Error::config(
                    field,
                    format!(
                        "must be in {}0, 1), got {v}",
                        if closed { "[" } else { "(" }
                    ),
                ))
            }
        };
        in_unit("momentum", self.momentum, true)?;
        in_unit("rho", self.rho, false)?;
        in_unit("beta1", self.beta_1, true)?;
        in_unit("beta2", self.beta_2, false)?;
        if !(self.epsilon > 0.0 && self.epsilon.is_finite()) {
            return Err(Error::config("epsilon", "must be a positive number"));
        }
        if !(self.weight_decay >= 0.0 && self.weight_decay < 1.0) {
            return Err(Error::config("weightDecay", "must be in [0, 1)"));
        }
        if !(self.initial_accumulator_value >= 0.0 && self.initial_accumulator_value.is_finite()) {
            return Err(Error::config(
                "initialAccumulatorValue",
                "must be zero or positive",
            ));
        }
        if self.nesterov && self.momentum == 0.0 {
            return Err(Error::config(
                "nesterov",
                "Nesterov momentum needs a momentum above 0",
            ));
        }
        self.schedule.check()
    }
}

/// Learning rates must be positive, finite and below 10 (beyond that every problem here
/// diverges at once).
pub fn check_learning_rate(lr: f32) -> Result<()> {
    if lr.is_finite() && lr > 0.0 && lr <= 10.0 {
        Ok(())
    } else {
        Err(Error::config(
            "learningRate",
            format!("must be a number in (0, 10], got {lr}"),
        ))
    }
}

/// An optimizer with its state (moments, accumulators and step count).
#[derive(Clone, Debug)]
pub struct Optimizer {
    config: OptimizerConfig,
    m: Vec<f32>,
    v: Vec<f32>,
    step: u64,
}

impl Optimizer {
    /// A fresh optimizer for `n` parameters.
    pub fn new(config: OptimizerConfig, n: usize) -> Result<Self> {
        config.check()?;
        let (m_len, v_len) = match config.name {
            OptimizerKind::Sgd | OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                (if config.momentum > 0.0 { n } else { 0 }, 0)
            }
            OptimizerKind::Rmsprop => (if config.momentum > 0.0 { n } else { 0 }, n),
            OptimizerKind::Adagrad => (0, n),
            OptimizerKind::Adam | OptimizerKind::Adamw => (n, n),
        };
        let v_init = if config.name == OptimizerKind::Adagrad {
            config.initial_accumulator_value
        } else {
            0.0
        };
        Ok(Optimizer {
            m: vec![0.0; m_len],
            v: vec![v_init; v_len],
            config,
            step: 0,
        })
    }

    pub fn config(&self) -> &OptimizerConfig {
        &self.config
    }

    /// Number of updates applied so far.
    pub fn iterations(&self) -> u64 {
        self.step
    }

    /// Changes the base learning rate; moments and the step count are kept.
    pub fn set_learning_rate(&mut self, lr: f32) -> Result<()> {
        check_learning_rate(lr)?;
        self.config.learning_rate = lr;
        Ok(())
    }

    /// The learning rate the next update will use (after the schedule).
    pub fn current_learning_rate(&self) -> f32 {
        self.config
            .schedule
            .at(self.config.learning_rate, self.step)
    }

    /// Clears the moments and the step count (for a fresh training run).
    pub fn reset(&mut self) {
        self.m.fill(0.0);
        let v_init = if self.config.name == OptimizerKind::Adagrad {
            self.config.initial_accumulator_value
        } else {
            0.0
        };
        self.v.fill(v_init);
        self.step = 0;
    }

    /// Applies one update to `params` from `grads` (same length).
    pub fn apply(&mut self, params: &mut [f32], grads: &[f32]) {
        let lr = self.current_learning_rate();
        let c = &self.config;
        match c.name {
            OptimizerKind::Sgd | OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                if c.momentum == 0.0 {
                    for (w, &g) in params.iter_mut().zip(grads) {
                        *w -= lr * g;
                    }
                } else {
                    let mu = c.momentum;
                    for ((w, &g), m) in params.iter_mut().zip(grads).zip(self.m.iter_mut()) {
                        *m = mu * *m - lr * g;
                        *w += if c.nesterov { mu * *m - lr * g } else { *m };
                    }
                }
            }
            OptimizerKind::Rmsprop => {
                let (rho, eps, mu) = (c.rho, c.epsilon, c.momentum);
                for (i, (w, &g)) in params.iter_mut().zip(grads).enumerate() {
                    let v = &mut self.v[i];
                    *v = rho * *v + (1.0 - rho) * g * g;
                    let inc = lr * g / (*v + eps).sqrt();
                    if mu > 0.0 {
                        let m = &mut self.m[i];
                        *m = mu * *m + inc;
                        *w -= *m;
                    } else {
                        *w -= inc;
                    }
                }
            }
            OptimizerKind::Adagrad => {
                let eps = c.epsilon;
                for ((w, &g), acc) in params.iter_mut().zip(grads).zip(self.v.iter_mut()) {
                    *acc += g * g;
                    *w -= lr * g / (*acc + eps).sqrt();
                }
            }
            OptimizerKind::Adam | OptimizerKind::Adamw => {
                let t = (self.step + 1) as i32;
                let (b1, b2, eps) = (c.beta_1, c.beta_2, c.epsilon);
                // The bias correction in f64: in f32, `1 - β₂ᵗ` loses most of its digits
                // for β₂ near 1 (5 steps at lr 0.05 drift by 2e-4 relative).
                let alpha = (f64::from(lr) * (1.0 - f64::from(b2).powi(t)).sqrt()
                    / (1.0 - f64::from(b1).powi(t))) as f32;
                let decay = if c.name == OptimizerKind::Adamw {
                    c.weight_decay * lr
                } else {
                    0.0
                };
                for (((w, &g), m), v) in params
                    .iter_mut()
                    .zip(grads)
                    .zip(self.m.iter_mut())
                    .zip(self.v.iter_mut())
                {
                    *w -= *w * decay;
                    *m += (g - *m) * (1.0 - b1);
                    *v += (g * g - *v) * (1.0 - b2);
                    *w -= alpha * *m / (v.sqrt() + eps);
                }
            }
        }
        self.step += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_by_hand() {
        let s = Schedule::StepDecay {
            step_size: 10,
            factor: 0.5,
        };
        assert_eq!(s.at(0.1, 9), 0.1);
        assert_eq!(s.at(0.1, 25), 0.025);
        let e = Schedule::Exponential {
            decay_steps: 100,
            decay_rate: 0.96,
        };
        // 0.1 * 0.96^(50/100) = 0.09797959
        assert!((e.at(0.1, 50) - 0.097_979_59).abs() < 1e-7);
        let c = Schedule::Cosine {
            decay_steps: 100,
            alpha: 0.0,
        };
        assert!((c.at(0.1, 50) - 0.05).abs() < 1e-7);
        assert!(c.at(0.1, 100).abs() < 1e-9 && c.at(0.1, 500).abs() < 1e-9);
    }

    #[test]
    fn hyperparameter_keys_are_the_written_ones() {
        for &kind in OptimizerKind::ALL {
            let written = crate::json::to_value(&OptimizerConfig::new(kind));
            for h in kind.hyperparameters() {
                assert!(written.get(h.key()).is_some(), "{kind}: {}", h.key());
            }
        }
        // Objects name the rule and what differs; snake_case as Keras writes it.
        let c: OptimizerConfig = crate::json::read(serde_json::json!(
            { "name": "Adam", "beta_2": 0.99, "learningRate": 0.01 }))
        .unwrap();
        assert_eq!(
            (c.name, c.beta_1, c.beta_2, c.learning_rate),
            (OptimizerKind::Adam, 0.9, 0.99, 0.01)
        );
        let c: OptimizerConfig = crate::json::read(serde_json::json!("nesterov")).unwrap();
        assert_eq!((c.momentum, c.nesterov), (0.9, true));
        let e = crate::json::read::<OptimizerConfig>(
            serde_json::json!({ "name": "sgd", "momentun": 0.9 }),
        )
        .unwrap_err();
        assert!(e.reason.contains("unknown field `momentun`"), "{e:?}");
        let e = crate::json::read::<OptimizerConfig>(serde_json::json!("adamax")).unwrap_err();
        assert!(
            e.reason
                .contains("unknown optimizer \"adamax\"; use one of sgd,"),
            "{e:?}"
        );
    }

    #[test]
    fn impossible_settings_are_refused() {
        let cfg = OptimizerConfig::new(OptimizerKind::Adam).with_learning_rate(-1.0);
        assert!(cfg
            .check()
            .unwrap_err()
            .to_string()
            .contains("learningRate"));
        let mut cfg = OptimizerConfig::new(OptimizerKind::Adam);
        cfg.beta_2 = 1.0;
        assert!(cfg.check().unwrap_err().to_string().contains("beta2"));
        assert!(OptimizerKind::parse("adamax").is_err());
    }
}
