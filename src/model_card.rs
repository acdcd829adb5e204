//! The model card stamped on every export: which engine trained the model, on which data
//! (name, rows, SHA-256 of the file), with which settings and seed, for how many epochs, its
//! test figures and the compression applied. The page gives what only it knows (the data's
//! file and the settings); the engine adds what it knows itself, so a card cannot claim a
//! seed, a sparsity or an engine version the model does not have. A card holds no time
//! stamp: two exports of the same run are identical byte for byte.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::Model;

/// What a card says about the data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DataCard {
    pub name: String,
    pub rows: usize,
    /// SHA-256 of the data file as read (64 lowercase hex digits), as `sha256sum` prints it;
    /// `None` where the page could not compute it (browsers hash only in secure contexts).
    pub sha256: Option<String>,
}

/// Test-part figures at export.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CardMetrics {
    pub rows: usize,
    pub loss: f64,
    /// `None` for regression.
    #[serde(default)]
    pub accuracy: Option<f64>,
}

/// The compression applied: the share of kernel weights pruned.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CardCompression {
    pub sparsity: f64,
    pub pruned: usize,
    pub weights: usize,
}

/// What the page gives: the data, the settings (as a link carries them) and the figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CardInput {
    pub data: DataCard,
    pub settings: serde_json::Map<String, serde_json::Value>,
    pub metrics: Option<CardMetrics>,
}

/// A model card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelCard {
    /// The engine version that wrote the card.
    pub nnplay: String,
    pub data: DataCard,
    pub settings: serde_json::Map<String, serde_json::Value>,
    /// The seed of the model's initial weights.
    pub seed: u64,
    /// Epochs trained in the model's current run.
    pub epochs: usize,
    pub metrics: Option<CardMetrics>,
    pub compression: CardCompression,
}

impl ModelCard {
    /// The card of `model` after `epochs` epochs, from what the page gives.
    ///
    /// # Errors
    /// A data hash that is not 64 hex digits.
    pub fn new(input: CardInput, model: &Model, epochs: usize) -> Result<ModelCard> {
        if let Some(hash) = &input.data.sha256 {
            if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Error::config(
                    "data.sha256",
                    format!("must be 64 hex digits (a SHA-256), got {hash:?}"),
                ));
            }
        }
        let s = model.sparsity();
        Ok(ModelCard {
            nnplay: env!("CARGO_PKG_VERSION").into(),
            data: DataCard {
                sha256: input.data.sha256.map(|h| h.to_ascii_lowercase()),
                ..input.data
            },
            settings: input.settings,
            seed: model.config().seed,
            epochs,
            metrics: input.metrics,
            compression: CardCompression {
                sparsity: s.sparsity,
                pruned: s.pruned,
                weights: s.weights,
            },
        })
    }

    /// The card as one line of JSON (for file metadata and script headers).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a card serialises")
    }
}
