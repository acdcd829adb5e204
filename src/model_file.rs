//! Saving and loading whole models as versioned JSON.
//!
//! The file holds the architecture, the weights, the loss and optimizer settings, the
//! fitted preprocessing and the label names, so a loaded model predicts on raw rows. Keys
//! are camelCase; files of version 1 (snake_case keys) still load.

use serde::{Deserialize, Serialize};

use crate::data::Preprocessor;
use crate::error::{Error, Result};
use crate::model_card::ModelCard;
use crate::nn::{CompileSettings, Model, ModelConfig, PruningSchedule};

/// The `format` field of every model file.
pub const FORMAT: &str = "nnplay-model";
/// The version this build writes.
pub const VERSION: u32 = 2;
/// The versions this build reads.
pub const READS: [u32; 2] = [1, 2];

/// The saved form of a model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelFile {
    pub format: String,
    pub version: u32,
    pub model: ModelConfig,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compile: Option<CompileSettings>,
    /// One entry per layer with weights, in order: kernel (a dense layer's `fan_in ×
    /// units`, a convolution's `height × width × channels × filters`, an embedding's
    /// `inputDim × outputDim` table, row-major as Keras stores them) and bias (empty for an
    /// embedding).
    pub weights: Vec<LayerWeights>,
    /// Fitted preprocessing (scaling, encodings) applied to raw inputs before the network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preprocessing: Option<Preprocessor>,
    /// Class names, index by index, for classification models.
    #[serde(
        default,
        alias = "label_names",
        skip_serializing_if = "Option::is_none"
    )]
    pub label_names: Option<Vec<String>>,
    /// The gradual pruning schedule, when the model trains under one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pruning: Option<PruningSchedule>,
    /// Where the model came from and how it scored ([`ModelCard`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<ModelCard>,
}

/// A layer's learned weights (`null` stands for a value that was not finite when saved,
/// and is refused on loading).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerWeights {
    pub kernel: Vec<Option<f32>>,
    pub bias: Vec<Option<f32>>,
    /// Indices into `kernel` of the pruned weights (held at zero by training).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pruned: Vec<u32>,
}

impl ModelFile {
    /// Captures a model with its preprocessing and label names.
    pub fn new(
        model: &Model,
        preprocessing: Option<Preprocessor>,
        label_names: Option<Vec<String>>,
    ) -> Self {
        let pruned = model.pruned_indices();
        let shaped = model
            .shaped_params()
            .into_iter()
            .map(|(k, b)| (k, b, Vec::new()));
        let dense = (0..model.config().layers.len())
            .filter_map(|i| model.layer_params(i))
            .zip(pruned)
            .map(|((k, b), pruned)| (k, b, pruned));
        let weights = shaped
            .chain(dense)
            .map(|(k, b, pruned)| LayerWeights {
                kernel: k.iter().map(|&v| Some(v)).collect(),
                bias: b.iter().map(|&v| Some(v)).collect(),
                pruned,
            })
            .collect();
        ModelFile {
            format: FORMAT.into(),
            version: VERSION,
            model: model.config().clone(),
            compile: model.compiled().map(|c| CompileSettings {
                loss: c.loss,
                optimizer: c.optimizer.config().clone(),
            }),
            weights,
            preprocessing,
            label_names,
            pruning: model.pruning().copied(),
            card: None,
        }
    }

    /// Captures a model alone.
    pub fn from_model(model: &Model) -> Self {
        ModelFile::new(model, None, None)
    }

    /// Writes JSON.
    pub fn to_json(&self) -> String {
        crate::json::to_text(self)
    }

