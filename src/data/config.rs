//! The choices a person makes about a table: which column is the label, which are ignored,
//! column types, missing values, text encoding, scaling, split and augmentation.
//!
//! Every field has a default, so `{}` is a valid configuration and a partial one can be
//! merged over the current one ([`DataConfig::merged`]). Names are camelCase in JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::augment::AugmentConfig;
use super::scale::Scaling;
use super::split::SplitConfig;
use crate::error::{Error, Result};

/// What a column is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Feature,
    Label,
    Ignored,
    /// Says which part each row belongs to (`split.column`): `train`, `validation`, `test`.
    Split,
}

crate::named!(Role, "column role" {
    Feature => "feature",
    Label => "label",
    Ignored => "ignored",
    Split => "split",
});

/// How a feature column becomes numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// The value itself.
    Numeric,
    /// One-hot: one 0/1 input per category (the most frequent `maxCategories`).
    Categorical,
    /// Word counts: bag of words over a vocabulary, or hashed words.
    Text,
}

crate::named!(ColumnType, "column type" {
    Numeric => "numeric",
    Categorical => "categorical",
    Text => "text",
});

/// What the label is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelKind {
    /// Class names: binary or multiclass classification.
    Classes,
    /// A number: regression.
    Number,
}

crate::named!(LabelKind, "label kind" {
    Classes => "classes",
    Number => "number",
});

/// What to do with missing values (empty cells and `NA`, `N/A`, `NaN`, `null`, `None`, `?`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MissingPolicy {
    /// Refuse the data, naming the first missing cell.
    #[default]
    Error,
    /// Leave out every row with a missing value in a used column.
    DropRows,
    /// Fill features with the training part's mean (numeric), most frequent value
    /// (categorical) or no words (text). Labels are never filled.
    Impute,
}

crate::named!(MissingPolicy, "missing-value policy" {
    Error => "error",
    DropRows => "drop_rows" | "drop",
    Impute => "impute",
});

/// How text columns become numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextMethod {
    /// Counts of the `size` words found in most training rows.
    #[default]
    Bag,
    /// Counts of words hashed into `size` buckets (no vocabulary to store).
    Hash,
    /// The words in order as token ids, for an embedding: `length` ids a row (longer
    /// texts cut, shorter ones padded with id 0), id 1 for a word outside the `size`
    /// words found in most training rows, ids 2… for those words.
    Sequence,
}

crate::named!(TextMethod, "text method" {
    Bag => "bag" | "bag_of_words",
    Hash => "hash" | "hashing",
    Sequence => "sequence" | "sequences" | "token_ids",
});

/// Text encoding settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct TextConfig {
    pub method: TextMethod,
    /// Vocabulary size or number of hash buckets.
    pub size: usize,
    /// 1 for a word present instead of its count.
    pub presence: bool,
    /// Token ids a row for the `sequence` method (the length cap).
    pub length: usize,
}

impl Default for TextConfig {
    fn default() -> Self {
        TextConfig {
            method: TextMethod::Bag,
            size: 1000,
            presence: false,
            length: 20,
        }
    }
}

/// The longest token-id sequence a text column may give.
pub const MAX_SEQUENCE_LENGTH: usize = 1000;

/// The most categories one-hot encoded per column, and the most distinct values a
/// non-numeric column may have to be detected as categorical rather than text.
pub const DEFAULT_MAX_CATEGORIES: usize = 20;
/// The largest vocabulary or number of hash buckets.
pub const MAX_TEXT_SIZE: usize = 20_000;

/// All choices about a table. See the module documentation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct DataConfig {
    /// The label column's name; the last column when `None`.
    pub label: Option<String>,
    /// Columns left out.
    pub ignored: Vec<String>,
    /// Column types that replace the detected ones, by column name.
    pub types: BTreeMap<String, ColumnType>,
    /// Classes or number; detected when `None`.
    pub label_kind: Option<LabelKind>,
    pub missing: MissingPolicy,
    /// How numeric columns are scaled.
    pub scaling: Scaling,
    /// Scale the one-hot and word inputs too (they stay 0/1 and counts otherwise).
    pub scale_encoded: bool,
    pub max_categories: usize,
    pub text: TextConfig,
    pub split: SplitConfig,
    /// Image augmentation of the training part (off when `None`).
    pub augment: Option<AugmentConfig>,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            label: None,
            ignored: Vec::new(),
            types: BTreeMap::new(),
            label_kind: None,
            missing: MissingPolicy::Error,
            scaling: Scaling::default(),
            scale_encoded: false,
            max_categories: DEFAULT_MAX_CATEGORIES,
            text: TextConfig::default(),
            split: SplitConfig::default(),
            augment: None,
        }
    }
}

