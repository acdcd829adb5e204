//! Training and judging a network: the training loop with validation and early stopping,
//! the metrics, cross-validation over a table, and predictions on raw rows through a
//! fitted preprocessing. This is where [`crate::nn`] and [`crate::data`] meet.

pub mod cv;
pub mod dataset;
pub mod metrics;
pub mod predict;
pub mod trainer;

pub use cv::{cross_validate, CvReport, CvSettings, FoldScore, MeanStd};
pub use dataset::Dataset;
pub use trainer::{
    BatchLog, EarlyStopping, EpochLog, History, Progress, StopReason, TrainConfig, Trainer,
};
