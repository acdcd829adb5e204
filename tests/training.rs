//! The training loop's behaviour: determinism, step-wise use, early stopping, divergence,
//! learning-rate changes and schedules, regularisation, and refusal of impossible settings.

mod common;

use common::*;
use nnplay::{
    Activation, Dataset, DenseConfig, EarlyStopping, Error, Loss, Model, ModelConfig,
    OptimizerConfig, OptimizerKind, Rng, Schedule, StopReason, TrainConfig, Trainer,
};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The loss curve of a small dropout + Adam run on two circles (seeded throughout).
fn curve(seed: u64) -> Vec<f64> {
    let data = two_circles(200, 0.2, &mut Rng::seed(1));
    let mut layers = vec![
        DenseConfig::new(8, Activation::Relu),
        DenseConfig::new(1, Activation::Sigmoid),
    ];
    layers[0].dropout = 0.2;
    let mut m = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: 2,
        layers,
        l1: 0.0,
        l2: 1e-3,
        seed,
    })
    .unwrap();
    compiled(&mut m, Loss::BinaryCrossentropy, OptimizerKind::Adam, 0.01);
    let cfg = TrainConfig {
        epochs: 20,
        batch_size: 16,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&m, data, None, cfg).unwrap();
    t.fit(&mut m)
        .unwrap()
        .epochs
        .iter()
        .map(|e| e.loss)
        .collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn same_seed_gives_a_bit_identical_curve() {
    let (a, b) = (curve(9), curve(9));
    assert_eq!(
        a.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        b.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
    assert_ne!(curve(10), a, "another seed gives another curve");
}

/// The curve of `curve(9)` as the native build computes it, written by
/// `NNPLAY_WRITE_GOLDEN=1 cargo test --test training` (see tests/reference/README.md). The
/// browser build must reproduce it within 1e-5 relative.
const GOLDEN: &str = include_str!("reference/golden_curve.json");

#[wasm_bindgen_test(unsupported = test)]
fn native_and_wasm_agree_on_the_curve() {
    let ours = curve(9);
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var("NNPLAY_WRITE_GOLDEN").is_ok() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/reference/golden_curve.json"
        );
        std::fs::write(path, serde_json::to_string_pretty(&ours).unwrap()).unwrap();
        return;
    }
    let golden: Vec<f64> = serde_json::from_str(GOLDEN).unwrap();
    assert_eq!(golden.len(), ours.len());
    for (i, (g, o)) in golden.iter().zip(&ours).enumerate() {
        assert!(
            (g - o).abs() <= 1e-5 * g.abs(),
            "epoch {}: native {g}, this build {o}",
            i + 1
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn step_wise_training_equals_fit() {
    let data = two_circles(100, 0.1, &mut Rng::seed(2));
    let make = || {
        let mut m = mlp(2, &[(6, Activation::Tanh), (1, Activation::Sigmoid)], 3);
        compiled(
            &mut m,
            Loss::BinaryCrossentropy,
            OptimizerKind::Nesterov,
            0.05,
        );
        m
    };
    let cfg = TrainConfig {
        epochs: 5,
        batch_size: 7,
        ..TrainConfig::default()
    };
    let mut a = make();
    let fitted = Trainer::new(&a, data.clone(), None, cfg.clone())
        .unwrap()
        .fit(&mut a)
        .unwrap()
        .clone();
    let mut b = make();
    let mut t = Trainer::new(&b, data, None, cfg).unwrap();
    let mut batches = 0;
    let mut epochs = Vec::new();
    while !t.finished() {
        let log = t.step(&mut b).unwrap();
        batches += 1;
        epochs.extend(log.epoch);
    }
    // 100 rows in batches of 7: 15 batches per epoch (the last holds 2 rows).
    assert_eq!(batches, 75);
    assert_eq!(epochs, fitted.epochs);
    assert_eq!(a.params(), b.params());
    assert!(
        matches!(t.step(&mut b), Err(Error::State(_))),
        "a finished run refuses to step"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn early_stopping_restores_the_best_weights() {
    // A wide net on 40 noisy points overfits: validation loss turns up, training stops.
    let mut rng = Rng::seed(4);
    let data = two_circles(240, 1.2, &mut rng);
    let (train, val) = split(&data, 40);
    let mut m = mlp(
        2,
        &[
            (64, Activation::Relu),
            (64, Activation::Relu),
            (1, Activation::Sigmoid),
        ],
        5,
    );
    compiled(&mut m, Loss::BinaryCrossentropy, OptimizerKind::Adam, 0.01);
    let cfg = TrainConfig {
        epochs: 500,
        batch_size: 8,
        shuffle: true,
        validation_split: None,
        early_stopping: Some(EarlyStopping {
            patience: 10,
            min_delta: 0.0,
            restore_best_weights: true,
        }),
    };
    let mut t = Trainer::new(&m, train, Some(val.clone()), cfg).unwrap();
    let h = t.fit(&mut m).unwrap().clone();
    let Some(StopReason::EarlyStopped { epoch, best_epoch }) = h.stopped else {
        panic!("did not stop early: {:?}", h.stopped)
    };
    assert_eq!(
        epoch,
        best_epoch + 10,
        "stops after `patience` epochs without improvement"
    );
    assert!(epoch < 500);
    let best = h.epochs[best_epoch - 1].val_loss.unwrap();
    assert!(h.epochs.iter().all(|e| e.val_loss.unwrap() >= best));
    // The model now holds the best epoch's weights: its validation loss is that epoch's.
    let now = m
        .evaluate(val.x_slice(), val.y_slice(), val.rows())
        .unwrap()
        .loss;
    assert!((now - best).abs() < 1e-9, "restored {now}, best {best}");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_run_that_stopped_early_resumes_after_pruning_without_bringing_back_the_old_weights() {
    let mut rng = Rng::seed(4);
    let data = two_circles(240, 1.2, &mut rng);
    let (train, val) = split(&data, 40);
    let mut m = mlp(2, &[(32, Activation::Relu), (1, Activation::Sigmoid)], 5);
    compiled(&mut m, Loss::BinaryCrossentropy, OptimizerKind::Adam, 0.01);
    let cfg = TrainConfig {
        epochs: 500,
        batch_size: 8,
        shuffle: true,
        validation_split: None,
        early_stopping: Some(EarlyStopping {
            patience: 5,
            min_delta: 0.0,
            restore_best_weights: true,
        }),
    };
    let mut t = Trainer::new(&m, train, Some(val.clone()), cfg).unwrap();
    t.fit(&mut m).unwrap();
    let stopped_at = t.epoch();
    assert!(matches!(
        t.history().stopped,
        Some(StopReason::EarlyStopped { .. })
    ));
    // A run over cannot go on by raising its limit, only by resuming.
    assert!(t.step(&mut m).is_err());
    match t.resume(stopped_at) {
        Err(Error::InvalidConfig { field, .. }) => assert_eq!(field, "epochs"),
        other => panic!("resuming to the epochs done: {other:?}"),
    }
    m.prune(0.8, nnplay::PruneScope::Layer).unwrap();
    let pruned = m.params().to_vec();
    t.resume(stopped_at + 30).unwrap();
    t.fit(&mut m).unwrap();
    let h = t.history();
    assert!(t.epoch() > stopped_at, "it trained on");
    // However the resumed run ended, its weights are its own: had early stopping kept its
    // memory from before pruning, it would restore a pre-pruning epoch's weights (masked)
    // — exactly `pruned` again — after `patience` epochs.
    assert_ne!(m.params(), &pruned[..]);
    if let Some(StopReason::EarlyStopped { best_epoch, .. }) = h.stopped {
        assert!(
            best_epoch > stopped_at,
            "the best epoch is one of the resumed run"
        );
    }
    // The mask held through it.
    let mask = m.mask().unwrap();
    assert!(m
        .params()
        .iter()
        .zip(mask)
        .all(|(&w, &k)| k == 1.0 || w == 0.0));
}

#[wasm_bindgen_test(unsupported = test)]
fn pruning_during_a_run_makes_early_stopping_forget_the_network_before() {
    let mut rng = Rng::seed(4);
    let data = two_circles(240, 1.2, &mut rng);
    let (train, val) = split(&data, 40);
    let mut m = mlp(2, &[(32, Activation::Relu), (1, Activation::Sigmoid)], 5);
    compiled(&mut m, Loss::BinaryCrossentropy, OptimizerKind::Adam, 0.01);
    let cfg = TrainConfig {
        epochs: 200,
        batch_size: 8,
        shuffle: true,
        validation_split: None,
        early_stopping: Some(EarlyStopping {
            patience: 3,
            min_delta: 0.0,
            restore_best_weights: true,
        }),
    };
    let mut t = Trainer::new(&m, train, Some(val), cfg).unwrap();
    for _ in 0..5 {
        t.run_epoch(&mut m).unwrap();
    }
    assert!(!t.finished());
    m.prune(0.9, nnplay::PruneScope::Layer).unwrap();
    let pruned_at = t.epoch();
    t.fit(&mut m).unwrap();
    // Kept from before pruning, the best epoch would be one of the first five, restored
    // (masked) after three worse epochs; forgotten, it is one of the pruned network's.
    if let Some(StopReason::EarlyStopped { best_epoch, .. }) = t.history().stopped {
        assert!(
            best_epoch > pruned_at,
            "best epoch {best_epoch}, pruned after {pruned_at}"
        );
    }
    assert!(
        t.epoch() > pruned_at + 3,
        "it trained on past the patience: {}",
        t.epoch()
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn divergence_stops_with_a_clear_error_and_finite_weights() {
    // Targets of 1e30 with mse overflow f32 at once.
    let data = Dataset::from_vecs(
        vec![1.0, 2.0, 3.0, 4.0],
        1,
        vec![1e30, -1e30, 1e30, -1e30],
        1,
    )
    .unwrap();
    let mut m = mlp(1, &[(4, Activation::Relu), (1, Activation::Linear)], 1);
    compiled(&mut m, Loss::MeanSquaredError, OptimizerKind::Sgd, 10.0);
    let before = m.params().to_vec();
    let cfg = TrainConfig {
        epochs: 10,
        batch_size: 2,
        ..TrainConfig::default()
    };
    let err = Trainer::new(&m, data, None, cfg)
        .unwrap()
        .fit(&mut m)
        .unwrap_err();
    let Error::Diverged { epoch, batch, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!((*epoch, *batch), (1, 1));
    let msg = err.to_string();
    assert!(
        msg.contains("diverged") && msg.contains("lower learning rate"),
        "{msg}"
    );
    assert!(m.params().iter().all(|w| w.is_finite()));
    assert_eq!(
        m.params(),
        &before[..],
        "the failing step applied no update"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn learning_rate_changes_keep_optimizer_state_and_schedules_apply() {
    let data = xor();
    let mut m = mlp(2, &[(3, Activation::Tanh), (1, Activation::Sigmoid)], 1);
    let mut cfg = OptimizerConfig::new(OptimizerKind::Adam).with_learning_rate(0.1);
    cfg.schedule = Schedule::StepDecay {
        step_size: 4,
        factor: 0.5,
    };
    m.compile(Loss::BinaryCrossentropy, cfg).unwrap();
    let tc = TrainConfig {
        epochs: 3,
        batch_size: 2,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&m, data, None, tc).unwrap();
    // Two updates per epoch; the rate halves every 4 updates (steps 0-3: 0.1, 4-7: 0.05).
    assert_eq!(t.run_epoch(&mut m).unwrap().learning_rate, 0.1);
    assert_eq!(t.run_epoch(&mut m).unwrap().learning_rate, 0.1);
    m.compiled_mut()
        .unwrap()
        .optimizer
        .set_learning_rate(0.02)
        .unwrap();
    let log = t.run_epoch(&mut m).unwrap();
    assert_eq!(
        m.compiled().unwrap().optimizer.iterations(),
        6,
        "state was not reset"
    );
    assert_eq!(log.learning_rate, 0.01, "base 0.02 halved once at step 5");
    assert!(m
        .compiled_mut()
        .unwrap()
        .optimizer
        .set_learning_rate(f32::NAN)
        .is_err());
}

#[wasm_bindgen_test(unsupported = test)]
fn l2_shrinks_weights_and_dropout_is_training_only() {
    let data = two_circles(200, 0.2, &mut Rng::seed(8));
    let norm = |l2: f32| {
        let mut m = Model::new(ModelConfig {
            input_shape: None,
            shaped: Vec::new(),
            inputs: 2,
            layers: vec![
                DenseConfig::new(16, Activation::Relu),
                DenseConfig::new(1, Activation::Sigmoid),
            ],
            l1: 0.0,
            l2,
            seed: 2,
        })
        .unwrap();
        compiled(&mut m, Loss::BinaryCrossentropy, OptimizerKind::Adam, 0.01);
        let cfg = TrainConfig {
            epochs: 30,
            batch_size: 20,
            ..TrainConfig::default()
        };
        Trainer::new(&m, data.clone(), None, cfg)
            .unwrap()
            .fit(&mut m)
            .unwrap();
        let (k, _) = m.layer_params(0).unwrap();
        k.iter().map(|w| w * w).sum::<f32>()
    };
    assert!(norm(0.05) < 0.5 * norm(0.0));

    let mut layers = vec![
        DenseConfig::new(16, Activation::Relu),
        DenseConfig::new(1, Activation::Sigmoid),
    ];
    layers[0].dropout = 0.5;
    let mut m = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: 2,
        layers,
        l1: 0.0,
        l2: 0.0,
        seed: 3,
    })
    .unwrap();
    compiled(&mut m, Loss::BinaryCrossentropy, OptimizerKind::Adam, 0.01);
    assert_eq!(
        m.predict(data.x_slice()).unwrap(),
        m.predict(data.x_slice()).unwrap()
    );
    let (y, x) = (data.y_slice(), data.x_slice());
    let a = m.loss_and_gradients(x, y, 200, true).unwrap().loss;
    let b = m.loss_and_gradients(x, y, 200, true).unwrap().loss;
    assert_ne!(a, b, "training passes draw fresh dropout masks");
}

fn refuse(result: Result<impl std::fmt::Debug, Error>, needle: &str) {
    let msg = result.expect_err("must be refused").to_string();
    assert!(
        msg.contains(needle),
        "message {msg:?} should mention {needle:?}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn impossible_settings_are_refused_before_training() {
    let cfg = |layers: Vec<DenseConfig>| ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: 2,
        layers,
        l1: 0.0,
        l2: 0.0,
        seed: 0,
    };
    refuse(Model::new(cfg(vec![])), "layers");
    refuse(
        Model::new(cfg(vec![DenseConfig::new(0, Activation::Relu)])),
        "layers[0].units",
    );
    let mut d = DenseConfig::new(4, Activation::Relu);
    d.dropout = 1.0;
    refuse(
        Model::new(cfg(vec![d, DenseConfig::new(1, Activation::Linear)])),
        "layers[0].dropout",
    );
    refuse(
        Model::new(cfg(vec![
            DenseConfig::new(4000, Activation::Relu),
            DenseConfig::new(4000, Activation::Relu),
        ])),
        "limit is 10000000",
    );
    let mut m = Model::new(cfg(vec![DenseConfig::new(1, Activation::Relu)])).unwrap();
    refuse(
        m.compile(
            Loss::BinaryCrossentropy,
            OptimizerConfig::new(OptimizerKind::Adam),
        ),
        "sigmoid",
    );
    refuse(
        m.compile(
            Loss::MeanSquaredError,
            OptimizerConfig::new(OptimizerKind::Adam).with_learning_rate(0.0),
        ),
        "learningRate",
    );
    refuse(
        Trainer::new(&m, xor(), None, TrainConfig::default()),
        "not compiled",
    );
    compiled(&mut m, Loss::MeanSquaredError, OptimizerKind::Sgd, 0.1);
    refuse(
        Trainer::new(
            &m,
            xor(),
            None,
            TrainConfig {
                batch_size: 0,
                ..TrainConfig::default()
            },
        ),
        "batchSize",
    );
    refuse(
        Trainer::new(
            &m,
            xor(),
            None,
            TrainConfig {
                epochs: 0,
                ..TrainConfig::default()
            },
        ),
        "epochs",
    );
    let three = Dataset::from_vecs(vec![1.0; 6], 3, vec![0.0; 2], 1).unwrap();
    refuse(
        Trainer::new(&m, three, None, TrainConfig::default()),
        "features",
    );
    refuse(
        Dataset::from_vecs(vec![1.0, f32::NAN], 2, vec![0.0], 1),
        "row 1, feature 2",
    );
    let mut b = mlp(2, &[(1, Activation::Sigmoid)], 0);
    compiled(&mut b, Loss::BinaryCrossentropy, OptimizerKind::Sgd, 0.1);
    let bad = Dataset::from_vecs(vec![0.0; 4], 2, vec![0.0, 2.0], 1).unwrap();
    refuse(Trainer::new(&b, bad, None, TrainConfig::default()), "row 2");
}

#[wasm_bindgen_test(unsupported = test)]
fn out_of_range_class_indices_are_errors_not_panics() {
    let mut m = mlp(2, &[(3, Activation::Softmax)], 0);
    compiled(
        &mut m,
        Loss::CategoricalCrossentropy,
        OptimizerKind::Sgd,
        0.1,
    );
    let x = [0.0, 1.0, 1.0, 0.0];
    refuse(m.train_step(&x, &[0.0, 3.0], 2), "row 2: class index 3");
    refuse(m.loss_and_gradients(&x, &[-1.0, 0.0], 2, false), "row 1");
    refuse(m.evaluate(&x, &[0.0, f32::NAN], 2), "row 2");
    assert!(m.train_step(&x, &[0.0, 2.0], 2).is_ok());
}

/// Every layer's output, by hand: a 2 → 2 (leaky relu, alpha 0.3) → 1 (sigmoid) network
/// with set weights. The page draws each hidden neuron from these (no forward pass of its
/// own, so a custom alpha is drawn as trained).
#[wasm_bindgen_test(unsupported = test)]
fn layer_outputs_by_hand() {
    let mut hidden = DenseConfig::new(2, Activation::LeakyRelu);
    hidden.alpha = Some(0.3);
    let mut m = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: 2,
        layers: vec![hidden, DenseConfig::new(1, Activation::Sigmoid)],
        l1: 0.0,
        l2: 0.0,
        seed: 1,
    })
    .unwrap();
    // Kernel rows are inputs: W1 = [[1, -2], [0.5, 1]], b1 = [0, 0.5]; W2 = [[1], [-1]], b2 = 0.25.
    m.set_params(&[1.0, -2.0, 0.5, 1.0, 0.0, 0.5, 1.0, -1.0, 0.25])
        .unwrap();
    let out = m.layer_outputs(&[2.0, 1.0]).unwrap();
    // z1 = [2·1 + 1·0.5 + 0, 2·(−2) + 1·1 + 0.5] = [2.5, −2.5] → leaky relu [2.5, −0.75].
    assert_eq!(out[0], vec![2.5, -0.75]);
    // z2 = 2.5 − (−0.75) + 0.25 = 3.5 → sigmoid 0.970687769…
    assert!((out[1][0] - 0.970_687_77).abs() < 1e-6, "{:?}", out[1]);
    assert_eq!(out[1], m.predict(&[2.0, 1.0]).unwrap());
}
