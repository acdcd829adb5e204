//! Back-propagation against central differences for every activation (hidden and output)
//! and every loss, with regularisation and dropout, natively and in the browser.

mod common;

use nnplay::nn::gradcheck::{check, compare, numeric_gradients};
use nnplay::{
    Activation, DenseConfig, Loss, Model, ModelConfig, OptimizerConfig, OptimizerKind, Rng,
};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Step of the five-point central difference (a power of two, so `w ± h` rounds little).
/// With f32 forward passes the rounding noise of the quotient is about 1.5 · 6e-8 · |L| / h
/// ≈ 3e-6 for these O(1) losses, and the truncation error (h⁴ · f⁽⁵⁾ / 30) about 3e-8.
const H: f32 = 1.0 / 32.0;
/// Largest accepted relative norm error of any parameter tensor. A 1 % error in any
/// derivative moves the tensors it touches by about 1 %, ten times this bound.
const TOLERANCE: f64 = 1e-3;

fn output_activations(loss: Loss) -> Vec<Activation> {
    match loss {
        Loss::BinaryCrossentropy => vec![Activation::Sigmoid, Activation::Linear],
        Loss::CategoricalCrossentropy => vec![Activation::Softmax, Activation::Linear],
        _ => Activation::ALL.to_vec(),
    }
}

/// Inputs and targets for 5 rows of 3 features and 3 outputs, chosen so that no
/// pre-activation or residual sits within a step of a kink.
fn batch(loss: Loss, rng: &mut Rng) -> (Vec<f32>, Vec<f32>, usize) {
    let rows = 5;
    let x: Vec<f32> = (0..rows * 3).map(|_| rng.uniform(-1.5, 1.5)).collect();
    let y: Vec<f32> = match loss {
        Loss::BinaryCrossentropy => (0..rows * 3).map(|i| (i % 2) as f32).collect(),
        // Class indices, one column.
        Loss::CategoricalCrossentropy => (0..rows).map(|i| (i % 3) as f32).collect(),
        // Targets far enough from any output that mae/huber residuals stay off their kinks.
        _ => (0..rows * 3)
            .map(|i| if i % 2 == 0 { 2.5 } else { -2.5 })
            .collect(),
    };
    (x, y, rows)
}

fn model(hidden: Activation, output: Activation, loss: Loss, seed: u64) -> Model {
    let mut m = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: 3,
        layers: vec![DenseConfig::new(4, hidden), DenseConfig::new(3, output)],
        l1: 0.0,
        l2: 0.0,
        seed,
    })
    .unwrap();
    // Non-zero biases so that every bias derivative is exercised away from symmetry.
    let n = m.parameter_count();
    let mut rng = Rng::seed(seed ^ 0x5eed);
    for (i, p) in m.params_mut().iter_mut().enumerate() {
        if *p == 0.0 {
            *p = rng.uniform(-0.3, 0.3) + if i % 2 == 0 { 0.05 } else { -0.05 };
        }
    }
    assert_eq!(m.params().len(), n);
    m.compile(loss, OptimizerConfig::new(OptimizerKind::Sgd))
        .unwrap();
    m
}

