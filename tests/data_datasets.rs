//! The built-in data sets: each loads through the CSV importer with its expected shape and
//! classes, and an MLP reaches a stated test accuracy on it. Runs natively and in headless
//! Chromium (the files are compiled into the test, not into the wasm module).
//!
//! Accuracies are on a stratified 20 % test part (seed 1) after training on the rest; the
//! numbers asserted are the floors of the issue, the numbers reached are in the comments
//! (native and browser give the same, as the RNG and the arithmetic are the same).

use nnplay::data::{
    column_stats, parse_csv, prepare, CsvOptions, DataConfig, Prepared, Schema, Table,
};
use nnplay::{
    Activation, DenseConfig, Loss, Model, ModelConfig, OptimizerConfig, OptimizerKind, Task,
    TrainConfig, Trainer,
};
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const IRIS: &str = include_str!("../www/datasets/iris.csv");
const WINE: &str = include_str!("../www/datasets/wine.csv");
const CANCER: &str = include_str!("../www/datasets/breast_cancer.csv");
const DIGITS: &str = include_str!("../www/datasets/digits.csv");
const EXAMPLE: &str = include_str!("../www/datasets/data.csv");
const SENTENCES: &str = include_str!("../www/datasets/sentences.csv");

fn load(text: &str, config: serde_json::Value) -> (Table, Schema) {
    let table = parse_csv(text.as_bytes(), &CsvOptions::default()).unwrap();
    let config = DataConfig::default().merged(config).unwrap();
    let schema = Schema::resolve(&table, &column_stats(&table), &config).unwrap();
    (table, schema)
}

/// Trains `inputs → hidden (relu) → outputs` with Adam and returns the test accuracy.
fn test_accuracy(data: &Prepared, hidden: &[usize], lr: f32, epochs: usize, batch: usize) -> f64 {
    let out = match data.task {
        Task::Binary => DenseConfig::new(1, Activation::Sigmoid),
        Task::Multiclass => DenseConfig::new(data.outputs(), Activation::Softmax),
        Task::Regression => unreachable!("classification sets only"),
    };
    let mut layers: Vec<DenseConfig> = hidden
        .iter()
        .map(|&u| DenseConfig::new(u, Activation::Relu))
        .collect();
    layers.push(out);
    let config = ModelConfig {
        inputs: data.inputs(),
        layers,
        seed: 1,
        ..ModelConfig::default()
    };
    train_and_test(data, config, lr, epochs, batch)
}

/// Trains `config` on the training part with Adam (binary or categorical cross-entropy, as
/// the task asks) and returns the test accuracy.
fn train_and_test(
    data: &Prepared,
    config: ModelConfig,
    lr: f32,
    epochs: usize,
    batch: usize,
) -> f64 {
    let loss = match data.task {
        Task::Binary => Loss::BinaryCrossentropy,
        Task::Multiclass => Loss::CategoricalCrossentropy,
        Task::Regression => unreachable!("classification sets only"),
    };
    let mut model = Model::new(config).unwrap();
    model
        .compile(
            loss,
            OptimizerConfig::new(OptimizerKind::Adam).with_learning_rate(lr),
        )
        .unwrap();
    let train = TrainConfig {
        epochs,
        batch_size: batch,
        ..TrainConfig::default()
    };
    let mut trainer = Trainer::new(
        &model,
        nnplay::Dataset::from_part(&data.train, data.inputs()).unwrap(),
        None,
        train,
    )
    .unwrap();
    trainer.fit(&mut model).unwrap();
    let e = model
        .evaluate(&data.test.x, &data.test.y, data.test.len())
        .unwrap();
    let acc = e.accuracy.unwrap();
    let n = data.test.len();
    report(&format!(
        "test accuracy {acc:.4} ({} of {n})",
        (acc * n as f64).round()
    ));
    acc
}

/// Prints a line: to stdout natively, to the console in the browser (shown with
/// `-- --nocapture`).
fn report(line: &str) {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::console_log!("{line}");
    #[cfg(not(target_arch = "wasm32"))]
    println!("{line}");
}

