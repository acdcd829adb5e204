//! Training and judging a network: the training loop with validation and early stopping,
//! the metrics, cross-validation over a table, learning curves, loss-surface slices, races of runs in lockstep, distillation beside training from scratch,
//! and predictions on raw rows through a fitted preprocessing. This is where [`crate::nn`]
//! and [`crate::data`] meet.

pub mod cv;
pub mod dataset;
pub mod distill;
pub mod learning_curve;
pub mod metrics;
pub mod predict;
pub mod race;
pub mod surface;
pub mod trainer;
pub mod warm_up;

pub use cv::{cross_validate, CvReport, CvSettings, FoldScore, MeanStd};
pub use dataset::Dataset;
pub use distill::{DistillEpoch, DistillOptions, DistillReport, Distiller, Scores, StudentEpoch};
pub use learning_curve::{learning_curve, CurveSettings, LearningCurve};
pub use race::{Race, RaceEpoch, RaceRun, RaceSettings};
pub use surface::{loss_surface, Plane, Slice, Surface, SurfaceSettings};
pub use trainer::{
    BatchLog, EarlyStopping, EpochLog, History, Progress, StopReason, TrainConfig, Trainer,
};
