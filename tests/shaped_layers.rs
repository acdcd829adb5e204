//! Convolution, pooling, flatten and embedding layers: back-propagation against central
//! differences for every layer and every hidden activation, configurations read and
//! refused, and model files that keep them — natively and in the browser.

use nnplay::model_file::{self, ModelFile};
use nnplay::nn::gradcheck::check;
use nnplay::{Activation, Loss, Model, ModelConfig, OptimizerConfig, OptimizerKind, Rng};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Step and bound as in `gradients.rs`: the five-point difference at h = 1/32 leaves
/// rounding noise of about 3e-6 relative; a 1 % error in any derivative shows as 1e-2.
const H: f32 = 1.0 / 32.0;
const TOLERANCE: f64 = 1e-3;
/// The step where a kink is near: max pooling (a window's two largest values swap), relu
/// and leaky_relu. A difference quotient across a kink measures a mix of the two one-sided
/// slopes, so these cases are checked on four weight draws and the best must pass: a
/// wrong derivative fails on every draw, a kink within 1/128 of a point on few.
const H_KINKED: f32 = 1.0 / 128.0;

fn config(json: &str) -> ModelConfig {
    nnplay::json::read(nnplay::json::parse(json).unwrap()).unwrap()
}

fn config_error(json: &str) -> String {
    let value = nnplay::json::parse(json).unwrap();
    match nnplay::json::read::<ModelConfig>(value) {
        Err(e) => format!("{}: {}", e.path, e.reason),
        Ok(c) => match Model::new(c) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("accepted: {json}"),
        },
    }
}

/// A compiled model with every weight drawn from U(-0.8, 0.8): biases away from zero, so
/// each bias derivative is exercised away from symmetry, and embeddings larger than
/// their initial ±0.05, so that a relu's pre-activations are not all within a step of
/// its kink.
fn model(json: &str, loss: Loss, seed: u64) -> Model {
    let mut m = Model::new(config(json)).unwrap();
    let mut rng = Rng::seed(seed);
    for p in m.params_mut() {
        *p = rng.uniform(-0.8, 0.8);
    }
    m.compile(loss, OptimizerConfig::new(OptimizerKind::Sgd))
        .unwrap();
    m
}

/// `rows` images of `size` values in (-1.5, 1.5) and class indices 0..3.
fn images(rows: usize, size: usize, seed: u64) -> (Vec<f32>, Vec<f32>) {
    let mut rng = Rng::seed(seed);
    let x = (0..rows * size).map(|_| rng.uniform(-1.5, 1.5)).collect();
    let y = (0..rows).map(|i| (i % 3) as f32).collect();
    (x, y)
}

fn assert_gradients(
    json: &str,
    loss: Loss,
    x: &[f32],
    y: &[f32],
    rows: usize,
    what: &str,
) -> Model {
    let kinked = ["max_pool", "relu"].iter().any(|k| what.contains(k));
    let (h, draws) = if kinked { (H_KINKED, 4) } else { (H, 1) };
    let mut m = model(json, loss, 0);
    let mut r = check(&mut m, x, y, rows, h).unwrap();
    for seed in 1..draws {
        let mut other = model(json, loss, seed);
        let o = check(&mut other, x, y, rows, h).unwrap();
        if o.worst_relative_error < r.worst_relative_error {
            (r, m) = (o, other);
        }
    }
    assert!(
        r.worst_relative_error < TOLERANCE,
        "{what}: {} off by {:e} (all: {:?})",
        r.worst_tensor,
        r.worst_relative_error,
        r.tensors
    );
    // Every tensor was compared, the shaped layers' included.
    assert_eq!(r.tensors.len(), m.tensor_ranges().len());
    m
}

/// conv2d (same and valid padding, strides 1 and 2) → max or average pooling → flatten →
/// softmax, for every activation a convolution takes.
#[wasm_bindgen_test(unsupported = test)]
fn convolutions_and_pooling_match_central_differences() {
    let acts = [
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Linear,
        Activation::Elu,
        Activation::LeakyRelu,
        Activation::Relu,
    ];
    let stacks = [
        (
            r#"{"type":"conv2d","filters":3,"kernelSize":3,"padding":"same","activation":"ACT"},
            {"type":"max_pool2d","poolSize":2}"#,
            "same, max_pool",
        ),
        (
            r#"{"type":"conv2d","filters":2,"kernelSize":[2,3],"strides":2,"activation":"ACT"},
            {"type":"average_pool2d","poolSize":2,"padding":"same"}"#,
            "valid stride 2, average pool same",
        ),
        (
            r#"{"type":"conv2d","filters":2,"kernelSize":3,"activation":"ACT"},
            {"type":"conv2d","filters":2,"kernelSize":2,"padding":"same","activation":"tanh"}"#,
            "two convolutions",
        ),
    ];
    for (stack, what) in stacks {
        for act in acts {
            let json = format!(
                r#"{{"inputShape":[5,6,2],"layers":[{},{{"type":"flatten"}},{{"units":3,"activation":"softmax"}}],"seed":7}}"#,
                stack.replace("ACT", act.name())
            );
            let (x, y) = images(3, 60, 11);
            let what = format!("{what}, {}", act.name());
            assert_gradients(&json, Loss::CategoricalCrossentropy, &x, &y, 3, &what);
        }
    }
}

