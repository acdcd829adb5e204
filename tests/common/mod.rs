//! Data and model builders shared by the integration tests (native and browser).
#![allow(dead_code)]

use nnplay::{
    Activation, Dataset, DenseConfig, Loss, Model, ModelConfig, OptimizerConfig, OptimizerKind, Rng,
};

/// A model `inputs → layers...` with the given seed.
pub fn mlp(inputs: usize, layers: &[(usize, Activation)], seed: u64) -> Model {
    Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs,
        layers: layers
            .iter()
            .map(|&(units, act)| DenseConfig::new(units, act))
            .collect(),
        l1: 0.0,
        l2: 0.0,
        seed,
    })
    .expect("valid model")
}

pub fn compiled(model: &mut Model, loss: Loss, kind: OptimizerKind, lr: f32) {
    model
        .compile(loss, OptimizerConfig::new(kind).with_learning_rate(lr))
        .expect("valid compile settings");
}

/// XOR truth table.
pub fn xor() -> Dataset {
    Dataset::from_vecs(
        vec![0., 0., 0., 1., 1., 0., 1., 1.],
        2,
        vec![0., 1., 1., 0.],
        1,
    )
    .unwrap()
}

/// Two concentric circles as in TensorFlow Playground: class 1 inside radius 2, class 0 in
/// the ring 3..5, with Gaussian noise of standard deviation `noise` on each coordinate.
pub fn two_circles(n: usize, noise: f32, rng: &mut Rng) -> Dataset {
    let mut x = Vec::with_capacity(n * 2);
    let mut y = Vec::with_capacity(n);
    for i in 0..n {
        let inside = i % 2 == 0;
        let r = if inside {
            rng.uniform(0.0, 2.0)
        } else {
            rng.uniform(3.0, 5.0)
        };
        let angle = rng.uniform(0.0, std::f32::consts::TAU);
        x.push(r * angle.cos() + noise * rng.normal());
        x.push(r * angle.sin() + noise * rng.normal());
        y.push(if inside { 1.0 } else { 0.0 });
    }
    Dataset::from_vecs(x, 2, y, 1).unwrap()
}

/// `rows × 10` standard-normal features with the learnable rule
/// `y = [x0 + x1·x2 − 0.5·x3 + sin(x4) > 0]`.
pub fn rule_dataset(rows: usize, rng: &mut Rng) -> Dataset {
    let mut x = Vec::with_capacity(rows * 10);
    let mut y = Vec::with_capacity(rows);
    for _ in 0..rows {
        let r: Vec<f32> = (0..10).map(|_| rng.normal()).collect();
        let s = r[0] + r[1] * r[2] - 0.5 * r[3] + r[4].sin();
        y.push(if s > 0.0 { 1.0 } else { 0.0 });
        x.extend(r);
    }
    Dataset::from_vecs(x, 10, y, 1).unwrap()
}

/// The first `n` rows and the rest.
pub fn split(d: &Dataset, n: usize) -> (Dataset, Dataset) {
    let idx: Vec<usize> = (0..d.rows()).collect();
    (d.select(&idx[..n]), d.select(&idx[n..]))
}

/// The seed model of the docs: 10 → 100 relu → 100 relu → 1 sigmoid.
pub fn seed_model(seed: u64) -> Model {
    let mut m = mlp(
        10,
        &[
            (100, Activation::Relu),
            (100, Activation::Relu),
            (1, Activation::Sigmoid),
        ],
        seed,
    );
    compiled(&mut m, Loss::BinaryCrossentropy, OptimizerKind::Adam, 0.001);
    m
}

/// The docs' example (www/datasets/data.csv: 1,000 rows of 10 numbers and a 0/1 label),
/// prepared with the default configuration (a fifth of the rows for the test part).
pub fn example_prepared() -> nnplay::data::Prepared {
    use nnplay::data::{column_stats, parse_csv, prepare, CsvOptions, DataConfig, Schema};
    let csv = include_str!("../../www/datasets/data.csv");
    let table = parse_csv(csv.as_bytes(), &CsvOptions::default()).unwrap();
    let schema = Schema::resolve(&table, &column_stats(&table), &DataConfig::default()).unwrap();
    prepare(&table, &schema).unwrap()
}
