//! Magnitude pruning: which weights go, that they stay zero through every optimizer and
//! penalty, that masked training is the dense update restricted to the kept weights, the
//! gradual schedule, and the mask in the model file. (The digits figure, 90 % sparsity
//! within 1 point of the dense model, is in `tests/suggested_settings.rs`.)

mod common;

use common::*;
use nnplay::model_file::ModelFile;
use nnplay::{
    Activation, DenseConfig, Error, Loss, Model, ModelConfig, OptimizerConfig, OptimizerKind,
    PruneScope, PruningSchedule, Rng,
};
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// 10 → 12 tanh → 6 relu → 1 sigmoid with L1 and L2, compiled with `kind`.
fn model(kind: OptimizerKind) -> Model {
    let mut m = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: 10,
        layers: vec![
            DenseConfig::new(12, Activation::Tanh),
            DenseConfig::new(6, Activation::Relu),
            DenseConfig::new(1, Activation::Sigmoid),
        ],
        l1: 0.001,
        l2: 0.002,
        seed: 3,
    })
    .unwrap();
    let mut config = OptimizerConfig::new(kind).with_learning_rate(0.05);
    if kind == OptimizerKind::Adamw {
        config.weight_decay = 0.1;
    }
    m.compile(Loss::BinaryCrossentropy, config).unwrap();
    m
}

