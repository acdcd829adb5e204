//! Optimizers with Keras's update rules and default hyperparameters, plus learning-rate
//! schedules. The optimizer works on the model's one flat parameter buffer, so a step is a
//! single pass over contiguous memory and never allocates.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Which update rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 7] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::Rmsprop,
        OptimizerKind::Adagrad,
        OptimizerKind::Adam,
        OptimizerKind::Adamw,
    ];

    /// Parses a Keras optimizer name (case-insensitive).
    pub fn parse(name: &str) -> Result<Self> {
        Ok(match name.to_ascii_lowercase().as_str() {
            "sgd" | "gd" => OptimizerKind::Sgd,
            "momentum" => OptimizerKind::Momentum,
            "nesterov" => OptimizerKind::Nesterov,
            "rmsprop" => OptimizerKind::Rmsprop,
            "adagrad" => OptimizerKind::Adagrad,
            "adam" => OptimizerKind::Adam,
            "adamw" => OptimizerKind::Adamw,
            other => {
                return Err(Error::config(
                    "optimizer",
                    format!(
                        "unknown optimizer \"{other}\"; use one of sgd, momentum, nesterov, \
                         rmsprop, adagrad, adam, adamw"
                    ),
                ))
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "nesterov",
            OptimizerKind::Rmsprop => "rmsprop",
            OptimizerKind::Adagrad => "adagrad",
            OptimizerKind::Adam => "adam",
            OptimizerKind::Adamw => "adamw",
        }
    }
}

/// A learning-rate schedule, evaluated at optimizer step `t` (0 for the first update) from
/// the base learning rate `lr`, with Keras's formulas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Schedule {
    /// `lr`.
    #[default]
    Constant,
    /// `lr * factor^floor(t / step_size)`.
    StepDecay { step_size: u64, factor: f32 },
    /// `lr * decay_rate^(t / decay_steps)` (Keras `ExponentialDecay`).
    Exponential { decay_steps: u64, decay_rate: f32 },
    /// `lr * ((1 - alpha) * (1 + cos(pi * min(t, decay_steps) / decay_steps)) / 2 + alpha)`
    /// (Keras `CosineDecay`).
    Cosine { decay_steps: u64, alpha: f32 },
}

impl Schedule {
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
        let bad = |field: &str, reason: &str| Err(Error::config(field, reason));
        match *self {
            Schedule::Constant => Ok(()),
            Schedule::StepDecay { step_size, factor } => {
                if step_size == 0 {
                    bad("schedule.step_size", "must be at least 1")
                } else if !(factor > 0.0 && factor <= 1.0) {
                    bad("schedule.factor", "must be in (0, 1]")
                } else {
                    Ok(())
                }
            }
            Schedule::Exponential {
                decay_steps,
                decay_rate,
            } => {
                if decay_steps == 0 {
                    bad("schedule.decay_steps", "must be at least 1")
                } else if !(decay_rate > 0.0 && decay_rate <= 1.0) {
                    bad("schedule.decay_rate", "must be in (0, 1]")
                } else {
                    Ok(())
                }
            }
            Schedule::Cosine { decay_steps, alpha } => {
                if decay_steps == 0 {
                    bad("schedule.decay_steps", "must be at least 1")
                } else if !(0.0..=1.0).contains(&alpha) {
                    bad("schedule.alpha", "must be in [0, 1]")
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// An optimizer's settings. [`OptimizerConfig::new`] fills in Keras's defaults for the kind;
/// the fields a kind does not use are ignored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    #[serde(default)]
    pub schedule: Schedule,
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
        in_unit("beta_1", self.beta_1, true)?;
        in_unit("beta_2", self.beta_2, false)?;
        if !(self.epsilon > 0.0 && self.epsilon.is_finite()) {
            return Err(Error::config("epsilon", "must be a positive number"));
        }
        if !(self.weight_decay >= 0.0 && self.weight_decay < 1.0) {
            return Err(Error::config("weight_decay", "must be in [0, 1)"));
        }
        if !(self.initial_accumulator_value >= 0.0 && self.initial_accumulator_value.is_finite()) {
            return Err(Error::config(
                "initial_accumulator_value",
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
            "learning_rate",
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
                let alpha = lr * (1.0 - b2.powi(t)).sqrt() / (1.0 - b1.powi(t));
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
    fn impossible_settings_are_refused() {
        let cfg = OptimizerConfig::new(OptimizerKind::Adam).with_learning_rate(-1.0);
        assert!(cfg
            .check()
            .unwrap_err()
            .to_string()
            .contains("learning_rate"));
        let mut cfg = OptimizerConfig::new(OptimizerKind::Adam);
        cfg.beta_2 = 1.0;
        assert!(cfg.check().unwrap_err().to_string().contains("beta_2"));
        assert!(OptimizerKind::parse("adamax").is_err());
    }
}
