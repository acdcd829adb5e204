//! The engine's data API: the 2-D generators (`generateToy`, `toyFeatures`), `prepareToy`
//! (a 2-D set split, encoded and scaled exactly as `DataTable.prepare` does it, without the
//! table module) and the `Model` methods that predict on raw rows with the preprocessing
//! stored in the model (`predictRows`, `predictRaw`).
//!
//! ```js
//! const data = prepareToy('circle', { noise: 0.1, scaling: 'zscore', split: { test: 0.5 } });
//! const model = new Model({ inputs: data.inputs, layers: [{ units: 8, activation: 'tanh' },
//!                           { units: data.outputs, activation: data.outputActivation }] });
//! model.compile({ optimizer: 'sgd', loss: data.loss, learningRate: 0.03 });
//! model.fit(data.xTrain, data.yTrain, { epochs: 100, batchSize: 10 });
//! model.setPreprocessing(data.preprocessing);
//! model.predictRaw(toyFeatures(new Float32Array([0, 0]), ['x1', 'x2']));  // inside: class 1
//! ```

use wasm_bindgen::prelude::*;

use super::options::{self, ToyOptions};
use super::{js_err, read, to_js, JsModel, JsResult};
use crate::data::{toy, Prepared, Scaler, Scaling, Toy, ToyPreparation, Transform};
use crate::loss::Task;

/// The 2-D set options of `generateToy` and `DataTable.toy` (see [`options::toy_options`]).
pub(super) fn toy_options(value: JsValue) -> JsResult<ToyOptions> {
    read("data set options", value, |v| {
        options::toy_options(v, false)
    })
}

pub(super) fn transforms(names: &Option<Vec<String>>) -> JsResult<Vec<Transform>> {
    match names {
        None => Ok(vec![Transform::X1, Transform::X2]),
        Some(names) => names
            .iter()
            .map(|n| Transform::parse(n).map_err(js_err))
            .collect(),
    }
}

/// Sets `key` on a JS object.
pub(super) fn set(obj: &js_sys::Object, key: &str, value: impl Into<JsValue>) -> JsResult<()> {
    js_sys::Reflect::set(obj, &JsValue::from_str(key), &value.into())
        .map(|_| ())
        .map_err(|_| JsError::new(&format!("cannot set {key}")))
}

pub(super) fn f32_array(v: &[f32]) -> js_sys::Float32Array {
    js_sys::Float32Array::from(v)
}

fn u32_array(v: &[usize]) -> js_sys::Uint32Array {
    let v: Vec<u32> = v.iter().map(|&i| i as u32).collect();
    js_sys::Uint32Array::from(&v[..])
}

/// A prepared data set as JavaScript sees it (see `DataTable.prepare` and `prepareToy`).
pub(super) fn prepared_to_js(p: &Prepared) -> JsResult<JsValue> {
    let obj = js_sys::Object::new();
    for (name, part) in [
        ("Train", &p.train),
        ("Validation", &p.validation),
        ("Test", &p.test),
    ] {
        set(&obj, &format!("x{name}"), f32_array(&part.x))?;
        set(&obj, &format!("y{name}"), f32_array(&part.y))?;
    }
    let rows = js_sys::Object::new();
    set(&rows, "train", u32_array(&p.train.rows))?;
    set(&rows, "validation", u32_array(&p.validation.rows))?;
    set(&rows, "test", u32_array(&p.test.rows))?;
    set(&obj, "rows", rows)?;
    set(&obj, "inputs", p.inputs() as u32)?;
    set(&obj, "outputs", p.outputs() as u32)?;
    let (task, loss, activation) = match p.task {
        Task::Binary => ("binary", "binary_crossentropy", "sigmoid"),
        Task::Multiclass => ("multiclass", "categorical_crossentropy", "softmax"),
        Task::Regression => ("regression", "mse", "linear"),
    };
    set(&obj, "task", task)?;
    set(&obj, "loss", loss)?;
    set(&obj, "outputActivation", activation)?;
    set(&obj, "labelNames", to_js(&p.label_names)?)?;
    set(
        &obj,
        "featureNames",
        to_js(&p.preprocessor.feature_names())?,
    )?;
    set(&obj, "preprocessing", to_js(&p.preprocessor)?)?;
    set(&obj, "dropped", to_js(&p.dropped)?)?;
    Ok(obj.into())
}

/// `prepareToy(name, { samples, noise, seed, transforms, scaling, split: { validation, test,
/// seed, stratify }, missing })`: a generated 2-D set (as `generateToy` with the same name,
/// samples, noise and seed) split, encoded and scaled — the same object, bit for bit, as
/// `DataTable.toy(name, options).configure({ scaling, split, missing }).prepare()`, from
/// the engine alone. Defaults: 500 samples, noise 0, seed 1, features x1 and x2, z-score,
/// 20 % test with seed 1, missing "error".
#[wasm_bindgen(js_name = prepareToy)]
pub fn prepare_toy(name: &str, options: JsValue) -> JsResult<JsValue> {
    let o = read("data set options", options, |v| {
        options::toy_options(v, true)
    })?;
    let kind = Toy::parse(name).map_err(js_err)?;
    let set = toy::generate(kind, o.samples, o.noise, o.seed).map_err(js_err)?;
    let settings = ToyPreparation {
        scaling: o.scaling,
        split: o.split,
        missing: o.missing,
    };
    let p = toy::prepare(kind, &set, &transforms(&o.transforms)?, &settings).map_err(js_err)?;
    prepared_to_js(&p)
}

