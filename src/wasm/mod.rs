//! The JavaScript API: the only place wasm-bindgen appears.
//!
//! Long-lived state (the model, its optimizer and a training run) stays in Rust behind the
//! [`JsModel`] handle (`Model` in JavaScript); bulk numbers cross as `Float32Array`s and
//! small results as plain objects. Every export returns `Result<_, JsError>`, so a bad
//! argument throws a JavaScript `Error` with a readable message and the module keeps
//! working.

pub mod data;
#[cfg(feature = "tables")]
pub mod tables;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::activation::Activation;
use crate::dataset::Dataset;
use crate::error::Error;
use crate::init::Init;
use crate::loss::{Loss, Task};
use crate::metrics;
use crate::model::{argmax, DenseConfig, Model, ModelConfig};
use crate::model_file;
use crate::optim::{OptimizerConfig, OptimizerKind, Schedule};
use crate::train::{EarlyStopping, TrainConfig, Trainer};

type JsResult<T> = std::result::Result<T, JsError>;

fn js_err(e: Error) -> JsError {
    JsError::new(&e.to_string())
}

fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Reads a plain options object. It goes through `JSON.stringify` and serde_json so that
/// misspelt keys are refused (`deny_unknown_fields`) and errors name the path of the field.
fn from_js<T: for<'de> Deserialize<'de>>(what: &str, value: JsValue) -> JsResult<T> {
    let text: String = js_sys::JSON::stringify(&value)
        .map_err(|_| JsError::new(&format!("invalid {what}: not a plain object")))?
        .into();
    // Through a `serde_json::Value`: every options type then shares one JSON parser, which
    // keeps the module small.
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| JsError::new(&format!("invalid {what}: {e}")))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let inner = inner.split(" at line ").next().unwrap_or(&inner);
        if path == "." {
            JsError::new(&format!("invalid {what}: {inner}"))
        } else {
            JsError::new(&format!("invalid {what}: {path}: {inner}"))
        }
    })
}

