//! Saving and loading whole models as versioned JSON.

mod common;

use common::*;
use nnplay::model_file::{load, save, ModelFile};
use nnplay::{Activation, Rng, TrainConfig, Trainer};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn trained() -> (nnplay::Model, nnplay::Dataset) {
    let data = two_circles(120, 0.2, &mut Rng::seed(1));
    let mut m = mlp(
        2,
        &[
            (5, Activation::Elu),
            (3, Activation::LeakyRelu),
            (1, Activation::Sigmoid),
        ],
        2,
    );
    compiled(
        &mut m,
        nnplay::Loss::BinaryCrossentropy,
        nnplay::OptimizerKind::Adamw,
        0.01,
    );
    let cfg = TrainConfig {
        epochs: 3,
        batch_size: 16,
        ..TrainConfig::default()
    };
    Trainer::new(&m, data.clone(), None, cfg)
        .unwrap()
        .fit(&mut m)
        .unwrap();
    (m, data)
}

#[wasm_bindgen_test(unsupported = test)]
fn round_trip_gives_identical_predictions() {
    let (mut m, data) = trained();
    let json = save(&m);
    let mut back = load(&json).unwrap();
    assert_eq!(
        back.predict(data.x_slice()).unwrap(),
        m.predict(data.x_slice()).unwrap()
    );
    assert_eq!(back.params(), m.params());
    assert_eq!(back.config(), m.config());
    let (a, b) = (m.compiled().unwrap(), back.compiled().unwrap());
    assert_eq!(
        (a.loss, a.optimizer.config()),
        (b.loss, b.optimizer.config())
    );
    // Saving the loaded model gives the same text.
    assert_eq!(save(&back), json);
    // Label names and the (typed) preprocessing survive too.
    let file = ModelFile::new(
        &m,
        Some(preprocessing()),
        Some(vec!["outside".into(), "inside".into()]),
    );
    let again = ModelFile::from_json(&file.to_json()).unwrap();
    assert_eq!(again, file);
}

/// The preprocessing of a 2-D set with two inputs (as the trained model takes).
fn preprocessing() -> nnplay::data::Preprocessor {
    use nnplay::data::{column_stats, prepare, toy::ToyOptions, Schema, Toy};
    let (t, config) = ToyOptions::default().table(Toy::Circle).unwrap();
    let s = Schema::resolve(&t, &column_stats(&t), &config).unwrap();
    prepare(&t, &s).unwrap().preprocessor
}

/// Version 1 wrote snake_case keys; such a file still loads, to the same model.
#[wasm_bindgen_test(unsupported = test)]
fn version_1_files_still_load() {
    let (mut m, data) = trained();
    let v2: serde_json::Value = serde_json::from_str(&save(&m)).unwrap();
    // The keys version 1 wrote differently, by hand from its ModelFile (tag v0.1).
    let mut text = v2.to_string();
    for (new, old) in [
        ("\"version\":2", "\"version\":1"),
        ("kernelInitializer", "kernel_initializer"),
        ("learningRate", "learning_rate"),
        ("\"beta1\"", "\"beta_1\""),
        ("\"beta2\"", "\"beta_2\""),
        ("weightDecay", "weight_decay"),
        ("initialAccumulatorValue", "initial_accumulator_value"),
    ] {
        assert!(text.contains(new), "{new} in {text}");
        text = text.replace(new, old);
    }
    let mut back = load(&text).unwrap();
    assert_eq!(back.params(), m.params());
    assert_eq!(
        back.predict(data.x_slice()).unwrap(),
        m.predict(data.x_slice()).unwrap()
    );
}

fn error_of(json: &str) -> String {
    load(json).expect_err("must be refused").to_string()
}

