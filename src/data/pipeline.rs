//! The fitted preprocessing: column encoders, the scaler and the label's classes, fitted on
//! the training rows only. It is saved inside the model file, so a loaded model predicts on
//! raw rows (the cells of a CSV row, as text).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::cell::{is_missing, missing, parse_number, words};
use super::config::{ColumnType, LabelKind, MissingPolicy, TextMethod};
use super::problem::{quote_value, Problem};
use super::scale::Scaler;
use super::schema::Schema;
use super::table::Table;
use crate::error::{Error, Result};

/// The `format` field of a saved preprocessing.
pub const FORMAT: &str = "nnplay-preprocessing";
/// The version written and read.
pub const VERSION: u32 = 1;

/// How one source column becomes inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// One input: the number. `fill` (the training mean) replaces missing values when
    /// imputing.
    Numeric { fill: f32 },
    /// One 0/1 input per category (the most frequent in training, at most `maxCategories`,
    /// in alphabetical order); other values give all zeros. `fill` (the most frequent
    /// training category) replaces missing values when imputing.
    Categorical {
        categories: Vec<String>,
        fill: String,
    },
    /// One count per vocabulary word.
    Bag { vocabulary: Vec<String> },
    /// Word counts hashed (FNV-1a) into `buckets`.
    Hash { buckets: usize },
    /// The first `length` words as token ids ([`PAD_ID`] after the text ends,
    /// [`OOV_ID`] for a word not in `vocabulary`, `FIRST_WORD_ID + i` for
    /// `vocabulary[i]`), for an embedding layer.
    Sequence {
        vocabulary: Vec<String>,
        length: usize,
    },
}

/// The token id after a text's last word.
pub const PAD_ID: u32 = 0;
/// The token id of a word outside the vocabulary.
pub const OOV_ID: u32 = 1;
/// The token id of the vocabulary's first (most frequent) word.
pub const FIRST_WORD_ID: u32 = 2;

/// A source column and its encoding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureEncoder {
    /// The column's name in the training file.
    pub column: String,
    /// The column's position in the training file.
    pub index: usize,
    pub encoding: Encoding,
    /// Words give 1 when present instead of their count (text columns).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub presence: bool,
}

impl FeatureEncoder {
    /// Number of inputs this column produces.
    pub fn width(&self) -> usize {
        match &self.encoding {
            Encoding::Numeric { .. } => 1,
            Encoding::Categorical { categories, .. } => categories.len(),
            Encoding::Bag { vocabulary } => vocabulary.len(),
            Encoding::Hash { buckets } => *buckets,
            Encoding::Sequence { length, .. } => *length,
        }
    }

    /// The number of distinct token ids of a sequence column (padding and
    /// out-of-vocabulary included): an embedding's `inputDim`.
    pub fn token_ids(&self) -> Option<usize> {
        match &self.encoding {
            Encoding::Sequence { vocabulary, .. } => {
                Some(vocabulary.len() + FIRST_WORD_ID as usize)
            }
            _ => None,
        }
    }
}

/// The label: class names (in output order) or a number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelEncoder {
    pub column: String,
    pub index: usize,
    pub kind: LabelKind,
    #[serde(default)]
    pub classes: Vec<String>,
}

/// Everything needed to turn raw rows into model inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Preprocessor {
    pub format: String,
    pub version: u32,
    /// All column names of the training file, in order.
    pub columns: Vec<String>,
    pub decimal_comma: bool,
    pub missing: MissingPolicy,
    pub features: Vec<FeatureEncoder>,
    pub scaler: Scaler,
    pub label: LabelEncoder,
}

/// Lookup tables for fast encoding.
struct Lookup<'a> {
    maps: Vec<Option<HashMap<&'a str, usize>>>,
    offsets: Vec<usize>,
}