/// The smallest distance from a kink of the loss surface, from an independent f64 forward
/// pass over the model's weights: pre-activations of relu, leaky_relu and elu from 0
/// (relative to `1 + max |layer input|`, since a step in a kernel weight moves a
/// pre-activation by the step times that weight's input),
/// mean-absolute-error residuals from 0 and Huber residuals from ±delta (relative to the
/// output layer's `1 + max |input|`), and L1-penalised
/// weights from 0. Finite differences across a kink measure a mixture of the two one-sided
/// slopes, so the tests only check points that stay clear of them.
fn kink_clearance(m: &Model, x: &[f32], y: &[f32], rows: usize) -> f64 {
    let mut input: Vec<f64> = x.iter().map(|&v| v as f64).collect();
    let mut clearance = f64::INFINITY;
    let mut reach = 1.0;
    for (l, &(fan_in, units)) in m.layer_shapes().iter().enumerate() {
        let (k, b) = m.layer_params(l).unwrap();
        let cfg = &m.config().layers[l];
        let mut out = vec![0.0f64; rows * units];
        reach = 1.0 + input.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        for r in 0..rows {
            for j in 0..units {
                let z = b[j] as f64
                    + (0..fan_in)
                        .map(|i| input[r * fan_in + i] * k[i * units + j] as f64)
                        .sum::<f64>();
                if matches!(
                    cfg.activation,
                    Activation::Relu | Activation::LeakyRelu | Activation::Elu
                ) {
                    clearance = clearance.min(z.abs() / reach);
                }
                out[r * units + j] = z;
            }
        }
        let alpha = cfg.alpha() as f64;
        for row in out.chunks_exact_mut(units) {
            match cfg.activation {
                Activation::Linear => {}
                Activation::Relu => row.iter_mut().for_each(|z| *z = z.max(0.0)),
                Activation::LeakyRelu => row
                    .iter_mut()
                    .for_each(|z| *z = if *z > 0.0 { *z } else { alpha * *z }),
                Activation::Elu => row
                    .iter_mut()
                    .for_each(|z| *z = if *z > 0.0 { *z } else { alpha * z.exp_m1() }),
                Activation::Sigmoid => row.iter_mut().for_each(|z| *z = 1.0 / (1.0 + (-*z).exp())),
                Activation::Tanh => row.iter_mut().for_each(|z| *z = z.tanh()),
                Activation::Softmax => {
                    let max = row.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                    let sum: f64 = row.iter().map(|z| (z - max).exp()).sum();
                    row.iter_mut().for_each(|z| *z = (*z - max).exp() / sum);
                }
            }
        }
        input = out;
    }
    match m.loss().unwrap() {
        Loss::MeanAbsoluteError => {
            for (a, &y) in input.iter().zip(y) {
                clearance = clearance.min((a - y as f64).abs() / reach);
            }
        }
        Loss::Huber => {
            for (a, &y) in input.iter().zip(y) {
                clearance = clearance.min(
                    ((a - y as f64).abs() - nnplay::nn::loss::HUBER_DELTA as f64).abs() / reach,
                );
            }
        }
        _ => {}
    }
    for (l, (_, range)) in m
        .tensor_ranges()
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
    {
        let cfg = &m.config().layers[l / 2];
        if cfg.l1.unwrap_or(m.config().l1) > 0.0 {
            for &w in &m.params()[range.clone()] {
                clearance = clearance.min((w as f64).abs());
            }
        }
    }
    clearance
}

/// Required clearance from every kink: the largest step, 2H = 0.0625, in one weight moves
/// its layer's pre-activations by at most 2H·(1 + max |input|), an L1-penalised weight by
/// 2H, and the outputs by less than the residual margin in these small-weight networks.
const KINK_MARGIN: f64 = 0.07;

#[wasm_bindgen_test(unsupported = test)]
fn every_activation_and_loss_matches_central_differences() {
    let mut worst = (0.0f64, String::new());
    let mut combos = 0;
    for &hidden in Activation::ALL {
        for &loss in Loss::ALL {
            for output in output_activations(loss) {
                // The first seed from 7·(combination + 1) whose batch clears every kink.
                let (mut m, x, y, rows, seed) = (0..5000u64)
                    .map(|k| {
                        let seed = 7 * (combos as u64 + 1) + 1000 * k;
                        let m = model(hidden, output, loss, seed);
                        let (x, y, rows) = batch(loss, &mut Rng::seed(seed));
                        (m, x, y, rows, seed)
                    })
                    .find(|(m, x, y, rows, _)| kink_clearance(m, x, y, *rows) > KINK_MARGIN)
                    .expect("some seed clears the kinks");
                let r = check(&mut m, &x, &y, rows, H).unwrap();
                let name = format!("{}→{} {}", hidden.name(), output.name(), loss.name());
                assert!(
                    r.worst_relative_error < TOLERANCE,
                    "{name} (seed {seed}): relative error {} in {}",
                    r.worst_relative_error,
                    r.worst_tensor
                );
                if std::env::var("GRADCHECK_VERBOSE").is_ok() {
                    println!("{name}: {:?}", r.tensors);
                }
                if r.worst_relative_error > worst.0 {
                    worst = (r.worst_relative_error, name);
                }
                combos += 1;
            }
        }
    }
    // 7 hidden × (3 regression losses × 7 outputs + 2 + 2) = 175 combinations.
    assert_eq!(combos, 175);
    println!(
        "gradient check: {combos} combinations, worst relative error {:.2e} ({})",
        worst.0, worst.1
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn deep_network_with_l1_l2_and_leaky_alpha() {
    let mut layers = vec![
        DenseConfig::new(5, Activation::Tanh),
        DenseConfig::new(4, Activation::LeakyRelu),
        DenseConfig::new(4, Activation::Elu),
        DenseConfig::new(3, Activation::Softmax),
    ];
    layers[1].alpha = Some(0.1);
    layers[1].l1 = Some(0.01);
    layers[2].alpha = Some(0.7);
    layers[2].l2 = Some(0.02);
    let mut m = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: 3,
        layers,
        l1: 0.003,
        l2: 0.005,
        seed: 11,
    })
    .unwrap();
    m.compile(
        Loss::CategoricalCrossentropy,
        OptimizerConfig::new(OptimizerKind::Adam),
    )
    .unwrap();
    // Move every weight at least KINK_MARGIN away from the L1 kink at 0.
    for w in m.params_mut() {
        if w.abs() < KINK_MARGIN as f32 {
            *w = if *w < 0.0 {
                *w - KINK_MARGIN as f32
            } else {
                *w + KINK_MARGIN as f32
            };
        }
    }
    let (x, y, rows) = (0..5000)
        .map(|s| batch(Loss::CategoricalCrossentropy, &mut Rng::seed(s)))
        .find(|(x, y, rows)| kink_clearance(&m, x, y, *rows) > KINK_MARGIN)
        .expect("some batch clears the kinks");
    let r = check(&mut m, &x, &y, rows, H).unwrap();
    assert!(r.worst_relative_error < TOLERANCE, "{r:?}");
    // The penalty is part of the loss: sum l1|w| + l2 w² is positive here.
    assert!(m.penalty() > 0.0);
}

