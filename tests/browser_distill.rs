//! `Distiller` through the JavaScript API in headless Chromium: a teacher trained on Iris,
//! two students compared epoch by epoch, the students as `Model`s, and bad settings refused
//! with a readable Error before any training (the handles keep working).
//!
//! Natively the same comparison runs in `tests/distillation.rs`; the wasm-bindgen exports
//! themselves (options read through JavaScript's `JSON`) only run in a browser.
#![cfg(target_arch = "wasm32")]

use nnplay::web::distill::JsDistiller;
use nnplay::web::model::JsModel;
use nnplay::web::table::JsDataTable;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn js(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON")
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap()
}

fn message(err: wasm_bindgen::JsError) -> String {
    let value = JsValue::from(err);
    value
        .dyn_ref::<js_sys::Error>()
        .expect("a JS Error")
        .message()
        .into()
}

const IRIS: &str = include_str!("../www/datasets/iris.csv");
const STUDENT: &str =
    r#"{"layers": [{"units": 2, "activation": "tanh"}, {"units": 3, "activation": "softmax"}]}"#;

#[wasm_bindgen_test]
fn a_teacher_two_students_and_bad_settings() {
    let mut table = JsDataTable::parse_csv(IRIS.into(), JsValue::UNDEFINED).unwrap();
    table
        .configure(js(
            r#"{"scaling": "zscore", "split": {"test": 0.2, "validation": 0.2, "seed": 1}}"#,
        ))
        .unwrap();
    let data = table.prepare().unwrap();
    let mut teacher = JsModel::new(js(
        r#"{"inputs": 4, "layers": [{"units": 16, "activation": "relu"}, {"units": 3, "activation": "softmax"}], "seed": 1}"#,
    ))
    .unwrap();
    teacher
        .compile(js(
            r#"{"optimizer": "adam", "learningRate": 0.01, "loss": "categorical_crossentropy"}"#,
        ))
        .unwrap();
    teacher
        .fit_data(&data, js(r#"{"epochs": 40, "batchSize": 16}"#))
        .unwrap();

    // Refused before any training, with the setting named; the teacher is untouched.
    for (options, needle) in [
        (r#"{"temperature": 0}"#, "temperature"),
        (r#"{"alpha": 1.5}"#, "alpha"),
        (
            r#"{"temperature": "hot"}"#,
            "invalid distillation options: temperature",
        ),
        (r#"{"epochs": 0}"#, "epochs"),
        (r#"{"temprature": 2}"#, "unknown field `temprature`"),
    ] {
        let e = JsDistiller::new(&mut teacher, &data, js(STUDENT), js(options));
        let msg = message(e.err().expect(options));
        assert!(
            msg.contains(needle),
            "{options}: {msg:?} should contain {needle:?}"
        );
    }
    let e = JsDistiller::new(
        &mut teacher,
        &data,
        js(r#"{"layers": [{"units": 2}]}"#),
        JsValue::UNDEFINED,
    );
    assert!(message(e.err().unwrap()).contains("the teacher's 3 output units"));

    let mut d = JsDistiller::new(
        &mut teacher,
        &data,
        js(STUDENT),
        js(r#"{"temperature": 4, "alpha": 0.9, "epochs": 3, "batchSize": 16, "seed": 2}"#),
    )
    .unwrap();
    assert!(!d.finished());
    let first = d.train_epoch().unwrap();
    assert_eq!(get(&first, "epoch").as_f64(), Some(1.0));
    let distilled = get(&first, "distilled");
    assert!(get(&distilled, "testAccuracy").as_f64().is_some());
    assert!(get(&get(&first, "scratch"), "valLoss").as_f64().is_some());
    let report = d.run().unwrap();
    assert!(d.finished());
    assert_eq!(d.epoch(), 3);
    assert_eq!(get(&report, "alpha").as_f64(), Some(0.9));
    // 4·2 + 2 + 2·3 + 3 parameters per student.
    let params = |who: &str| get(&get(&report, who), "parameters").as_f64();
    assert_eq!(params("distilled"), Some(19.0));
    assert_eq!(params("scratch"), Some(19.0));
    assert_eq!(params("teacher"), Some(teacher.parameter_count() as f64));
    assert!(message(d.train_epoch().err().unwrap()).contains("finished"));

    // The students as models: they predict, keep the data's class names and train further
    // on the labels alone.
    let mut student = d.distilled();
    assert_eq!(student.parameter_count(), 19);
    assert_eq!(student.label_names().unwrap().len(), 3);
    let accuracy = get(&d.report().unwrap(), "distilled");
    let e = student
        .evaluate_data(&data, JsValue::from_str("test"))
        .unwrap();
    assert_eq!(
        get(&e, "accuracy").as_f64(),
        get(&accuracy, "testAccuracy").as_f64()
    );
    student
        .fit_data(&data, js(r#"{"epochs": 1, "batchSize": 16}"#))
        .unwrap();
    assert_eq!(d.scratch().parameter_count(), 19);
}