#[wasm_bindgen_test(unsupported = test)]
fn iris_loads_and_reaches_093() {
    let (t, s) = load(IRIS, json!({}));
    assert_eq!((t.rows(), t.width()), (150, 5));
    assert_eq!(s.classes, ["setosa", "versicolor", "virginica"]);
    assert_eq!(s.task, Task::Multiclass);
    let data = prepare(&t, &s).unwrap();
    assert_eq!((data.train.len(), data.test.len()), (120, 30));
    let acc = test_accuracy(&data, &[16], 0.01, 100, 16);
    // Reached: 0.967 (29 of 30).
    assert!(acc >= 0.93, "iris test accuracy {acc}");
}

#[wasm_bindgen_test(unsupported = test)]
fn wine_loads_and_learns() {
    let (t, s) = load(WINE, json!({}));
    assert_eq!((t.rows(), t.width()), (178, 14));
    assert_eq!(s.classes, ["class_0", "class_1", "class_2"]);
    let data = prepare(&t, &s).unwrap();
    let acc = test_accuracy(&data, &[16], 0.01, 60, 16);
    // Reached: 0.944 (34 of 36). The issue sets no floor; 0.9 is asserted.
    assert!(acc >= 0.9, "wine test accuracy {acc}");
}

#[wasm_bindgen_test(unsupported = test)]
fn breast_cancer_loads_and_reaches_095() {
    let (t, s) = load(CANCER, json!({}));
    assert_eq!((t.rows(), t.width()), (569, 31));
    assert_eq!(s.classes, ["benign", "malignant"]);
    assert_eq!(s.task, Task::Binary);
    let data = prepare(&t, &s).unwrap();
    let acc = test_accuracy(&data, &[16], 0.005, 60, 32);
    // Reached: 0.982 (112 of 114).
    assert!(acc >= 0.95, "breast cancer test accuracy {acc}");
}

#[wasm_bindgen_test(unsupported = test)]
fn digits_loads_and_reaches_093() {
    let (t, s) = load(DIGITS, json!({}));
    assert_eq!((t.rows(), t.width()), (1797, 65));
    assert_eq!(
        s.classes,
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
    );
    let data = prepare(&t, &s).unwrap();
    assert_eq!(data.inputs(), 64);
    let acc = test_accuracy(&data, &[64], 0.005, 30, 32);
    // Reached: 0.961 (345 of 359).
    assert!(acc >= 0.93, "digits test accuracy {acc}");
}

#[wasm_bindgen_test(unsupported = test)]
fn sentences_are_balanced_and_learnable() {
    // Word counts are sparse; z-scores would blow up rare words, so no scaling.
    let (t, s) = load(SENTENCES, json!({ "scaling": "none" }));
    assert!(t.rows() >= 400, "{} sentences", t.rows());
    assert_eq!(s.columns[0].kind, nnplay::data::ColumnType::Text);
    assert_eq!(s.classes, ["negative", "positive"]);
    let positives = (0..t.rows())
        .filter(|&r| t.cell(r, 1) == "positive")
        .count();
    assert_eq!(positives * 2, t.rows(), "balanced labels");
    let data = prepare(&t, &s).unwrap();
    assert_eq!(
        data.inputs(),
        1000,
        "the vocabulary is capped at 1000 words"
    );
    let acc = test_accuracy(&data, &[16], 0.01, 30, 16);
    // Chance is 0.5 (balanced). Reached: 0.787 (96 of 122). For reference, scikit-learn's
    // CountVectorizer + LogisticRegression scores 0.775 in 5-fold cross-validation.
    assert!(acc >= 0.70, "sentences test accuracy {acc}");
}

#[wasm_bindgen_test(unsupported = test)]
fn example_data_csv_loads_and_is_learnable() {
    let (t, s) = load(EXAMPLE, json!({}));
    assert_eq!((t.rows(), t.width()), (1000, 11));
    assert_eq!(s.task, Task::Binary);
    let positives = (0..t.rows()).filter(|&r| t.cell(r, 10) == "1").count();
    assert!(
        (450..=550).contains(&positives),
        "{positives} positive rows"
    );
    let data = prepare(&t, &s).unwrap();
    // The documentation's model: Dense 100 relu, Dense 100 relu, Dense 1 sigmoid, Adam
    // (learning rate 0.001), 100 epochs of batch 32, on z-scored features. The rule's noise
    // caps accuracy near 0.965. Reached: 0.935 (187 of 200).
    let acc = test_accuracy(&data, &[100, 100], 0.001, 100, 32);
    assert!(acc >= 0.9, "example test accuracy {acc}");
}

