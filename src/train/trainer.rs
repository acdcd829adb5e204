//! The training loop: epochs of seeded shuffled mini-batches, validation, early stopping,
//! and a step-wise interface (one batch or one epoch at a time) so a page can animate,
//! pause and resume.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::nn::model::Model;
use crate::task::Task;
use crate::train::dataset::Dataset;

/// Settings of a training run (Keras `fit` arguments): `{ epochs: 1, batchSize: 32,
/// shuffle: true, validationSplit, earlyStopping }` in configurations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct TrainConfig {
    pub epochs: usize,
    #[serde(alias = "batch_size")]
    pub batch_size: usize,
    /// Reshuffle the training rows before every epoch (from the model's seeded RNG).
    pub shuffle: bool,
    /// The last fraction of the training rows held out for validation (as Keras), when no
    /// validation data is given.
    #[serde(alias = "validation_split", skip_serializing_if = "Option::is_none")]
    pub validation_split: Option<f32>,
    #[serde(alias = "early_stopping", skip_serializing_if = "Option::is_none")]
    pub early_stopping: Option<EarlyStopping>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 1,
            batch_size: 32,
            shuffle: true,
            validation_split: None,
            early_stopping: None,
        }
    }
}

/// Stop when the monitored loss has not improved by `min_delta` for `patience` epochs.
/// The validation loss is monitored when there is validation data, else the training loss.
/// In configurations: `{ patience: 5, minDelta: 0, restoreBestWeights: false }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct EarlyStopping {
    pub patience: usize,
    #[serde(alias = "min_delta")]
    pub min_delta: f64,
    /// Put back the weights of the best epoch when stopping (Keras `restore_best_weights`).
    #[serde(alias = "restore_best_weights")]
    pub restore_best_weights: bool,
}

impl Default for EarlyStopping {
    fn default() -> Self {
        EarlyStopping {
            patience: 5,
            min_delta: 0.0,
            restore_best_weights: false,
        }
    }
}

impl TrainConfig {
    pub fn check(&self) -> Result<()> {
        check_epochs(self.epochs)?;
        if self.batch_size == 0 {
            return Err(Error::config("batchSize", "must be at least 1"));
        }
        if let Some(s) = self.validation_split {
            if !(0.0..1.0).contains(&s) {
                return Err(Error::config(
                    "validationSplit",
                    format!("must be in [0, 1), got {s}"),
                ));
            }
        }
        if let Some(es) = &self.early_stopping {
            if !(es.min_delta.is_finite() && es.min_delta >= 0.0) {
                return Err(Error::config(
                    "earlyStopping.minDelta",
                    "must be zero or positive",
                ));
            }
        }
        Ok(())
    }
}

/// The most epochs a run may have.
pub const MAX_EPOCHS: usize = 1_000_000;

fn check_epochs(epochs: usize) -> Result<()> {
    if (1..=MAX_EPOCHS).contains(&epochs) {
        Ok(())
    } else {
        Err(Error::config(
            "epochs",
            format!("must be between 1 and {MAX_EPOCHS}, got {epochs}"),
        ))
    }
}

/// What one epoch produced.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpochLog {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Mean training loss over the epoch's batches (weighted by batch size), with penalty.
    pub loss: f64,
    /// Training accuracy over the epoch's batches (classification only).
    pub accuracy: Option<f64>,
    pub val_loss: Option<f64>,
    pub val_accuracy: Option<f64>,
    /// Learning rate used by the epoch's last update.
    pub learning_rate: f32,
}

/// Why training ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum StopReason {
    /// All epochs ran.
    Completed,
    /// Early stopping fired after `epoch`; `best_epoch` had the best monitored loss.
    EarlyStopped { epoch: usize, best_epoch: usize },
}

/// The logs of all epochs so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct History {
    pub epochs: Vec<EpochLog>,
    pub stopped: Option<StopReason>,
}

