//! Option objects from JavaScript (`new Model(config)`, `compile`, `fit`, the 2-D set
//! options), read field by field from a `serde_json::Value`.
//!
//! A small reader instead of derived `Deserialize` impls keeps the engine module small: one
//! non-generic reader serves every options type. It refuses misspelt keys (naming the keys it
//! knows), names the path of a bad value (`layers[1].units`), and treats `null` like a key
//! not given (the default).

use serde_json::{Map, Value};

use crate::activation::Activation;
use crate::data::{MissingPolicy, Scaling, SplitConfig};
use crate::error::Error;
use crate::init::Init;
use crate::loss::Loss;
use crate::model::{DenseConfig, ModelConfig};
use crate::optim::{OptimizerConfig, OptimizerKind, Schedule};
use crate::train::{EarlyStopping, TrainConfig};

/// A problem with an options object: the path of the field (empty for the whole object) and
/// what is wrong.
#[derive(Debug)]
pub struct OptionError {
    pub path: String,
    pub reason: String,
}

impl OptionError {
    fn new(path: impl Into<String>, reason: impl Into<String>) -> OptionError {
        OptionError {
            path: path.into(),
            reason: reason.into(),
        }
    }

    /// `invalid <what>: <path>: <reason>`, the form every options error takes.
    pub fn describe(&self, what: &str) -> String {
        if self.path.is_empty() {
            format!("invalid {what}: {}", self.reason)
        } else {
            format!("invalid {what}: {}: {}", self.path, self.reason)
        }
    }
}

type Read<T> = std::result::Result<T, OptionError>;

/// The fields of one JSON object, read one at a time; [`Fields::finish`] refuses the keys
/// that were not asked for.
pub struct Fields<'a> {
    path: String,
    map: &'a Map<String, Value>,
    known: Vec<&'static str>,
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => match n.as_f64() {
            Some(f) => format!("number {f}"),
            None => "a number".into(),
        },
        Value::String(s) => format!("string \"{s}\""),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

impl<'a> Fields<'a> {
    /// The object at `path`; `null` reads as an empty object.
    pub fn of(value: &'a Value, path: String) -> Read<Fields<'a>> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        let map = match value {
            Value::Object(map) => map,
            Value::Null => EMPTY.get_or_init(Map::new),
            other => {
                return Err(OptionError::new(
                    path,
                    format!("invalid type: {}, expected an object", kind(other)),
                ))
            }
        };
        Ok(Fields {
            path,
            map,
            known: Vec::new(),
        })
    }