impl Preprocessor {
    /// Fits encoders on the table rows `train` (0-based data rows) and the scaler on their
    /// encoded values. Returns the preprocessor and the training rows encoded but not yet
    /// scaled (`train.len() × width`).
    ///
    /// # Errors
    /// A cell that does not fit its column (see [`Preprocessor::encode_rows`]), or no
    /// training rows.
    pub fn fit(
        table: &Table,
        schema: &Schema,
        train: &[usize],
    ) -> Result<(Preprocessor, Vec<f32>)> {
        if train.is_empty() {
            return Err(Error::data(
                "training rows",
                "there are none to fit the preprocessing on",
            ));
        }
        let config = &schema.config;
        let dc = table.decimal_comma();
        // Statistics do not depend on the order; file order reads the table sequentially.
        let mut sorted = train.to_vec();
        sorted.sort_unstable();
        let train_in_order = &sorted[..];
        let features = schema
            .features()
            .into_iter()
            .map(|c| {
                let col = &schema.columns[c];
                let encoding = match col.kind {
                    ColumnType::Numeric => {
                        let (mut sum, mut n) = (0.0f64, 0usize);
                        for &r in train_in_order {
                            if let Some(v) = parse_number(table.cell(r, c), dc) {
                                // The mean of the inputs as the model gets them (f32).
                                sum += f64::from(v as f32);
                                n += 1;
                            }
                        }
                        Encoding::Numeric {
                            fill: if n > 0 { (sum / n as f64) as f32 } else { 0.0 },
                        }
                    }
                    ColumnType::Categorical => {
                        let ranked = ranked(
                            train_in_order
                                .iter()
                                .map(|&r| table.cell(r, c))
                                .filter(|v| !is_missing(v)),
                        );
                        let fill = ranked.first().cloned().unwrap_or_default();
                        let mut categories = ranked;
                        // The most frequent `maxCategories`, listed alphabetically.
                        categories.truncate(config.max_categories);
                        categories.sort_unstable();
                        Encoding::Categorical { categories, fill }
                    }
                    ColumnType::Text => match config.text.method {
                        TextMethod::Bag | TextMethod::Sequence => {
                            // Document frequency: each word counted once per row.
                            let docs = train_in_order.iter().flat_map(|&r| {
                                let mut w: Vec<String> = words(table.cell(r, c)).collect();
                                w.sort_unstable();
                                w.dedup();
                                w
                            });
                            let mut vocabulary = ranked(docs);
                            vocabulary.truncate(config.text.size);
                            if config.text.method == TextMethod::Sequence {
                                Encoding::Sequence {
                                    vocabulary,
                                    length: config.text.length,
                                }
                            } else {
                                Encoding::Bag { vocabulary }
                            }
                        }
                        TextMethod::Hash => Encoding::Hash {
                            buckets: config.text.size,
                        },
                    },
                };
                FeatureEncoder {
                    column: col.name.clone(),
                    index: c,
                    presence: col.kind == ColumnType::Text && config.text.presence,
                    encoding,
                }
            })
            .collect();
        let label = &schema.columns[schema.label];
        let mut pre = Preprocessor {
            format: FORMAT.into(),
            version: VERSION,
            columns: table.names().to_vec(),
            decimal_comma: dc,
            missing: config.missing,
            features,
            scaler: Scaler {
                kind: config.scaling,
                center: Vec::new(),
                spread: Vec::new(),
            },
            label: LabelEncoder {
                column: label.name.clone(),
                index: label.index,
                kind: schema.label_kind,
                classes: schema.classes.clone(),
            },
        };
        if pre.width() == 0 {
            return Err(Error::data(
                "features",
                "the feature columns give no inputs (categorical or text columns with no values \
                 in the training rows)",
            ));
        }
        let raw = pre.encode_rows(table, train)?;
        pre.scaler = Scaler::fit(config.scaling, &raw, pre.width())?;
        if !config.scale_encoded {
            // One-hot and word inputs keep their 0/1 and counts: centre 0, spread 1.
            let mut at = 0;
            for f in &pre.features {
                let w = f.width();
                if !matches!(f.encoding, Encoding::Numeric { .. }) {
                    pre.scaler.leave(at..at + w);
                }
                at += w;
            }
        }
        // Token ids are names, not quantities: never scaled.
        let mut at = 0;
        for f in &pre.features {
            let w = f.width();
            if matches!(f.encoding, Encoding::Sequence { .. }) {
                pre.scaler.leave(at..at + w);
            }
            at += w;
        }
        Ok((pre, raw))
    }

    /// Number of model inputs.
    pub fn width(&self) -> usize {
        self.features.iter().map(FeatureEncoder::width).sum()
    }

