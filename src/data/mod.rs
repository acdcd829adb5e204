//! Data in: CSV import, column types and roles, missing values, encoding, scaling, splits,
//! augmentation and the built-in data sets. Nothing here knows about networks or training
//! ([`crate::train`] brings the two together).
//!
//! The path from a file to arrays a model trains on:
//!
//! 1. [`parse_csv`] reads bytes into a [`Table`] of text cells (delimiter and header
//!    detected, quotes, CRLF, byte-order mark, blank lines; limits of 100 MB and 1,000,000
//!    rows).
//! 2. [`column_stats`] and [`Schema::resolve`] detect column types and the label kind and
//!    apply a [`DataConfig`] (label, ignored columns, types, missing values, scaling, split).
//! 3. [`prepare()`] checks every cell, splits (stratified for classes), fits a
//!    [`Preprocessor`] on the training rows only, and encodes and scales every part.
//!
//! The [`Preprocessor`] is saved in the model file, so a loaded model predicts on raw rows
//! (`train::predict::predict_rows`). Every problem is an error naming the file row (1-based, as a
//! spreadsheet shows it), the column and the value.
//!
//! ```
//! use nnplay::data::{column_stats, parse_csv, prepare, CsvOptions, DataConfig, Schema};
//!
//! let csv = "size;colour;price\n1,5;red;10\n2,0;blue;12\n3,5;red;20\n4,0;blue;21\n";
//! let table = parse_csv(csv.as_bytes(), &CsvOptions::default())?;
//! assert_eq!((table.rows(), table.delimiter()), (4, b';'));
//! let config = DataConfig { split: nnplay::data::SplitConfig { test: 0.25, ..Default::default() },
//!                           ..Default::default() };
//! let schema = Schema::resolve(&table, &column_stats(&table), &config)?;
//! assert_eq!(schema.task, nnplay::Task::Regression); // `price`: numbers, not classes
//! let data = prepare(&table, &schema)?;
//! // `size` (decimal commas) and `colour` one-hot (`blue`, `red`): 3 inputs.
//! assert_eq!(data.inputs(), 3);
//! assert_eq!((data.train.len(), data.test.len()), (3, 1));
//! # Ok::<(), nnplay::Error>(())
//! ```

pub mod augment;
pub mod builtin;
pub mod cell;
pub mod config;
pub mod example;
pub mod histogram;
pub mod informative;
pub mod pipeline;
pub mod prepare;
pub mod problem;
pub mod scale;
pub mod schema;
pub mod split;
pub mod table;
pub mod toy;
pub mod view;

pub use augment::{augment_images, AugmentConfig};
pub use config::{ColumnType, DataConfig, LabelKind, MissingPolicy, Role, TextConfig, TextMethod};
pub use example::example_csv;
pub use histogram::Histogram;
pub use informative::{FeaturePair, Ranking};
pub use pipeline::{Encoding, FeatureEncoder, Preprocessor};
pub use prepare::{check, prepare, prepare_with_test, Part, PartName, Prepared, Rows};
pub use problem::Problem;
pub use scale::{Scaler, Scaling};
pub use schema::{column_stats, ColumnSchema, ColumnStats, Schema};
pub use split::{kfold, split, Split, SplitConfig};
pub use table::{parse_csv, CsvOptions, Table, MAX_BYTES, MAX_COLUMNS, MAX_ROWS};
pub use toy::{Toy, ToySet, Transform};
