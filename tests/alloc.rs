//! Training allocates nothing per step once the first epoch has sized every buffer: a
//! counting global allocator watches each mini-batch step of later epochs. Natively only
//! (the browser's counterpart is the benchmark's flat-memory check over 10,000 steps).
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use nnplay::{
    Activation, Dataset, DenseConfig, Distillation, Loss, Model, ModelConfig, OptimizerConfig,
    OptimizerKind, Rng, ShapedLayer, TrainConfig, Trainer,
};

/// The system allocator, counting the allocations of the current thread (tests run on
/// several threads at once; each watches only its own).
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

/// Trains `epochs` epochs and returns the allocations of every step after the first epoch
/// that did not end an epoch (ending one appends to the history, once per epoch).
fn allocations_per_step(
    layers: Vec<DenseConfig>,
    loss: Loss,
    optimizer: OptimizerKind,
    (inputs, rows, batch): (usize, usize, usize),
    targets: impl Fn(&[f32], &mut Rng) -> Vec<f32>,
) -> Vec<usize> {
    allocations_per_distilled_step(
        layers,
        loss,
        optimizer,
        (inputs, rows, batch),
        targets,
        None,
    )
}

/// [`allocations_per_step`] for a model trained with `distillation` (the targets then
/// carry the teacher's logits).
fn allocations_per_distilled_step(
    layers: Vec<DenseConfig>,
    loss: Loss,
    optimizer: OptimizerKind,
    (inputs, rows, batch): (usize, usize, usize),
    targets: impl Fn(&[f32], &mut Rng) -> Vec<f32>,
    distillation: Option<Distillation>,
) -> Vec<usize> {
    let config = ModelConfig {
        inputs,
        layers,
        seed: 5,
        ..ModelConfig::default()
    };
    allocations_per_step_of(
        config,
        loss,
        optimizer,
        (rows, batch),
        targets,
        distillation,
    )
}

/// [`allocations_per_distilled_step`] for any architecture (inputs uniform in (-1, 1), or
/// token ids for a model that starts with an embedding).
fn allocations_per_step_of(
    config: ModelConfig,
    loss: Loss,
    optimizer: OptimizerKind,
    (rows, batch): (usize, usize),
    targets: impl Fn(&[f32], &mut Rng) -> Vec<f32>,
    distillation: Option<Distillation>,
) -> Vec<usize> {
    let inputs = config.inputs;
    let mut rng = Rng::seed(9);
    let x: Vec<f32> = match config.shaped.first() {
        Some(ShapedLayer::Embedding { input_dim, .. }) => (0..rows * inputs)
            .map(|_| rng.below(*input_dim) as f32)
            .collect(),
        _ => (0..rows * inputs).map(|_| rng.uniform(-1.0, 1.0)).collect(),
    };
    let y = targets(&x, &mut rng);
    let cols = y.len() / rows;
    let mut model = Model::new(config).unwrap();
    model
        .compile(loss, OptimizerConfig::new(optimizer))
        .unwrap();
    model.set_distillation(distillation).unwrap();
    let data = Dataset::from_vecs(x, inputs, y, cols).unwrap();
    let config = TrainConfig {
        epochs: 4,
        batch_size: batch,
        ..TrainConfig::default()
    };
    let mut trainer = Trainer::new(&model, data, None, config).unwrap();
    let before = allocations();
    trainer.run_epoch(&mut model).unwrap();
    // The counter sees the first epoch sizing the workspaces (so zero below means zero).
    assert!(allocations() > before, "the first epoch allocated nothing?");
    let mut counts = Vec::new();
    while !trainer.finished() {
        let before = allocations();
        let log = trainer.step(&mut model).unwrap();
        if log.epoch.is_none() {
            counts.push(allocations() - before);
        }
    }
    counts
}

fn assert_none(counts: &[usize], what: &str) {
    // 3 later epochs of the workload's batches, less their epoch-ending steps.
    assert!(!counts.is_empty(), "{what}: no steps watched");
    assert!(
        counts.iter().all(|&n| n == 0),
        "{what}: allocations per step {counts:?}"
    );
}

#[test]
fn playground_network_with_sgd_allocates_nothing_per_step() {
    // W1's shape: 2 → 8 tanh → 8 tanh → 1 tanh, MSE, batch 10 (with a last short batch).
    let counts = allocations_per_step(
        vec![
            DenseConfig::new(8, Activation::Tanh),
            DenseConfig::new(8, Activation::Tanh),
            DenseConfig::new(1, Activation::Tanh),
        ],
        Loss::MeanSquaredError,
        OptimizerKind::Sgd,
        (2, 95, 10),
        |x, _| x.chunks(2).map(|p| (p[0] * p[1]).signum()).collect(),
    );
    assert_eq!(counts.len(), 3 * 9);
    assert_none(&counts, "tanh/SGD");
}