    /// A name per input: `age`, `color=red`, `review:great`, `review#17`, `review@3` (the
    /// third token id).
    pub fn feature_names(&self) -> Vec<String> {
        let mut names = Vec::with_capacity(self.width());
        for f in &self.features {
            match &f.encoding {
                Encoding::Numeric { .. } => names.push(f.column.clone()),
                Encoding::Categorical { categories, .. } => {
                    names.extend(categories.iter().map(|c| format!("{}={c}", f.column)))
                }
                Encoding::Bag { vocabulary } => {
                    names.extend(vocabulary.iter().map(|w| format!("{}:{w}", f.column)))
                }
                Encoding::Hash { buckets } => {
                    names.extend((0..*buckets).map(|b| format!("{}#{b}", f.column)))
                }
                Encoding::Sequence { length, .. } => {
                    names.extend((1..=*length).map(|i| format!("{}@{i}", f.column)))
                }
            }
        }
        names
    }

    /// The vocabulary of the first text column encoded as token ids (word `i` has id
    /// `FIRST_WORD_ID + i`), if there is one.
    pub fn sequence_vocabulary(&self) -> Option<&[String]> {
        self.features.iter().find_map(|f| match &f.encoding {
            Encoding::Sequence { vocabulary, .. } => Some(&vocabulary[..]),
            _ => None,
        })
    }

    /// Class names (empty for a number label).
    pub fn label_names(&self) -> &[String] {
        &self.label.classes
    }