/// Indices into `params` of every kernel weight.
fn kernel_indices(m: &Model) -> Vec<usize> {
    m.tensor_ranges()
        .into_iter()
        .filter(|(name, _)| name.ends_with("kernel"))
        .flat_map(|(_, r)| r)
        .collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn per_layer_pruning_removes_the_smallest_weights_of_each_layer() {
    let mut m = model(OptimizerKind::Adam);
    let before = m.params().to_vec();
    let reached = m.prune(0.5, PruneScope::Layer).unwrap();
    // Kernels of 120, 72 and 6 weights: round(0.5 n) each.
    let counts: Vec<(usize, usize)> = reached
        .layers
        .iter()
        .map(|l| (l.pruned, l.weights))
        .collect();
    assert_eq!(counts, [(60, 120), (36, 72), (3, 6)]);
    assert_eq!((reached.pruned, reached.weights), (99, 198));
    let mask = m.mask().unwrap();
    for (name, range) in m.tensor_ranges() {
        let (kept, gone): (Vec<usize>, Vec<usize>) = range.clone().partition(|&i| mask[i] == 1.0);
        if name.ends_with("bias") {
            assert!(gone.is_empty(), "{name}: biases are never pruned");
            continue;
        }
        let largest_gone = gone.iter().map(|&i| before[i].abs()).fold(0.0, f32::max);
        let smallest_kept = kept
            .iter()
            .map(|&i| before[i].abs())
            .fold(f32::MAX, f32::min);
        assert!(
            largest_gone <= smallest_kept,
            "{name}: {largest_gone} > {smallest_kept}"
        );
        assert!(gone.iter().all(|&i| m.params()[i] == 0.0));
        assert!(
            kept.iter().all(|&i| m.params()[i] == before[i]),
            "{name}: kept weights unchanged"
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn global_pruning_uses_one_threshold_over_every_kernel() {
    let mut m = model(OptimizerKind::Adam);
    let before = m.params().to_vec();
    let reached = m.prune(0.75, PruneScope::Global).unwrap();
    // round(0.75 × 198) = 149 over all kernels, however the layers share them.
    assert_eq!(reached.pruned, 149);
    let mask = m.mask().unwrap();
    let kernels = kernel_indices(&m);
    let largest_gone = kernels
        .iter()
        .filter(|&&i| mask[i] == 0.0)
        .map(|&i| before[i].abs())
        .fold(0.0, f32::max);
    let smallest_kept = kernels
        .iter()
        .filter(|&&i| mask[i] == 1.0)
        .map(|&i| before[i].abs())
        .fold(f32::MAX, f32::min);
    assert!(largest_gone <= smallest_kept);
    // A lower sparsity afterwards changes nothing: pruned weights stay pruned.
    assert_eq!(m.prune(0.2, PruneScope::Global).unwrap().pruned, 149);
}

#[wasm_bindgen_test(unsupported = test)]
fn masked_training_is_the_dense_update_of_the_kept_weights_for_every_optimizer() {
    let data = rule_dataset(32, &mut Rng::seed(5));
    let (x, y) = (data.x().as_slice().unwrap(), data.y().as_slice().unwrap());
    for &kind in OptimizerKind::ALL {
        let mut pruned = model(kind);
        pruned.prune(0.6, PruneScope::Global).unwrap();
        let mask = pruned.mask().unwrap().to_vec();
        // The same weights (zeros where pruned) without a mask.
        let mut dense = pruned.clone();
        dense.clear_pruning();
        pruned.train_step(x, y, 32).unwrap();
        dense.train_step(x, y, 32).unwrap();
        // The forward pass is the same, so the kept weights get the same gradient and the
        // same update, bit for bit; the pruned ones stay zero where the dense model moves.
        let mut revived = 0;
        for (i, &k) in mask.iter().enumerate() {
            if k == 1.0 {
                assert_eq!(
                    pruned.params()[i],
                    dense.params()[i],
                    "{kind:?}: weight {i}"
                );
            } else {
                assert_eq!(pruned.params()[i], 0.0, "{kind:?}: pruned weight {i}");
                revived += usize::from(dense.params()[i] != 0.0);
            }
        }
        assert!(
            revived > 50,
            "{kind:?}: the unmasked model moves the zeros ({revived})"
        );
        // Many more steps (moments, penalties, weight decay): still exactly zero.
        for _ in 0..30 {
            pruned.train_step(x, y, 32).unwrap();
        }
        assert!(
            mask.iter()
                .zip(pruned.params())
                .all(|(&k, &w)| k == 1.0 || w == 0.0),
            "{kind:?}"
        );
        assert!((pruned.sparsity().sparsity - 0.6).abs() < 0.01);
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn a_gradual_schedule_prunes_on_its_steps_to_the_final_sparsity() {
    let data = rule_dataset(40, &mut Rng::seed(6));
    let (x, y) = (data.x().as_slice().unwrap(), data.y().as_slice().unwrap());
    let mut m = model(OptimizerKind::Adam);
    let schedule = PruningSchedule {
        initial_sparsity: 0.2,
        final_sparsity: 0.8,
        begin_step: 5,
        end_step: 25,
        frequency: 5,
        scope: PruneScope::Layer,
    };
    m.set_pruning(Some(schedule)).unwrap();
    let mut seen = Vec::new();
    for _ in 0..30 {
        m.train_step(x, y, 40).unwrap();
        seen.push(m.sparsity().pruned);
    }
    // Steps 1-4: dense. Step 5: 0.2 of each kernel (24 + 14 + 1 = 39 of 198). Step 10:
    // 0.8 - 0.6 × 0.75^3 = 0.546875 (66 + 39 + 3 = 108). Step 25 on: 0.8 (96 + 58 + 5 = 159).
    assert_eq!(seen[3], 0);
    assert_eq!(seen[4], 39);
    assert_eq!(seen[8], 39, "no pruning between the schedule's steps");
    assert_eq!(seen[9], 108);
    assert_eq!(seen[24], 159);
    assert_eq!(seen[29], 159);
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "sparsity only grows: {seen:?}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn the_model_file_keeps_the_mask_and_the_schedule() {
    let data = rule_dataset(16, &mut Rng::seed(7));
    let (x, y) = (data.x().as_slice().unwrap(), data.y().as_slice().unwrap());
    let mut m = model(OptimizerKind::Rmsprop);
    m.prune(0.5, PruneScope::Global).unwrap();
    let schedule = PruningSchedule {
        initial_sparsity: 0.5,
        final_sparsity: 0.7,
        begin_step: 100,
        end_step: 200,
        frequency: 10,
        scope: PruneScope::Global,
    };
    m.set_pruning(Some(schedule)).unwrap();
    let text = ModelFile::from_model(&m).to_json();
    let mut loaded = ModelFile::from_json(&text).unwrap().into_model().unwrap();
    assert_eq!(loaded.mask(), m.mask());
    assert_eq!(loaded.params(), m.params());
    assert_eq!(loaded.pruning(), Some(&schedule));
    loaded.train_step(x, y, 16).unwrap();
    let mask = m.mask().unwrap();
    assert!(mask
        .iter()
        .zip(loaded.params())
        .all(|(&k, &w)| k == 1.0 || w == 0.0));
    // An unpruned model's file has no mask at all.
    assert!(!ModelFile::from_model(&model(OptimizerKind::Sgd))
        .to_json()
        .contains("pruned"));
    // A damaged mask is named.
    let bad = text.replacen("\"pruned\":[", "\"pruned\":[100000,", 1);
    match ModelFile::from_json(&bad).unwrap().into_model() {
        Err(Error::ModelFile { field, .. }) => assert_eq!(field, "weights[0].pruned"),
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn impossible_pruning_is_refused_and_a_pruned_link_cannot_be_edited() {
    let mut m = model(OptimizerKind::Sgd);
    for bad in [-0.1, 1.0, f32::NAN] {
        assert!(
            matches!(
                m.prune(bad, PruneScope::Layer),
                Err(Error::InvalidConfig { .. })
            ),
            "{bad}"
        );
    }
    assert!(m.mask().is_none(), "a refused sparsity prunes nothing");
    m.prune(0.99, PruneScope::Layer).unwrap();
    let mask = m.mask().unwrap().to_vec();
    // Layer 0's kernel is 10 × 12, row-major: the link input → unit is index input × 12 + unit.
    let gone = (0..120).find(|&i| mask[i] == 0.0).unwrap();
    let err = m.set_weight(0, gone / 12, gone % 12, 0.5).unwrap_err();
    assert!(err.to_string().contains("pruned"), "{err}");
    let kept = (0..120).find(|&i| mask[i] == 1.0).unwrap();
    m.set_weight(0, kept / 12, kept % 12, 0.5).unwrap();
    // Cleared: every weight trains again.
    m.clear_pruning();
    assert_eq!(m.sparsity().pruned, 0);
    assert!(m.mask().is_none());
    m.set_weight(0, gone / 12, gone % 12, 0.5).unwrap();
}

#[wasm_bindgen_test(unsupported = test)]
fn the_sparsity_curve_is_one_shot_pruning_of_copies_and_leaves_the_model_alone() {
    let mut rng = Rng::seed(11);
    let data = rule_dataset(120, &mut rng);
    let m = model(OptimizerKind::Adam);
    let before = m.params().to_vec();
    let (x, y, rows) = (data.x_slice(), data.y_slice(), data.rows());
    let levels = [0.0, 0.5, 0.9];
    for scope in [PruneScope::Layer, PruneScope::Global] {
        let curve = nnplay::nn::sparsity_curve(&m, x, y, rows, &levels, scope).unwrap();
        assert_eq!(m.params(), &before[..], "the model is not pruned");
        assert!(m.mask().is_none());
        // Expected: each level pruned one-shot on a fresh copy of the original, evaluated.
        for (point, &level) in curve.iter().zip(&levels) {
            let mut copy = m.clone();
            let reached = copy.prune(level, scope).unwrap();
            let e = copy.evaluate(x, y, rows).unwrap();
            assert_eq!(point.target, level as f64);
            assert_eq!(point.sparsity, reached.sparsity, "{scope:?} at {level}");
            assert_eq!(point.loss, e.loss, "{scope:?} at {level}");
            assert_eq!(point.accuracy, e.accuracy);
        }
        assert_eq!(curve[0].sparsity, 0.0);
    }
    // Levels must be fractions in [0, 0.99], ascending.
    for (levels, field) in [(&[0.5, 0.2][..], "levels[1]"), (&[1.0][..], "levels[0]")] {
        match nnplay::nn::sparsity_curve(&m, x, y, rows, levels, PruneScope::Layer) {
            Err(Error::InvalidConfig { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{levels:?}: {other:?}"),
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn masked_training_gradients_match_central_differences_and_skip_pruned_weights() {
    // 10 → 12 tanh → 6 tanh → 1 sigmoid with L2 (smooth everywhere: no relu or L1 kink
    // for a difference to straddle), half of every kernel pruned; plain and distilled (the
    // teacher's logit beside each label). Central differences on the kept weights match
    // back-propagation; the pruned weights' gradient is zeroed before the optimizer.
    use nnplay::nn::gradcheck::{compare, numeric_gradients};
    use nnplay::Distillation;
    const H: f32 = 1.0 / 32.0;
    let data = rule_dataset(8, &mut Rng::seed(12));
    let x = data.x().as_slice().unwrap();
    let labels = data.y().as_slice().unwrap().to_vec();
    let mut rng = Rng::seed(13);
    let soft: Vec<f32> = labels
        .iter()
        .flat_map(|&y| [y, rng.uniform(-3.0, 3.0)])
        .collect();
    for distillation in [None, Some(Distillation::default())] {
        let mut m = Model::new(ModelConfig {
            input_shape: None,
            shaped: Vec::new(),
            inputs: 10,
            layers: vec![
                DenseConfig::new(12, Activation::Tanh),
                DenseConfig::new(6, Activation::Tanh),
                DenseConfig::new(1, Activation::Sigmoid),
            ],
            l1: 0.0,
            l2: 0.002,
            seed: 3,
        })
        .unwrap();
        m.compile(
            Loss::BinaryCrossentropy,
            OptimizerConfig::new(OptimizerKind::Adam),
        )
        .unwrap();
        m.set_distillation(distillation).unwrap();
        m.prune(0.5, PruneScope::Layer).unwrap();
        let y = if distillation.is_some() {
            &soft
        } else {
            &labels
        };
        let mask = m.mask().unwrap().to_vec();
        m.loss_and_gradients(x, y, 8, false).unwrap();
        let mut analytic = m.gradients().to_vec();
        let mut numeric = numeric_gradients(&mut m, x, y, 8, H).unwrap();
        // Compared on the kept weights (the pruned ones are held at zero, not trained).
        for (i, &k) in mask.iter().enumerate() {
            if k == 0.0 {
                analytic[i] = 0.0;
                numeric[i] = 0.0;
            }
        }
        let r = compare(&analytic, &numeric, &m.tensor_ranges());
        assert!(r.worst_relative_error < 1e-3, "{distillation:?}: {r:?}");
        // A training step hands the optimizer the same gradient with the pruned ones zeroed.
        let kept = m.gradients().to_vec();
        m.train_step(x, y, 8).unwrap();
        for (i, &k) in mask.iter().enumerate() {
            let want = if k == 0.0 { 0.0 } else { kept[i] };
            assert_eq!(m.gradients()[i], want, "{distillation:?}: weight {i}");
        }
        assert!(mask
            .iter()
            .zip(m.params())
            .all(|(&k, &w)| k == 1.0 || w == 0.0));
    }
}