#[test]
fn relu_network_with_adam_and_dropout_allocates_nothing_per_step() {
    // W2's shape with dropout and L2 on: 10 → 100 relu (dropout) → 100 relu → 1 sigmoid.
    let mut hidden = DenseConfig::new(100, Activation::Relu);
    hidden.dropout = 0.2;
    hidden.l2 = Some(1e-4);
    let counts = allocations_per_step(
        vec![
            hidden,
            DenseConfig::new(100, Activation::Relu),
            DenseConfig::new(1, Activation::Sigmoid),
        ],
        Loss::BinaryCrossentropy,
        OptimizerKind::Adam,
        (10, 200, 32),
        |x, _| {
            x.chunks(10)
                .map(|r| (r[0] + r[1] > 0.0) as u8 as f32)
                .collect()
        },
    );
    assert_eq!(counts.len(), 3 * 6);
    assert_none(&counts, "relu/Adam/dropout");
}

#[test]
fn softmax_network_with_class_indices_allocates_nothing_per_step() {
    // W3's shape, smaller: 784 → 32 relu → 10 softmax, class-index targets, RMSprop.
    let counts = allocations_per_step(
        vec![
            DenseConfig::new(32, Activation::Relu),
            DenseConfig::new(10, Activation::Softmax),
        ],
        Loss::CategoricalCrossentropy,
        OptimizerKind::Rmsprop,
        (784, 256, 64),
        |_, rng| (0..256).map(|_| rng.below(10) as f32).collect(),
    );
    assert_eq!(counts.len(), 3 * 3);
    assert_none(&counts, "softmax/RMSprop");
}

#[test]
fn distilled_softmax_network_allocates_nothing_per_step() {
    // 64 → 8 relu → 10 softmax (the digits student) with distillation: each target row a
    // class index and the teacher's 10 logits; Adam, batch 32 of 200 rows.
    let counts = allocations_per_distilled_step(
        vec![
            DenseConfig::new(8, Activation::Relu),
            DenseConfig::new(10, Activation::Softmax),
        ],
        Loss::CategoricalCrossentropy,
        OptimizerKind::Adam,
        (64, 200, 32),
        |_, rng| {
            (0..200)
                .flat_map(|_| {
                    let class = rng.below(10) as f32;
                    let logits: Vec<f32> = (0..10).map(|_| rng.uniform(-4.0, 4.0)).collect();
                    std::iter::once(class).chain(logits)
                })
                .collect()
        },
        Some(Distillation::default()),
    );
    assert_eq!(counts.len(), 3 * 6);
    assert_none(&counts, "distilled softmax/Adam");
}

fn shaped_config(json: &str) -> ModelConfig {
    nnplay::json::read(nnplay::json::parse(json).unwrap()).unwrap()
}

#[test]
fn conv_network_allocates_nothing_per_step() {
    // W4's layers on 12×12 images: conv 5×5×4 same relu → max pool → conv 3×3×8 same
    // relu → average pool → flatten → 10 softmax, Adam.
    let config = shaped_config(
        r#"{"inputShape":[12,12,1],"seed":5,"layers":[
        {"type":"conv2d","filters":4,"kernelSize":5,"padding":"same","activation":"relu"},
        {"type":"max_pool2d"},
        {"type":"conv2d","filters":8,"kernelSize":3,"padding":"same","activation":"relu"},
        {"type":"average_pool2d"},{"type":"flatten"},{"units":10,"activation":"softmax"}]}"#,
    );
    let counts = allocations_per_step_of(
        config,
        Loss::CategoricalCrossentropy,
        OptimizerKind::Adam,
        (96, 16),
        |_, rng| (0..96).map(|_| rng.below(10) as f32).collect(),
        None,
    );
    assert_eq!(counts.len(), 3 * 5);
    assert_none(&counts, "conv/Adam");
}

#[test]
fn embedding_network_allocates_nothing_per_step() {
    // Token ids 0..50 → embedding 8 → conv1d 3×6 relu → average → sigmoid.
    let config = shaped_config(
        r#"{"inputShape":[10],"seed":5,"layers":[
        {"type":"embedding","inputDim":50,"outputDim":8},
        {"type":"conv1d","filters":6,"kernelSize":3,"padding":"same","activation":"relu"},
        {"type":"global_average_pool1d"},{"units":1,"activation":"sigmoid"}]}"#,
    );
    let counts = allocations_per_step_of(
        config,
        Loss::BinaryCrossentropy,
        OptimizerKind::Adam,
        (64, 16),
        |x, _| x.chunks_exact(10).map(|r| r[0] % 2.0).collect(),
        None,
    );
    assert_eq!(counts.len(), 3 * 3);
    assert_none(&counts, "embedding/Adam");
}