    fn lookup(&self) -> Lookup<'_> {
        let mut offsets = Vec::with_capacity(self.features.len());
        let mut at = 0;
        let maps = self
            .features
            .iter()
            .map(|f| {
                offsets.push(at);
                at += f.width();
                match &f.encoding {
                    Encoding::Categorical { categories, .. } => Some(
                        categories
                            .iter()
                            .enumerate()
                            .map(|(i, c)| (c.as_str(), i))
                            .collect(),
                    ),
                    Encoding::Bag { vocabulary } | Encoding::Sequence { vocabulary, .. } => Some(
                        vocabulary
                            .iter()
                            .enumerate()
                            .map(|(i, w)| (w.as_str(), i))
                            .collect(),
                    ),
                    _ => None,
                }
            })
            .collect();
        Lookup { maps, offsets }
    }

    /// Encodes one row into `out` (`width` values, not scaled). `cell(i)` gives the text
    /// of feature encoder `i`'s column; `row` is the 1-based row named in errors.
    fn encode_row<'c>(
        &self,
        lookup: &Lookup<'_>,
        cell: impl Fn(usize) -> &'c str,
        row: usize,
        out: &mut [f32],
    ) -> Result<()> {
        out.fill(0.0);
        for (i, f) in self.features.iter().enumerate() {
            let text = cell(i);
            let why = missing(text);
            let missing = why.is_some();
            if let (Some(why), false) = (why, self.missing == MissingPolicy::Impute) {
                return Err(Problem::at_cell(row, &f.column, text, why.what())
                    .missing_value()
                    .into());
            }
            let o = &mut out[lookup.offsets[i]..lookup.offsets[i] + f.width()];
            match &f.encoding {
                Encoding::Numeric { fill } => {
                    o[0] = if missing {
                        *fill
                    } else {
                        parse_number(text, self.decimal_comma)
                            .ok_or_else(|| not_a_number(row, &f.column, text))?
                            as f32
                    };
                }
                Encoding::Categorical { fill, .. } => {
                    let value = if missing { fill.as_str() } else { text };
                    if let Some(&j) = lookup.maps[i].as_ref().and_then(|m| m.get(value)) {
                        o[j] = 1.0;
                    }
                }
                Encoding::Bag { .. } => {
                    let map = lookup.maps[i].as_ref().expect("bag has a map");
                    for w in words(text) {
                        if let Some(&j) = map.get(w.as_str()) {
                            o[j] = if f.presence { 1.0 } else { o[j] + 1.0 };
                        }
                    }
                }
                Encoding::Hash { buckets } => {
                    for w in words(text) {
                        let j = fnv1a(w.as_bytes()) as usize % buckets;
                        o[j] = if f.presence { 1.0 } else { o[j] + 1.0 };
                    }
                }
                Encoding::Sequence { .. } => {
                    // `o` starts as zeros: PAD_ID after the last word.
                    let map = lookup.maps[i].as_ref().expect("a sequence has a map");
                    for (slot, w) in o.iter_mut().zip(words(text)) {
                        *slot = map
                            .get(w.as_str())
                            .map_or(OOV_ID, |&j| FIRST_WORD_ID + j as u32)
                            as f32;
                    }
                }
            }
        }
        Ok(())
    }

    /// Encodes table rows (0-based data rows), not scaled: `rows.len() × width`.
    ///
    /// # Errors
    /// A non-number in a numeric column, or a missing value unless imputing; the message
    /// names the file row, the column and the value.
    pub fn encode_rows(&self, table: &Table, rows: &[usize]) -> Result<Vec<f32>> {
        let columns: Vec<usize> = self.features.iter().map(|f| f.index).collect();
        self.encode_table_columns(table, rows, &columns)
    }

    /// Encodes rows of `table` whose feature `i` is in column `columns[i]`, not scaled.
    pub(crate) fn encode_table_columns(
        &self,
        table: &Table,
        rows: &[usize],
        columns: &[usize],
    ) -> Result<Vec<f32>> {
        let width = self.width();
        check_size(rows.len(), width)?;
        let lookup = self.lookup();
        let mut x = vec![0.0; rows.len() * width];
        // Visit rows in file order: the table is read sequentially, and the first bad cell
        // reported is the first in the file.
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_unstable_by_key(|&k| rows[k]);
        for k in order {
            let r = rows[k];
            self.encode_row(
                &lookup,
                |i| table.cell(r, columns[i]),
                table.row_number(r),
                &mut x[k * width..(k + 1) * width],
            )?;
        }
        Ok(x)
    }

    /// Scales encoded rows in place with the fitted scaler.
    pub fn scale(&self, x: &mut [f32]) {
        self.scaler.apply(x);
    }

    /// Model inputs for raw rows, scaled: `rows.len() × width`. A row holds either every
    /// column of the training file (label and ignored columns are skipped) or only the
    /// feature columns, in file order. Errors name the 1-based row in `rows`.
    pub fn transform_rows<S: AsRef<str>>(&self, rows: &[Vec<S>]) -> Result<Vec<f32>> {
        let width = self.width();
        check_size(rows.len(), width)?;
        let lookup = self.lookup();
        let full = self.columns.len();
        let short = self.features.len();
        let mut x = vec![0.0; rows.len() * width];
        for (k, row) in rows.iter().enumerate() {
            let positions: Vec<usize> = if row.len() == full {
                self.features.iter().map(|f| f.index).collect()
            } else if row.len() == short {
                (0..short).collect()
            } else {
                return Err(Problem::at_row(
                    k + 1,
                    format!(
                        "has {} values; expected {short} (the features {}) or {full} (every \
                         column of the training file)",
                        row.len(),
                        self.features
                            .iter()
                            .map(|f| quote_value(&f.column))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .into());
            };
            self.encode_row(
                &lookup,
                |i| row[positions[i]].as_ref().trim(),
                k + 1,
                &mut x[k * width..(k + 1) * width],
            )?;
        }
        self.scale(&mut x);
        Ok(x)
    }

    /// Model inputs for every row of a parsed file, scaled. With a header, columns are
    /// found by name (in any order, extra columns ignored); without one, by position as in
    /// [`Preprocessor::transform_rows`].
    pub fn transform_table(&self, table: &Table) -> Result<Vec<f32>> {
        let columns: Vec<usize> = if table.header() {
            self.features
                .iter()
                .map(|f| {
                    table.column_index(&f.column).ok_or_else(|| {
                        Error::from(Problem::at_column(
                            &f.column,
                            "is missing from the file; the model needs its feature columns by \
                             the names they had in training",
                        ))
                    })
                })
                .collect::<Result<_>>()?
        } else if table.width() == self.columns.len() {
            self.features.iter().map(|f| f.index).collect()
        } else if table.width() == self.features.len() {
            (0..self.features.len()).collect()
        } else {
            return Err(Problem::file(format!(
                "it has {} columns; the model expects {} (its features) or {} (every column of \
                 the training file)",
                table.width(),
                self.features.len(),
                self.columns.len()
            ))
            .into());
        };
        let rows: Vec<usize> = (0..table.rows()).collect();
        let mut x = self.encode_table_columns(table, &rows, &columns)?;
        self.scale(&mut x);
        Ok(x)
    }

    /// The label of a cell: the class index, or the number.
    ///
    /// # Errors
    /// A missing label, an unknown class, or a non-number for a number label.
    pub fn encode_label(&self, text: &str, row: usize) -> Result<f32> {
        let name = &self.label.column;
        if let Some(why) = missing(text) {
            return Err(Problem::at_cell(row, name, text, why.what_in_label()).into());
        }
        match self.label.kind {
            LabelKind::Classes => self
                .label
                .classes
                .iter()
                .position(|c| c == text)
                .map(|i| i as f32)
                .ok_or_else(|| {
                    Problem::at_cell(row, name, text, "is not one of the label's classes").into()
                }),
            LabelKind::Number => parse_number(text, self.decimal_comma)
                .map(|v| v as f32)
                .ok_or_else(|| not_a_number(row, name, text)),
        }
    }

    /// Checks a loaded preprocessing.
    pub fn check(&self) -> Result<()> {
        if self.format != FORMAT || self.version != VERSION {
            return Err(Error::file(
                "preprocessing.format",
                format!(
                    "expected \"{FORMAT}\" version {VERSION}, got \"{}\" version {}",
                    self.format, self.version
                ),
            ));
        }
        for (i, f) in self.features.iter().enumerate() {
            if f.index >= self.columns.len() || self.columns[f.index] != f.column {
                return Err(Error::file(
                    format!("preprocessing.features[{i}]"),
                    "its column is not among the file's columns",
                ));
            }
            if let Encoding::Hash { buckets: 0 } = f.encoding {
                return Err(Error::file(
                    format!("preprocessing.features[{i}].buckets"),
                    "must be at least 1",
                ));
            }
        }
        if self.width() == 0 {
            return Err(Error::file("preprocessing.features", "give no inputs"));
        }
        if self.label.kind == LabelKind::Classes && self.label.classes.len() < 2 {
            return Err(Error::file(
                "preprocessing.label.classes",
                "a class label needs at least two classes",
            ));
        }
        self.scaler.check(self.width())
    }

    /// Checks that a network with `inputs` inputs and `outputs` outputs fits: the inputs
    /// this preprocessing gives, and for classes one output per class (or one for two).
    pub fn check_shape(&self, inputs: usize, outputs: usize) -> Result<()> {
        if inputs != self.width() {
            return Err(Error::shape(
                "model inputs",
                format!("{} (the preprocessing's inputs)", self.width()),
                inputs,
            ));
        }
        let classes = self.label.classes.len();
        if self.label.kind == LabelKind::Classes
            && !(outputs == classes || classes == 2 && outputs == 1)
        {
            return Err(Error::shape(
                "model outputs",
                format!(
                    "{} for {classes} classes",
                    if classes == 2 {
                        "1 or 2".into()
                    } else {
                        classes.to_string()
                    }
                ),
                outputs,
            ));
        }
        Ok(())
    }
}

/// The most encoded values (rows × inputs) a data set may have: 50 million (200 MB).
pub const MAX_VALUES: usize = 50_000_000;

fn check_size(rows: usize, width: usize) -> Result<()> {
    if rows.saturating_mul(width) > MAX_VALUES {
        return Err(Error::data(
            "encoded data",
            format!(
                "{rows} rows × {width} inputs is more than the limit of 50,000,000 values; \
                 ignore some columns or lower the vocabulary size or maxCategories"
            ),
        ));
    }
    Ok(())
}

fn not_a_number(row: usize, column: &str, text: &str) -> Error {
    Problem::at_cell(
        row,
        column,
        text,
        format!(
            "is not a number, but the column {} is numeric (change its type to categorical, or \
             fix the value)",
            quote_value(column)
        ),
    )
    .into()
}

/// Values by frequency (most frequent first), ties in alphabetical order.
fn ranked<S: AsRef<str> + Eq + std::hash::Hash>(values: impl Iterator<Item = S>) -> Vec<String> {
    let mut counts: HashMap<S, usize> = HashMap::new();
    for v in values {
        *counts.entry(v).or_insert(0) += 1;
    }
    let mut ranked: Vec<(S, usize)> = counts.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.as_ref().cmp(b.0.as_ref())));
    ranked
        .into_iter()
        .map(|(v, _)| v.as_ref().to_string())
        .collect()
}

/// 32-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_reference_values() {
        // Published FNV-1a 32-bit test vectors.
        assert_eq!(fnv1a(b""), 0x811c_9dc5);
        assert_eq!(fnv1a(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn ranking_breaks_ties_alphabetically() {
        let r = ranked(["b", "a", "c", "b", "a", "d"].into_iter());
        assert_eq!(r, ["a", "b", "c", "d"]);
    }
}
