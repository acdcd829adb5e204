//! The JavaScript API in a real browser: bad input throws a readable Error, and the module
//! keeps working afterwards.
#![cfg(target_arch = "wasm32")]

mod common;

use nnplay::web::model::JsModel;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn js(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON")
}

/// The message of the JavaScript Error an export threw.
fn message(err: wasm_bindgen::JsError) -> String {
    let value = JsValue::from(err);
    let e: &js_sys::Error = value.dyn_ref().expect("a JS Error");
    e.message().into()
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap()
}

const XOR_MODEL: &str = r#"{"inputs": 2, "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}], "seed": 1}"#;
const XOR_X: [f32; 8] = [0., 0., 0., 1., 1., 0., 1., 1.];
const XOR_Y: [f32; 4] = [0., 1., 1., 0.];

fn xor_model() -> JsModel {
    let mut m = JsModel::new(js(XOR_MODEL)).unwrap();
    m.compile(js(
        r#"{"optimizer": "adam", "learningRate": 0.05, "loss": "binary_crossentropy"}"#,
    ))
    .unwrap();
    m
}

#[wasm_bindgen_test]
fn bad_configurations_throw_readable_errors() {
    let cases = [
        (
            r#"{"inputs": 2, "layers": [{"units": 4, "activation": "swish"}]}"#,
            "unknown activation \"swish\"",
        ),
        (
            r#"{"inputs": 2, "layers": [{"units": 0}]}"#,
            "layers[0].units",
        ),
        (
            r#"{"inputs": 2, "layers": [{"unit": 3}]}"#,
            "unknown field `unit`",
        ),
        (r#"{"inputs": 2, "layers": []}"#, "at least one"),
        (
            r#"{"inputs": "two", "layers": [{"units": 1}]}"#,
            "invalid model configuration",
        ),
        (
            r#"{"inputs": 2, "layers": [{"type": "dropout", "rate": 0.5}]}"#,
            "no dense layer before it",
        ),
        (
            r#"{"inputs": 2, "layers": [{"type": "lstm", "units": 3}]}"#,
            "unknown layer type",
        ),
        (
            r#"{"inputs": 2, "layers": [{"type": "conv2d", "units": 3}]}"#,
            "a conv2d layer does not take `units`",
        ),
        (
            r#"{"inputs": 64, "layers": [{"type": "conv2d", "filters": 4, "kernelSize": 3}, {"type": "flatten"}, {"units": 2}]}"#,
            "give inputShape",
        ),
        (
            r#"{"inputs": 2000, "layers": [{"units": 4000}, {"units": 4000}]}"#,
            "parameters",
        ),
    ];
    for (config, needle) in cases {
        let msg = message(JsModel::new(js(config)).err().expect(config));
        assert!(
            msg.contains(needle),
            "{config}: {msg:?} should contain {needle:?}"
        );
    }
    let mut m = JsModel::new(js(XOR_MODEL)).unwrap();
    for (options, needle) in [
        (
            r#"{"optimizer": "adamax", "loss": "mse"}"#,
            "unknown optimizer \"adamax\"",
        ),
        (r#"{"optimizer": "adam", "loss": "hinge"}"#, "unknown loss"),
        (
            r#"{"optimizer": "sgd", "loss": "mse", "learningRate": -1}"#,
            "learningRate",
        ),
        (
            r#"{"optimizer": {"name": "adam", "beta2": 1.5}, "loss": "mse"}"#,
            "beta2",
        ),
        (
            r#"{"optimizer": "adam", "loss": "mse", "schedule": {"type": "cosine"}}"#,
            "decaySteps",
        ),
    ] {
        let msg = message(m.compile(js(options)).err().expect(options));
        assert!(
            msg.contains(needle),
            "{options}: {msg:?} should contain {needle:?}"
        );
    }
    // Training before compiling is refused, not a trap.
    let msg = message(m.fit(&XOR_X, &XOR_Y, js(r#"{"epochs": 1}"#)).err().unwrap());
    assert!(msg.contains("not compiled"), "{msg}");
}

#[wasm_bindgen_test]
fn bad_data_throws_and_the_next_call_still_works() {
    let mut m = xor_model();
    let errors = [
        m.fit(&XOR_X[..7], &XOR_Y, js("{}")).err().map(message),
        m.fit(&XOR_X, &XOR_Y[..3], js("{}")).err().map(message),
        m.fit(&XOR_X, &[0., 1., 2., 0.], js("{}"))
            .err()
            .map(message),
        m.fit(&XOR_X, &XOR_Y, js(r#"{"batchSize": 0}"#))
            .err()
            .map(message),
        m.predict(&[1.0, f32::NAN]).err().map(message),
        m.evaluate(&XOR_X, &XOR_Y[..2]).err().map(message),
        m.train_epoch().err().map(message),
        m.set_learning_rate(f32::INFINITY).err().map(message),
        m.kernel(5.0).err().map(message),
        JsModel::from_json("{not json".into()).err().map(message),
    ];
    let needles = [
        "multiple of 2",
        "one row of targets per feature row",
        "row 3",
        "batchSize",
        "row 1, feature 2",
        "targets",
        "startTraining",
        "learningRate",
        "no layer 5",
        "not valid JSON",
    ];
    for (e, needle) in errors.iter().zip(needles) {
        let msg = e.as_ref().expect(needle);
        assert!(msg.contains(needle), "{msg:?} should contain {needle:?}");
    }
    // After all that, the same handle trains XOR perfectly.
    let history = m
        .fit(&XOR_X, &XOR_Y, js(r#"{"epochs": 300, "batchSize": 4}"#))
        .unwrap();
    let epochs: js_sys::Array = get(&history, "epochs").dyn_into().unwrap();
    assert_eq!(epochs.length(), 300);
    let e = m.evaluate(&XOR_X, &XOR_Y).unwrap();
    assert_eq!(get(&e, "accuracy").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn step_wise_training_json_round_trip_and_metrics() {
    let mut m = xor_model();
    m.start_training(&XOR_X, &XOR_Y, js(r#"{"epochs": 200, "batchSize": 2}"#))
        .unwrap();
    let out = m.train_batches(5.0).unwrap();
    assert_eq!(get(&out, "batches").as_f64(), Some(5.0));
    // Two batches per epoch: 5 batches finish epochs 1 and 2.
    let epochs: js_sys::Array = get(&out, "epochs").dyn_into().unwrap();
    assert_eq!(epochs.length(), 2);
    assert_eq!(m.epoch(), 2);
    m.set_learning_rate(0.02).unwrap();
    assert_eq!(m.learning_rate(), 0.02);
    let log = m.train_epoch().unwrap();
    assert_eq!(get(&log, "epoch").as_f64(), Some(3.0));
    // f32 values cross as their shortest decimal: 0.02, not 0.019999999552965164.
    assert_eq!(get(&log, "learningRate").as_f64(), Some(0.02));
    while !m.training_finished() {
        m.train_batches(50.0).unwrap();
    }
    assert_eq!(m.epoch(), 200);

    let text = m.to_json();
    let mut back = JsModel::from_json(text.as_str().into()).unwrap();
    assert_eq!(back.predict(&XOR_X).unwrap(), m.predict(&XOR_X).unwrap());
    let corrupted = text.replacen("\"version\":2", "\"version\":9", 1);
    assert!(message(JsModel::from_json(corrupted.into()).err().unwrap()).contains("version"));

    let report = m.metrics(&XOR_X, &XOR_Y, Some(0.5)).unwrap();
    assert_eq!(get(&report, "task").as_string().as_deref(), Some("binary"));
    let acc = get(&report, "accuracy").as_f64().unwrap();
    let e = m.evaluate(&XOR_X, &XOR_Y).unwrap();
    assert_eq!(Some(acc), get(&e, "accuracy").as_f64());
}
