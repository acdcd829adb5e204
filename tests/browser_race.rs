//! `Race` through the JavaScript API in headless Chromium: SGD and Adam raced on Iris from
//! the same weights, and the loss surface through Adam's weights with both paths on it.
//! (The race itself is checked natively in `tests/race.rs`, the surface in
//! `tests/surface.rs`; the wasm-bindgen exports read options through JavaScript's `JSON`.)
#![cfg(target_arch = "wasm32")]

use nnplay::web::race::JsRace;
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

const IRIS: &str = include_str!("../www/datasets/iris.csv");

#[wasm_bindgen_test]
fn two_optimizers_raced_and_their_paths_on_the_loss_surface() {
    let mut table = JsDataTable::parse_csv(IRIS.into(), JsValue::UNDEFINED).unwrap();
    table
        .configure(js(
            r#"{"scaling": "zscore", "split": {"test": 0.2, "validation": 0, "seed": 1}}"#,
        ))
        .unwrap();
    let data = table.prepare().unwrap();
    let loss = r#""loss": "categorical_crossentropy""#;
    let mut race = JsRace::new(
        &data,
        js(&format!(
            r#"{{"model": {{"layers": [{{"units": 4, "activation": "tanh"}}, {{"units": 3, "activation": "softmax"}}], "seed": 2}},
                "runs": [{{"name": "sgd", "compile": {{"optimizer": "sgd", {loss}, "learningRate": 0.05}}, "fit": {{"epochs": 5}}}},
                         {{"name": "adam", "compile": {{"optimizer": "adam", {loss}, "learningRate": 0.05}}, "fit": {{"epochs": 5}}}}]}}"#
        )),
    )
    .unwrap();
    let mut epochs = 0;
    while !race.finished() {
        let e = race.train_epoch().unwrap();
        assert_eq!(js_sys::Array::from(&e).length(), 2);
        epochs += 1;
    }
    assert_eq!(epochs, 5);
    assert_eq!(race.names(), ["sgd", "adam"]);
    let s = race
        .loss_surface(
            1.0,
            &data,
            JsValue::from_str("train"),
            js(r#"{"plane": {"kind": "random", "seed": 3}, "span": 1, "resolution": 7}"#),
        )
        .unwrap();
    assert_eq!(js_sys::Array::from(&get(&s, "losses")).length(), 49);
    let paths = js_sys::Array::from(&get(&s, "paths"));
    let adam = js_sys::Array::from(&get(&paths.get(1), "points"));
    assert_eq!(adam.length(), 6, "the start and five epochs");
    // The slice goes through Adam's last weights: its path ends at the origin.
    let end = js_sys::Array::from(&adam.get(5));
    let (x, y) = (end.get(0).as_f64().unwrap(), end.get(1).as_f64().unwrap());
    assert!(x.abs() < 1e-4 && y.abs() < 1e-4, "({x}, {y})");
    // Both start from the same weights: the same point.
    let sgd = js_sys::Array::from(&get(&paths.get(0), "points"));
    assert_eq!(
        js_sys::JSON::stringify(&sgd.get(0)).unwrap(),
        js_sys::JSON::stringify(&adam.get(0)).unwrap()
    );
    // A bad plane is a readable Error.
    let err = race
        .loss_surface(
            0.0,
            &data,
            JsValue::from_str("train"),
            js(r#"{"plane": {"kind": "parameters", "a": 0, "b": 0}}"#),
        )
        .err()
        .unwrap();
    let message: String = JsValue::from(err)
        .dyn_ref::<js_sys::Error>()
        .unwrap()
        .message()
        .into();
    assert!(message.contains("plane.b"), "{message}");
}