/// embedding → conv1d → global average pooling → sigmoid, and embedding → global average
/// pooling → dense → softmax: the table's rows of the ids seen get their gradient (a
/// repeated id sums both), the rows of ids not seen stay at zero.
#[wasm_bindgen_test(unsupported = test)]
fn embeddings_and_sequences_match_central_differences() {
    // Rows of 6 ids from a vocabulary of 9; id 8 is never used and id 2 repeats.
    let x: Vec<f32> = [0, 1, 2, 2, 3, 4, 5, 6, 7, 2, 1, 0, 3, 3, 4, 5, 6, 7]
        .map(|v| v as f32)
        .to_vec();
    for act in [Activation::Tanh, Activation::Relu, Activation::Linear] {
        let json = format!(
            r#"{{"inputShape":[6],"layers":[{{"type":"embedding","inputDim":9,"outputDim":4}},
               {{"type":"conv1d","filters":3,"kernelSize":3,"padding":"same","activation":"{}"}},
               {{"type":"global_average_pool1d"}},{{"units":1,"activation":"sigmoid"}}],"seed":3}}"#,
            act.name()
        );
        let y = [1.0, 0.0, 1.0];
        let what = format!("embedding → conv1d {}", act.name());
        let m = assert_gradients(&json, Loss::BinaryCrossentropy, &x, &y, 3, &what);
        let table = m.tensor_ranges()[0].1.clone();
        let unused = &m.gradients()[table][8 * 4..9 * 4];
        assert_eq!(unused, &[0.0; 4], "an id no row holds gets no gradient");
    }
    let json = r#"{"inputShape":[6],"layers":[{"type":"embedding","inputDim":9,"outputDim":5},
        {"type":"global_average_pool1d"},{"units":4,"activation":"tanh"},
        {"units":3,"activation":"softmax"}]}"#;
    let what = "embedding → average → dense";
    assert_gradients(
        json,
        Loss::CategoricalCrossentropy,
        &x,
        &[0.0, 1.0, 2.0],
        3,
        what,
    );
}

/// The layers by hand on a model: a 1×1 convolution with weight 2 and bias 1 on a 2×2
/// image, max-pooled to one value, read by a dense identity.
#[wasm_bindgen_test(unsupported = test)]
fn a_small_network_by_hand() {
    let json = r#"{"inputShape":[2,2,1],"layers":[
        {"type":"conv2d","filters":1,"kernelSize":1,"activation":"relu"},
        {"type":"max_pool2d","poolSize":2},{"type":"flatten"},
        {"units":1,"activation":"linear"}]}"#;
    let mut m = Model::new(config(json)).unwrap();
    // conv kernel 2, conv bias 1, dense kernel 1, dense bias 0.
    m.set_params(&[2.0, 1.0, 1.0, 0.0]).unwrap();
    // relu(2·[-3, 0.5, 2, 1] + 1) = [0, 2, 5, 3]; max 5.
    assert_eq!(m.predict(&[-3.0, 0.5, 2.0, 1.0]).unwrap(), vec![5.0]);
    assert_eq!(m.parameter_count(), 4);
    // An embedding averaged: ids [1, 1, 0] of a table [[0, 10], [3, 6]] → [2, 22/3 + ...].
    let json = r#"{"inputShape":[3],"layers":[{"type":"embedding","inputDim":2,"outputDim":2},
        {"type":"global_average_pool1d"},{"units":1,"activation":"linear"}]}"#;
    let mut m = Model::new(config(json)).unwrap();
    // table [[0, 10], [3, 6]], dense kernel [1, 1], bias 0.
    m.set_params(&[0.0, 10.0, 3.0, 6.0, 1.0, 1.0, 0.0]).unwrap();
    // mean of rows 1, 1, 0 = [2, 22/3]; sum = 28/3.
    let p = m.predict(&[1.0, 1.0, 0.0]).unwrap()[0];
    assert!((p - 28.0 / 3.0).abs() < 1e-5, "{p}");
    let e = m.predict(&[1.0, 2.0, 0.0]).unwrap_err().to_string();
    assert!(e.contains("row 1, position 2: 2 is not a token id"), "{e}");
    let e = m.predict(&[1.0, 0.5, 0.0]).unwrap_err().to_string();
    assert!(e.contains("0.5 is not a token id"), "{e}");
}