/// A training run in progress. Owns the data and the loop state; borrows the model at each
/// call, so the model can be inspected (predictions, weights) between calls.
#[derive(Clone, Debug)]
pub struct Trainer {
    config: TrainConfig,
    train: Dataset,
    val: Option<Dataset>,
    order: Vec<usize>,
    xb: Vec<f32>,
    yb: Vec<f32>,
    cursor: usize,
    batch_index: usize,
    epoch_loss: f64,
    epoch_correct: usize,
    history: History,
    best: Option<(f64, usize)>,
    best_params: Vec<f32>,
    wait: usize,
    /// The model's [`Model::edits`] when this run last looked.
    edits: u64,
}

/// What [`Trainer::steps`] did: the batches trained, the last batch's loss, the epochs
/// that ended meanwhile, and whether the run is over.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Progress {
    pub batches: usize,
    pub loss: f64,
    pub epochs: Vec<EpochLog>,
    pub finished: bool,
}

/// The outcome of [`Trainer::step`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchLog {
    pub loss: f64,
    /// Set when this batch finished an epoch.
    pub epoch: Option<EpochLog>,
}

/// Copies rows `picked` of `src` (`width` values a row) into the first rows of `dst`.
///
/// Narrow rows are copied as fixed-size arrays: a slice copy of a run-time length is a
/// call to `memcpy` (in WebAssembly, `memory.copy`, which costs far more than a few
/// values' loads and stores), once per row of every batch.
fn gather(src: &[f32], width: usize, picked: &[usize], dst: &mut [f32]) {
    // The same copy with the width a constant: plain loads and stores.
    fn fixed<const W: usize>(src: &[f32], picked: &[usize], dst: &mut [f32]) {
        for (out, &r) in dst.chunks_exact_mut(W).zip(picked) {
            out.copy_from_slice(&src[r * W..(r + 1) * W]);
        }
    }
    match width {
        1 => fixed::<1>(src, picked, dst),
        2 => fixed::<2>(src, picked, dst),
        3 => fixed::<3>(src, picked, dst),
        4 => fixed::<4>(src, picked, dst),
        _ => {
            for (out, &r) in dst.chunks_exact_mut(width).zip(picked) {
                out.copy_from_slice(&src[r * width..(r + 1) * width]);
            }
        }
    }
}

impl Trainer {
    /// Prepares a run; checks the settings and that the data fits the compiled model.
    /// Without `val`, a `validation_split` holds out the last fraction of `train`.
    ///
    /// # Errors
    /// Impossible settings, data that does not fit the model or its loss, or a split that
    /// leaves no rows on one side.
    pub fn new(
        model: &Model,
        train: Dataset,
        val: Option<Dataset>,
        config: TrainConfig,
    ) -> Result<Self> {
        config.check()?;
        let (train, val) = match (val, config.validation_split) {
            (None, Some(s)) if s > 0.0 => train.split_last(s)?,
            (val, _) => (train, val),
        };
        if model.loss().is_none() {
            return Err(Error::State(
                "the model is not compiled: call compile(loss, optimizer) first".into(),
            ));
        }
        for (name, d, training) in std::iter::once(("training data", &train, true))
            .chain(val.iter().map(|v| ("validation data", v, false)))
        {
            if d.features() != model.inputs() {
                return Err(Error::shape(
                    format!("{name} features"),
                    format!("{} columns (the model's inputs)", model.inputs()),
                    d.features(),
                ));
            }
            model
                .check_targets(d.y_slice(), d.target_cols(), training)
                .map_err(|e| match e {
                    Error::InvalidData { what, reason } => Error::InvalidData {
                        what: format!("{name} {what}"),
                        reason,
                    },
                    Error::Shape {
                        what,
                        expected,
                        got,
                    } => Error::Shape {
                        what: format!("{name} {what}"),
                        expected,
                        got,
                    },
                    other => other,
                })?;
        }
        let batch = config.batch_size.min(train.rows());
        Ok(Trainer {
            order: (0..train.rows()).collect(),
            xb: vec![0.0; batch * train.features()],
            yb: vec![0.0; batch * train.target_cols()],
            cursor: 0,
            batch_index: 0,
            epoch_loss: 0.0,
            epoch_correct: 0,
            history: History::default(),
            best: None,
            best_params: Vec::new(),
            wait: 0,
            edits: model.edits(),
            config,
            train,
            val,
        })
    }

    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Epochs completed so far.
    pub fn epoch(&self) -> usize {
        self.history.epochs.len()
    }

