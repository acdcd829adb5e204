//! Knowledge distillation: the fused loss against central differences and a hand-computed
//! case, α = 0 as plain cross-entropy bit for bit, the refused settings and target rows,
//! and the side-by-side comparison's twin students. (The digits figure, distilled students
//! beating students from scratch over 3 seeds, is in `tests/suggested_settings.rs`.)

mod common;

use nnplay::data::{column_stats, parse_csv, prepare, CsvOptions, DataConfig, Prepared, Schema};
use nnplay::nn::gradcheck::check;
use nnplay::train::{DistillOptions, Distiller};
use nnplay::{
    Activation, Dataset, DenseConfig, Distillation, Error, Loss, Model, ModelConfig,
    OptimizerConfig, OptimizerKind, Rng, TrainConfig, Trainer,
};
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// As `tests/gradients.rs`: the five-point step and the accepted relative norm error.
const H: f32 = 1.0 / 32.0;
const TOLERANCE: f64 = 1e-3;

/// 3 → 4 tanh → `units` `output`, with non-zero biases, compiled with `loss`.
fn student(output: Activation, units: usize, loss: Loss, seed: u64) -> Model {
    let mut m = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: 3,
        layers: vec![
            DenseConfig::new(4, Activation::Tanh),
            DenseConfig::new(units, output),
        ],
        l1: 0.0,
        l2: 0.0,
        seed,
    })
    .unwrap();
    let mut rng = Rng::seed(seed ^ 0x5eed);
    for p in m.params_mut() {
        if *p == 0.0 {
            *p = rng.uniform(-0.3, 0.3);
        }
    }
    m.compile(loss, OptimizerConfig::new(OptimizerKind::Sgd))
        .unwrap();
    m
}

/// How the labels of a batch are written.
#[derive(Clone, Copy, Debug)]
enum Labels {
    ClassIndex,
    OneHot,
    Binary,
}

/// 5 rows of 3 features; each target row its labels, then `units` teacher logits in
/// [-3, 3].
fn batch(labels: Labels, units: usize, rng: &mut Rng) -> (Vec<f32>, Vec<f32>, usize) {
    let rows = 5;
    let x: Vec<f32> = (0..rows * 3).map(|_| rng.uniform(-1.5, 1.5)).collect();
    let mut y = Vec::new();
    for r in 0..rows {
        match labels {
            Labels::ClassIndex => y.push((r % units) as f32),
            Labels::OneHot => y.extend((0..units).map(|j| f32::from(u8::from(j == r % units)))),
            Labels::Binary => y.extend((0..units).map(|j| ((r + j) % 2) as f32)),
        }
        y.extend((0..units).map(|_| rng.uniform(-3.0, 3.0)));
    }
    (x, y, rows)
}