#[wasm_bindgen_test(unsupported = test)]
fn corrupted_files_give_errors_naming_the_field() {
    let (m, _) = trained();
    let good: serde_json::Value = serde_json::from_str(&save(&m)).unwrap();
    let with = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        edit(&mut v);
        v.to_string()
    };
    let cases: Vec<(String, &str)> = vec![
        (save(&m)[..200].to_string(), "EOF"),
        ("".into(), "EOF"),
        ("[1, 2]".into(), "expected a JSON object"),
        (with(&|v| v["version"] = 3.into()), "version"),
        (with(&|v| v["format"] = "keras".into()), "format"),
        (
            with(&|v| v["weights"][1]["kernel"][4] = serde_json::Value::Null),
            "weights[1].kernel[4]",
        ),
        (
            with(&|v| v["weights"][0]["bias"][1] = "x".into()),
            "weights[0].bias[1]",
        ),
        (
            with(&|v| v["weights"][2]["bias"] = serde_json::json!([0.0, 1.0])),
            "weights[2].bias",
        ),
        (
            with(&|v| {
                v["weights"].as_array_mut().unwrap().pop();
            }),
            "weights",
        ),
        (
            with(&|v| v["model"]["layers"][1]["activation"] = "swish".into()),
            "model.layers[1].activation",
        ),
        (
            with(&|v| v["model"]["layers"][0]["units"] = 0.into()),
            "model.layers[0].units",
        ),
        (
            with(&|v| v["model"]["inputs"] = (-3).into()),
            "model.inputs",
        ),
        (
            with(&|v| v["compile"]["optimizer"]["learningRate"] = (-1.0).into()),
            "compile.learningRate",
        ),
        (
            with(&|v| v["compile"]["loss"] = "hinge".into()),
            "compile.loss",
        ),
        (
            with(&|v| {
                v.as_object_mut().unwrap().remove("model");
            }),
            "model",
        ),
        (with(&|v| v["extra"] = 1.into()), "extra"),
        (
            with(&|v| v["preprocessing"] = serde_json::json!({ "scaling": "zscore" })),
            "preprocessing",
        ),
    ];
    for (json, needle) in cases {
        let msg = error_of(&json);
        assert!(msg.starts_with("cannot load model"), "{msg}");
        assert!(msg.contains(needle), "error {msg:?} should name {needle:?}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn the_model_card_says_what_the_engine_knows_and_travels_in_the_file_and_the_onnx_metadata() {
    use nnplay::model_card::{CardInput, ModelCard};
    let (mut m, _) = trained();
    m.prune(0.5, nnplay::PruneScope::Layer).unwrap();
    let input: CardInput = serde_json::from_str(
        r#"{"data":{"name":"circle","rows":120,
            "sha256":"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"},
            "settings":{"dataset":"circle","layers":"5:elu,3:leaky_relu"},
            "metrics":{"rows":40,"loss":0.25,"accuracy":0.9}}"#,
    )
    .unwrap();
    let card = ModelCard::new(input.clone(), &m, 3).unwrap();
    // Filled in by the engine: its version, the model's seed (2, from `trained`) and the
    // sparsity (round(0.5 · 10) + round(0.5 · 15) + round(0.5 · 3) = 5 + 8 + 2 of 28).
    assert_eq!(card.nnplay, env!("CARGO_PKG_VERSION"));
    assert_eq!((card.seed, card.epochs), (2, 3));
    assert_eq!(
        (card.compression.pruned, card.compression.weights),
        (15, 28)
    );
    assert_eq!(
        card.data.sha256,
        input.data.sha256.as_ref().map(|h| h.to_lowercase())
    );
    // In the model file, read back as written; the same model gives the same bytes.
    let file = ModelFile {
        card: Some(card.clone()),
        ..ModelFile::from_model(&m)
    };
    let json = file.to_json();
    assert_eq!(
        ModelFile::from_json(&json).unwrap().card,
        Some(card.clone())
    );
    let again = ModelFile {
        card: Some(ModelCard::new(input.clone(), &m, 3).unwrap()),
        ..ModelFile::from_model(&m)
    };
    assert_eq!(
        json,
        again.to_json(),
        "two exports of one run are identical"
    );
    // In the ONNX file's metadata, as one JSON string.
    let onnx = nnplay::onnx::export_with_card(&m, None, None, Some(&card)).unwrap();
    let text = String::from_utf8_lossy(&onnx);
    assert!(text.contains("model_card") && text.contains(&card.to_json()));
    // A hash that is not a SHA-256 is refused, naming the field.
    let mut bad = input;
    bad.data.sha256 = Some("abc".into());
    match ModelCard::new(bad, &m, 3) {
        Err(nnplay::Error::InvalidConfig { field, .. }) => assert_eq!(field, "data.sha256"),
        other => panic!("{other:?}"),
    }
}
