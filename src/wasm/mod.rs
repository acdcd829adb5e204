//! The JavaScript API: the only place wasm-bindgen appears.
//!
//! Long-lived state (the model, its optimizer and a training run) stays in Rust behind the
//! [`JsModel`] handle (`Model` in JavaScript); bulk numbers cross as `Float32Array`s and
//! small results as plain objects. Every export returns `Result<_, JsError>`, so a bad
//! argument throws a JavaScript `Error` with a readable message and the module keeps
//! working.
//!
//! Two modules are built from it: with the `tables` feature (the default) the whole API;
//! without it (`nnplay_core`) the engine alone — [`JsModel`] without `fromJSON`,
//! `predictRows` and `predictCsv`, and the 2-D sets of [`data`] — small enough that a page
//! can start training on it quickly. Options are read by [`options`], one small reader
//! rather than a derived deserializer per type, for the same reason.

pub mod data;
pub mod options;
#[cfg(feature = "tables")]
pub mod tables;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::dataset::Dataset;
use crate::error::Error;
use crate::loss::Task;
use crate::metrics;
use crate::model::{argmax, Model};
use crate::model_file;
use crate::train::Trainer;

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
#[cfg(feature = "tables")]
fn from_js<T: for<'de> serde::Deserialize<'de>>(what: &str, value: JsValue) -> JsResult<T> {
    let text = json_text(what, &value)?;
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

/// A JavaScript value as JSON text (`JSON.stringify`).
fn json_text(what: &str, value: &JsValue) -> JsResult<String> {
    js_sys::JSON::stringify(value)
        .map(String::from)
        .map_err(|_| JsError::new(&format!("invalid {what}: not a plain object")))
}

/// Reads an options object with one of the readers of [`options`]; `undefined` and `null`
/// read as `{}`. Errors say `invalid <what>: <path>: <reason>`.
fn read<T>(
    what: &str,
    value: JsValue,
    reader: impl FnOnce(&serde_json::Value) -> Result<T, options::OptionError>,
) -> JsResult<T> {
    let value: serde_json::Value = if value.is_undefined() || value.is_null() {
        serde_json::Value::Null
    } else {
        let text = json_text(what, &value)?;
        // The text comes from JSON.stringify, so it parses; the error is not shown, which keeps
        // serde_json's message code out of the engine module.
        serde_json::from_str(&text)
            .map_err(|_| JsError::new(&format!("invalid {what}: not a plain object")))?
    };
    reader(&value).map_err(|e| JsError::new(&e.describe(what)))
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
        let config = read("model configuration", config, |v| {
            options::model_config(v, true)
        })?;
        let model = Model::new(config).map_err(js_err)?;
        Ok(JsModel {
            model,
            trainer: None,
            label_names: None,
            preprocessing: None,
        })
    }

    /// `model.compile({ optimizer: "adam", loss: "binary_crossentropy", learningRate })`
    pub fn compile(&mut self, options: JsValue) -> JsResult<()> {
        let (loss, optimizer) = read("compile options", options, options::compile_settings)?;
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
        let (config, split) = read("fit options", options, options::fit_settings)?;
        let (train, val) = self.datasets(x, y, validation, split)?;
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
        self.preprocessing = Some(read("preprocessing", value, |v| Ok(v.clone()))?);
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