/// `{ inputs, layers: [{ units, activation, ... } | { type: "dropout", rate }], seed, l1, l2 }`
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsModelConfig {
    inputs: usize,
    layers: Vec<JsLayer>,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    l1: Option<f32>,
    #[serde(default)]
    l2: Option<f32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsLayer {
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    units: Option<usize>,
    #[serde(default)]
    activation: Option<String>,
    #[serde(default)]
    alpha: Option<f32>,
    #[serde(default)]
    dropout: Option<f32>,
    /// Dropout rate of a `{ type: "dropout" }` entry.
    #[serde(default)]
    rate: Option<f32>,
    #[serde(default)]
    l1: Option<f32>,
    #[serde(default)]
    l2: Option<f32>,
    #[serde(default, alias = "kernel_initializer")]
    kernel_initializer: Option<String>,
}

fn model_config(js: JsModelConfig) -> crate::Result<ModelConfig> {
    let mut layers: Vec<DenseConfig> = Vec::new();
    for (i, l) in js.layers.into_iter().enumerate() {
        let kind = l.kind.as_deref().unwrap_or("dense").to_ascii_lowercase();
        match kind.as_str() {
            "dropout" => {
                let rate = l.rate.or(l.dropout).ok_or_else(|| {
                    Error::config(format!("layers[{i}].rate"), "a dropout layer needs a rate")
                })?;
                let prev = layers.last_mut().ok_or_else(|| {
                    Error::config(format!("layers[{i}]"), "dropout must follow a dense layer")
                })?;
                prev.dropout = rate;
            }
            "dense" => {
                let units = l.units.ok_or_else(|| {
                    Error::config(format!("layers[{i}].units"), "a dense layer needs units")
                })?;
                let activation = match &l.activation {
                    Some(a) => Activation::parse(a).map_err(|e| prefix(e, i))?,
                    None => Activation::Linear,
                };
                let kernel_initializer = match &l.kernel_initializer {
                    Some(k) => Init::parse(k).map_err(|e| prefix(e, i))?,
                    None => Init::GlorotUniform,
                };
                layers.push(DenseConfig {
                    units,
                    activation,
                    alpha: l.alpha,
                    dropout: l.dropout.unwrap_or(0.0),
                    l1: l.l1,
                    l2: l.l2,
                    kernel_initializer,
                });
            }
            other => {
                return Err(Error::config(
                    format!("layers[{i}].type"),
                    format!("unknown layer type \"{other}\"; use \"dense\" or \"dropout\""),
                ))
            }
        }
    }
    Ok(ModelConfig {
        inputs: js.inputs,
        layers,
        l1: js.l1.unwrap_or(0.0),
        l2: js.l2.unwrap_or(0.0),
        seed: js.seed.unwrap_or(0),
    })
}

fn prefix(e: Error, i: usize) -> Error {
    match e {
        Error::InvalidConfig { field, reason } => Error::InvalidConfig {
            field: format!("layers[{i}].{field}"),
            reason,
        },
        other => other,
    }
}

/// `{ optimizer: "adam" | { name, learningRate, ... }, loss, learningRate, schedule }`
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsCompile {
    optimizer: JsOptimizer,
    loss: String,
    #[serde(default, alias = "learning_rate")]
    learning_rate: Option<f32>,
    #[serde(default)]
    schedule: Option<JsSchedule>,
    /// Accepted for Keras familiarity; accuracy is always reported for classification.
    #[serde(default)]
    #[allow(dead_code)]
    metrics: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsOptimizer {
    Name(String),
    Settings(JsOptimizerSettings),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsOptimizerSettings {
    name: String,
    #[serde(default, alias = "learning_rate")]
    learning_rate: Option<f32>,
    #[serde(default)]
    momentum: Option<f32>,
    #[serde(default)]
    nesterov: Option<bool>,
    #[serde(default)]
    rho: Option<f32>,
    #[serde(default, alias = "beta_1", alias = "beta1")]
    beta_1: Option<f32>,
    #[serde(default, alias = "beta_2", alias = "beta2")]
    beta_2: Option<f32>,
    #[serde(default)]
    epsilon: Option<f32>,
    #[serde(default, alias = "weight_decay")]
    weight_decay: Option<f32>,
    #[serde(default, alias = "initial_accumulator_value")]
    initial_accumulator_value: Option<f32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsSchedule {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, alias = "step_size")]
    step_size: Option<u64>,
    #[serde(default)]
    factor: Option<f32>,
    #[serde(default, alias = "decay_steps")]
    decay_steps: Option<u64>,
    #[serde(default, alias = "decay_rate")]
    decay_rate: Option<f32>,
    #[serde(default)]
    alpha: Option<f32>,
}

fn schedule(js: JsSchedule) -> crate::Result<Schedule> {
    let need = |v: Option<u64>, f: &str| {
        v.ok_or_else(|| Error::config(format!("schedule.{f}"), "is required for this schedule"))
    };
    Ok(match js.kind.to_ascii_lowercase().as_str() {
        "constant" => Schedule::Constant,
        "step" | "step_decay" => Schedule::StepDecay {
            step_size: need(js.step_size, "stepSize")?,
            factor: js.factor.unwrap_or(0.5),
        },
        "exponential" => Schedule::Exponential {
            decay_steps: need(js.decay_steps, "decaySteps")?,
            decay_rate: js.decay_rate.unwrap_or(0.96),
        },
        "cosine" => Schedule::Cosine {
            decay_steps: need(js.decay_steps, "decaySteps")?,
            alpha: js.alpha.unwrap_or(0.0),
        },
        other => {
            return Err(Error::config(
                "schedule.type",
                format!("unknown schedule \"{other}\"; use constant, step, exponential or cosine"),
            ))
        }
    })
}

fn compile_settings(js: JsCompile) -> crate::Result<(Loss, OptimizerConfig)> {
    let loss = Loss::parse(&js.loss)?;
    let mut cfg = match js.optimizer {
        JsOptimizer::Name(name) => OptimizerConfig::new(OptimizerKind::parse(&name)?),
        JsOptimizer::Settings(s) => {
            let mut c = OptimizerConfig::new(OptimizerKind::parse(&s.name)?);
            if let Some(v) = s.learning_rate {
                c.learning_rate = v;
            }
            if let Some(v) = s.momentum {
                c.momentum = v;
            }
            if let Some(v) = s.nesterov {
                c.nesterov = v;
            }
            if let Some(v) = s.rho {
                c.rho = v;
            }
            if let Some(v) = s.beta_1 {
                c.beta_1 = v;
            }
            if let Some(v) = s.beta_2 {
                c.beta_2 = v;
            }
            if let Some(v) = s.epsilon {
                c.epsilon = v;
            }
            if let Some(v) = s.weight_decay {
                c.weight_decay = v;
            }
            if let Some(v) = s.initial_accumulator_value {
                c.initial_accumulator_value = v;
            }
            c
        }
    };
    if let Some(lr) = js.learning_rate {
        cfg.learning_rate = lr;
    }
    if let Some(s) = js.schedule {
        cfg.schedule = schedule(s)?;
    }
    Ok((loss, cfg))
}

/// `{ epochs, batchSize, shuffle, validationSplit, earlyStopping: { patience, minDelta,
/// restoreBestWeights } }` (validation arrays are read separately).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsFit {
    #[serde(default = "one")]
    epochs: usize,
    #[serde(default = "thirty_two", alias = "batch_size")]
    batch_size: usize,
    #[serde(default = "yes")]
    shuffle: bool,
    #[serde(default, alias = "validation_split")]
    validation_split: Option<f32>,
    #[serde(default, alias = "early_stopping")]
    early_stopping: Option<JsEarlyStopping>,
}

fn one() -> usize {
    1
}
fn thirty_two() -> usize {
    32
}
fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsEarlyStopping {
    #[serde(default = "five")]
    patience: usize,
    #[serde(default, alias = "min_delta")]
    min_delta: f64,
    #[serde(default, alias = "restore_best_weights")]
    restore_best_weights: bool,
}

fn five() -> usize {
    5
}

/// A neural network with its optimizer and, while training, its training run.
#[wasm_bindgen(js_name = Model)]
pub struct JsModel {
    model: Model,
    trainer: Option<Trainer>,
    label_names: Option<Vec<String>>,
    preprocessing: Option<serde_json::Value>,
}

#[wasm_bindgen(js_class = Model)]
impl JsModel {
    /// `new Model({ inputs, layers: [{ units, activation }, ...], seed })`
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> JsResult<JsModel> {
        let js: JsModelConfig = from_js("model configuration", config)?;
        let model = Model::new(model_config(js).map_err(js_err)?).map_err(js_err)?;
        Ok(JsModel {
            model,
            trainer: None,
            label_names: None,
            preprocessing: None,
        })
    }

    /// `model.compile({ optimizer: "adam", loss: "binary_crossentropy", learningRate })`
    pub fn compile(&mut self, options: JsValue) -> JsResult<()> {
        let js: JsCompile = from_js("compile options", options)?;
        let (loss, optimizer) = compile_settings(js).map_err(js_err)?;
        self.model.compile(loss, optimizer).map_err(js_err)?;
        self.trainer = None;
        Ok(())
    }

    /// Number of inputs.
    #[wasm_bindgen(getter)]
    pub fn inputs(&self) -> usize {
        self.model.inputs()
    }

    /// Number of outputs.
    #[wasm_bindgen(getter)]
    pub fn outputs(&self) -> usize {
        self.model.outputs()
    }

    /// Number of trainable parameters.
    #[wasm_bindgen(getter, js_name = parameterCount)]
    pub fn parameter_count(&self) -> usize {
        self.model.parameter_count()
    }

    /// Layers with their shapes: `[{ units, inputs, activation, dropout, parameters }]`.
    pub fn summary(&self) -> JsResult<JsValue> {
        #[derive(Serialize)]
        struct Row {
            inputs: usize,
            units: usize,
            activation: &'static str,
            dropout: f32,
            parameters: usize,
        }
        let rows: Vec<Row> = self
            .model
            .layer_shapes()
            .iter()
            .zip(&self.model.config().layers)
            .map(|(&(inputs, units), l)| Row {
                inputs,
                units,
                activation: l.activation.name(),
                dropout: l.dropout,
                parameters: inputs * units + units,
            })
            .collect();
        to_js(&rows)
    }

    /// Predictions for the rows of `x` (`rows × inputs`, flat), as a flat `Float32Array` of
    /// `rows × outputs`. Classification outputs are probabilities.
    pub fn predict(&mut self, x: &[f32]) -> JsResult<Vec<f32>> {
        self.model.predict(x).map_err(js_err)
    }

    /// Trains for `options.epochs` on `x`, `y`, and returns the history
    /// `{ epochs: [{ epoch, loss, accuracy, valLoss, valAccuracy, learningRate }], stopped }`.
    /// `validationData: [xVal, yVal]` or `validationSplit` (the last fraction of the rows,
    /// as Keras) adds validation.
    pub fn fit(&mut self, x: &[f32], y: &[f32], options: JsValue) -> JsResult<JsValue> {
        self.start_training(x, y, options)?;
        let trainer = self.trainer.as_mut().expect("just started");
        trainer.fit(&mut self.model).map_err(js_err)?;
        history_js(trainer)
    }

    /// Prepares a step-wise run (same arguments as `fit`); then call `trainEpoch` or
    /// `trainBatches` repeatedly.
    #[wasm_bindgen(js_name = startTraining)]
    pub fn start_training(&mut self, x: &[f32], y: &[f32], options: JsValue) -> JsResult<()> {
        let validation = read_validation(&options)?;
        let opts: JsFit = if options.is_undefined() || options.is_null() {
            from_js("fit options", js_sys::Object::new().into())?
        } else {
            from_js("fit options", options)?
        };
        let (train, val) = self.datasets(x, y, validation, opts.validation_split)?;
        let config = TrainConfig {
            epochs: opts.epochs,
            batch_size: opts.batch_size,
            shuffle: opts.shuffle,
            early_stopping: opts.early_stopping.map(|e| EarlyStopping {
                patience: e.patience,
                min_delta: e.min_delta,
                restore_best_weights: e.restore_best_weights,
            }),
        };
        self.trainer = Some(Trainer::new(&self.model, train, val, config).map_err(js_err)?);
        Ok(())
    }

    /// Runs one epoch of the current run and returns its log.
    #[wasm_bindgen(js_name = trainEpoch)]
    pub fn train_epoch(&mut self) -> JsResult<JsValue> {
        let trainer = self.trainer.as_mut().ok_or_else(no_run)?;
        let log = trainer.run_epoch(&mut self.model).map_err(js_err)?;
        to_js(&EpochJs::from(&log))
    }

    /// Runs up to `n` mini-batches (stopping early at the end of the run) and returns
    /// `{ batches, loss, epochs: [logs of epochs finished meanwhile], finished }`.
    #[wasm_bindgen(js_name = trainBatches)]
    pub fn train_batches(&mut self, n: usize) -> JsResult<JsValue> {
        #[derive(Serialize)]
        struct Out {
            batches: usize,
            loss: f64,
            epochs: Vec<EpochJs>,
            finished: bool,
        }
        let trainer = self.trainer.as_mut().ok_or_else(no_run)?;
        let mut out = Out {
            batches: 0,
            loss: f64::NAN,
            epochs: Vec::new(),
            finished: false,
        };
        while out.batches < n && !trainer.finished() {
            let log = trainer.step(&mut self.model).map_err(js_err)?;
            out.batches += 1;
            out.loss = log.loss;
            if let Some(e) = &log.epoch {
                out.epochs.push(EpochJs::from(e));
            }
        }
        out.finished = trainer.finished();
        to_js(&out)
    }

    /// Whether the current run has ended (or there is none).
    #[wasm_bindgen(getter, js_name = trainingFinished)]
    pub fn training_finished(&self) -> bool {
        self.trainer.as_ref().is_none_or(|t| t.finished())
    }

    /// Epochs completed in the current run.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> usize {
        self.trainer.as_ref().map_or(0, |t| t.epoch())
    }

    /// The history of the current run.
    pub fn history(&self) -> JsResult<JsValue> {
        history_js(self.trainer.as_ref().ok_or_else(no_run)?)
    }

    /// Changes the epoch limit of the current run.
    #[wasm_bindgen(js_name = setEpochs)]
    pub fn set_epochs(&mut self, epochs: usize) -> JsResult<()> {
        self.trainer_mut()?.set_epochs(epochs).map_err(js_err)
    }

    /// Changes the learning rate between steps; optimizer state is kept.
    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, lr: f32) -> JsResult<()> {
        let c = self
            .model
            .compiled_mut()
            .ok_or_else(|| js_err(not_compiled()))?;
        c.optimizer.set_learning_rate(lr).map_err(js_err)
    }

    /// The learning rate the next update will use.
    #[wasm_bindgen(getter, js_name = learningRate)]
    pub fn learning_rate(&self) -> f32 {
        self.model
            .compiled()
            .map_or(0.0, |c| c.optimizer.current_learning_rate())
    }

    /// `{ loss, accuracy }` over `x`, `y` (accuracy is `null` for regression).
    pub fn evaluate(&mut self, x: &[f32], y: &[f32]) -> JsResult<JsValue> {
        let rows = rows_of(x, self.model.inputs())?;
        let e = self.model.evaluate(x, y, rows).map_err(js_err)?;
        to_js(&e)
    }

    /// Full metrics for `x`, `y`: for binary `{ task, accuracy, precision, recall, f1,
    /// confusion, rocAuc, roc }` at `threshold` (default 0.5); for multiclass accuracy,
    /// macro and micro scores, per-class scores and the confusion matrix; for regression
    /// mse, rmse, mae and r2.
    pub fn metrics(&mut self, x: &[f32], y: &[f32], threshold: Option<f32>) -> JsResult<JsValue> {
        let loss = self.model.loss().ok_or_else(|| js_err(not_compiled()))?;
        let rows = rows_of(x, self.model.inputs())?;
        let outputs = self.model.outputs();
        if y.len() % rows != 0 {
            return Err(JsError::new(
                "targets: expected one row of targets per feature row",
            ));
        }
        loss.check_targets(y, y.len() / rows, outputs)
            .map_err(js_err)?;
        let p = self.model.predict(x).map_err(js_err)?;
        let value = match (loss.task(), outputs) {
            (Task::Binary, 1) => {
                let r = metrics::binary_report(y, &p, threshold.unwrap_or(0.5)).map_err(js_err)?;
                let roc = metrics::roc_curve(y, &p).map_err(js_err)?;
                serde_json::json!({
                    "task": "binary", "accuracy": r.accuracy, "precision": r.precision,
                    "recall": r.recall, "f1": r.f1, "threshold": r.threshold,
                    "confusion": r.confusion.counts, "rocAuc": r.roc_auc,
                    "roc": roc.iter().map(|&(f, t, _)| [f, t]).collect::<Vec<_>>(),
                })
            }
            (Task::Multiclass, _) | (Task::Binary, _) => {
                let target_cols = y.len() / rows;
                let truth: Vec<usize> = y
                    .chunks_exact(target_cols)
                    .map(|r| {
                        if target_cols == 1 {
                            r[0] as usize
                        } else {
                            argmax(r)
                        }
                    })
                    .collect();
                let predicted: Vec<usize> = p.chunks_exact(outputs).map(argmax).collect();
                let r = metrics::multiclass_report(&truth, &predicted, outputs.max(2))
                    .map_err(js_err)?;
                serde_json::json!({
                    "task": "multiclass", "accuracy": r.accuracy,
                    "macro": r.macro_scores, "micro": r.micro_scores,
                    "perClass": r.per_class, "confusion": r.confusion.counts,
                })
            }
            (Task::Regression, _) => {
                let r = metrics::regression_report(y, &p).map_err(js_err)?;
                serde_json::json!({
                    "task": "regression", "mse": r.mse, "rmse": r.rmse, "mae": r.mae, "r2": r.r2,
                })
            }
        };
        to_js(&value)
    }

    /// Layer `i`'s kernel (`inputs × units`, row-major) as a `Float32Array`.
    pub fn kernel(&self, i: usize) -> JsResult<Vec<f32>> {
        let (k, _) = self
            .model
            .layer_params(i)
            .ok_or_else(|| JsError::new(&format!("there is no layer {i}")))?;
        Ok(k.to_vec())
    }

    /// Layer `i`'s bias as a `Float32Array`.
    pub fn bias(&self, i: usize) -> JsResult<Vec<f32>> {
        let (_, b) = self
            .model
            .layer_params(i)
            .ok_or_else(|| JsError::new(&format!("there is no layer {i}")))?;
        Ok(b.to_vec())
    }

    /// Class names to store with the model.
    #[wasm_bindgen(js_name = setLabelNames)]
    pub fn set_label_names(&mut self, names: Vec<String>) {
        self.label_names = Some(names);
    }

    /// Fitted preprocessing (any JSON value) to store with the model.
    #[wasm_bindgen(js_name = setPreprocessing)]
    pub fn set_preprocessing(&mut self, value: JsValue) -> JsResult<()> {
        self.preprocessing = Some(from_js("preprocessing", value)?);
        Ok(())
    }

    /// The whole model as versioned JSON text.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        let mut file = model_file::ModelFile::from_model(&self.model);
        file.label_names = self.label_names.clone();
        file.preprocessing = self.preprocessing.clone();
        file.to_json()
    }

    /// Loads a model saved by `toJSON`; throws naming the bad field.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(json: &str) -> JsResult<JsModel> {
        let file = model_file::ModelFile::from_json(json).map_err(js_err)?;
        let label_names = file.label_names.clone();
        let preprocessing = file.preprocessing.clone();
        Ok(JsModel {
            model: file.into_model().map_err(js_err)?,
            trainer: None,
            label_names,
            preprocessing,
        })
    }

    /// Class names stored with the model, or `undefined`.
    #[wasm_bindgen(getter, js_name = labelNames)]
    pub fn label_names(&self) -> Option<Vec<String>> {
        self.label_names.clone()
    }
}

