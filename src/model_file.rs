//! Saving and loading whole models as versioned JSON.
//!
//! The file holds the architecture, the weights, the loss and optimizer settings, and room
//! for preprocessing parameters and label names, so a loaded model predicts on raw rows.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::loss::Loss;
use crate::model::{Model, ModelConfig};
use crate::optim::OptimizerConfig;

/// The `format` field of every model file.
pub const FORMAT: &str = "nnplay-model";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;

/// The saved form of a model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    pub format: String,
    pub version: u32,
    pub model: ModelConfig,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compile: Option<CompileSettings>,
    /// One entry per layer: kernel (`fan_in × units`, row-major) and bias.
    pub weights: Vec<LayerWeights>,
    /// Fitted preprocessing (scaling, encodings) applied to raw inputs before the network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preprocessing: Option<serde_json::Value>,
    /// Class names, index by index, for classification models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_names: Option<Vec<String>>,
}

/// Loss and optimizer settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompileSettings {
    pub loss: Loss,
    pub optimizer: OptimizerConfig,
}

/// A layer's learned weights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerWeights {
    pub kernel: Vec<Option<f32>>,
    pub bias: Vec<Option<f32>>,
}

impl ModelFile {
    /// Captures a model.
    pub fn from_model(model: &Model) -> Self {
        let weights = (0..model.config().layers.len())
            .map(|i| {
                let (k, b) = model.layer_params(i).expect("layer exists");
                LayerWeights {
                    kernel: k.iter().map(|&v| Some(v)).collect(),
                    bias: b.iter().map(|&v| Some(v)).collect(),
                }
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
            preprocessing: None,
            label_names: None,
        }
    }

    /// Writes JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("model files always serialise")
    }

    /// Parses JSON; the error names the field that is wrong.
    pub fn from_json(json: &str) -> Result<Self> {
        let value: serde_json::Value = serde_json::from_str(json)
            .map_err(|e| Error::file("file", format!("not valid JSON: {e}")))?;
        if !value.is_object() {
            return Err(Error::file(
                "file",
                "expected a JSON object with format, version, model and weights",
            ));
        }
        let file: ModelFile = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let field = if path == "." || path.is_empty() {
                "file".to_string()
            } else {
                path
            };
            Error::file(field, e.into_inner().to_string())
        })?;
        if file.format != FORMAT {
            return Err(Error::file(
                "format",
                format!("expected \"{FORMAT}\", got \"{}\"", file.format),
            ));
        }
        if file.version != VERSION {
            return Err(Error::file(
                "version",
                format!(
                    "this build reads version {VERSION}, the file is version {}",
                    file.version
                ),
            ));
        }
        Ok(file)
    }

    /// Builds the model: checks the architecture, every weight's shape and finiteness.
    pub fn into_model(self) -> Result<Model> {
        let mut model = Model::new(self.model.clone()).map_err(|e| match e {
            Error::InvalidConfig { field, reason } => Error::file(format!("model.{field}"), reason),
            other => other,
        })?;
        let shapes = model.layer_shapes();
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
        let mut flat = Vec::with_capacity(model.parameter_count());
        for (i, (lw, &(fan_in, units))) in self.weights.iter().zip(&shapes).enumerate() {
            for (name, values, want) in [
                ("kernel", &lw.kernel, fan_in * units),
                ("bias", &lw.bias, units),
            ] {
                if values.len() != want {
                    return Err(Error::file(
                        format!("weights[{i}].{name}"),
                        format!("expected {want} values, got {}", values.len()),
                    ));
                }
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
}

/// Saves a model as JSON.
pub fn save(model: &Model) -> String {
    ModelFile::from_model(model).to_json()
}

/// Loads a model from JSON.
pub fn load(json: &str) -> Result<Model> {
    ModelFile::from_json(json)?.into_model()
}
