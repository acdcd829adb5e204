//! `QuantizedModel`: a trained `Model` in int8, its inference in integer arithmetic (see
//! [`crate::nn::quantize`]).
//!
//! ```js
//! const q = model.quantizeData(data);            // calibrated on the training rows
//! q.predictData(data, 'test');                   // as model.predictData
//! model.compareQuantized(q, data, 'test');       // { int8Accuracy, agreement, int8Bytes, ... }
//! ```

use wasm_bindgen::prelude::*;

use super::table::JsPrepared;
use super::{js_err, JsResult};
use crate::nn::QuantizedModel;

/// A network with int8 weights and int8 layer inputs.
#[wasm_bindgen(js_name = QuantizedModel)]
pub struct JsQuantized {
    pub(crate) quantized: QuantizedModel,
}

#[wasm_bindgen(js_class = QuantizedModel)]
impl JsQuantized {
    /// Predictions for prepared rows `x` (`rows × inputs`), as `Model.predict`.
    pub fn predict(&self, x: &[f32]) -> JsResult<Vec<f32>> {
        self.quantized.predict(x).map_err(js_err)
    }

    /// Predictions for a part of a `PreparedData`, as `Model.predictData`.
    #[wasm_bindgen(js_name = predictData)]
    pub fn predict_data(&self, data: &JsPrepared, part: JsValue) -> JsResult<Vec<f32>> {
        data.check_inputs(self.quantized.inputs())?;
        self.quantized.predict(&data.part(&part)?.x).map_err(js_err)
    }

    /// Bytes of the int8 network (weights, per-unit scales and biases, input ranges).
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> f64 {
        self.quantized.bytes() as f64
    }

    /// Bytes of the `f32` network it came from.
    #[wasm_bindgen(getter, js_name = floatBytes)]
    pub fn float_bytes(&self) -> f64 {
        self.quantized.float_bytes() as f64
    }
}
