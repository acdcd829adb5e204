//! Races: several models trained in lockstep, one epoch each at a time, from the same
//! initial weights and the same batch order, so that only what a run changes (its
//! optimizer, learning rate, batch size) tells them apart — as the gradient-descent and
//! optimizer comparisons of a course need. Each run's weights after every epoch are kept, so
//! its path can be drawn on a slice of the loss surface ([`crate::train::surface`]).

use serde::{Deserialize, Serialize};

use crate::data::Prepared;
use crate::error::{Error, Result};
use crate::nn::{CompileOptions, Evaluation, Model, ModelConfig};
use crate::train::dataset::Dataset;
use crate::train::trainer::EpochLog;
use crate::train::{TrainConfig, Trainer};

/// The most runs in one race.
pub const MAX_RUNS: usize = 8;

/// One contestant: a name and what it changes.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RaceRun {
    pub name: String,
    pub compile: CompileOptions,
    #[serde(default)]
    pub fit: TrainConfig,
}

/// `{ model, runs }`: the architecture and seed every run starts from (`inputs` from the
/// data), and the runs.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RaceSettings {
    pub model: ModelConfig,
    pub runs: Vec<RaceRun>,
}

/// One epoch of one run.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RaceEpoch {
    pub name: String,
    /// `None` once the run is over.
    pub log: Option<EpochLog>,
}

/// The runs in training.
#[derive(Clone, Debug)]
pub struct Race {
    names: Vec<String>,
    models: Vec<Model>,
    trainers: Vec<Trainer>,
    /// Per run, the weights at the start and after each epoch.
    paths: Vec<Vec<Vec<f32>>>,
}

impl Race {
    /// Builds every run from the same configuration and seed (so the same weights) on
    /// `data`'s training part, with its validation part (if any) as validation data.
    ///
    /// # Errors
    /// No run or too many, two runs of one name, or an invalid model or run setting (each
    /// checked before any training).
    pub fn new(data: &Prepared, settings: &RaceSettings) -> Result<Race> {
        if settings.runs.is_empty() || settings.runs.len() > MAX_RUNS {
            return Err(Error::config(
                "runs",
                format!("give 1 to {MAX_RUNS} runs, got {}", settings.runs.len()),
            ));
        }
        for (i, r) in settings.runs.iter().enumerate() {
            if settings.runs[..i].iter().any(|o| o.name == r.name) {
                return Err(Error::config(
                    format!("runs[{i}].name"),
                    format!("\"{}\" names another run already", r.name),
                ));
            }
        }
        let inputs = data.preprocessor.width();
        let train = Dataset::from_part(&data.train, inputs)?;
        let val = if data.validation.is_empty() {
            None
        } else {
            Some(Dataset::from_part(&data.validation, inputs)?)
        };
        let mut config = settings.model.clone();
        config.inputs = inputs;
        let (mut models, mut trainers, mut paths) = (Vec::new(), Vec::new(), Vec::new());
        for (i, run) in settings.runs.iter().enumerate() {
            let field = |e: Error| match e {
                Error::InvalidConfig { field, reason } => Error::InvalidConfig {
                    field: format!("runs[{i}].{field}"),
                    reason,
                },
                other => other,
            };
            let mut model = Model::new(config.clone())?;
            let compiled = run.compile.settings();
            model
                .compile(compiled.loss, compiled.optimizer)
                .map_err(field)?;
            let trainer =
                Trainer::new(&model, train.clone(), val.clone(), run.fit.clone()).map_err(field)?;
            paths.push(vec![model.params().to_vec()]);
            models.push(model);
            trainers.push(trainer);
        }
        Ok(Race {
            names: settings.runs.iter().map(|r| r.name.clone()).collect(),
            models,
            trainers,
            paths,
        })
    }

    /// One epoch of every run still training.
    ///
    /// # Errors
    /// A run that diverges (named in the message).
    pub fn train_epoch(&mut self) -> Result<Vec<RaceEpoch>> {
        let mut out = Vec::with_capacity(self.models.len());
        for i in 0..self.models.len() {
            let log = if self.trainers[i].finished() {
                None
            } else {
                let log = self.trainers[i]
                    .run_epoch(&mut self.models[i])
                    .map_err(|e| match e {
                        Error::Diverged {
                            epoch,
                            batch,
                            quantity,
                            value,
                        } => Error::Diverged {
                            epoch,
                            batch,
                            quantity: format!("{} of the run \"{}\"", quantity, self.names[i]),
                            value,
                        },
                        other => other,
                    })?;
                self.paths[i].push(self.models[i].params().to_vec());
                Some(log)
            };
            out.push(RaceEpoch {
                name: self.names[i].clone(),
                log,
            });
        }
        Ok(out)
    }

    /// Every run's loss and accuracy on `x`/`y` (`rows` rows) with its current weights, in
    /// inference mode: before any epoch, the loss of the shared initial weights.
    ///
    /// # Errors
    /// Data that does not fit the models.
    pub fn evaluate(&mut self, x: &[f32], y: &[f32], rows: usize) -> Result<Vec<Evaluation>> {
        self.models
            .iter_mut()
            .map(|m| m.evaluate(x, y, rows))
            .collect()
    }

    /// Whether every run is over.
    pub fn finished(&self) -> bool {
        self.trainers.iter().all(Trainer::finished)
    }

    /// The runs' names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Run `i`'s model.
    pub fn model(&self, i: usize) -> Option<&Model> {
        self.models.get(i)
    }

    /// Run `i`'s weights at the start and after each epoch.
    pub fn path(&self, i: usize) -> Option<&[Vec<f32>]> {
        self.paths.get(i).map(Vec::as_slice)
    }

    /// Run `i`'s epochs so far.
    pub fn history(&self, i: usize) -> Option<&[EpochLog]> {
        self.trainers.get(i).map(|t| t.history().epochs.as_slice())
    }
}