/// The shipped `data.csv` is exactly what the generator writes; set
/// `NNPLAY_WRITE_DATASETS=1` to write it again after changing the generator.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn example_data_csv_is_generated() {
    use nnplay::data::example;
    let text = example::example_csv(example::SEED, example::ROWS);
    if std::env::var_os("NNPLAY_WRITE_DATASETS").is_some() {
        std::fs::write(
            concat!(env!("CARGO_MANIFEST_DIR"), "/www/datasets/data.csv"),
            &text,
        )
        .unwrap();
    }
    assert!(
        text == EXAMPLE,
        "www/datasets/data.csv differs from the generator; run NNPLAY_WRITE_DATASETS=1 cargo test --test data_datasets"
    );
}

/// [`train_and_test`] for a model configuration written as JSON.
fn model_test_accuracy(
    data: &Prepared,
    config: serde_json::Value,
    lr: f32,
    epochs: usize,
    batch: usize,
) -> f64 {
    let config: ModelConfig =
        nnplay::json::read(nnplay::json::parse(&config.to_string()).unwrap()).unwrap();
    train_and_test(data, config, lr, epochs, batch)
}

/// A small conv net on the 8×8 digits (the same stratified 20 % test part as the dense
/// net above): conv 3×3×8 same relu → conv 3×3×16 same relu → max pool 2 → flatten → 10
/// softmax on min-max-scaled pixels, each training image once more shifted by up to a
/// pixel (the `augment` step), Adam 0.003, 30 epochs of 32. The dense net reaches 0.961.
/// Native only: in the browser these 30 epochs run longer than the test runner waits for
/// a page that computes without pause (about 20 s); the page itself reaches the figure in
/// `tests/e2e/tests-shaped.mjs`, training in its worker.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn digits_conv_net_reaches_0985() {
    let (t, s) = load(
        DIGITS,
        json!({ "scaling": "minmax", "augment": { "copies": 1 } }),
    );
    let data = prepare(&t, &s).unwrap();
    assert_eq!(data.image_shape(), Some([8, 8]));
    let conv = |filters: usize| {
        json!({"type": "conv2d", "filters": filters, "kernelSize": 3, "padding": "same",
               "activation": "relu"})
    };
    let model = json!({
        "inputShape": [8, 8, 1],
        "layers": [conv(8), conv(16), {"type": "max_pool2d"}, {"type": "flatten"},
                   {"units": 10, "activation": "softmax"}],
        "seed": 1,
    });
    let acc = model_test_accuracy(&data, model, 0.003, 30, 32);
    // Reached: 0.9889 (355 of 359).
    assert!(acc >= 0.985, "digits conv net test accuracy {acc}");
}

/// The sentences as token ids (the 1000 words in most training rows, 20 ids a row) into
/// an embedding of 16 → the mean over the words → sigmoid, Adam 0.01, 30 epochs of 16, on
/// the same split as the bag-of-words MLP above (0.787).
#[wasm_bindgen_test(unsupported = test)]
fn sentences_embedding_model_beats_bag_of_words() {
    let (t, s) = load(
        SENTENCES,
        json!({ "scaling": "none", "text": { "method": "sequence", "length": 20 } }),
    );
    let data = prepare(&t, &s).unwrap();
    assert_eq!(data.inputs(), 20);
    let vocabulary = data.preprocessor.features[0].token_ids().unwrap();
    assert_eq!(
        vocabulary, 1002,
        "1000 words, padding and out-of-vocabulary"
    );
    let model = json!({
        "inputShape": [20],
        "layers": [{"type": "embedding", "inputDim": vocabulary, "outputDim": 16},
                   {"type": "global_average_pool1d"}, {"units": 1, "activation": "sigmoid"}],
        "seed": 1,
    });
    let acc = model_test_accuracy(&data, model, 0.01, 30, 16);
    // Reached: 0.8033 (98 of 122), against 0.787 (96 of 122) for word counts.
    assert!(acc > 0.787, "sentences embedding test accuracy {acc}");
}
