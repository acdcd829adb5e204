//! # nnplay
//!
//! A neural-network playground core: fully connected networks, their losses, optimizers,
//! training loop and metrics, in pure Rust. The same code runs natively and, through the
//! thin [`wasm`] module, in the browser.
//!
//! ```
//! use nnplay::{Activation, DenseConfig, Loss, Model, ModelConfig, OptimizerConfig,
//!              OptimizerKind, Dataset, TrainConfig, Trainer};
//!
//! // XOR with a 2-4-1 tanh network.
//! let config = ModelConfig {
//!     inputs: 2,
//!     layers: vec![DenseConfig::new(4, Activation::Tanh), DenseConfig::new(1, Activation::Sigmoid)],
//!     l1: 0.0,
//!     l2: 0.0,
//!     seed: 1,
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

pub mod activation;
pub mod data;
pub mod dataset;
pub mod error;
pub mod gradcheck;
pub mod init;
pub mod kernels;
pub mod loss;
pub mod metrics;
pub mod model;
pub mod model_file;
pub mod optim;
pub mod rng;
pub mod train;
pub mod wasm;

pub use activation::Activation;
pub use dataset::Dataset;
pub use error::{Error, Result};
pub use init::Init;
pub use loss::{Loss, Task};
pub use model::{DenseConfig, Evaluation, Model, ModelConfig};
pub use optim::{Optimizer, OptimizerConfig, OptimizerKind, Schedule};
pub use rng::Rng;
pub use train::{EarlyStopping, EpochLog, History, StopReason, TrainConfig, Trainer};