impl DataConfig {
    /// Refuses impossible settings (column names are checked against a table later).
    pub fn check(&self) -> Result<()> {
        if self.max_categories == 0 {
            return Err(Error::config("maxCategories", "must be at least 1"));
        }
        if self.text.size == 0 || self.text.size > MAX_TEXT_SIZE {
            return Err(Error::config(
                "text.size",
                format!(
                    "must be between 1 and {MAX_TEXT_SIZE}, got {}",
                    self.text.size
                ),
            ));
        }
        if self.text.length == 0 || self.text.length > MAX_SEQUENCE_LENGTH {
            return Err(Error::config(
                "text.length",
                format!(
                    "must be between 1 and {MAX_SEQUENCE_LENGTH}, got {}",
                    self.text.length
                ),
            ));
        }
        self.split.check()?;
        if let Some(a) = &self.augment {
            a.check()?;
        }
        Ok(())
    }

    /// This configuration with the fields present in `patch` (a JSON object, camelCase)
    /// replaced; nested objects (`split`, `text`, `types`) are merged too.
    ///
    /// # Errors
    /// When `patch` is not an object, names an unknown setting or holds a bad value.
    pub fn merged(&self, patch: serde_json::Value) -> Result<DataConfig> {
        const WHAT: &str = "data configuration";
        if !patch.is_object() {
            return Err(crate::json::Misread {
                path: String::new(),
                reason: "must be an object".into(),
            }
            .options(WHAT));
        }
        let mut merged = crate::json::to_value(self);
        merge(&mut merged, patch);
        let config: DataConfig = crate::json::read(merged).map_err(|e| e.options(WHAT))?;
        config.check()?;
        Ok(config)
    }
}

/// Merges `patch` into `base`: objects key by key (except `types`, replaced as a whole so a
/// type override can be removed), everything else replaced. A `null` resets the key.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
    use serde_json::Value;
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                match b.get_mut(&k) {
                    Some(slot) if slot.is_object() && v.is_object() && k != "types" => {
                        merge(slot, v)
                    }
                    _ => {
                        if v.is_null() {
                            b.remove(&k);
                        } else {
                            b.insert(k, v);
                        }
                    }
                }
            }
        }
        (b, p) => *b = p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn partial_configurations_merge_over_the_current_one() {
        let c = DataConfig::default()
            .merged(json!({ "label": "y", "split": { "test": 0.3 } }))
            .unwrap();
        assert_eq!(c.label.as_deref(), Some("y"));
        assert_eq!(c.split.test, 0.3);
        assert_eq!(c.split.seed, SplitConfig::default().seed);
        let c = c
            .merged(json!({ "scaling": "minmax", "label": null }))
            .unwrap();
        assert_eq!(c.label, None);
        assert_eq!(c.scaling, Scaling::MinMax);
        assert_eq!(c.split.test, 0.3);
    }

    #[test]
    fn unknown_settings_and_bad_values_are_refused_by_name() {
        let refused =
            |patch: serde_json::Value| DataConfig::default().merged(patch).unwrap_err().to_string();
        let e = refused(json!({ "labell": "y" }));
        assert!(
            e.starts_with("invalid data configuration: labell: unknown field `labell`"),
            "{e}"
        );
        let e = refused(json!({ "missing": "guess" }));
        assert!(
            e.contains("missing: unknown missing-value policy \"guess\"; use one of error, drop_rows, impute"),
            "{e}"
        );
        let e = refused(json!({ "scaling": "none", "split": { "test": "a fifth" } }));
        assert!(
            e.contains("split.test: invalid type: string \"a fifth\""),
            "{e}"
        );
        let e = refused(json!({ "split": { "test": 1.5 } }));
        assert!(e.contains("split.test"), "{e}");
        assert!(refused(json!([1])).contains("must be an object"));
    }
}
