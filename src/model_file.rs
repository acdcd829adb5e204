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
        let mut out = Vec::new();
        let mut writer = serde_json::Serializer::with_formatter(&mut out, ShortestFloats);
        // Not `expect`: its message would bring serde_json's error formatting along.
        if self.serialize(&mut writer).is_err() {
            unreachable!("model files always serialise");
        }
        String::from_utf8(out).expect("JSON is UTF-8")
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

/// Compact JSON whose floats are written by Rust's own shortest round-trip formatting
/// (`{}`: `0.25`, `0.000012`, with `.0` added to whole numbers so they stay floats), which
/// reads back to the same `f32`/`f64`. The module carries that code anyway (for messages);
/// serde_json's float printer would add its own tables to the download.
struct ShortestFloats;

/// `text` (from `{}` or `{:e}`) with `.0` added to a whole number, so it stays a float.
fn write_float<W: ?Sized + std::io::Write>(w: &mut W, text: String) -> std::io::Result<()> {
    w.write_all(text.as_bytes())?;
    if text.contains(['.', 'e']) {
        Ok(())
    } else {
        w.write_all(b".0")
    }
}

/// Positional (`0.25`) in the usual range, scientific (`1.5e-7`) for tiny and huge
/// magnitudes, as JSON writers do: short text that parses back exactly.
fn float_text(v: f64, shortest: impl Fn(bool) -> String) -> String {
    shortest(v != 0.0 && !(1e-5..1e16).contains(&v.abs()))
}

impl serde_json::ser::Formatter for ShortestFloats {
    fn write_f32<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: f32) -> std::io::Result<()> {
        let text = float_text(f64::from(v), |sci| {
            if sci {
                format!("{v:e}")
            } else {
                v.to_string()
            }
        });
        write_float(w, text)
    }

    fn write_f64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: f64) -> std::io::Result<()> {
        let text = float_text(v, |sci| if sci { format!("{v:e}") } else { v.to_string() });
        write_float(w, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_back_bit_for_bit() {
        // Extremes of f32 (the smallest subnormal, the largest finite), a negative zero, a
        // value with no short decimal, and whole numbers (written with `.0`).
        let values = [
            f32::from_bits(1),
            f32::MIN_POSITIVE,
            f32::MAX,
            -0.0,
            0.1,
            std::f32::consts::PI,
            -123_456.79,
            1.0,
            -4096.0,
        ];
        let mut out = Vec::new();
        let mut writer = serde_json::Serializer::with_formatter(&mut out, ShortestFloats);
        values.serialize(&mut writer).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(",1.0,-4096.0]") && text.starts_with("[1e-45,"),
            "{text}"
        );
        let back: Vec<f32> = serde_json::from_str(&text).unwrap();
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back), bits(&values), "{text}");
        // f64 the same way (the preprocessing holds f64 numbers).
        let wide = [1e-300, f64::MAX, 0.1, 2.0, 3.5e-6, 1.25e17];
        let mut out = Vec::new();
        let mut writer = serde_json::Serializer::with_formatter(&mut out, ShortestFloats);
        wide.serialize(&mut writer).unwrap();
        let back: Vec<f64> = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            back.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            wide.map(f64::to_bits)
        );
    }
}
