//! Every built-in table trained with the settings it suggests (`catalog().datasets[i]
//! .settings`, see `src/suggested.rs`) as the page trains it: the page's default seed (1),
//! the set's split, its network and optimizer, early stopping on the validation part with
//! the best weights put back. The figures asserted are the floors; the figures
//! reached are beside each assert (native; the browser gives the same, as the RNG and the
//! arithmetic are the same).

use nnplay::catalog::catalog;
use nnplay::data::builtin::BuiltinSet;
use nnplay::data::{column_stats, parse_csv, prepare, CsvOptions, DataConfig, Prepared, Schema};
use nnplay::nn::quantize::compare;
use nnplay::suggested::Suggested;
use nnplay::train::{DistillOptions, Distiller};
use nnplay::{
    Activation, Dataset, DenseConfig, EarlyStopping, Loss, Model, ModelConfig, OptimizerConfig,
    PruneScope, PruningSchedule, QuantizedModel, StopReason, Task, TrainConfig, Trainer,
};
use serde_json::json;

/// The page's default seed (`www/playground/settings.js`).
const PAGE_SEED: u64 = 1;

/// What a run with the suggested settings reached.
#[derive(Debug)]
struct Outcome {
    /// Accuracy and loss of the final (restored) weights on each part.
    train_accuracy: f64,
    test_accuracy: f64,
    test_loss: f64,
    /// The lowest test loss after any epoch, and the test loss after the last epoch
    /// trained (before the best weights were put back).
    best_test_loss: f64,
    last_test_loss: f64,
    epochs: usize,
    stopped: StopReason,
}