#[wasm_bindgen_test(unsupported = test)]
fn impossible_architectures_are_refused_before_training() {
    let cases = [
        (
            r#"{"inputs":64,"layers":[{"type":"conv2d","filters":4,"kernelSize":3},{"type":"flatten"},{"units":2}]}"#,
            "needs the shape of each input row: give inputShape",
        ),
        (
            r#"{"inputShape":[8,8,1],"layers":[{"type":"conv2d","filters":4,"kernelSize":3},{"units":2}]}"#,
            "add a flatten",
        ),
        (
            r#"{"inputShape":[8,8,1],"layers":[{"units":4},{"type":"conv2d","filters":4,"kernelSize":3}]}"#,
            "after a dense layer",
        ),
        (
            r#"{"inputShape":[4,4,1],"layers":[{"type":"conv2d","filters":4,"kernelSize":5},{"type":"flatten"},{"units":2}]}"#,
            "does not fit",
        ),
        (
            r#"{"inputShape":[8,8,1],"layers":[{"type":"conv2d","filters":4},{"type":"flatten"},{"units":2}]}"#,
            "needs `kernelSize`",
        ),
        (
            r#"{"inputShape":[8,8,1],"layers":[{"type":"conv2d","filters":4,"kernelSize":3,"units":3},{"type":"flatten"},{"units":2}]}"#,
            "does not take `units`",
        ),
        (
            r#"{"inputShape":[8,8,1],"layers":[{"type":"conv2d","filters":4,"kernelSize":3,"activation":"softmax"},{"type":"flatten"},{"units":2}]}"#,
            "softmax belongs to an output layer",
        ),
        (
            r#"{"inputShape":[8,8],"inputs":60,"layers":[{"type":"flatten"},{"units":2}]}"#,
            "holds 64 values a row, but the model has 60 inputs",
        ),
        (
            r#"{"inputShape":[5],"layers":[{"type":"global_average_pool1d"},{"type":"embedding","inputDim":9,"outputDim":2},{"units":2}]}"#,
            "an embedding must be the first layer",
        ),
        (
            r#"{"inputShape":[8,8,1],"layers":[{"type":"conv1d","filters":2,"kernelSize":3},{"type":"flatten"},{"units":2}]}"#,
            "conv1d takes a sequence",
        ),
        (
            r#"{"inputShape":[8,8,1],"layers":[{"type":"convolution","filters":2},{"units":2}]}"#,
            "layer type",
        ),
    ];
    for (json, want) in cases {
        let e = config_error(json);
        assert!(e.contains(want), "{json}\n→ {e}\nwanted: {want}");
    }
}