    /// Parses JSON; the error names the field that is wrong.
    pub fn from_json(json: &str) -> Result<Self> {
        let value = crate::json::parse(json).map_err(|e| e.file(""))?;
        if !value.is_object() {
            return Err(Error::file(
                "file",
                "expected a JSON object with format, version, model and weights",
            ));
        }
        // The format and version first: a file of another kind or version is named as such
        // rather than by its first unknown field.
        match value.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            None => {
                return Err(Error::file(
                    "format",
                    format!(
                        "this is not an nnplay model file (it has no \"format\": \"{FORMAT}\"); \
                         export one with Export model or Model.toJSON()"
                    ),
                ))
            }
            Some(other) => {
                return Err(Error::file(
                    "format",
                    format!("expected \"{FORMAT}\", got \"{other}\""),
                ))
            }
        }
        let version = value.get("version").and_then(|v| v.as_u64());
        if !version.is_some_and(|v| READS.contains(&(v as u32))) {
            return Err(Error::file(
                "version",
                format!(
                    "this build reads versions 1 and {VERSION}, the file is version {}",
                    value
                        .get("version")
                        .map_or("(none)".into(), |v| v.to_string())
                ),
            ));
        }
        let file: ModelFile = crate::json::read(value).map_err(|e| e.file(""))?;
        if let Some(p) = &file.preprocessing {
            p.check()?;
        }
        Ok(file)
    }

    /// Builds the model: checks the architecture, every weight's shape and finiteness.
    ///
    /// # Errors
    /// The field that is wrong.
    pub fn into_model(self) -> Result<Model> {
        Ok(self.into_parts()?.0)
    }

    /// The model, its preprocessing and its label names, checked against each other.
    ///
    /// # Errors
    /// As [`ModelFile::into_model`], or a preprocessing that does not fit the network.
    pub fn into_parts(self) -> Result<(Model, Option<Preprocessor>, Option<Vec<String>>)> {
        let preprocessing = self.preprocessing.clone();
        let label_names = self.label_names.clone();
        let model = self.build()?;
        if let Some(p) = &preprocessing {
            p.check_shape(model.inputs(), model.outputs())
                .map_err(|e| Error::file("preprocessing", e.to_string()))?;
        }
        Ok((model, preprocessing, label_names))
    }

    fn build(self) -> Result<Model> {
        let in_file = |e: Error| match e {
            Error::InvalidConfig { field, reason } => Error::file(format!("model.{field}"), reason),
            other => other,
        };
        // The architecture and the weights' shapes are checked before the model is built,
        // so a small file that declares a large network allocates nothing large.
        self.model.check().map_err(in_file)?;
        let shapes = self.model.weight_shapes().map_err(in_file)?;
        self.check_shapes(&shapes)?;
        let shaped_weights = shapes.len() - self.model.layers.len();
        if let Some(i) = self.weights[..shaped_weights]
            .iter()
            .position(|w| !w.pruned.is_empty())
        {
            return Err(Error::file(
                format!("weights[{i}].pruned"),
                "only dense layers are pruned",
            ));
        }
        let mut model = Model::new(self.model.clone()).map_err(in_file)?;
        let mut flat = Vec::with_capacity(model.parameter_count());
        for (i, lw) in self.weights.iter().enumerate() {
            for (name, values) in [("kernel", &lw.kernel), ("bias", &lw.bias)] {
                for (j, v) in values.iter().enumerate() {
                    match v {
                        Some(v) if v.is_finite() => flat.push(*v),
                        _ => {
                            return Err(Error::file(
                                format!("weights[{i}].{name}[{j}]"),
                                "is not a finite number",
                            ))
                        }
                    }
                }
            }
        }
        model.set_params(&flat)?;
        let pruned: Vec<Vec<u32>> = self.weights[shaped_weights..]
            .iter()
            .map(|w| w.pruned.clone())
            .collect();
        model.set_pruned(&pruned).map_err(|e| match e {
            Error::InvalidConfig { field, reason } => Error::file(field, reason),
            other => other,
        })?;
        model.set_pruning(self.pruning).map_err(|e| match e {
            Error::InvalidConfig { field, reason } => {
                Error::file(format!("pruning.{field}"), reason)
            }
            other => other,
        })?;
        if let Some(c) = self.compile {
            model.compile(c.loss, c.optimizer).map_err(|e| match e {
                Error::InvalidConfig { field, reason } => {
                    Error::file(format!("compile.{field}"), reason)
                }
                other => other,
            })?;
        }
        Ok(model)
    }

    /// Every layer's weights have the shape the architecture gives them (`shapes`: the
    /// number of kernel and bias values of each layer with weights).
    fn check_shapes(&self, shapes: &[(usize, usize)]) -> Result<()> {
        if self.weights.len() != shapes.len() {
            return Err(Error::file(
                "weights",
                format!(
                    "{} layer(s) of weights for {} layer(s)",
                    self.weights.len(),
                    shapes.len()
                ),
            ));
        }
        for (i, (lw, &(kernel, bias))) in self.weights.iter().zip(shapes).enumerate() {
            for (name, values, want) in [("kernel", &lw.kernel, kernel), ("bias", &lw.bias, bias)] {
                if values.len() != want {
                    return Err(Error::file(
                        format!("weights[{i}].{name}"),
                        format!("expected {want} values, got {}", values.len()),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Saves a model as JSON.
pub fn save(model: &Model) -> String {
    ModelFile::from_model(model).to_json()
}

/// Loads a model from JSON.
pub fn load(json: &str) -> Result<Model> {
    ModelFile::from_json(json)?.into_model()
}
