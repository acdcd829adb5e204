//! The JavaScript API: the only place wasm-bindgen appears. It converts and nothing more —
//! option objects to the core's types through serde (errors name the path of the bad
//! value), results back to plain objects, bulk numbers as typed arrays — so every default,
//! check and report is the core's.
//!
//! Long-lived state stays in Rust behind handles: [`model::JsModel`] (`Model`),
//! [`table::JsDataTable`] (`DataTable`), [`table::JsPrepared`] (`PreparedData`, the
//! arrays a table prepared, which a model trains on without copying them out) and
//! [`distill::JsDistiller`] (`Distiller`, two students learning beside a teacher). Every
//! export returns `Result<_, JsError>`, so bad input throws a JavaScript `Error` with a
//! readable message and the handle keeps working.
//!
//! A panic (a bug: none is reachable from JavaScript's arguments) stops the module; the
//! hook installed at start-up keeps its message for `lastPanic()`, so the page can say
//! what happened once and start a fresh engine.
//!
//! ```js
//! const { Model, catalog } = await loadEngine();
//! catalog().activations.map((a) => a.name);   // ['linear', 'relu', ...]
//! ```

pub mod distill;
pub mod model;
pub mod quantized;
pub mod race;
pub mod table;
pub mod toy;

use std::sync::Mutex;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::Error;

pub(crate) type JsResult<T> = std::result::Result<T, JsError>;

pub(crate) fn js_err(e: Error) -> JsError {
    JsError::new(&e.to_string())
}

/// A result as a plain JavaScript value (objects, arrays, numbers, strings; `None` and
/// non-finite numbers as `null`). It crosses as JSON text, written by the same serialiser
/// as model files: one serialiser in the module, and floats as short as they read (an f32
/// `0.9` arrives as `0.9`, not `0.8999999761581421`).
pub(crate) fn to_js<T: Serialize>(value: &T) -> JsResult<JsValue> {
    js_sys::JSON::parse(&crate::json::to_text(value))
        .map_err(|_| JsError::new("a result could not be converted for JavaScript"))
}

#[wasm_bindgen(inline_js = "
export function optionsJson(value) {
  // Numbers that JSON cannot hold are kept as text, so a message can name them (NaN);
  // typed arrays become arrays.
  return JSON.stringify(value, (key, v) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v)
      : ArrayBuffer.isView(v) ? Array.from(v) : v);
}")]
extern "C" {
    #[wasm_bindgen(catch, js_name = optionsJson)]
    fn options_json(value: &JsValue) -> std::result::Result<JsValue, JsValue>;
}

/// Reads an options object as a `T`; `undefined` and `null` read as `{}`. Errors say
/// `invalid <what>: <path>: <reason>`.
pub(crate) fn from_js<T: DeserializeOwned>(what: &str, value: &JsValue) -> JsResult<T> {
    let not_plain = || {
        js_err(Error::Options {
            what: what.into(),
            path: String::new(),
            reason: "expected a plain object (numbers, strings, lists; no cycles)".into(),
        })
    };
    let value = if value.is_undefined() || value.is_null() {
        serde_json::Value::Object(Default::default())
    } else {
        let text = options_json(value)
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(not_plain)?;
        crate::json::parse(&text).map_err(|e| js_err(e.options(what)))?
    };
    crate::json::read(value).map_err(|e| js_err(e.options(what)))
}

/// A JavaScript string argument as text (anything else is refused, not reinterpreted).
pub(crate) fn text(what: &str, value: &JsValue) -> JsResult<String> {
    value.as_string().ok_or_else(|| {
        js_err(Error::config(
            what,
            format!("must be text, got {}", describe(value)),
        ))
    })
}

/// What a JavaScript value is, for messages: `the number NaN`, `an object`.
fn describe(value: &JsValue) -> String {
    if let Some(n) = value.as_f64() {
        format!("the number {n}")
    } else if value.is_undefined() {
        "undefined".into()
    } else if value.is_null() {
        "null".into()
    } else if value.as_bool().is_some() {
        "a boolean".into()
    } else if value.is_function() {
        "a function".into()
    } else {
        "an object".into()
    }
}

/// A JavaScript number as a count (a whole number from 0 to 2³² − 1).
pub(crate) fn count(what: &str, value: f64) -> JsResult<usize> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= f64::from(u32::MAX) {
        Ok(value as usize)
    } else {
        Err(js_err(Error::config(
            what,
            format!("must be a whole number from 0, got {value}"),
        )))
    }
}

/// Sets `key` on a JS object.
pub(crate) fn set(obj: &js_sys::Object, key: &str, value: impl Into<JsValue>) -> JsResult<()> {
    js_sys::Reflect::set(obj, &JsValue::from_str(key), &value.into())
        .map(|_| ())
        .map_err(|_| JsError::new(&format!("cannot set {key}")))
}

/// The message of the last panic, kept by the hook for `lastPanic()`.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("the engine stopped on an internal error: {info}");
        web_sys::console::error_1(&JsValue::from_str(&message));
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(message);
        }
    }));
}

/// `lastPanic()`: the message of the internal error that stopped the engine, or
/// `undefined`. After one, the module must be loaded afresh (the page restarts its worker).
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    LAST_PANIC.lock().ok().and_then(|m| m.clone())
}

/// `catalog()`: every name and default the page offers — activations, initialisers,
/// losses, optimizers with Keras's defaults, schedules, tasks with their output layers,
/// the 2-D features, scalings, missing-value policies, column types and roles, the data
/// sets — so menus come from the engine (see [`crate::catalog`]).
#[wasm_bindgen]
pub fn catalog() -> JsResult<JsValue> {
    to_js(&crate::catalog::catalog())
}

/// `warmUp(epochs)`: trains a fixed set of small networks (every common activation, loss
/// and optimizer; see [`crate::train::warm_up`]) so that the browser optimises the training
/// kernels now rather than during a learner's first run. `loadEngine()` calls it once;
/// returns the workout's summed last loss.
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up(epochs: f64) -> JsResult<f64> {
    crate::train::warm_up::warm_up(count("epochs", epochs)?).map_err(js_err)
}

/// `failForTest()`: stops the engine as an internal error would, so tests can check that
/// the page reports it and recovers. Not part of the API.
#[doc(hidden)]
#[wasm_bindgen(js_name = failForTest)]
pub fn fail_for_test() {
    panic!("failForTest was called");
}