impl JsModel {
    fn trainer_mut(&mut self) -> JsResult<&mut Trainer> {
        self.trainer.as_mut().ok_or_else(no_run)
    }

    fn datasets(
        &self,
        x: &[f32],
        y: &[f32],
        validation: Option<(Vec<f32>, Vec<f32>)>,
        split: Option<f32>,
    ) -> JsResult<(Dataset, Option<Dataset>)> {
        let inputs = self.model.inputs();
        let rows = rows_of(x, inputs)?;
        if y.len() % rows != 0 {
            return Err(JsError::new(&format!(
                "targets: {} values do not split into {rows} rows",
                y.len()
            )));
        }
        let target_cols = y.len() / rows;
        let train =
            Dataset::from_vecs(x.to_vec(), inputs, y.to_vec(), target_cols).map_err(js_err)?;
        match (validation, split) {
            (Some((vx, vy)), _) => {
                let vrows = rows_of(&vx, inputs)?;
                if vy.len() != vrows * target_cols {
                    return Err(JsError::new(&format!(
                        "validationData: expected {} target values, got {}",
                        vrows * target_cols,
                        vy.len()
                    )));
                }
                let val = Dataset::from_vecs(vx, inputs, vy, target_cols).map_err(js_err)?;
                Ok((train, Some(val)))
            }
            (None, Some(s)) if s > 0.0 => {
                if s >= 1.0 || s.is_nan() {
                    return Err(JsError::new("validationSplit must be in [0, 1)"));
                }
                let n_val = ((rows as f32) * s).round() as usize;
                if n_val == 0 || n_val >= rows {
                    return Err(JsError::new(&format!(
                        "validationSplit {s} of {rows} rows leaves no rows on one side"
                    )));
                }
                let cut = rows - n_val;
                let idx: Vec<usize> = (0..rows).collect();
                Ok((train.select(&idx[..cut]), Some(train.select(&idx[cut..]))))
            }
            _ => Ok((train, None)),
        }
    }
}

