//! # nnplay
//!
//! A neural-network playground core: fully connected networks, their losses, optimizers,
//! training loop, metrics and the data pipeline in front of them, in pure Rust. The same
//! code runs natively and, through the thin [`web`] module, in the browser.
//!
//! ## Layout and its rules
//!
//! - [`nn`]: layers, activations, initialisers, losses, optimizers, the matrix kernels.
//! - [`data`]: CSV tables, column schemas, preparation (missing values, encoding, scaling,
//!   splits), the built-in and generated data sets.
//! - [`train`]: the training loop, early stopping, metrics, cross-validation and
//!   predictions on raw rows — where a network meets data.
//! - [`web`]: the JavaScript API, the only code that knows about wasm-bindgen.
//! - Shared by all: [`error`], [`rng`], [`task`], [`names`], [`json`], and above them
//!   [`model_file`] (a saved network with its preprocessing), [`suggested`] (the settings
//!   each built-in table suggests) and [`catalog`] (every name and default the page
//!   offers).
//!
//! The rules that keep each piece of knowledge in one place:
//!
//! 1. `data` never imports `nn` or `train`; `nn` never imports `data` or `train`.
//! 2. `web` only converts: JavaScript values to Rust types by serde (through [`json::read`],
//!    whose errors name the path of the bad value) and results back. Defaults, checks and
//!    reports are made in the core.
//! 3. Every default and every name list lives once in Rust — names by
//!    [`named!`](crate::named), defaults in `Default` impls and constructors — and reaches
//!    JavaScript through one export, [`catalog::catalog`].
//! 4. JavaScript does no model math: predictions, layer outputs and preprocessing are all
//!    computed here.
//! 5. Everything that crosses the boundary is camelCase; names of choices keep Keras's
//!    spelling (`binary_crossentropy`, `leaky_relu`).
//!
//! ```
//! use nnplay::{Activation, DenseConfig, Loss, Model, ModelConfig, OptimizerConfig,
//!              OptimizerKind, Dataset, TrainConfig, Trainer};
//!
//! // XOR with a 2-4-1 tanh network.
//! let config = ModelConfig {
//!     inputs: 2,
//!     layers: vec![DenseConfig::new(4, Activation::Tanh), DenseConfig::new(1, Activation::Sigmoid)],
//!     seed: 1,
//!     ..ModelConfig::default()
//! };
//! let mut model = Model::new(config)?;
//! model.compile(Loss::BinaryCrossentropy,
//!               OptimizerConfig::new(OptimizerKind::Adam).with_learning_rate(0.05))?;
//! let data = Dataset::from_vecs(vec![0., 0., 0., 1., 1., 0., 1., 1.], 2,
//!                               vec![0., 1., 1., 0.], 1)?;
//! let train = TrainConfig { epochs: 500, batch_size: 4, ..TrainConfig::default() };
//! let mut trainer = Trainer::new(&model, data.clone(), None, train)?;
//! trainer.fit(&mut model)?;
//! let eval = model.evaluate(data.x_slice(), data.y_slice(), data.rows())?;
//! assert_eq!(eval.accuracy, Some(1.0));
//! # Ok::<(), nnplay::Error>(())
//! ```

pub mod catalog;
pub mod data;
pub mod error;
pub mod json;
pub mod model_card;
pub mod model_file;
pub mod names;
pub mod nn;
pub mod onnx;
pub mod rng;
pub mod suggested;
pub mod task;
pub mod train;
pub mod web;

pub use error::{Error, Result};
pub use nn::{
    Activation, DenseConfig, Distillation, Evaluation, Init, Loss, Model, ModelConfig, Optimizer,
    OptimizerConfig, OptimizerKind, PruneScope, PruningSchedule, QuantizedModel, Schedule,
    ShapedLayer, Sparsity,
};
pub use rng::Rng;
pub use task::Task;
pub use train::{Dataset, EarlyStopping, EpochLog, History, StopReason, TrainConfig, Trainer};
