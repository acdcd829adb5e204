//! TensorFlow Playground's 2-D sets: their points for drawing (`generateToy`), their input
//! features for any points (`toyFeatures`, e.g. a grid to draw a boundary on), and
//! `prepareToy`, the table path in one call.
//!
//! ```js
//! const data = prepareToy('circle', { noise: 0.1 }, { scaling: 'zscore', split: { test: 0.5 } });
//! const model = new Model({ inputs: data.inputs, layers: [{ units: 8, activation: 'tanh' },
//!                           { units: data.outputs, activation: data.outputActivation }] });
//! model.compile({ optimizer: 'sgd', loss: data.loss, learningRate: 0.03 });
//! model.fitData(data, { epochs: 100, batchSize: 10 });
//! model.predictRaw(toyFeatures(new Float32Array([0, 0]), ['x1', 'x2']));  // inside: class 1
//! ```

use wasm_bindgen::prelude::*;

use super::table::{JsDataTable, JsPrepared};
use super::{from_js, js_err, set, text, JsResult};
use crate::data::toy::{features, ToyOptions};
use crate::data::{Toy, Transform};

/// `generateToy(name, { samples: 500, noise: 0, seed: 1 })`: the points of a 2-D set for
/// drawing, `{ points: Float32Array (x1, x2 pairs), labels: Float32Array, task }`. Class
/// labels are 1 and 0; regression labels lie in [-1, 1].
#[wasm_bindgen(js_name = generateToy)]
pub fn generate_toy(name: JsValue, options: JsValue) -> JsResult<js_sys::Object> {
    let kind = Toy::parse(&text("2-D data set", &name)?).map_err(js_err)?;
    let options: ToyOptions = from_js("data set options", &options)?;
    let set_ = options.generate(kind).map_err(js_err)?;
    let obj = js_sys::Object::new();
    set(&obj, "points", js_sys::Float32Array::from(&set_.points[..]))?;
    set(&obj, "labels", js_sys::Float32Array::from(&set_.labels[..]))?;
    set(&obj, "task", kind.task().name())?;
    Ok(obj)
}

/// `toyFeatures(points, ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"])`: the
/// chosen features of x1, x2 pairs (e.g. a heat-map grid), `points.length / 2 ×
/// transforms.length`, flat.
#[wasm_bindgen(js_name = toyFeatures)]
pub fn toy_features(points: &[f32], transforms: JsValue) -> JsResult<Vec<f32>> {
    let transforms: Vec<Transform> = from_js("transforms", &transforms)?;
    features(points, &transforms).map_err(js_err)
}

/// `prepareToy(name, toyOptions, dataConfiguration)`: `DataTable.toy(name,
/// toyOptions).configure(dataConfiguration).prepare()` in one call.
#[wasm_bindgen(js_name = prepareToy)]
pub fn prepare_toy(
    name: JsValue,
    options: JsValue,
    configuration: JsValue,
) -> JsResult<JsPrepared> {
    let mut table = JsDataTable::toy(name, options)?;
    if !configuration.is_undefined() {
        table.configure(configuration)?;
    }
    table.prepare()
}