fn read_validation(options: &JsValue) -> JsResult<Option<(Vec<f32>, Vec<f32>)>> {
    if !options.is_object() {
        return Ok(None);
    }
    let v = js_sys::Reflect::get(options, &JsValue::from_str("validationData"))
        .map_err(|_| JsError::new("cannot read validationData"))?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let arr: js_sys::Array = v
        .dyn_into()
        .map_err(|_| JsError::new("validationData must be [xVal, yVal]"))?;
    if arr.length() != 2 {
        return Err(JsError::new("validationData must be [xVal, yVal]"));
    }
    let take = |i: u32| -> JsResult<Vec<f32>> {
        let item = arr.get(i);
        if let Some(f) = item.dyn_ref::<js_sys::Float32Array>() {
            Ok(f.to_vec())
        } else if js_sys::Array::is_array(&item) {
            Ok(js_sys::Float32Array::new(&item).to_vec())
        } else {
            Err(JsError::new(
                "validationData must hold two Float32Arrays (or arrays)",
            ))
        }
    };
    Ok(Some((take(0)?, take(1)?)))
}

fn rows_of(x: &[f32], inputs: usize) -> JsResult<usize> {
    if x.is_empty() || x.len() % inputs != 0 {
        return Err(JsError::new(&format!(
            "features: expected a non-empty multiple of {inputs} values (rows × inputs), got {}",
            x.len()
        )));
    }
    Ok(x.len() / inputs)
}

fn not_compiled() -> Error {
    Error::State("the model is not compiled: call compile({ optimizer, loss }) first".into())
}

fn no_run() -> JsError {
    JsError::new("no training run: call startTraining(x, y, options) first")
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EpochJs {
    epoch: usize,
    loss: f64,
    accuracy: Option<f64>,
    val_loss: Option<f64>,
    val_accuracy: Option<f64>,
    learning_rate: f32,
}

impl From<&crate::train::EpochLog> for EpochJs {
    fn from(e: &crate::train::EpochLog) -> Self {
        EpochJs {
            epoch: e.epoch,
            loss: e.loss,
            accuracy: e.accuracy,
            val_loss: e.val_loss,
            val_accuracy: e.val_accuracy,
            learning_rate: e.learning_rate,
        }
    }
}

fn history_js(trainer: &Trainer) -> JsResult<JsValue> {
    #[derive(Serialize)]
    struct H {
        epochs: Vec<EpochJs>,
        stopped: Option<crate::train::StopReason>,
    }
    let h = trainer.history();
    to_js(&H {
        epochs: h.epochs.iter().map(EpochJs::from).collect(),
        stopped: h.stopped.clone(),
    })
}
