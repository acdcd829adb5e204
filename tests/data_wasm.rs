//! The data side of the JavaScript API in headless Chromium: `DataTable`, the 2-D
//! generators and `prepareToy`, and `Model.predictRows` / `predictCsv` / `predictRaw` on a saved and
//! reloaded model.
#![cfg(target_arch = "wasm32")]

use nnplay::web::model::JsModel;
use nnplay::web::table::JsDataTable;
use nnplay::web::toy::{generate_toy, prepare_toy, toy_features};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn js(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON")
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap()
}

fn path(obj: &JsValue, keys: &str) -> JsValue {
    keys.split('.')
        .fold(obj.clone(), |o, k| match k.parse::<u32>() {
            Ok(i) => js_sys::Array::from(&o).get(i),
            Err(_) => get(&o, k),
        })
}

fn floats(v: JsValue) -> Vec<f32> {
    v.dyn_into::<js_sys::Float32Array>()
        .expect("a Float32Array")
        .to_vec()
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

#[wasm_bindgen_test]
fn parse_configure_prepare_and_predict_raw_rows_after_reload() {
    let mut table = JsDataTable::parse_csv(IRIS.into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(table.rows(), 150);
    assert_eq!(table.columns()[4], "species");
    let schema = table.schema().unwrap();
    assert_eq!(path(&schema, "task").as_string().unwrap(), "multiclass");
    assert_eq!(
        path(&schema, "columns.0.type").as_string().unwrap(),
        "numeric"
    );
    assert_eq!(
        path(&schema, "columns.4.role").as_string().unwrap(),
        "label"
    );
    assert!(path(&schema, "error").is_null());
    let preview = table.preview(Some(2.0)).unwrap();
    assert_eq!(path(&preview, "rows.1.0").as_string().unwrap(), "4.9");
    assert_eq!(path(&preview, "rowNumbers.0").as_f64().unwrap(), 2.0);

    let schema = table
        .configure(js(
            r#"{"scaling": "minmax", "split": {"test": 0.2, "seed": 3}}"#,
        ))
        .unwrap();
    assert_eq!(
        path(&schema, "config.scaling").as_string().unwrap(),
        "minmax"
    );
    let data = table.prepare().unwrap();
    assert_eq!((data.inputs(), data.outputs()), (4, 3));
    assert_eq!(data.loss(), "categorical_crossentropy");
    assert_eq!(data.output_activation(), "softmax");
    let (x, y) = (
        data.x(JsValue::from_str("train")).unwrap(),
        data.y(JsValue::from_str("train")).unwrap(),
    );
    assert_eq!((x.len(), y.len()), (120 * 4, 120));
    let x_test = data.x(JsValue::from_str("test")).unwrap();
    let test_rows: Vec<u32> = get(&data.rows().unwrap(), "test")
        .dyn_into::<js_sys::Uint32Array>()
        .unwrap()
        .to_vec();

    let mut model = JsModel::new(js(
        r#"{"inputs": 4, "layers": [{"units": 8, "activation": "relu"}, {"units": 3, "activation": "softmax"}], "seed": 1}"#,
    ))
    .unwrap();
    model
        .compile(js(
            r#"{"optimizer": "adam", "learningRate": 0.02, "loss": "categorical_crossentropy"}"#,
        ))
        .unwrap();
    model
        .fit(&x, &y, js(r#"{"epochs": 40, "batchSize": 16}"#))
        .unwrap();
    let expected = model.predict(&x_test).unwrap();
    model
        .set_preprocessing(data.preprocessing().unwrap())
        .unwrap();
    model.set_label_names(data.label_names());

    // Reload from JSON and predict from the raw text cells of the test rows.
    let mut loaded = JsModel::from_json(model.to_json().into()).unwrap();
    let rows = js_sys::Array::new();
    let mut csv =
        String::from("sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n");
    for &r in &test_rows {
        let line: Vec<&str> = IRIS
            .lines()
            .nth(r as usize + 1)
            .unwrap()
            .split(',')
            .collect();
        let row = js_sys::Array::new();
        for cell in &line[..4] {
            row.push(&JsValue::from_str(cell));
        }
        rows.push(&row);
        csv.push_str(&line[..4].join(","));
        csv.push('\n');
    }
    let rows: JsValue = rows.into();
    assert_eq!(loaded.predict_rows(rows.clone()).unwrap(), expected);
    // The inputs the network gets for those cells are the prepared test part's.
    assert_eq!(loaded.transform_rows(rows.clone()).unwrap(), x_test);
    let out = loaded.predict_csv(csv.as_str().into()).unwrap();
    assert_eq!(floats(get(&out, "predictions")), expected);
    let labels = js_sys::Array::from(&get(&out, "labels"));
    assert_eq!(labels.length() as usize, test_rows.len());
    assert!(["setosa", "versicolor", "virginica"]
        .contains(&labels.get(0).as_string().unwrap().as_str()));
    // Numbers are accepted as cells too; a bad cell names its row and column.
    let err = loaded
        .predict_rows(js(r#"[[5.1, 3.5, 1.4, 0.2], ["x", "3", "1", "0"]]"#))
        .unwrap_err();
    assert!(
        message(err)
            .contains("row 2, column \"sepal length (cm)\": the value \"x\" is not a number"),
        "message names row and column"
    );
    // A model without preprocessing says what to do.
    let mut bare = JsModel::new(js(r#"{"inputs": 4, "layers": [{"units": 3}]}"#)).unwrap();
    assert!(message(bare.predict_rows(js("[]")).unwrap_err()).contains("setPreprocessing"));
    let err = loaded
        .predict_rows(js(r#"[[1, 2, {"a": 1}, 4]]"#))
        .unwrap_err();
    assert!(message(err)
        .contains("rows: [0][2]: invalid type: map, expected a cell: text, a number or null"));
    // fitData trains on the prepared arrays in place and keeps the preprocessing: the
    // same seed and settings give the same predictions as fit on copies of the arrays.
    let mut in_place = JsModel::new(js(
        r#"{"inputs": 4, "layers": [{"units": 8, "activation": "relu"}, {"units": 3, "activation": "softmax"}], "seed": 1}"#,
    ))
    .unwrap();
    in_place
        .compile(js(
            r#"{"optimizer": "adam", "learningRate": 0.02, "loss": "categorical_crossentropy"}"#,
        ))
        .unwrap();
    in_place
        .fit_data(&data, js(r#"{"epochs": 40, "batchSize": 16}"#))
        .unwrap();
    assert_eq!(in_place.predict(&x_test).unwrap(), expected);
    assert_eq!(in_place.predict_rows(rows.clone()).unwrap(), expected);
    let m = in_place.evaluate_data(&data, "test".into()).unwrap();
    let e = model
        .evaluate(&x_test, &data.y(JsValue::from_str("test")).unwrap())
        .unwrap();
    assert_eq!(get(&m, "loss").as_f64(), get(&e, "loss").as_f64());
    assert!(message(
        in_place
            .evaluate_data(&data, "validation".into())
            .unwrap_err()
    )
    .contains("no rows"));
    assert!(
        message(in_place.evaluate_data(&data, "tset".into()).unwrap_err()).contains("unknown part")
    );
}

#[wasm_bindgen_test]
fn problems_and_refused_configurations_keep_the_previous_state() {
    // The default label (`y`) has one class: the schema reports it, the columns are still
    // listed, and choosing another label fixes it.
    let mut table = JsDataTable::parse_csv(
        "a,b,y\n1,p,k\n2,q,k\n,p,k\n4,q,k\n".into(),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let schema = table.schema().unwrap();
    assert!(path(&schema, "error")
        .as_string()
        .unwrap()
        .contains("only one class"));
    assert_eq!(js_sys::Array::from(&get(&schema, "columns")).length(), 3);
    assert!(table.prepare().is_err());
    let schema = table.configure(js(r#"{"label": "b"}"#)).unwrap();
    assert!(path(&schema, "error").is_null());
    assert_eq!(path(&schema, "task").as_string().unwrap(), "binary");
    // The missing `a` in file row 4 is a problem under the default policy.
    let problems = table.problems(None).unwrap();
    assert_eq!(path(&problems, "0.row").as_f64().unwrap(), 4.0);
    assert_eq!(path(&problems, "0.column").as_string().unwrap(), "a");
    let err = table.prepare().err().unwrap();
    assert!(message(err).contains("row 4, column \"a\""));
    // A bad setting throws and leaves the configuration as it was.
    let err = table.configure(js(r#"{"label": "nope"}"#)).unwrap_err();
    assert!(message(err).contains("no column \"nope\""));
    let err = table.configure(js(r#"{"scaling": "log"}"#)).unwrap_err();
    assert!(message(err).contains("scaling"));
    assert_eq!(
        path(&table.schema().unwrap(), "config.label")
            .as_string()
            .unwrap(),
        "b"
    );
    table
        .configure(js(r#"{"missing": "drop_rows", "split": {"test": 0.25}}"#))
        .unwrap();
    let data = table.prepare().unwrap();
    assert_eq!(data.dropped(), [4]);
    // Malformed files throw with the row named.
    let err = JsDataTable::parse_csv("a,b\n1,2\n3\n".into(), JsValue::UNDEFINED)
        .err()
        .unwrap();
    assert!(message(err).contains("row 3"));
    let err = JsDataTable::parse_csv("a;b\n1;2\n".into(), js(r#"{"delimiter": "::"}"#))
        .err()
        .unwrap();
    assert!(message(err).contains("delimiter"));
    // Options given explicitly.
    let t = JsDataTable::parse_csv(
        "1;2;p\n3;4;q\n".into(),
        js(r#"{"header": false, "delimiter": ";"}"#),
    )
    .unwrap();
    assert_eq!(t.rows(), 2);
    let bytes = b"\xEF\xBB\xBFa,y\n1,p\n2,q\n";
    let t = JsDataTable::parse_csv_bytes(bytes, JsValue::UNDEFINED).unwrap();
    assert_eq!(t.columns(), ["a", "y"]);
}

#[wasm_bindgen_test]
fn toy_sets_features_and_raw_prediction() {
    let options = js(r#"{"samples": 200, "noise": 0.1, "seed": 4}"#);
    let toy = generate_toy("circle".into(), options.clone()).unwrap();
    let points = floats(get(&toy, "points"));
    assert_eq!(points.len(), 400);
    let f = toy_features(&points[..4], js(r#"["x1^2", "x1*x2"]"#)).unwrap();
    assert_eq!(
        f,
        vec![
            points[0] * points[0],
            points[0] * points[1],
            points[2] * points[2],
            points[2] * points[3]
        ]
    );
    assert!(message(toy_features(&points, js(r#"["x3"]"#)).unwrap_err())
        .contains("unknown input feature \"x3\""));
    assert!(message(generate_toy("moons".into(), options).unwrap_err())
        .contains("unknown 2-D data set \"moons\""));

    let toy_options =
        r#"{"samples": 200, "noise": 0.1, "seed": 4, "transforms": ["x1", "x2", "x1^2", "x2^2"]}"#;
    let mut table = JsDataTable::toy("circle".into(), js(toy_options)).unwrap();
    // Row i of the table is point i of generateToy with the same options.
    let x1 = table.column("x1".into()).unwrap();
    assert_eq!(
        x1[..5],
        points
            .iter()
            .step_by(2)
            .take(5)
            .copied()
            .collect::<Vec<_>>()[..]
    );
    table
        .configure(js(r#"{"split": {"test": 0.5, "seed": 1}}"#))
        .unwrap();
    let data = table.prepare().unwrap();
    assert_eq!(data.task(), "binary");
    // prepareToy is the same path in one call.
    let direct = prepare_toy(
        "circle".into(),
        js(toy_options),
        js(r#"{"split": {"test": 0.5, "seed": 1}}"#),
    )
    .unwrap();
    assert_eq!(
        direct.x(JsValue::from_str("train")).unwrap(),
        data.x(JsValue::from_str("train")).unwrap()
    );
    assert_eq!(
        direct.y(JsValue::from_str("test")).unwrap(),
        data.y(JsValue::from_str("test")).unwrap()
    );
    assert!(message(
        prepare_toy(
            "circle".into(),
            JsValue::UNDEFINED,
            js(r#"{"scaling": "cubic"}"#)
        )
        .err()
        .unwrap()
    )
    .contains("scaling: unknown scaling \"cubic\""));
    let mut model = JsModel::new(js(
        r#"{"inputs": 4, "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}], "seed": 1}"#,
    ))
    .unwrap();
    model
        .compile(js(
            r#"{"optimizer": "adam", "learningRate": 0.05, "loss": "binary_crossentropy"}"#,
        ))
        .unwrap();
    model
        .fit_data(&data, js(r#"{"epochs": 60, "batchSize": 10}"#))
        .unwrap();
    // predictRaw on unscaled features equals predict on the prepared (scaled) ones, and
    // layerOutputsRaw's last layer is that prediction.
    let test: Vec<u32> = get(&data.rows().unwrap(), "test")
        .dyn_into::<js_sys::Uint32Array>()
        .unwrap()
        .to_vec();
    let raw_points: Vec<f32> = test
        .iter()
        .flat_map(|&i| [points[2 * i as usize], points[2 * i as usize + 1]])
        .collect();
    let raw = toy_features(&raw_points, js(r#"["x1", "x2", "x1^2", "x2^2"]"#)).unwrap();
    let via_raw = model.predict_raw(&raw).unwrap();
    let via_scaled = model
        .predict(&data.x(JsValue::from_str("test")).unwrap())
        .unwrap();
    for (a, b) in via_raw.iter().zip(&via_scaled) {
        assert!((a - b).abs() < 1e-5, "{a} vs {b}");
    }
    let layers = model.layer_outputs_raw(&raw).unwrap();
    assert_eq!(layers.length(), 2);
    assert_eq!(floats(layers.get(0)).len(), test.len() * 4);
    assert_eq!(floats(layers.get(1)), via_raw);
    // With x1², x2² the circle is linearly separable: the test accuracy is high.
    let m = model.evaluate_data(&data, "test".into()).unwrap();
    assert!(path(&m, "accuracy").as_f64().unwrap() >= 0.9);
}

#[wasm_bindgen_test]
fn cross_validation_from_javascript() {
    let table = JsDataTable::parse_csv(IRIS.into(), JsValue::UNDEFINED).unwrap();
    let report = table
        .cross_validate(js(r#"{
            "model": {"layers": [{"units": 8, "activation": "relu"}, {"units": 3, "activation": "softmax"}], "seed": 1},
            "compile": {"optimizer": "adam", "learningRate": 0.02, "loss": "categorical_crossentropy"},
            "fit": {"epochs": 30, "batchSize": 16},
            "folds": 3,
            "seed": 2
        }"#))
        .unwrap();
    let folds = js_sys::Array::from(&get(&report, "folds"));
    assert_eq!(folds.length(), 3);
    assert_eq!(path(&report, "folds.0.testRows").as_f64().unwrap(), 50.0);
    let mean = path(&report, "accuracy.mean").as_f64().unwrap();
    let accs: Vec<f64> = (0..3)
        .map(|i| {
            path(&report, &format!("folds.{i}.accuracy"))
                .as_f64()
                .unwrap()
        })
        .collect();
    assert!((mean - accs.iter().sum::<f64>() / 3.0).abs() < 1e-12);
    assert!(mean > 0.85, "{accs:?}");
    let err = table.cross_validate(js(
        r#"{"model": {"layers": []}, "compile": {"optimizer": "adam", "loss": "categorical_crossentropy"}}"#,
    ));
    assert!(message(err.unwrap_err()).contains("at least one"));
    let err = table.cross_validate(js(
        r#"{"model": {"layers": [{"units": 1}]}, "compile": {"optimizer": "adam", "loss": "mse"}}"#,
    ));
    assert!(message(err.unwrap_err()).contains("does not fit a class label"));
    let err = table.cross_validate(js(r#"{"model": {"layers": [{"units": 3}]}, "compile": {"optimizer": "adam", "loss": "mse"}, "fold": 3}"#));
    assert!(message(err.unwrap_err()).contains("unknown field `fold`"));
}
