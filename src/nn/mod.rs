//! The network: dense layers, activations, initialisers, losses, optimizers and the matrix
//! kernels under them. Nothing here knows about tables, files or the page.
//!
//! A [`Model`] is built from a [`ModelConfig`] (checked before any weight exists), holds
//! every parameter in one flat buffer, and trains on contiguous `f32` rows without
//! allocating per step.

pub mod activation;
pub mod compile;
pub mod distill;
pub mod gradcheck;
pub mod init;
pub mod kernels;
pub mod loss;
pub mod model;
pub mod optim;
pub mod prune;
pub mod quantize;
pub mod shaped;

pub use activation::Activation;
pub use compile::{CompileOptions, CompileSettings};
pub use distill::Distillation;
pub use init::Init;
pub use loss::Loss;
pub use model::{
    argmax, class_of, DenseConfig, Evaluation, FeatureMap, Model, ModelConfig, ShapedSummary,
};
pub use optim::{Optimizer, OptimizerConfig, OptimizerKind, Schedule};
pub use prune::{sparsity_curve, CurvePoint, LayerSparsity, PruneScope, PruningSchedule, Sparsity};
pub use quantize::{Comparison, QuantizedModel};
pub use shaped::{ConvConfig, Padding, PoolConfig, Shape, ShapedLayer};