#[wasm_bindgen_test(unsupported = test)]
fn the_distillation_loss_matches_central_differences() {
    let cases = [
        (
            Loss::CategoricalCrossentropy,
            Activation::Softmax,
            3,
            Labels::ClassIndex,
        ),
        (
            Loss::CategoricalCrossentropy,
            Activation::Softmax,
            3,
            Labels::OneHot,
        ),
        (
            Loss::CategoricalCrossentropy,
            Activation::Linear,
            3,
            Labels::ClassIndex,
        ),
        (
            Loss::CategoricalCrossentropy,
            Activation::Linear,
            3,
            Labels::OneHot,
        ),
        (
            Loss::BinaryCrossentropy,
            Activation::Sigmoid,
            1,
            Labels::Binary,
        ),
        (
            Loss::BinaryCrossentropy,
            Activation::Linear,
            1,
            Labels::Binary,
        ),
        // Several Bernoulli units (multi-label), each its own soft target.
        (
            Loss::BinaryCrossentropy,
            Activation::Sigmoid,
            2,
            Labels::Binary,
        ),
    ];
    let mut checked = 0;
    let mut worst = (0.0f64, String::new());
    for (i, &(loss, output, units, labels)) in cases.iter().enumerate() {
        for temperature in [1.0, 2.5, 8.0] {
            for alpha in [0.0, 0.3, 0.9, 1.0] {
                let seed = 11 * (checked + 1) + i as u64;
                let mut m = student(output, units, loss, seed);
                m.set_distillation(Some(Distillation { temperature, alpha }))
                    .unwrap();
                let (x, y, rows) = batch(labels, units, &mut Rng::seed(seed));
                let r = check(&mut m, &x, &y, rows, H).unwrap();
                let name = format!("{} {labels:?} T={temperature} α={alpha}", output.name());
                assert!(
                    r.worst_relative_error < TOLERANCE,
                    "{name}: relative error {} in {}",
                    r.worst_relative_error,
                    r.worst_tensor
                );
                if r.worst_relative_error > worst.0 {
                    worst = (r.worst_relative_error, name);
                }
                checked += 1;
            }
        }
    }
    // 7 output and label kinds × 3 temperatures × 4 weights.
    assert_eq!(checked, 84);
    println!(
        "distillation gradient check: {checked} cases, worst relative error {:.2e} ({})",
        worst.0, worst.1
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn a_tiny_case_by_hand() {
    // One row, student logits z = (0, 0), teacher logits t = (2 ln 3, 0), class 0,
    // T = 2, α = 0.5. At T: t/T = (ln 3, 0), so p = (3/4, 1/4); q = softmax(0, 0) = (1/2, 1/2).
    // KL(p‖q) = 3/4 ln(3/2) + 1/4 ln(1/2) = 0.304099 - 0.173287 = 0.130812.
    // CE = -ln softmax(z)_0 = ln 2 = 0.693147.
    // L = α T² KL + (1 - α) CE = 0.5·4·0.130812 + 0.5·0.693147 = 0.261624 + 0.346574 = 0.608198.
    // dL/dz = α T (q - p) + (1 - α)(softmax(z) - y)
    //       = 1·(-1/4, 1/4) + 0.5·(-1/2, 1/2) = (-0.5, 0.5).
    let d = Distillation {
        temperature: 2.0,
        alpha: 0.5,
    };
    let t0 = 2.0 * 3f32.ln();
    let mut delta = [0.0f32; 2];
    for labels in [&[0.0][..], &[1.0, 0.0][..]] {
        let y: Vec<f32> = labels.iter().copied().chain([t0, 0.0]).collect();
        let loss = d.forward_backward(
            Loss::CategoricalCrossentropy,
            &[0.0, 0.0],
            &y,
            labels.len(),
            2,
            &mut delta,
        );
        assert!((loss - 0.608198).abs() < 1e-6, "{labels:?}: {loss}");
        assert!(
            (delta[0] + 0.5).abs() < 1e-6 && (delta[1] - 0.5).abs() < 1e-6,
            "{delta:?}"
        );
    }
    // The binary case with the same numbers: one logit z = 0, teacher logit 2 ln 3, label 1.
    // p = σ(ln 3) = 3/4, q = σ(0) = 1/2: the same KL, 0.130812; BCE = -ln σ(0) = ln 2.
    // L = 0.608198 again; dL/dz = 1·(1/2 - 3/4) + 0.5·(1/2 - 1) = -0.5.
    let mut delta = [0.0f32];
    let loss = d.forward_backward(
        Loss::BinaryCrossentropy,
        &[0.0],
        &[1.0, t0],
        1,
        1,
        &mut delta,
    );
    assert!((loss - 0.608198).abs() < 1e-6, "{loss}");
    assert!((delta[0] + 0.5).abs() < 1e-6, "{delta:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn alpha_zero_is_plain_cross_entropy_exactly() {
    for (loss, output, units, labels) in [
        (
            Loss::CategoricalCrossentropy,
            Activation::Softmax,
            3,
            Labels::ClassIndex,
        ),
        (
            Loss::CategoricalCrossentropy,
            Activation::Linear,
            3,
            Labels::OneHot,
        ),
        (
            Loss::BinaryCrossentropy,
            Activation::Sigmoid,
            1,
            Labels::Binary,
        ),
    ] {
        let mut plain = student(output, units, loss, 4);
        let mut distilled = plain.clone();
        distilled
            .set_distillation(Some(Distillation {
                temperature: 3.0,
                alpha: 0.0,
            }))
            .unwrap();
        let (x, y, rows) = batch(labels, units, &mut Rng::seed(8));
        let stride = y.len() / rows;
        let label_cols = stride - units;
        let labels_only: Vec<f32> = y
            .chunks_exact(stride)
            .flat_map(|row| row[..label_cols].to_vec())
            .collect();
        let a = plain
            .loss_and_gradients(&x, &labels_only, rows, false)
            .unwrap();
        let b = distilled.loss_and_gradients(&x, &y, rows, false).unwrap();
        assert_eq!(a, b, "{labels:?}: loss and correct count");
        assert_eq!(plain.gradients(), distilled.gradients(), "{labels:?}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn refused_settings_and_targets_give_clear_errors() {
    let mut m = student(Activation::Softmax, 3, Loss::CategoricalCrossentropy, 1);
    for (d, field) in [
        ((0.0, 0.5), "temperature"),
        ((-2.0, 0.5), "temperature"),
        ((f32::NAN, 0.5), "temperature"),
        ((2.0, -0.1), "alpha"),
        ((2.0, 1.01), "alpha"),
    ] {
        let d = Distillation {
            temperature: d.0,
            alpha: d.1,
        };
        match m.set_distillation(Some(d)) {
            Err(Error::InvalidConfig { field: f, .. }) => assert_eq!(f, field, "{d:?}"),
            other => panic!("{d:?}: {other:?}"),
        }
    }
    assert_eq!(m.distillation(), None, "a refused setting changes nothing");

    // Regression losses have no logits to soften; an uncompiled model has no loss.
    let mut regression = student(Activation::Linear, 3, Loss::MeanSquaredError, 1);
    let e = regression
        .set_distillation(Some(Distillation::default()))
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("binary_crossentropy or categorical_crossentropy"),
        "{e}"
    );
    let mut bare = Model::new(m.config().clone()).unwrap();
    let e = bare
        .set_distillation(Some(Distillation::default()))
        .unwrap_err();
    assert!(e.to_string().contains("not compiled"), "{e}");

    // Target rows without the teacher's logits (or of any other width) are refused for
    // training, naming the widths that would do.
    m.set_distillation(Some(Distillation::default())).unwrap();
    let (x, y, rows) = batch(Labels::ClassIndex, 3, &mut Rng::seed(2));
    let labels: Vec<f32> = y.chunks_exact(4).map(|r| r[0]).collect();
    let e = m.train_step(&x, &labels, rows).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("4 (a class index and the teacher's 3 logits) or 6"),
        "{text}"
    );
    assert!(text.contains("got 1 column(s)"), "{text}");
    let wide: Vec<f32> = y
        .chunks_exact(4)
        .flat_map(|r| [r, &[0.0]].concat())
        .collect();
    assert!(m.train_step(&x, &wide, rows).is_err());
    // A whole training set is checked before the first step, naming the bad row.
    let data = Dataset::from_vecs(x.clone(), 3, labels.clone(), 1).unwrap();
    let e = Trainer::new(&m, data, None, TrainConfig::default()).unwrap_err();
    assert!(e.to_string().contains("training data targets"), "{e}");
    let mut bad = y.clone();
    bad[4 + 2] = f32::INFINITY;
    let data = Dataset::from_vecs(x.clone(), 3, bad, 4).unwrap();
    let e = Trainer::new(&m, data, None, TrainConfig::default()).unwrap_err();
    assert!(
        e.to_string().contains("row 2: the teacher's logit inf"),
        "{e}"
    );
    let mut bad = y.clone();
    bad[4] = 7.0;
    let e = m.train_step(&x, &bad, rows).unwrap_err();
    assert!(e.to_string().contains("row 2: class index 7"), "{e}");
    // Evaluation takes the labels alone as well (the plain loss) and the full rows.
    let plain = m.evaluate(&x, &labels, rows).unwrap();
    let soft = m.evaluate(&x, &y, rows).unwrap();
    assert_eq!(
        plain.accuracy, soft.accuracy,
        "accuracy counts the labels only"
    );
    assert_ne!(plain.loss, soft.loss);
    // The model still trains afterwards.
    m.train_step(&x, &y, rows).unwrap();
}

#[wasm_bindgen_test(unsupported = test)]
fn accuracy_counts_only_the_label_columns() {
    // A binary student whose teacher logit says the opposite of every label: accuracy is
    // the labels' (a teacher column read as a label would change it).
    let mut m = student(Activation::Sigmoid, 1, Loss::BinaryCrossentropy, 6);
    m.set_distillation(Some(Distillation::default())).unwrap();
    let (x, y, rows) = batch(Labels::Binary, 1, &mut Rng::seed(3));
    let labels: Vec<f32> = y.chunks_exact(2).map(|r| r[0]).collect();
    let flipped: Vec<f32> = y
        .chunks_exact(2)
        .flat_map(|r| [r[0], if r[0] > 0.5 { -9.0 } else { 9.0 }])
        .collect();
    let plain = m.evaluate(&x, &labels, rows).unwrap();
    let with_teacher = m.evaluate(&x, &flipped, rows).unwrap();
    assert_eq!(plain.accuracy, with_teacher.accuracy);
    let step = m.clone().train_step(&x, &flipped, rows).unwrap();
    assert_eq!(step.correct as f64 / rows as f64, plain.accuracy.unwrap());
}

/// A small 3-class table, prepared with train, validation and test parts.
fn three_classes() -> Prepared {
    classes(3)
}

/// A small table of `k` classes, prepared with train, validation and test parts.
fn classes(k: usize) -> Prepared {
    let mut rng = Rng::seed(4);
    let mut csv = String::from("a,b,c,label\n");
    for i in 0..150 {
        let class = i % k;
        let (a, b) = (class as f32 + 0.6 * rng.normal(), rng.normal());
        let c = a * b + 0.3 * rng.normal();
        csv += &format!("{a},{b},{c},k{class}\n");
    }
    let table = parse_csv(csv.as_bytes(), &CsvOptions::default()).unwrap();
    let config = DataConfig::default()
        .merged(json!({ "label": "label", "split": { "test": 0.2, "validation": 0.2, "seed": 1 } }))
        .unwrap();
    let schema = Schema::resolve(&table, &column_stats(&table), &config).unwrap();
    prepare(&table, &schema).unwrap()
}

fn trained_teacher(data: &Prepared) -> Model {
    let mut teacher = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: data.inputs(),
        layers: vec![
            DenseConfig::new(16, Activation::Relu),
            DenseConfig::new(3, Activation::Softmax),
        ],
        l1: 0.0,
        l2: 0.0,
        seed: 1,
    })
    .unwrap();
    teacher
        .compile(
            Loss::CategoricalCrossentropy,
            OptimizerConfig::new(OptimizerKind::Adam).with_learning_rate(0.01),
        )
        .unwrap();
    let train = Dataset::from_part(&data.train, data.inputs()).unwrap();
    let config = TrainConfig {
        epochs: 30,
        batch_size: 16,
        ..TrainConfig::default()
    };
    Trainer::new(&teacher, train, None, config)
        .unwrap()
        .fit(&mut teacher)
        .unwrap();
    teacher
}

fn small_student(seed: u64) -> ModelConfig {
    ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: 0,
        layers: vec![
            DenseConfig::new(3, Activation::Tanh),
            DenseConfig::new(3, Activation::Softmax),
        ],
        l1: 0.0,
        l2: 0.0,
        seed,
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn twin_students_start_alike_and_with_alpha_zero_train_alike() {
    let data = three_classes();
    let mut teacher = trained_teacher(&data);
    let options = DistillOptions {
        alpha: 0.0,
        epochs: 5,
        batch_size: 8,
        ..DistillOptions::default()
    };
    let mut d = Distiller::new(&mut teacher, &data, small_student(3), &options).unwrap();
    assert_eq!(
        d.distilled().params(),
        d.scratch().params(),
        "same initial weights"
    );
    assert_eq!(d.distilled().distillation(), Some(options.distillation()));
    assert_eq!(d.scratch().distillation(), None);
    // With α = 0 the distilled student's loss and gradient are the scratch student's bit
    // for bit; so with the same batches in the same order, so are all the weights.
    for epoch in 1..=5 {
        let e = d.train_epoch().unwrap();
        assert_eq!(e.epoch, epoch);
        let (a, b) = (e.distilled.unwrap(), e.scratch.unwrap());
        assert_eq!(a, b, "epoch {epoch}");
        assert_eq!(
            d.distilled().params(),
            d.scratch().params(),
            "epoch {epoch}"
        );
        assert_eq!(e.finished, epoch == 5);
    }
    assert!(
        d.train_epoch().is_err(),
        "a finished comparison trains no further"
    );
    let r = d.report().unwrap();
    assert_eq!(r.distilled, r.scratch);
    assert_eq!((r.distilled_epochs, r.scratch_epochs), (5, 5));
    assert_eq!(r.distilled.parameters, 3 * 3 + 3 + 3 * 3 + 3);
    assert_eq!(r.teacher.parameters, teacher.parameter_count());

    // With α > 0 the students part ways, and the teacher still scores as before.
    let options = DistillOptions {
        epochs: 3,
        ..options
    };
    let options = DistillOptions {
        alpha: 0.9,
        ..options
    };
    let mut d = Distiller::new(&mut teacher, &data, small_student(3), &options).unwrap();
    let r2 = d.run().unwrap();
    assert!(r2.finished);
    assert_ne!(d.distilled().params(), d.scratch().params());
    assert_eq!(r2.teacher, r.teacher);
}

#[wasm_bindgen_test(unsupported = test)]
fn the_comparison_checks_everything_before_training() {
    let data = three_classes();
    let mut teacher = trained_teacher(&data);
    let ok = DistillOptions::default();
    let bad = |options: DistillOptions, student: ModelConfig, teacher: &mut Model| {
        Distiller::new(teacher, &data, student, &options)
            .unwrap_err()
            .to_string()
    };
    let cases = [
        (
            DistillOptions {
                temperature: -1.0,
                ..ok.clone()
            },
            small_student(1),
            "temperature",
        ),
        (
            DistillOptions {
                alpha: 2.0,
                ..ok.clone()
            },
            small_student(1),
            "alpha",
        ),
        (
            DistillOptions {
                batch_size: 0,
                ..ok.clone()
            },
            small_student(1),
            "batchSize",
        ),
        (
            ok.clone(),
            ModelConfig {
                input_shape: None,
                shaped: Vec::new(),
                layers: vec![DenseConfig::new(2, Activation::Softmax)],
                ..small_student(1)
            },
            "the teacher's 3 output units",
        ),
        (
            ok.clone(),
            ModelConfig {
                input_shape: None,
                shaped: Vec::new(),
                layers: vec![DenseConfig::new(3, Activation::Relu)],
                ..small_student(1)
            },
            "softmax",
        ),
        (
            ok.clone(),
            ModelConfig {
                input_shape: None,
                shaped: Vec::new(),
                inputs: 7,
                ..small_student(1)
            },
            "the data's 3 inputs",
        ),
    ];
    for (options, student, needle) in cases {
        let text = bad(options, student, &mut teacher);
        assert!(text.contains(needle), "{text:?} should contain {needle:?}");
    }
    let mut regression = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: 3,
        layers: vec![DenseConfig::new(3, Activation::Linear)],
        l1: 0.0,
        l2: 0.0,
        seed: 1,
    })
    .unwrap();
    regression
        .compile(
            Loss::MeanSquaredError,
            OptimizerConfig::new(OptimizerKind::Sgd),
        )
        .unwrap();
    let text = bad(ok.clone(), small_student(1), &mut regression);
    assert!(text.contains("not mean_squared_error"), "{text}");
    let mut uncompiled = Model::new(teacher.config().clone()).unwrap();
    let text = bad(ok.clone(), small_student(1), &mut uncompiled);
    assert!(text.contains("not compiled"), "{text}");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_binary_teacher_distils_through_one_logit() {
    // Two classes: one sigmoid unit, binary cross-entropy; each distilled target row is the
    // 0/1 label and the teacher's one logit.
    let data = classes(2);
    assert_eq!(data.outputs(), 1);
    let mut teacher = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: data.inputs(),
        layers: vec![
            DenseConfig::new(8, Activation::Tanh),
            DenseConfig::new(1, Activation::Sigmoid),
        ],
        l1: 0.0,
        l2: 0.0,
        seed: 2,
    })
    .unwrap();
    teacher
        .compile(
            Loss::BinaryCrossentropy,
            OptimizerConfig::new(OptimizerKind::Adam).with_learning_rate(0.01),
        )
        .unwrap();
    let train = Dataset::from_part(&data.train, data.inputs()).unwrap();
    let config = TrainConfig {
        epochs: 20,
        batch_size: 16,
        ..TrainConfig::default()
    };
    Trainer::new(&teacher, train, None, config)
        .unwrap()
        .fit(&mut teacher)
        .unwrap();
    let student = ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        layers: vec![
            DenseConfig::new(2, Activation::Tanh),
            DenseConfig::new(1, Activation::Linear),
        ],
        ..small_student(5)
    };
    let options = DistillOptions {
        epochs: 4,
        batch_size: 16,
        ..DistillOptions::default()
    };
    let mut d = Distiller::new(&mut teacher, &data, student, &options).unwrap();
    let first = d.train_epoch().unwrap();
    let log = first.distilled.unwrap();
    assert!(
        log.log.loss.is_finite() && log.test_accuracy.is_some(),
        "{log:?}"
    );
    let r = d.run().unwrap();
    assert_eq!(r.distilled.parameters, 3 * 2 + 2 + 2 + 1);
    assert!(r.distilled.test_accuracy.unwrap() > 0.5, "{r:?}");
    // The students as models of their own: the distilled one trains on labels alone now.
    let mut student = d.distilled_student();
    assert_eq!(student.distillation(), None);
    let labels = &data.train;
    student
        .train_step(&labels.x, &labels.y, labels.len())
        .unwrap();
}