/// `generateToy(name, { samples: 500, noise: 0, seed: 1 })`: the points of a 2-D set for
/// drawing, `{ points: Float32Array (x1, x2 pairs), labels: Float32Array, task }`. Class
/// labels are 1 and 0; regression labels lie in [-1, 1].
#[wasm_bindgen(js_name = generateToy)]
pub fn generate_toy(name: &str, options: JsValue) -> JsResult<JsValue> {
    let opts = toy_options(options)?;
    let kind = Toy::parse(name).map_err(js_err)?;
    // Features do not change the points, but a misspelt one is still an error.
    transforms(&opts.transforms)?;
    let points = toy::generate(kind, opts.samples, opts.noise, opts.seed).map_err(js_err)?;
    let obj = js_sys::Object::new();
    set(&obj, "points", f32_array(&points.points))?;
    set(&obj, "labels", f32_array(&points.labels))?;
    set(
        &obj,
        "task",
        if kind.task() == Task::Regression {
            "regression"
        } else {
            "binary"
        },
    )?;
    Ok(obj.into())
}

/// `toyFeatures(points, ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"])`: the
/// chosen features of x1, x2 pairs (e.g. a heat-map grid), `points.length / 2 ×
/// transforms.length`, flat.
#[wasm_bindgen(js_name = toyFeatures)]
pub fn toy_features(points: &[f32], transforms: Vec<String>) -> JsResult<Vec<f32>> {
    let t = self::transforms(&Some(transforms))?;
    toy::features(points, &t).map_err(js_err)
}

#[wasm_bindgen(js_class = Model)]
impl JsModel {
    /// `model.predictRaw(x)`: predictions for encoded but unscaled inputs (`rows × inputs`,
    /// flat) — for all-numeric data, the column values as in the file, e.g. 2-D features
    /// from `toyFeatures` or pixels. The scaler of the stored preprocessing is applied first
    /// (`setPreprocessing`, or a loaded model file).
    #[wasm_bindgen(js_name = predictRaw)]
    pub fn predict_raw(&mut self, x: &[f32]) -> JsResult<Vec<f32>> {
        let scaler = self.stored_scaler()?;
        let width = self.model.inputs();
        scaler.check(width).map_err(js_err)?;
        let mut x = x.to_vec();
        if x.len() % width != 0 {
            return Err(JsError::new(&format!(
                "features: expected a multiple of {width} values (rows × inputs), got {}",
                x.len()
            )));
        }
        scaler.apply(&mut x);
        self.model.predict(&x).map_err(js_err)
    }
}

impl JsModel {
    /// The stored preprocessing, or an error saying how to give one.
    pub(super) fn stored_preprocessing_value(&self) -> JsResult<&serde_json::Value> {
        self.preprocessing.as_ref().ok_or_else(|| {
            JsError::new(
                "the model has no preprocessing: call setPreprocessing(data.preprocessing) with \
                 the result of DataTable.prepare() or prepareToy(), or load a model saved with it",
            )
        })
    }

    /// Only the scaler of the stored preprocessing (`{ kind, center, spread }`): all
    /// `predictRaw` needs, read without the rest of the preprocessing's machinery (which the
    /// engine module leaves out).
    fn stored_scaler(&self) -> JsResult<Scaler> {
        let value = self.stored_preprocessing_value()?;
        let bad = |what: &str| JsError::new(&format!("invalid preprocessing: scaler.{what}"));
        let scaler = value.get("scaler").ok_or_else(|| bad("kind is missing"))?;
        let kind = scaler.get("kind").and_then(|k| k.as_str()).unwrap_or("");
        let kind = options::unit_enum::<Scaling>(kind)
            .map_err(|e| JsError::new(&format!("invalid preprocessing: scaler.kind: {e}")))?;
        let numbers = |key: &str| -> JsResult<Vec<f32>> {
            match scaler.get(key) {
                None | Some(serde_json::Value::Null) => Ok(Vec::new()),
                Some(serde_json::Value::Array(items)) => items
                    .iter()
                    .map(|v| v.as_f64().map(|f| f as f32))
                    .collect::<Option<Vec<f32>>>()
                    .ok_or_else(|| bad(&format!("{key} must hold numbers"))),
                Some(_) => Err(bad(&format!("{key} must be an array of numbers"))),
            }
        };
        Ok(Scaler {
            kind,
            center: numbers("center")?,
            spread: numbers("spread")?,
        })
    }
}