#[wasm_bindgen_test(unsupported = test)]
fn dropout_gradients_match_with_the_same_mask() {
    // With dropout the loss depends on the mask, so each evaluation runs on a clone holding
    // the same RNG state (hence the same mask) as the analytic pass.
    let mut layers = vec![
        DenseConfig::new(6, Activation::Sigmoid),
        DenseConfig::new(2, Activation::Linear),
    ];
    layers[0].dropout = 0.5;
    let mut m = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: 3,
        layers,
        l1: 0.0,
        l2: 0.0,
        seed: 5,
    })
    .unwrap();
    m.compile(
        Loss::MeanSquaredError,
        OptimizerConfig::new(OptimizerKind::Sgd),
    )
    .unwrap();
    let x: Vec<f32> = (0..12).map(|i| (i as f32 * 0.37).sin()).collect();
    let y: Vec<f32> = (0..8).map(|i| (i as f32 * 0.5).cos()).collect();
    let start = m.clone();
    m.loss_and_gradients(&x, &y, 4, true).unwrap();
    let analytic = m.gradients().to_vec();
    let mut numeric = Vec::new();
    for i in 0..start.parameter_count() {
        let eval = |delta: f32| {
            let mut c = start.clone();
            c.params_mut()[i] += delta;
            c.loss_and_gradients(&x, &y, 4, true).unwrap().loss
        };
        numeric.push(
            (-eval(2.0 * H) + 8.0 * eval(H) - 8.0 * eval(-H) + eval(-2.0 * H)) / (12.0 * H as f64),
        );
    }
    let r = compare(&analytic, &numeric, &start.tensor_ranges());
    assert!(r.worst_relative_error < TOLERANCE, "{r:?}");
    // The mask really changed the pass: training and inference losses differ.
    let mut c = start.clone();
    let train = c.loss_and_gradients(&x, &y, 4, true).unwrap().loss;
    let infer = c.loss_and_gradients(&x, &y, 4, false).unwrap().loss;
    assert!(
        (train - infer).abs() > 1e-3,
        "dropout changed nothing: {train} vs {infer}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn the_checker_fails_on_a_one_percent_error() {
    let mut m = model(
        Activation::Tanh,
        Activation::Sigmoid,
        Loss::BinaryCrossentropy,
        3,
    );
    let (x, y, rows) = batch(Loss::BinaryCrossentropy, &mut Rng::seed(3));
    m.loss_and_gradients(&x, &y, rows, false).unwrap();
    let analytic = m.gradients().to_vec();
    let numeric = numeric_gradients(&mut m, &x, &y, rows, H).unwrap();
    let tensors = m.tensor_ranges();
    assert!(compare(&analytic, &numeric, &tensors).worst_relative_error < TOLERANCE);

    // A loss derivative 1 % too large scales every gradient by 1.01.
    let scaled: Vec<f32> = analytic.iter().map(|g| g * 1.01).collect();
    let r = compare(&scaled, &numeric, &tensors);
    assert!(r.worst_relative_error > 5.0 * TOLERANCE, "{r:?}");

    // An output-activation derivative 1 % off, seen only in the output layer's kernel and
    // bias (the last 4·3 + 3 parameters): the smallest footprint such an error has.
    let mut wrong = analytic.clone();
    let n = wrong.len();
    for g in &mut wrong[n - 15..] {
        *g *= 1.01;
    }
    let r = compare(&wrong, &numeric, &tensors);
    assert!(r.worst_relative_error > 5.0 * TOLERANCE, "{r:?}");
    assert!(r.worst_tensor.starts_with("layers[1]"), "{r:?}");

    // The largest component of one hidden-layer bias 1 % off is caught too.
    let mut one = analytic.clone();
    let bias = tensors[1].1.clone();
    let big = bias
        .clone()
        .max_by(|&a, &b| analytic[a].abs().total_cmp(&analytic[b].abs()))
        .unwrap();
    one[big] *= 1.01;
    let r = compare(&one, &numeric, &tensors);
    assert!(
        r.worst_relative_error > TOLERANCE && r.worst_tensor == "layers[0].bias",
        "{r:?}"
    );
}