    fn path_of(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// The value under the first of `names` (a name and its aliases) that is present and not
    /// `null`, with the name found.
    fn get(&mut self, names: &[&'static str]) -> Option<(&'static str, &'a Value)> {
        self.known.extend_from_slice(names);
        names
            .iter()
            .find_map(|&n| self.map.get(n).filter(|v| !v.is_null()).map(|v| (n, v)))
    }

    fn expected(&self, name: &str, v: &Value, what: &str) -> OptionError {
        OptionError::new(
            self.path_of(name),
            format!("invalid type: {}, expected {what}", kind(v)),
        )
    }

    pub fn f64(&mut self, names: &[&'static str]) -> Read<Option<f64>> {
        match self.get(names) {
            None => Ok(None),
            Some((n, v)) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| self.expected(n, v, "a number")),
        }
    }

    pub fn f32(&mut self, names: &[&'static str]) -> Read<Option<f32>> {
        Ok(self.f64(names)?.map(|v| v as f32))
    }

    pub fn u64(&mut self, names: &[&'static str]) -> Read<Option<u64>> {
        match self.get(names) {
            None => Ok(None),
            Some((n, v)) => match v.as_u64() {
                Some(u) => Ok(Some(u)),
                // JavaScript numbers: 3.0 is a whole number too.
                None => match v.as_f64() {
                    Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 2f64.powi(53) => {
                        Ok(Some(f as u64))
                    }
                    _ => Err(self.expected(n, v, "a whole number ≥ 0")),
                },
            },
        }
    }

    pub fn usize(&mut self, names: &[&'static str]) -> Read<Option<usize>> {
        Ok(self.u64(names)?.map(|v| v as usize))
    }

    pub fn bool(&mut self, names: &[&'static str]) -> Read<Option<bool>> {
        match self.get(names) {
            None => Ok(None),
            Some((n, v)) => v
                .as_bool()
                .map(Some)
                .ok_or_else(|| self.expected(n, v, "true or false")),
        }
    }

    pub fn string(&mut self, names: &[&'static str]) -> Read<Option<&'a str>> {
        match self.get(names) {
            None => Ok(None),
            Some((n, v)) => v
                .as_str()
                .map(Some)
                .ok_or_else(|| self.expected(n, v, "a string")),
        }
    }

    /// A nested object.
    pub fn object(&mut self, names: &[&'static str]) -> Read<Option<Fields<'a>>> {
        match self.get(names) {
            None => Ok(None),
            Some((n, v)) => Fields::of(v, self.path_of(n)).map(Some),
        }
    }

    /// An array of any values, with the path of each item (`name[i]`).
    pub fn array(&mut self, names: &[&'static str]) -> Read<Option<Vec<(String, &'a Value)>>> {
        match self.get(names) {
            None => Ok(None),
            Some((n, Value::Array(items))) => Ok(Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (format!("{}[{i}]", self.path_of(n)), v))
                    .collect(),
            )),
            Some((n, v)) => Err(self.expected(n, v, "an array")),
        }
    }

    /// A string naming one of several choices, parsed by `parse`.
    fn choice<T>(
        &mut self,
        names: &[&'static str],
        parse: impl Fn(&str) -> crate::Result<T>,
    ) -> Read<Option<T>> {
        let path = self.path_of(names[0]);
        match self.string(names)? {
            None => Ok(None),
            Some(s) => parse(s).map(Some).map_err(|e| relabel(e, &path)),
        }
    }

    /// Refuses keys that were not read: `unknown field `x`, expected one of ...`.
    pub fn finish(self) -> Read<()> {
        match self.map.keys().find(|k| !self.known.contains(&k.as_str())) {
            None => Ok(()),
            Some(key) => {
                let mut names: Vec<&str> = Vec::new();
                for n in &self.known {
                    if !names.contains(n) {
                        names.push(n);
                    }
                }
                let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                Err(OptionError::new(
                    self.path.clone(),
                    format!("unknown field `{key}`, expected one of {}", list.join(", ")),
                ))
            }
        }
    }
}

/// `{ inputs, layers: [{ units, activation, alpha, dropout, l1, l2, kernelInitializer } |
/// { type: "dropout", rate }], seed, l1, l2 }`. `inputs` may be absent when
/// `inputs_given` is false (cross-validation sets it per fold).
pub fn model_config(value: &Value, inputs_given: bool) -> Read<ModelConfig> {
    let mut o = Fields::of(value, String::new())?;
    let inputs = o.usize(&["inputs"])?;
    let items = o.array(&["layers"])?;
    let seed = o.u64(&["seed"])?.unwrap_or(0);
    let l1 = o.f32(&["l1"])?.unwrap_or(0.0);
    let l2 = o.f32(&["l2"])?.unwrap_or(0.0);
    // A misspelt key first: `{ layer: [...] }` is better told than "missing `layers`".
    o.finish()?;
    let inputs = match (inputs, inputs_given) {
        (Some(i), _) => i,
        (None, false) => 0,
        (None, true) => return Err(OptionError::new("", "missing field `inputs`")),
    };
    let items = items.ok_or_else(|| OptionError::new("", "missing field `layers`"))?;
    let mut layers: Vec<DenseConfig> = Vec::new();
    for (path, item) in items {
        let mut l = Fields::of(item, path.clone())?;
        let kind = l.string(&["type"])?.unwrap_or("dense").to_ascii_lowercase();
        match kind.as_str() {
            "dropout" => {
                let rate = match l.f32(&["rate"])? {
                    Some(r) => Some(r),
                    None => l.f32(&["dropout"])?,
                };
                l.finish()?;
                let rate = rate.ok_or_else(|| {
                    OptionError::new(format!("{path}.rate"), "a dropout layer needs a rate")
                })?;
                let prev = layers
                    .last_mut()
                    .ok_or_else(|| OptionError::new(path, "dropout must follow a dense layer"))?;
                prev.dropout = rate;
            }
            "dense" => {
                let units = l.usize(&["units"])?;
                let activation = l
                    .choice(&["activation"], Activation::parse)?
                    .unwrap_or(Activation::Linear);
                let alpha = l.f32(&["alpha"])?;
                let dropout = l.f32(&["dropout"])?.unwrap_or(0.0);
                let (l1, l2) = (l.f32(&["l1"])?, l.f32(&["l2"])?);
                let kernel_initializer = l
                    .choice(&["kernelInitializer", "kernel_initializer"], Init::parse)?
                    .unwrap_or(Init::GlorotUniform);
                // A misspelt key first: `{ unit: 3 }` is better told than "needs units".
                l.finish()?;
                let units = units.ok_or_else(|| {
                    OptionError::new(format!("{path}.units"), "a dense layer needs units")
                })?;
                layers.push(DenseConfig {
                    units,
                    activation,
                    alpha,
                    dropout,
                    l1,
                    l2,
                    kernel_initializer,
                });
            }
            other => {
                return Err(OptionError::new(
                    format!("{path}.type"),
                    format!("unknown layer type \"{other}\"; use \"dense\" or \"dropout\""),
                ))
            }
        }
    }
    Ok(ModelConfig {
        inputs,
        layers,
        l1,
        l2,
        seed,
    })
}

/// `{ optimizer: "adam" | { name, learningRate, momentum, nesterov, rho, beta_1, beta_2,
/// epsilon, weightDecay, initialAccumulatorValue }, loss, learningRate, schedule: { type,
/// stepSize, factor, decaySteps, decayRate, alpha }, metrics }`.
pub fn compile_settings(value: &Value) -> Read<(Loss, OptimizerConfig)> {
    let mut o = Fields::of(value, String::new())?;
    let loss = o.choice(&["loss"], Loss::parse)?;
    let optimizer = match o.get(&["optimizer"]) {
        None => None,
        Some((_, Value::String(name))) => Some(OptimizerConfig::new(
            OptimizerKind::parse(name).map_err(|e| relabel(e, "optimizer"))?,
        )),
        Some((_, v)) => Some(optimizer_settings(v)?),
    };
    let learning_rate = o.f32(&["learningRate", "learning_rate"])?;
    let schedule = match o.object(&["schedule"])? {
        None => None,
        Some(mut s) => {
            let schedule = schedule(&mut s)?;
            s.finish()?;
            Some(schedule)
        }
    };
    // Accepted for Keras familiarity; accuracy is always reported for classification.
    o.array(&["metrics"])?;
    o.finish()?;
    let loss = loss.ok_or_else(|| OptionError::new("", "missing field `loss`"))?;
    let mut cfg = optimizer.ok_or_else(|| OptionError::new("", "missing field `optimizer`"))?;
    if let Some(lr) = learning_rate {
        cfg.learning_rate = lr;
    }
    if let Some(s) = schedule {
        cfg.schedule = s;
    }
    Ok((loss, cfg))
}

/// `{ name, learningRate, momentum, nesterov, rho, beta_1, beta_2, epsilon, weightDecay,
/// initialAccumulatorValue }` (Keras's names, camelCase or snake_case).
fn optimizer_settings(v: &Value) -> Read<OptimizerConfig> {
    let mut s = Fields::of(v, "optimizer".into())?;
    let kind = s.choice(&["name"], OptimizerKind::parse)?;
    let mut c = OptimizerConfig::new(kind.unwrap_or(OptimizerKind::Sgd));
    let fields: [(&[&'static str], &mut f32); 7] = [
        (&["learningRate", "learning_rate"], &mut c.learning_rate),
        (&["momentum"], &mut c.momentum),
        (&["rho"], &mut c.rho),
        (&["beta1", "beta_1"], &mut c.beta_1),
        (&["beta2", "beta_2"], &mut c.beta_2),
        (&["epsilon"], &mut c.epsilon),
        (&["weightDecay", "weight_decay"], &mut c.weight_decay),
    ];
    for (names, slot) in fields {
        if let Some(v) = s.f32(names)? {
            *slot = v;
        }
    }
    if let Some(v) = s.f32(&["initialAccumulatorValue", "initial_accumulator_value"])? {
        c.initial_accumulator_value = v;
    }
    if let Some(v) = s.bool(&["nesterov"])? {
        c.nesterov = v;
    }
    s.finish()?;
    if kind.is_none() {
        return Err(OptionError::new("optimizer", "missing field `name`"));
    }
    Ok(c)
}

/// A unit-variant enum by its serde name (or alias), e.g. `"zscore"` for [`Scaling`]. Read
/// with serde's plain string deserializer: the same names as in files, and short messages
/// ("unknown variant `cubic`, expected one of `none`").
pub fn unit_enum<T: serde::de::DeserializeOwned>(name: &str) -> crate::Result<T> {
    use serde::de::IntoDeserializer;
    let de: serde::de::value::StrDeserializer<serde::de::value::Error> = name.into_deserializer();
    T::deserialize(de).map_err(|e| Error::config("", e.to_string()))
}

/// An error from a parser, placed at `field`.
fn relabel(e: Error, field: &str) -> OptionError {
    match e {
        Error::InvalidConfig { reason, .. } => OptionError::new(field, reason),
        other => OptionError::new(field, other.to_string()),
    }
}

fn schedule(s: &mut Fields) -> Read<Schedule> {
    let kind = s
        .string(&["type"])?
        .ok_or_else(|| OptionError::new("schedule", "missing field `type`"))?
        .to_ascii_lowercase();
    let mut need = |names: &[&'static str]| -> Read<u64> {
        s.u64(names)?.ok_or_else(|| {
            OptionError::new(
                format!("schedule.{}", names[0]),
                "is required for this schedule",
            )
        })
    };
    Ok(match kind.as_str() {
        "constant" => Schedule::Constant,
        "step" | "step_decay" => Schedule::StepDecay {
            step_size: need(&["stepSize", "step_size"])?,
            factor: s.f32(&["factor"])?.unwrap_or(0.5),
        },
        "exponential" => Schedule::Exponential {
            decay_steps: need(&["decaySteps", "decay_steps"])?,
            decay_rate: s.f32(&["decayRate", "decay_rate"])?.unwrap_or(0.96),
        },
        "cosine" => Schedule::Cosine {
            decay_steps: need(&["decaySteps", "decay_steps"])?,
            alpha: s.f32(&["alpha"])?.unwrap_or(0.0),
        },
        other => {
            return Err(OptionError::new(
                "schedule.type",
                format!("unknown schedule \"{other}\"; use constant, step, exponential or cosine"),
            ))
        }
    })
}

/// `{ epochs: 1, batchSize: 32, shuffle: true, validationSplit, validationData,
/// earlyStopping: { patience: 5, minDelta: 0, restoreBestWeights: false } }`; returns the
/// training settings and the validation split (`validationData` is read separately).
pub fn fit_settings(value: &Value) -> Read<(TrainConfig, Option<f32>)> {
    let mut o = Fields::of(value, String::new())?;
    let epochs = o.usize(&["epochs"])?.unwrap_or(1);
    let batch_size = o.usize(&["batchSize", "batch_size"])?.unwrap_or(32);
    let shuffle = o.bool(&["shuffle"])?.unwrap_or(true);
    let split = o.f32(&["validationSplit", "validation_split"])?;
    o.get(&["validationData", "validation_data"]);
    let early_stopping = match o.object(&["earlyStopping", "early_stopping"])? {
        None => None,
        Some(mut e) => {
            let stop = EarlyStopping {
                patience: e.usize(&["patience"])?.unwrap_or(5),
                min_delta: e.f64(&["minDelta", "min_delta"])?.unwrap_or(0.0),
                restore_best_weights: e
                    .bool(&["restoreBestWeights", "restore_best_weights"])?
                    .unwrap_or(false),
            };
            e.finish()?;
            Some(stop)
        }
    };
    o.finish()?;
    let config = TrainConfig {
        epochs,
        batch_size,
        shuffle,
        early_stopping,
    };
    Ok((config, split))
}

/// The 2-D set options: `{ samples: 500, noise: 0, seed: 1, transforms: ["x1", "x2"] }`
/// and, with `preparation`, `scaling`, `split: { validation, test, seed, stratify }` and
/// `missing`.
pub struct ToyOptions {
    pub samples: usize,
    pub noise: f32,
    pub seed: u64,
    pub transforms: Option<Vec<String>>,
    pub scaling: Scaling,
    pub split: SplitConfig,
    pub missing: MissingPolicy,
}

pub fn toy_options(value: &Value, preparation: bool) -> Read<ToyOptions> {
    let mut o = Fields::of(value, String::new())?;
    let transforms = match o.array(&["transforms"])? {
        None => None,
        Some(items) => Some(
            items
                .into_iter()
                .map(|(path, v)| {
                    v.as_str().map(str::to_string).ok_or_else(|| {
                        OptionError::new(
                            path,
                            format!("invalid type: {}, expected a string", kind(v)),
                        )
                    })
                })
                .collect::<Read<Vec<String>>>()?,
        ),
    };
    let mut options = ToyOptions {
        samples: o.usize(&["samples"])?.unwrap_or(500),
        noise: o.f32(&["noise"])?.unwrap_or(0.0),
        seed: o.u64(&["seed"])?.unwrap_or(1),
        transforms,
        scaling: Scaling::default(),
        split: SplitConfig::default(),
        missing: MissingPolicy::default(),
    };
    if preparation {
        if let Some(s) = o.choice(&["scaling"], unit_enum::<Scaling>)? {
            options.scaling = s;
        }
        if let Some(m) = o.choice(&["missing"], unit_enum::<MissingPolicy>)? {
            options.missing = m;
        }
        if let Some(mut s) = o.object(&["split"])? {
            let d = SplitConfig::default();
            options.split = SplitConfig {
                validation: s.f64(&["validation"])?.unwrap_or(d.validation),
                test: s.f64(&["test"])?.unwrap_or(d.test),
                seed: s.u64(&["seed"])?.unwrap_or(d.seed),
                stratify: s.bool(&["stratify"])?.unwrap_or(d.stratify),
            };
            s.finish()?;
        }
    }
    o.finish()?;
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err<T>(r: Read<T>) -> String {
        match r {
            Ok(_) => panic!("must be refused"),
            Err(e) => e.describe("options"),
        }
    }

    #[test]
    fn model_configs_read_with_defaults_aliases_and_paths() {
        let c = model_config(
            &json!({ "inputs": 3.0, "seed": 7, "l2": 0.5, "layers": [
                { "units": 4, "activation": "relu", "kernel_initializer": "he_normal" },
                { "type": "dropout", "rate": 0.25 },
                { "units": 1, "activation": null } ] }),
            true,
        )
        .unwrap();
        assert_eq!((c.inputs, c.seed, c.l1, c.l2), (3, 7, 0.0, 0.5));
        assert_eq!(c.layers.len(), 2);
        assert_eq!(c.layers[0].dropout, 0.25);
        assert_eq!(c.layers[0].kernel_initializer, Init::HeNormal);
        assert_eq!(c.layers[1].activation, Activation::Linear);
        let cases = [
            (
                json!({ "inputs": 2, "layers": [{ "unit": 3 }] }),
                "layers[0]: unknown field `unit`",
            ),
            (
                json!({ "inputs": 2, "layers": [{ "units": "3" }] }),
                "layers[0].units: invalid type: string \"3\"",
            ),
            (
                json!({ "inputs": 2.5, "layers": [] }),
                "inputs: invalid type: number 2.5, expected a whole number",
            ),
            (
                json!({ "inputs": 2, "layers": [{}] }),
                "layers[0].units: a dense layer needs units",
            ),
            (
                json!({ "inputs": 2, "layers": [{ "units": 1, "activation": "swish" }] }),
                "layers[0].activation: unknown activation",
            ),
            (
                json!({ "inputs": 2, "layer": [] }),
                "unknown field `layer`, expected one of `inputs`, `layers`",
            ),
            (json!({ "layers": [] }), "missing field `inputs`"),
            (json!([1, 2]), "invalid type: an array, expected an object"),
        ];
        for (value, needle) in cases {
            let msg = err(model_config(&value, true));
            assert!(msg.contains(needle), "{msg:?} should contain {needle:?}");
        }
        // Cross-validation leaves `inputs` out.
        assert_eq!(
            model_config(&json!({ "layers": [{ "units": 1 }] }), false)
                .unwrap()
                .inputs,
            0
        );
    }

    #[test]
    fn compile_and_fit_settings() {
        let (loss, o) = compile_settings(&json!({ "loss": "mse",
            "optimizer": { "name": "adam", "beta_1": 0.8, "beta2": 0.95, "learning_rate": 0.01 },
            "schedule": { "type": "step", "stepSize": 10 }, "metrics": ["accuracy"] }))
        .unwrap();
        assert_eq!(loss, Loss::MeanSquaredError);
        assert_eq!((o.beta_1, o.beta_2, o.learning_rate), (0.8, 0.95, 0.01));
        assert_eq!(
            o.schedule,
            Schedule::StepDecay {
                step_size: 10,
                factor: 0.5
            }
        );
        let msg = err(compile_settings(
            &json!({ "loss": "mse", "optimizer": "sgd",
            "schedule": { "type": "cosine" } }),
        ));
        assert!(msg.contains("schedule.decaySteps: is required"), "{msg}");
        let msg = err(compile_settings(
            &json!({ "loss": "mse", "optimizer": { "name": "sgd", "momentun": 0.9 } }),
        ));
        assert!(msg.contains("optimizer: unknown field `momentun`"), "{msg}");
        let (t, split) = fit_settings(&json!({ "epochs": 3, "batch_size": 8,
            "validationData": [[1], [2]], "earlyStopping": { "patience": 2 } }))
        .unwrap();
        assert_eq!(
            (t.epochs, t.batch_size, t.shuffle, split),
            (3, 8, true, None)
        );
        assert_eq!(t.early_stopping.map(|e| e.patience), Some(2));
        let (t, _) = fit_settings(&Value::Null).unwrap();
        assert_eq!((t.epochs, t.batch_size), (1, 32));
        let msg = err(fit_settings(&json!({ "earlyStopping": { "patiense": 2 } })));
        assert!(
            msg.contains("earlyStopping: unknown field `patiense`"),
            "{msg}"
        );
    }

    #[test]
    fn toy_options_and_names_of_choices() {
        let o = toy_options(
            &json!({ "noise": 0.1, "scaling": "minmax", "missing": "drop",
            "split": { "test": 0.3 } }),
            true,
        )
        .unwrap();
        assert_eq!(
            (o.samples, o.seed, o.scaling, o.missing),
            (500, 1, Scaling::MinMax, MissingPolicy::DropRows)
        );
        assert_eq!(
            (o.split.test, o.split.validation, o.split.stratify),
            (0.3, 0.0, true)
        );
        // Without preparation, the preparation keys are unknown.
        assert!(err(toy_options(&json!({ "scaling": "minmax" }), false))
            .contains("unknown field `scaling`"));
        let msg = err(toy_options(&json!({ "scaling": "cubic" }), true));
        assert!(
            msg.contains("scaling: unknown variant `cubic`, expected one of `none`"),
            "{msg}"
        );
    }
}
