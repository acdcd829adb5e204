//! Training reaches the accuracy a working engine must reach, natively and in the browser.

mod common;

use common::*;
use nnplay::{Activation, Loss, OptimizerKind, Rng, TrainConfig, Trainer};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test(unsupported = test)]
fn xor_2_4_1_tanh_reaches_100_percent() {
    let mut m = mlp(2, &[(4, Activation::Tanh), (1, Activation::Sigmoid)], 1);
    compiled(&mut m, Loss::BinaryCrossentropy, OptimizerKind::Adam, 0.05);
    let data = xor();
    let cfg = TrainConfig {
        epochs: 500,
        batch_size: 4,
        ..TrainConfig::default()
    };
    Trainer::new(&m, data.clone(), None, cfg)
        .unwrap()
        .fit(&mut m)
        .unwrap();
    let e = m.evaluate(data.x_slice(), data.y_slice(), 4).unwrap();
    assert_eq!(e.accuracy, Some(1.0), "XOR: {e:?}");
    // Every prediction is on the right side with a margin.
    let p = m.predict(data.x_slice()).unwrap();
    for (p, y) in p.iter().zip(data.y_slice()) {
        assert!((p - y).abs() < 0.2, "prediction {p} for target {y}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn plain_gradient_descent_solves_xor_too() {
    // sgd with batch = whole set is plain gradient descent.
    let mut m = mlp(2, &[(4, Activation::Tanh), (1, Activation::Sigmoid)], 2);
    compiled(&mut m, Loss::BinaryCrossentropy, OptimizerKind::Sgd, 1.0);
    let data = xor();
    let cfg = TrainConfig {
        epochs: 2000,
        batch_size: 4,
        shuffle: false,
        validation_split: None,
        early_stopping: None,
    };
    Trainer::new(&m, data.clone(), None, cfg)
        .unwrap()
        .fit(&mut m)
        .unwrap();
    assert_eq!(
        m.evaluate(data.x_slice(), data.y_slice(), 4)
            .unwrap()
            .accuracy,
        Some(1.0)
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn noisy_two_circles_reach_95_percent_test_accuracy() {
    let mut rng = Rng::seed(3);
    let data = two_circles(600, 0.3, &mut rng);
    let (train, test) = split(&data, 400);
    let mut m = mlp(
        2,
        &[
            (8, Activation::Tanh),
            (8, Activation::Tanh),
            (1, Activation::Sigmoid),
        ],
        4,
    );
    compiled(&mut m, Loss::BinaryCrossentropy, OptimizerKind::Adam, 0.03);
    let cfg = TrainConfig {
        epochs: 60,
        batch_size: 10,
        ..TrainConfig::default()
    };
    Trainer::new(&m, train, None, cfg)
        .unwrap()
        .fit(&mut m)
        .unwrap();
    let acc = m
        .evaluate(test.x_slice(), test.y_slice(), test.rows())
        .unwrap()
        .accuracy
        .unwrap();
    println!("two circles: test accuracy {acc}");
    assert!(acc >= 0.95, "two circles test accuracy {acc}");
}

#[wasm_bindgen_test(unsupported = test)]
fn seed_model_learns_the_rule_to_90_percent() {
    let mut rng = Rng::seed(10);
    let data = rule_dataset(1000, &mut rng);
    let (train, test) = split(&data, 800);
    let mut m = seed_model(42);
    let cfg = TrainConfig {
        epochs: 100,
        batch_size: 32,
        ..TrainConfig::default()
    };
    let mut trainer = Trainer::new(&m, train, Some(test.clone()), cfg).unwrap();
    let history = trainer.fit(&mut m).unwrap().clone();
    assert_eq!(history.epochs.len(), 100);
    let acc = m
        .evaluate(test.x_slice(), test.y_slice(), test.rows())
        .unwrap()
        .accuracy
        .unwrap();
    println!("seed model: test accuracy {acc}");
    assert!(acc >= 0.9, "seed model test accuracy {acc}");
    // The training loss fell by more than half from the first epoch.
    assert!(history.epochs[99].loss < 0.5 * history.epochs[0].loss);
}

#[wasm_bindgen_test(unsupported = test)]
fn multiclass_and_regression_train() {
    // Three Gaussian blobs, integer class targets, softmax + categorical cross-entropy.
    let mut rng = Rng::seed(5);
    let centers = [(-2.0f32, 0.0f32), (2.0, 0.0), (0.0, 3.0)];
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for i in 0..300 {
        let c = i % 3;
        x.push(centers[c].0 + 0.6 * rng.normal());
        x.push(centers[c].1 + 0.6 * rng.normal());
        y.push(c as f32);
    }
    let data = nnplay::Dataset::from_vecs(x, 2, y, 1).unwrap();
    let mut m = mlp(2, &[(8, Activation::Relu), (3, Activation::Softmax)], 6);
    compiled(
        &mut m,
        Loss::CategoricalCrossentropy,
        OptimizerKind::Rmsprop,
        0.01,
    );
    let cfg = TrainConfig {
        epochs: 30,
        batch_size: 16,
        ..TrainConfig::default()
    };
    Trainer::new(&m, data.clone(), None, cfg)
        .unwrap()
        .fit(&mut m)
        .unwrap();
    let acc = m
        .evaluate(data.x_slice(), data.y_slice(), 300)
        .unwrap()
        .accuracy
        .unwrap();
    assert!(acc > 0.95, "blobs accuracy {acc}");

    // y = 2 x0 - x1 + 0.5 with mse: a linear layer finds it almost exactly.
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for _ in 0..200 {
        let (a, b) = (rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0));
        x.extend([a, b]);
        y.push(2.0 * a - b + 0.5);
    }
    let data = nnplay::Dataset::from_vecs(x, 2, y, 1).unwrap();
    let mut m = mlp(2, &[(1, Activation::Linear)], 7);
    compiled(
        &mut m,
        Loss::MeanSquaredError,
        OptimizerKind::Momentum,
        0.05,
    );
    let cfg = TrainConfig {
        epochs: 50,
        batch_size: 20,
        ..TrainConfig::default()
    };
    Trainer::new(&m, data.clone(), None, cfg)
        .unwrap()
        .fit(&mut m)
        .unwrap();
    let (k, b) = m.layer_params(0).unwrap();
    assert!(
        (k[0] - 2.0).abs() < 1e-3 && (k[1] + 1.0).abs() < 1e-3 && (b[0] - 0.5).abs() < 1e-3,
        "{k:?} {b:?}"
    );
}
