//! The settings each built-in table suggests: a network, an optimizer, a split and when to
//! stop, chosen so that the set trains well from the first press of Play. They are written
//! here once; the page reads them from [`crate::catalog`] (`datasets[i].settings`, under
//! the page's own setting names) and applies them when the set is picked, and
//! `tests/suggested_settings.rs` trains every set with them and checks what they reach.
//!
//! The 2-D sets suggest nothing: they keep the page's defaults.

use serde::Serialize;

use crate::nn::{Activation, OptimizerKind};

/// A hidden layer, as the page's `layers` setting holds it (`64:relu`, `16:relu:0.2`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SuggestedLayer {
    pub units: usize,
    pub activation: Activation,
    /// Fraction of the layer's outputs dropped while training (0 = off).
    pub dropout: f32,
}

/// The settings a data set suggests, named as the page's settings (`www/playground/
/// settings.js`); the ratios are percent of the rows, as the page's sliders.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggested {
    pub layers: &'static [SuggestedLayer],
    pub optimizer: OptimizerKind,
    pub learning_rate: f32,
    pub epochs: usize,
    pub batch_size: usize,
    /// Percent of the rows in the test part.
    pub test_ratio: u32,
    /// Percent of the rows in the validation part (what early stopping watches).
    pub val_ratio: u32,
    /// Stop once the validation loss has not improved for `patience` epochs, and put back
    /// the weights of its best epoch.
    pub early_stopping: bool,
    pub patience: usize,
}

const fn relu(units: usize) -> SuggestedLayer {
    SuggestedLayer {
        units,
        activation: Activation::Relu,
        dropout: 0.0,
    }
}

/// What the tables share: one hidden layer of 16 relu units trained by Adam at 0.01 in
/// batches of 16, a fifth of the rows for testing and a fifth for validation, and early
/// stopping once the validation loss has not improved for 20 epochs (of at most 200).
const BASE: Suggested = Suggested {
    layers: &[relu(16)],
    optimizer: OptimizerKind::Adam,
    learning_rate: 0.01,
    epochs: 200,
    batch_size: 16,
    test_ratio: 20,
    val_ratio: 20,
    early_stopping: true,
    patience: 20,
};

/// Each built-in table's suggestions, by its name in [`crate::data::builtin::TABLES`]. What
/// they reach is in `tests/suggested_settings.rs`.
pub const SUGGESTED: [(&str, Suggested); 6] = [
    ("iris", BASE),
    ("wine", BASE),
    (
        "breast_cancer",
        Suggested {
            learning_rate: 0.003,
            ..BASE
        },
    ),
    (
        // 1,797 images: a tenth is enough to watch, and a wider layer tells 3 from 5.
        "digits",
        Suggested {
            layers: &[relu(128)],
            learning_rate: 0.003,
            epochs: 100,
            batch_size: 32,
            val_ratio: 10,
            patience: 10,
            ..BASE
        },
    ),
    (
        // The seed model of the docs (README, quickstart.html).
        "example",
        Suggested {
            layers: &[relu(100), relu(100)],
            learning_rate: 0.001,
            epochs: 100,
            batch_size: 32,
            val_ratio: 10,
            patience: 10,
            ..BASE
        },
    ),
    (
        // 608 sentences over a 1,000-word vocabulary: any network learns the training
        // sentences by heart within a few epochs, so it learns slowly, drops half of its
        // hidden outputs, and stops when the validation loss turns.
        "text",
        Suggested {
            layers: &[SuggestedLayer {
                dropout: 0.5,
                ..relu(16)
            }],
            learning_rate: 0.001,
            patience: 10,
            ..BASE
        },
    ),
];

/// The settings the built-in table `name` suggests (`None` for the 2-D sets and uploads).
pub fn for_table(name: &str) -> Option<Suggested> {
    SUGGESTED.iter().find(|(n, _)| *n == name).map(|&(_, s)| s)
}