/// The table `name`'s file and the settings the catalog gives for it.
fn suggestions(name: &str) -> (Suggested, &'static str) {
    catalog()
        .datasets
        .iter()
        .find_map(|d| match (&d.set, d.settings) {
            (BuiltinSet::Table(t), Some(s)) if t.name == name => Some((s, t.file)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no built-in table {name} with settings"))
}

/// The data as the page prepares it: `split: { test, validation, seed }`, nothing else.
fn prepared(file: &str, s: &Suggested) -> Prepared {
    let path = format!("{}/www/datasets/{file}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table = parse_csv(&bytes, &CsvOptions::default()).unwrap();
    let split = json!({ "split": {
        "test": s.test_ratio as f64 / 100.0,
        "validation": s.val_ratio as f64 / 100.0,
        "seed": PAGE_SEED,
    } });
    let config = DataConfig::default().merged(split).unwrap();
    let schema = Schema::resolve(&table, &column_stats(&table), &config).unwrap();
    prepare(&table, &schema).unwrap()
}

/// The network, loss and run the page builds from the settings (`model-spec.js`).
fn train(name: &str) -> Outcome {
    trained(name).0
}

/// The run's outcome, its model (the restored best weights) and its data.
fn trained(name: &str) -> (Outcome, Model, Prepared) {
    let (s, file) = suggestions(name);
    train_with(name, file, &s)
}

fn train_with(name: &str, file: &str, s: &Suggested) -> (Outcome, Model, Prepared) {
    let s = *s;
    let data = prepared(file, &s);
    // The output layer and loss follow the task (the page's `auto`).
    let loss = Loss::for_task(data.task);
    let units = if data.task == Task::Multiclass {
        data.outputs()
    } else {
        1
    };
    let output = DenseConfig::new(units, Activation::for_task(data.task));
    let mut layers: Vec<DenseConfig> = s
        .layers
        .iter()
        .map(|l| DenseConfig {
            dropout: l.dropout,
            ..DenseConfig::new(l.units, l.activation)
        })
        .collect();
    layers.push(output);
    let mut model = Model::new(ModelConfig {
        input_shape: None,
        shaped: Vec::new(),
        inputs: data.inputs(),
        layers,
        l1: 0.0,
        l2: 0.0,
        seed: PAGE_SEED,
    })
    .unwrap();
    model
        .compile(
            loss,
            OptimizerConfig::new(s.optimizer).with_learning_rate(s.learning_rate),
        )
        .unwrap();
    let config = TrainConfig {
        epochs: s.epochs,
        batch_size: s.batch_size,
        early_stopping: s.early_stopping.then(|| EarlyStopping {
            patience: s.patience,
            restore_best_weights: true,
            ..EarlyStopping::default()
        }),
        ..TrainConfig::default()
    };
    let inputs = data.inputs();
    let part = |p: &nnplay::data::Part| Dataset::from_part(p, inputs).unwrap();
    let val = (!data.validation.is_empty()).then(|| part(&data.validation));
    let mut trainer = Trainer::new(&model, part(&data.train), val, config).unwrap();
    let test = &data.test;
    let (mut best_test_loss, mut last_test_loss) = (f64::INFINITY, f64::NAN);
    while !trainer.finished() {
        trainer.run_epoch(&mut model).unwrap();
        // Before a stop puts the best weights back, this is the epoch's own model.
        if !trainer.finished() || !s.early_stopping {
            last_test_loss = model.evaluate(&test.x, &test.y, test.len()).unwrap().loss;
            best_test_loss = best_test_loss.min(last_test_loss);
        }
    }
    let train_part = &data.train;
    let on_train = model
        .evaluate(&train_part.x, &train_part.y, train_part.len())
        .unwrap();
    let on_test = model.evaluate(&test.x, &test.y, test.len()).unwrap();
    let outcome = Outcome {
        train_accuracy: on_train.accuracy.unwrap(),
        test_accuracy: on_test.accuracy.unwrap(),
        test_loss: on_test.loss,
        best_test_loss,
        last_test_loss,
        epochs: trainer.epoch(),
        stopped: trainer.history().stopped.clone().unwrap(),
    };
    println!(
        "{name}: test accuracy {:.3} of {} rows after {} epochs: {outcome:?}",
        outcome.test_accuracy,
        test.len(),
        outcome.epochs
    );
    (outcome, model, data)
}

#[test]
fn iris_reaches_093() {
    let o = train("iris");
    // Reached: 0.967 (29 of 30), stopped after 44 epochs (best 24).
    assert!(o.test_accuracy >= 0.93, "{o:?}");
}

#[test]
fn wine_reaches_090() {
    let o = train("wine");
    // Reached: 0.944 (34 of 36), all 200 epochs (the validation loss kept falling). The
    // issue sets no floor; 0.9 is asserted.
    assert!(o.test_accuracy >= 0.90, "{o:?}");
}

#[test]
fn breast_cancer_reaches_095() {
    let o = train("breast_cancer");
    // Reached: 0.991 (113 of 114), stopped after 57 epochs (best 37).
    assert!(o.test_accuracy >= 0.95, "{o:?}");
}

#[test]
fn digits_reaches_095() {
    let o = train("digits");
    // Reached: 0.967 (347 of 359), stopped after 37 epochs (best 27). With the page's
    // global defaults (4:tanh,2:tanh, half the rows for testing) it was 0.82.
    assert!(o.test_accuracy >= 0.95, "{o:?}");
}

#[test]
fn example_reaches_090() {
    let o = train("example");
    // Reached: 0.930 (186 of 200), stopped after 24 epochs (best 14).
    assert!(o.test_accuracy >= 0.90, "{o:?}");
}

#[test]
fn sentences_stop_before_the_test_loss_climbs() {
    let o = train("text");
    // With the page's global defaults the test loss climbed to 2.4 (train accuracy 0.997,
    // test 0.707). Reached: stopped after 35 epochs (best 25), test loss 0.497, the lowest
    // of the run (0.518 at the last epoch trained, before the best weights came back).
    assert!(
        matches!(o.stopped, StopReason::EarlyStopped { .. }),
        "{o:?}"
    );
    assert!(o.test_loss <= o.best_test_loss + 0.02, "{o:?}");
    assert!(o.last_test_loss <= o.best_test_loss + 0.1, "{o:?}");
    // Reached: 0.754 (92 of 122); scikit-learn's CountVectorizer + LogisticRegression
    // scores 0.775 in 5-fold cross-validation (tests/data_datasets.rs).
    assert!(o.test_accuracy >= 0.70, "{o:?}");
    // The training sentences are learnt by heart (train accuracy 1.0) whatever the
    // penalty: 488 sentences over 1,000 words. The gap left is the data's (0.246).
    assert!(o.test_accuracy >= o.train_accuracy - 0.3, "{o:?}");
}

/// Test accuracy of `model` on `data`'s test part.
fn test_accuracy(model: &mut Model, data: &Prepared) -> f64 {
    let t = &data.test;
    model
        .evaluate(&t.x, &t.y, t.len())
        .unwrap()
        .accuracy
        .unwrap()
}

/// `model` trained `epochs` more epochs on `data`'s training part (the set's batch size
/// and optimizer, no early stopping), under its pruning mask and schedule.
fn fine_tune(model: &mut Model, data: &Prepared, epochs: usize) {
    let (s, _) = suggestions("digits");
    let config = TrainConfig {
        epochs,
        batch_size: s.batch_size,
        ..TrainConfig::default()
    };
    let part = Dataset::from_part(&data.train, data.inputs()).unwrap();
    let mut trainer = Trainer::new(model, part, None, config).unwrap();
    while !trainer.finished() {
        trainer.run_epoch(model).unwrap();
    }
}

#[test]
fn digits_pruned_to_90_percent_keeps_its_accuracy_after_fine_tuning() {
    let (o, dense, data) = trained("digits");
    // One-shot: one magnitude threshold over all kernels (wide layers lose more).
    let mut model = dense.clone();
    let reached = model.prune(0.9, PruneScope::Global).unwrap();
    assert!((reached.sparsity - 0.9).abs() < 0.001, "{reached:?}");
    let pruned = test_accuracy(&mut model, &data);
    fine_tune(&mut model, &data, 10);
    let tuned = test_accuracy(&mut model, &data);
    assert_eq!(model.sparsity(), reached, "fine-tuning keeps the mask");
    // Gradual: from the dense weights to 90 % over 8 epochs of fine-tuning (pruned every
    // 20 steps, as Zhu & Gupta's polynomial schedule), then 2 epochs with the mask held.
    let steps_per_epoch = data
        .train
        .len()
        .div_ceil(suggestions("digits").0.batch_size) as u64;
    let mut gradual = dense.clone();
    let start = gradual.compiled().unwrap().optimizer.iterations();
    gradual
        .set_pruning(Some(PruningSchedule {
            initial_sparsity: 0.0,
            final_sparsity: 0.9,
            begin_step: start,
            end_step: start + 8 * steps_per_epoch,
            frequency: 20,
            scope: PruneScope::Layer,
        }))
        .unwrap();
    fine_tune(&mut gradual, &data, 10);
    let gradual_accuracy = test_accuracy(&mut gradual, &data);
    println!(
        "digits: dense {:.3}; one-shot 90 % pruned {pruned:.3}, after 10 epochs of fine-tuning {tuned:.3}; gradual to 90 % over 10 epochs {gradual_accuracy:.3} (sparsity {:.3})",
        o.test_accuracy,
        gradual.sparsity().sparsity
    );
    assert!(
        (gradual.sparsity().sparsity - 0.9).abs() < 0.001,
        "{:?}",
        gradual.sparsity()
    );
    // The figure: within 1 point of the dense model. Reached: dense 0.967; one-shot
    // global pruning 0.880 at once, 0.967 after 10 epochs of fine-tuning (one-shot per layer:
    // 0.627, then 0.947, 2 points short); gradual per layer 0.961.
    assert!(
        tuned >= o.test_accuracy - 0.01,
        "fine-tuned {tuned} vs dense {}",
        o.test_accuracy
    );
    assert!(
        gradual_accuracy >= o.test_accuracy - 0.01,
        "gradual {gradual_accuracy} vs dense {}",
        o.test_accuracy
    );
}

#[test]
fn digits_in_int8_agree_with_f32_on_99_percent_of_the_test_rows() {
    let (o, mut model, data) = trained("digits");
    // Calibrated on the training rows, compared on the test rows.
    let q = QuantizedModel::calibrate(&mut model, &data.train.x).unwrap();
    let t = &data.test;
    let c = compare(&mut model, &q, &t.x, &t.y).unwrap();
    println!("digits in int8: {c:?}");
    assert_eq!(c.float_accuracy, Some(o.test_accuracy));
    let (float, int8, agreement) = (
        c.float_accuracy.unwrap(),
        c.int8_accuracy.unwrap(),
        c.agreement.unwrap(),
    );
    // The figures: within 1 point of f32, at least 99 % of predictions the same.
    // Reached: f32 0.967, int8 0.964 (1 row), 358 of 359 predictions the same (0.997);
    // 11,344 bytes instead of 38,440. (One range per layer rather than per input agreed
    // on 0.986 only: z-scored pixels reach far beyond the typical value.)
    assert!(int8 >= float - 0.01, "int8 {int8} vs f32 {float}");
    assert!(agreement >= 0.99, "agreement {agreement}");
    // 64 → 64 → 32 → 10 style kernels: a byte per weight instead of four, plus per-unit
    // scales and biases in f32.
    assert!(
        c.int8_bytes * 3 < c.float_bytes,
        "{} vs {} bytes",
        c.int8_bytes,
        c.float_bytes
    );
}

#[test]
fn digits_deep_compression_prunes_then_quantises() {
    // Han et al.'s pipeline: prune (90 %, one global threshold), fine-tune with the mask
    // held, quantise to int8, store the weights sparse.
    let (o, mut model, data) = trained("digits");
    model.prune(0.9, PruneScope::Global).unwrap();
    fine_tune(&mut model, &data, 10);
    let q = QuantizedModel::calibrate(&mut model, &data.train.x).unwrap();
    let t = &data.test;
    let c = compare(&mut model, &q, &t.x, &t.y).unwrap();
    println!(
        "digits deep compression: dense f32 {:.3}, pruned f32 {:.3}, pruned int8 {:.3}, agreement {:.3}; {} bytes f32, {} int8, {} sparse int8 ({:.1}× smaller)",
        o.test_accuracy,
        c.float_accuracy.unwrap(),
        c.int8_accuracy.unwrap(),
        c.agreement.unwrap(),
        c.float_bytes,
        c.int8_bytes,
        c.sparse_bytes,
        c.float_bytes as f64 / c.sparse_bytes as f64
    );
    // Pruned weights stay zero in int8 (round(0) = 0), so only the kept 10 % are stored.
    // Reached: dense f32 0.967, pruned f32 0.967, pruned int8 0.969 (agreement 0.997);
    // 38,440 bytes in f32, 11,344 in int8, 5,261 sparse (7.3× smaller).
    assert!(c.sparse_bytes < c.int8_bytes / 2, "{c:?}");
    assert!(c.int8_accuracy.unwrap() >= o.test_accuracy - 0.02, "{c:?}");
}

#[test]
fn digits_distilled_students_beat_students_trained_from_scratch() {
    // Teacher: the suggested digits model (64 → 128 relu → 10 softmax, 9,610 parameters).
    // Student: 64 → 8 relu → 10 softmax, 610 parameters (6 % of the teacher's), trained 100
    // epochs with the teacher's optimizer (Adam at 0.003) in batches of 32, distilled at
    // T = 4, α = 0.9 beside a twin from the same weights and the same batch order.
    let (o, mut teacher, data) = trained("digits");
    let options = DistillOptions {
        temperature: 4.0,
        alpha: 0.9,
        epochs: 100,
        batch_size: 32,
        ..DistillOptions::default()
    };
    let (mut distilled, mut scratch) = (Vec::new(), Vec::new());
    for seed in 1..=3u64 {
        let student = ModelConfig {
            input_shape: None,
            shaped: Vec::new(),
            inputs: 0,
            layers: vec![
                DenseConfig::new(8, Activation::Relu),
                DenseConfig::new(10, Activation::Softmax),
            ],
            l1: 0.0,
            l2: 0.0,
            seed,
        };
        let mut d = Distiller::new(&mut teacher, &data, student, &options).unwrap();
        let r = d.run().unwrap();
        assert!(2 * r.distilled.parameters <= r.teacher.parameters, "{r:?}");
        assert_eq!(r.teacher.test_accuracy, Some(o.test_accuracy));
        println!(
            "digits distillation, seed {seed}: teacher {:.3} ({} parameters), distilled {:.3} \
             (loss {:.3}), from scratch {:.3} (loss {:.3}), {} parameters each",
            o.test_accuracy,
            r.teacher.parameters,
            r.distilled.test_accuracy.unwrap(),
            r.distilled.test_loss,
            r.scratch.test_accuracy.unwrap(),
            r.scratch.test_loss,
            r.distilled.parameters
        );
        distilled.push(r.distilled.test_accuracy.unwrap());
        scratch.push(r.scratch.test_accuracy.unwrap());
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (d, s) = (mean(&distilled), mean(&scratch));
    println!("digits distillation over seeds 1-3: distilled {d:.4}, from scratch {s:.4}");
    // The figure: distilled beats from scratch on average over 3 seeds. Reached
    // (of 359 test rows): seed 1 0.930 vs 0.908, seed 2 0.942 vs 0.930, seed 3 0.936 vs
    // 0.925; mean 0.936 vs 0.921 (+1.5 points). What else was tried (mean gain over the
    // seeds, 100 epochs): 8 units at T = 2 +0.7, T = 8 +0.8 (α 0.9); α 0.7 +1.2 (T = 4);
    // 16 units (1,106 parameters) +0.5 to +0.8 at T 4-8; 32 units (2,442) none (-0.4 to
    // 0, as good as the teacher alone); after 40 epochs only, 4 units lost 2-5 points and
    // 8 units gained -1.1 to +0.3.
    assert!(d > s, "distilled {distilled:?} vs from scratch {scratch:?}");
}
