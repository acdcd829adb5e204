//! The benchmark workloads through nnplay's core compiled natively, for the wasm/native
//! ratio. `make bench` writes the data (`test-artifacts/bench-data/`, made by
//! `tests/bench/workloads.mjs`), runs this, then the browser side.
//!
//! Usage: `cargo bench --bench native -- [DATA_DIR] [RUNS] [W1,W2,...]`. Prints one JSON
//! object per workload on stdout: median training seconds over at least `RUNS` runs, more
//! while they add up to under a second (at most 25; one warm-up epoch excluded from each),
//! samples per second, GFLOP/s and the final training loss.

use std::time::Instant;

use nnplay::{
    Dataset, Loss, Model, ModelConfig, OptimizerConfig, OptimizerKind, TrainConfig, Trainer,
};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Workload {
    name: String,
    inputs: usize,
    /// For shaped layers (W4's convolutions): the image's `[height, width, channels]`.
    #[serde(default)]
    input_shape: Option<Vec<usize>>,
    /// As the JavaScript API takes them (read by the same reader).
    layers: serde_json::Value,
    loss: String,
    optimizer: String,
    learning_rate: f32,
    batch_size: usize,
    epochs: usize,
    rows: usize,
    seed: u64,
    outputs: usize,
    /// Training FLOPs per sample (`flopsPerSample` in workloads.mjs).
    flops_per_sample: f64,
}

fn read_f32(path: &std::path::Path) -> Vec<f32> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e} (run `make bench`, which writes it)",
            path.display()
        )
    });
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

/// One run: a fresh model, one warm-up epoch, then `w.epochs` timed epochs.
fn run(w: &Workload, data: &Dataset) -> (f64, f64) {
    let mut config = serde_json::json!({
        "inputs": w.inputs, "layers": w.layers, "seed": w.seed,
    });
    if let Some(shape) = &w.input_shape {
        config["inputShape"] = serde_json::json!(shape);
    }
    let config: ModelConfig = nnplay::json::read(config).expect("valid workload model");
    let mut model = Model::new(config).expect("valid workload model");
    let optimizer = OptimizerConfig::new(OptimizerKind::parse(&w.optimizer).expect("optimizer"))
        .with_learning_rate(w.learning_rate);
    model
        .compile(Loss::parse(&w.loss).expect("loss"), optimizer)
        .expect("valid compile settings");
    let config = TrainConfig {
        epochs: w.epochs + 1,
        batch_size: w.batch_size,
        shuffle: true,
        validation_split: None,
        early_stopping: None,
    };
    let mut trainer = Trainer::new(&model, data.clone(), None, config).expect("valid run");
    trainer.run_epoch(&mut model).expect("warm-up epoch");
    let start = Instant::now();
    let mut loss = f64::NAN;
    for _ in 0..w.epochs {
        loss = trainer.run_epoch(&mut model).expect("epoch").loss;
    }
    (start.elapsed().as_secs_f64(), loss)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing of ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let dir = std::path::PathBuf::from(
        args.first()
            .cloned()
            .unwrap_or_else(|| "test-artifacts/bench-data".into()),
    );
    let runs: usize = args
        .get(1)
        .map_or(3, |r| r.parse().expect("RUNS is a number"));
    let only: Option<Vec<&str>> = args.get(2).map(|w| w.split(',').collect());
    let index = dir.join("workloads.json");
    let Ok(text) = std::fs::read_to_string(&index) else {
        eprintln!(
            "no benchmark data at {} (run `make bench`, which writes it)",
            index.display()
        );
        return;
    };
    let workloads: Vec<Workload> = serde_json::from_str(&text).expect("valid workloads.json");
    for w in &workloads {
        if only
            .as_ref()
            .is_some_and(|only| !only.contains(&w.name.as_str()))
        {
            continue;
        }
        let x = read_f32(&dir.join(format!("{}.x.f32", w.name)));
        let y = read_f32(&dir.join(format!("{}.y.f32", w.name)));
        assert_eq!(x.len(), w.rows * w.inputs, "{} features", w.name);
        let data = Dataset::from_vecs(x, w.inputs, y, w.outputs).expect("valid data");
        // At least `runs` runs, more while they add up to under a second (at most 25), as
        // the browser side does.
        let mut results: Vec<(f64, f64)> = Vec::new();
        while results.len() < runs
            || (results.iter().map(|r| r.0).sum::<f64>() < 1.0 && results.len() < 25)
        {
            results.push(run(w, &data));
        }
        results.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (seconds, loss) = results[results.len() / 2];
        let samples = (w.rows * w.epochs) as f64;
        let line = serde_json::json!({
            "engine": "nnplay native",
            "workload": w.name,
            "seconds": seconds,
            "runs": results.iter().map(|r| r.0).collect::<Vec<_>>(),
            "samplesPerSecond": samples / seconds,
            "gflops": w.flops_per_sample * samples / seconds / 1e9,
            "loss": loss,
        });
        println!("{line}");
    }
}