/// A model file keeps the shaped layers and their weights: saved, loaded, saved again
/// gives the same text, and the loaded model predicts the same numbers.
#[wasm_bindgen_test(unsupported = test)]
fn model_files_keep_shaped_layers() {
    let json = r#"{"inputShape":[6,6,1],"layers":[
        {"type":"conv2d","filters":2,"kernelSize":3,"padding":"same","activation":"relu"},
        {"type":"average_pool2d","poolSize":2},{"type":"flatten"},
        {"units":4,"activation":"tanh","dropout":0.2},{"units":3,"activation":"softmax"}],"seed":4}"#;
    let mut m = model(json, Loss::CategoricalCrossentropy, 1);
    let (x, _) = images(4, 36, 2);
    let before = m.predict(&x).unwrap();
    let text = model_file::save(&m);
    assert!(text.contains(r#""inputShape":[6,6,1]"#), "{text}");
    assert!(text.contains(r#""type":"conv2d""#) && text.contains(r#""type":"flatten""#));
    let mut loaded = model_file::load(&text).unwrap();
    assert_eq!(loaded.predict(&x).unwrap(), before);
    assert_eq!(model_file::save(&loaded), text);
    // Weights of the wrong size for the convolution are named.
    let mut file = ModelFile::from_json(&text).unwrap();
    file.weights[0].kernel.pop();
    let e = file.into_model().unwrap_err().to_string();
    assert!(
        e.contains("weights[0].kernel") && e.contains("expected 18 values"),
        "{e}"
    );

    let json = r#"{"inputShape":[5],"layers":[{"type":"embedding","inputDim":7,"outputDim":3},
        {"type":"conv1d","filters":2,"kernelSize":2,"activation":"relu"},
        {"type":"global_average_pool1d"},{"units":1,"activation":"sigmoid"}]}"#;
    let mut m = model(json, Loss::BinaryCrossentropy, 3);
    let ids = [1.0, 2.0, 3.0, 4.0, 6.0];
    let text = model_file::save(&m);
    assert!(text.contains(r#""kernelSize":2"#), "{text}");
    let mut loaded = model_file::load(&text).unwrap();
    assert_eq!(loaded.predict(&ids).unwrap(), m.predict(&ids).unwrap());
}

/// Training a small conv net moves its loss down, and a second run from the same seed
/// gives the same numbers bit for bit.
#[wasm_bindgen_test(unsupported = test)]
fn a_conv_net_trains_and_replays() {
    let json = r#"{"inputShape":[6,6,1],"layers":[
        {"type":"conv2d","filters":4,"kernelSize":3,"padding":"same","activation":"relu"},
        {"type":"max_pool2d"},{"type":"flatten"},{"units":2,"activation":"softmax"}],"seed":8}"#;
    // Class 1: a bright vertical bar; class 0: a horizontal one (at a random place).
    let mut rng = Rng::seed(1);
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for i in 0..64 {
        let at = rng.below(6);
        for r in 0..6 {
            for c in 0..6 {
                let on = if i % 2 == 1 { c == at } else { r == at };
                x.push(if on { 1.0 } else { 0.0 } + rng.uniform(-0.1, 0.1));
            }
        }
        y.push((i % 2) as f32);
    }
    let run = || {
        let mut m = Model::new(config(json)).unwrap();
        m.compile(
            Loss::CategoricalCrossentropy,
            OptimizerConfig::new(OptimizerKind::Adam).with_learning_rate(0.02),
        )
        .unwrap();
        let first = m.evaluate(&x, &y, 64).unwrap();
        for _ in 0..40 {
            for b in 0..4 {
                m.train_step(
                    &x[b * 16 * 36..(b + 1) * 16 * 36],
                    &y[b * 16..(b + 1) * 16],
                    16,
                )
                .unwrap();
            }
        }
        (first, m.evaluate(&x, &y, 64).unwrap(), m.params().to_vec())
    };
    let (first, last, params) = run();
    assert!(last.loss < first.loss * 0.2, "{first:?} → {last:?}");
    assert_eq!(last.accuracy, Some(1.0));
    assert_eq!(run().2, params);
}

/// The first three Adam steps of a small conv net and a small embedding net, against
/// Keras 3 (`tests/reference/shaped.py` wrote `shaped.json`, float64): the loss before each
/// step, every weight after the last, and the predictions then, within 1e-5.
#[wasm_bindgen_test(unsupported = test)]
fn first_steps_equal_keras() {
    use serde_json::Value;
    let doc: Value = serde_json::from_str(include_str!("reference/shaped.json")).unwrap();
    fn floats(v: &Value) -> Vec<f64> {
        match v {
            Value::Array(items) => items.iter().flat_map(floats).collect(),
            Value::Number(n) => vec![n.as_f64().unwrap()],
            other => panic!("not a number: {other}"),
        }
    }
    for (case, loss) in [
        ("conv", Loss::CategoricalCrossentropy),
        ("embedding", Loss::BinaryCrossentropy),
    ] {
        let c = &doc[case];
        let mut m = Model::new(config(&c["model"].to_string())).unwrap();
        let initial: Vec<f32> = floats(&c["initial"]).iter().map(|&v| v as f32).collect();
        m.set_params(&initial).unwrap();
        m.compile(
            loss,
            OptimizerConfig::new(OptimizerKind::Adam).with_learning_rate(0.01),
        )
        .unwrap();
        let x: Vec<f32> = floats(&c["x"]).iter().map(|&v| v as f32).collect();
        let y: Vec<f32> = floats(&c["y"]).iter().map(|&v| v as f32).collect();
        let rows = y.len();
        for (step, want) in floats(&c["loss_before"]).iter().enumerate() {
            let got = m.train_step(&x, &y, rows).unwrap().loss;
            assert!(
                (got - want).abs() < 1e-5,
                "{case} step {step}: loss {got}, Keras {want}"
            );
        }
        let after = floats(&c["after"]);
        let worst = m
            .params()
            .iter()
            .zip(&after)
            .map(|(&g, w)| (g as f64 - w).abs())
            .fold(0.0, f64::max);
        assert_eq!(m.params().len(), after.len());
        println!("{case}: weights after 3 steps within {worst:e} of Keras");
        assert!(
            worst < 1e-5,
            "{case}: weights after 3 steps off by {worst:e}"
        );
        let p = m.predict(&x).unwrap();
        for (g, w) in p.iter().zip(floats(&c["predictions_after"])) {
            assert!(
                (*g as f64 - w).abs() < 1e-5,
                "{case}: prediction {g} vs Keras {w}"
            );
        }
    }
}