    /// Whether the run is over (all epochs, or early stopping).
    pub fn finished(&self) -> bool {
        self.history.stopped.is_some()
    }

    /// Raises or lowers the epoch limit of a run in progress.
    pub fn set_epochs(&mut self, epochs: usize) -> Result<()> {
        check_epochs(epochs)?;
        self.config.epochs = epochs;
        if matches!(self.history.stopped, Some(StopReason::Completed)) && self.epoch() < epochs {
            self.history.stopped = None;
        } else if self.history.stopped.is_none() && self.epoch() >= epochs {
            self.history.stopped = Some(StopReason::Completed);
        }
        Ok(())
    }

    /// Goes on training to `epochs` in all, whether the run completed or stopped early —
    /// after the weights were changed from outside (pruned, say), as fine-tuning does. The
    /// early-stopping memory starts over, since the best epoch so far was another network.
    ///
    /// # Errors
    /// `epochs` not above the epochs already done.
    pub fn resume(&mut self, epochs: usize) -> Result<()> {
        check_epochs(epochs)?;
        if epochs <= self.epoch() {
            return Err(Error::config(
                "epochs",
                format!(
                    "must be above the {} epochs already trained to go on, got {epochs}",
                    self.epoch()
                ),
            ));
        }
        self.config.epochs = epochs;
        self.history.stopped = None;
        self.forget_best();
        Ok(())
    }

    /// Forgets the best epoch early stopping keeps (its weights and patience count): the
    /// model's weights were changed from outside, so the comparison starts over.
    pub fn forget_best(&mut self) {
        self.best = None;
        self.best_params.clear();
        self.wait = 0;
    }

    /// Trains on one mini-batch.
    pub fn step(&mut self, model: &mut Model) -> Result<BatchLog> {
        if self.finished() {
            return Err(Error::State(
                "training has finished; start a new run to train further".into(),
            ));
        }
        if model.edits() != self.edits {
            // Weights changed from outside (pruned, edited, set): the best epoch so far was
            // another network.
            self.forget_best();
            self.edits = model.edits();
        }
        if self.cursor == 0 && self.config.shuffle {
            model.rng().shuffle(&mut self.order);
        }
        let rows = self.config.batch_size.min(self.order.len() - self.cursor);
        let (fx, fy) = (self.train.features(), self.train.target_cols());
        let (xs, ys) = (self.train.x_slice(), self.train.y_slice());
        let picked = &self.order[self.cursor..self.cursor + rows];
        gather(xs, fx, picked, &mut self.xb);
        gather(ys, fy, picked, &mut self.yb);
        let outcome = model
            .train_step(&self.xb[..rows * fx], &self.yb[..rows * fy], rows)
            .map_err(|e| match e {
                Error::Diverged {
                    quantity, value, ..
                } => Error::Diverged {
                    epoch: self.epoch() + 1,
                    batch: self.batch_index + 1,
                    quantity,
                    value,
                },
                other => other,
            })?;
        self.epoch_loss += outcome.loss * rows as f64;
        self.epoch_correct += outcome.correct;
        self.cursor += rows;
        self.batch_index += 1;
        let epoch = if self.cursor == self.order.len() {
            Some(self.end_epoch(model)?)
        } else {
            None
        };
        Ok(BatchLog {
            loss: outcome.loss,
            epoch,
        })
    }

    /// Trains up to `n` mini-batches, stopping early when the run ends.
    ///
    /// # Errors
    /// As [`Trainer::step`]; the batches done before the error stay done.
    pub fn steps(&mut self, model: &mut Model, n: usize) -> Result<Progress> {
        let mut out = Progress {
            batches: 0,
            loss: f64::NAN,
            epochs: Vec::new(),
            finished: false,
        };
        while out.batches < n && !self.finished() {
            let log = self.step(model)?;
            out.batches += 1;
            out.loss = log.loss;
            out.epochs.extend(log.epoch);
        }
        out.finished = self.finished();
        Ok(out)
    }

    /// Trains until the current epoch ends and returns its log.
    pub fn run_epoch(&mut self, model: &mut Model) -> Result<EpochLog> {
        loop {
            if let Some(log) = self.step(model)?.epoch {
                return Ok(log);
            }
        }
    }

    /// Trains until the run is over and returns the history.
    pub fn fit(&mut self, model: &mut Model) -> Result<&History> {
        while !self.finished() {
            self.run_epoch(model)?;
        }
        Ok(&self.history)
    }

    fn end_epoch(&mut self, model: &mut Model) -> Result<EpochLog> {
        let rows = self.train.rows();
        let task = model.loss().expect("compiled").task();
        let (val_loss, val_accuracy) = match &self.val {
            Some(v) => {
                let e = model.evaluate(v.x_slice(), v.y_slice(), v.rows())?;
                (Some(e.loss), e.accuracy)
            }
            None => (None, None),
        };
        let learning_rate = model
            .compiled()
            .map(|c| {
                let o = &c.optimizer;
                o.config()
                    .schedule
                    .at(o.config().learning_rate, o.iterations().saturating_sub(1))
            })
            .unwrap_or(0.0);
        let log = EpochLog {
            epoch: self.epoch() + 1,
            loss: self.epoch_loss / rows as f64,
            accuracy: (task != Task::Regression).then(|| self.epoch_correct as f64 / rows as f64),
            val_loss,
            val_accuracy,
            learning_rate,
        };
        if !log.loss.is_finite() || val_loss.is_some_and(|v| !v.is_finite()) {
            return Err(Error::Diverged {
                epoch: log.epoch,
                batch: self.batch_index,
                quantity: if log.loss.is_finite() {
                    "validation loss".into()
                } else {
                    "loss".into()
                },
                value: format!(
                    "{}",
                    val_loss
                        .filter(|_| log.loss.is_finite())
                        .unwrap_or(log.loss)
                ),
            });
        }
        self.cursor = 0;
        self.batch_index = 0;
        self.epoch_loss = 0.0;
        self.epoch_correct = 0;
        self.history.epochs.push(log.clone());
        if let Some(es) = self.config.early_stopping.clone() {
            let monitored = val_loss.unwrap_or(log.loss);
            let improved = match self.best {
                None => true,
                Some((best, _)) => monitored < best - es.min_delta,
            };
            if improved {
                self.best = Some((monitored, log.epoch));
                self.wait = 0;
                if es.restore_best_weights {
                    self.best_params.clear();
                    self.best_params.extend_from_slice(model.params());
                }
            } else {
                self.wait += 1;
                if self.wait >= es.patience.max(1) {
                    let best_epoch = self.best.map_or(log.epoch, |b| b.1);
                    if es.restore_best_weights && !self.best_params.is_empty() {
                        model.set_params(&self.best_params)?;
                        self.edits = model.edits();
                    }
                    self.history.stopped = Some(StopReason::EarlyStopped {
                        epoch: log.epoch,
                        best_epoch,
                    });
                }
            }
        }
        if self.history.stopped.is_none() && self.epoch() >= self.config.epochs {
            self.history.stopped = Some(StopReason::Completed);
        }
        Ok(log)
    }
}
