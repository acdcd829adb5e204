//! `DataTable` (a parsed CSV file or a generated 2-D set, with its configuration) and
//! `PreparedData` (what `prepare()` gives: the parts' arrays, kept in the engine, and the
//! fitted preprocessing).
//!
//! ```js
//! const table = DataTable.parseCsv(await file.text());      // throws on file-level problems
//! table.schema();                                           // columns, types, label, task
//! table.configure({ label: 'species', scaling: 'minmax', split: { test: 0.2, seed: 7 } });
//! const data = table.prepare();                             // PreparedData
//! const model = new Model({ inputs: data.inputs, layers: [..., { units: data.outputs,
//!                           activation: data.outputActivation }] });
//! model.compile({ optimizer: 'adam', loss: data.loss });
//! model.fitData(data, { epochs: 50 });                     // keeps data.preprocessing
//! model.predictRows([['5.1', '3.5', '1.4', '0.2']]);        // raw cells, like the file's
//! ```

use wasm_bindgen::prelude::*;

use super::{count, from_js, js_err, set, text, to_js, JsResult};
use crate::data::toy::ToyOptions;
use crate::data::view::{column_numbers, preview, problems, schema_view, table_warnings};
use crate::data::{
    column_stats, parse_csv, prepare, ColumnStats, CsvOptions, DataConfig, Part, PartName,
    Prepared, Schema, Table, Toy,
};
use crate::error::{Error, Result};
use crate::nn::{Activation, Loss};
use crate::train::{cross_validate, learning_curve, CurveSettings, CvSettings, Dataset};

/// A parsed table and its current configuration.
#[wasm_bindgen(js_name = DataTable)]
pub struct JsDataTable {
    table: Table,
    stats: Vec<ColumnStats>,
    config: DataConfig,
    /// The schema under `config`, or why it cannot be resolved.
    schema: Result<Schema>,
}

#[wasm_bindgen(js_class = DataTable)]
impl JsDataTable {
    /// `DataTable.parseCsv(text, { header, delimiter })`: reads CSV text. The delimiter
    /// (`,` `;` tab `|`) and the header row are detected unless given (`header: true/false`,
    /// `delimiter: ";"`). Throws for problems with the file itself (empty, over 100 MB or
    /// 1,000,000 rows, a row with the wrong number of values), naming the row.
    #[wasm_bindgen(js_name = parseCsv)]
    pub fn parse_csv(csv: JsValue, options: JsValue) -> JsResult<JsDataTable> {
        Self::parse_csv_bytes(text("CSV text", &csv)?.as_bytes(), options)
    }

    /// `DataTable.parseCsvBytes(uint8Array, options)`: as `parseCsv`, from the file's bytes
    /// (UTF-8; a byte-order mark is skipped, other encodings are refused with a message).
    #[wasm_bindgen(js_name = parseCsvBytes)]
    pub fn parse_csv_bytes(bytes: &[u8], options: JsValue) -> JsResult<JsDataTable> {
        let options: CsvOptions = from_js("CSV options", &options)?;
        let table = parse_csv(bytes, &options).map_err(js_err)?;
        Ok(Self::new(table, DataConfig::default()))
    }

    /// `DataTable.toy(name, { samples: 500, noise: 0, seed: 1, transforms: ["x1", "x2"] })`:
    /// a generated 2-D set (`circle`, `xor`, `gaussians`, `spiral`, `plane`,
    /// `multi_gaussian`) as a table with one column per transform and `label` last. Noise
    /// is TensorFlow Playground's slider / 100 (0 to 0.5). Row `i` is point `i` of
    /// `generateToy` with the same name and options.
    pub fn toy(name: JsValue, options: JsValue) -> JsResult<JsDataTable> {
        let name = Toy::parse(&text("2-D data set", &name)?).map_err(js_err)?;
        let options: ToyOptions = from_js("data set options", &options)?;
        let (table, config) = options.table(name).map_err(js_err)?;
        Ok(Self::new(table, config))
    }

    /// Number of data rows.
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> usize {
        self.table.rows()
    }

    /// Column names (from the header, or `column 1`, `column 2`, ...).
    #[wasm_bindgen(getter)]
    pub fn columns(&self) -> Vec<String> {
        self.table.names().to_vec()
    }

    /// The table as configured: `{ rows, header, delimiter, columns: [{ name, index, role,
    /// type, detectedType, missing, numeric, integers, distinct, distinctMore, meanWords,
    /// examples }], label, labelKind, detectedLabelKind, classes, task, config, error }`.
    /// `error` is `null`, or the reason the configuration cannot be used (for example a
    /// label column with one class); the columns are listed either way.
    pub fn schema(&self) -> JsResult<JsValue> {
        to_js(&schema_view(
            &self.table,
            &self.stats,
            &self.config,
            &self.schema,
        ))
    }

    /// The first `n` rows (default 10) as text: `{ columns, rows: string[][], rowNumbers }`
    /// (`rowNumbers` are file rows as a spreadsheet shows them).
    pub fn preview(&self, n: Option<f64>) -> JsResult<JsValue> {
        let n = n.map_or(Ok(10), |n| count("rows", n))?;
        to_js(&preview(&self.table, n))
    }

    /// Changes the configuration: any of `{ label, ignored: [names], types: { name:
    /// "numeric" | "categorical" | "text" }, labelKind: "classes" | "number", missing:
    /// "error" | "drop_rows" | "impute", scaling: "none" | "minmax" | "zscore",
    /// maxCategories, text: { method: "bag" | "hash", size }, split: { validation, test,
    /// seed, stratify }, augment: { width, height, copies, maxShift, noise, seed } | null }`.
    /// Keys not given keep their value; `null` restores a default. Returns the new schema.
    /// Throws (keeping the previous configuration) when a setting is invalid or the result
    /// cannot be used, e.g. a label column with a single class.
    pub fn configure(&mut self, patch: JsValue) -> JsResult<JsValue> {
        let patch: serde_json::Value = from_js("data configuration", &patch)?;
        let config = self.config.merged(patch).map_err(js_err)?;
        let schema = Schema::resolve(&self.table, &self.stats, &config).map_err(js_err)?;
        self.config = config;
        self.schema = Ok(schema);
        self.schema()
    }

    /// Up to `limit` (default 20) problems under the current configuration, in file order:
    /// `[{ row, column, value, message, text, short, missingValue }]` (`text` is the whole
    /// sentence, `short` the same without the way out a missing value's message suggests;
    /// `missingValue`: a missing value the drop_rows or impute policy would take). Empty when
    /// `prepare()` will succeed as far as the cells go.
    pub fn problems(&self, limit: Option<f64>) -> JsResult<JsValue> {
        let limit = limit.map_or(Ok(20), |n| count("limit", n))?;
        to_js(&problems(&self.table, &self.schema, limit))
    }

    /// What the import did on its own, under the current configuration: `[{ row, column,
    /// value, message, text }]` for title rows skipped above the header and for columns
    /// left out (all values missing, one value in every row, an identifier, text or dates
    /// without words). Give such a column a type in `types` to keep it.
    pub fn warnings(&self) -> JsResult<JsValue> {
        to_js(&table_warnings(
            &self.table,
            &self.stats,
            &self.config,
            &self.schema,
        ))
    }

    /// Splits, fits the preprocessing on the training part and encodes: a `PreparedData`.
    /// Throws naming the first bad cell (row, column, value).
    pub fn prepare(&self) -> JsResult<JsPrepared> {
        let schema = self.schema.as_ref().map_err(|e| js_err(e.clone()))?;
        Ok(JsPrepared {
            data: prepare(&self.table, schema).map_err(js_err)?,
        })
    }

    /// As `prepare()`, with the test part from another file (a data set's `test.csv` beside
    /// its `train.csv`): this table gives the training and validation parts (its test
    /// share is unused), the preprocessing is fitted on its training part, and `test` goes
    /// through the same preprocessing. `test` needs this table's feature and label columns
    /// (by name with a header, else in the same order); the error names what differs, or
    /// the test file's row, column and value.
    #[wasm_bindgen(js_name = prepareWithTest)]
    pub fn prepare_with_test(&self, test: &JsDataTable) -> JsResult<JsPrepared> {
        let schema = self.schema.as_ref().map_err(|e| js_err(e.clone()))?;
        Ok(JsPrepared {
            data: crate::data::prepare_with_test(&self.table, schema, &test.table)
                .map_err(js_err)?,
        })
    }

    /// The values of column `name` as numbers (`NaN` where missing or not a number), e.g.
    /// the pixels of an image data set or the raw x1 of a 2-D set.
    pub fn column(&self, name: JsValue) -> JsResult<Vec<f32>> {
        column_numbers(&self.table, &text("column", &name)?).map_err(js_err)
    }

    /// k-fold cross-validation (stratified for classes) with the current configuration:
    /// `{ model: { layers, seed, l1, l2 }, compile: { optimizer, loss, learningRate },
    /// fit: { epochs, batchSize, shuffle, earlyStopping }, folds: 5, seed: 1 }`. Each fold's
    /// preprocessing is fitted on that fold's training rows, and sets the model's `inputs`.
    /// Returns `{ task, folds: [{ fold, trainRows, testRows, epochs, loss, accuracy, rmse,
    /// mae, r2 }], loss, accuracy, rmse, mae, r2 }`, the last five as `{ mean, std }` (or
    /// `null` when not applicable). Trains `folds` models: run it in a worker.
    #[wasm_bindgen(js_name = crossValidate)]
    pub fn cross_validate(&self, options: JsValue) -> JsResult<JsValue> {
        let settings: CvSettings = from_js("cross-validation options", &options)?;
        let schema = self.schema.as_ref().map_err(|e| js_err(e.clone()))?;
        to_js(&cross_validate(&self.table, schema, &settings).map_err(js_err)?)
    }
}

impl JsDataTable {
    fn new(table: Table, config: DataConfig) -> JsDataTable {
        let stats = column_stats(&table);
        let schema = Schema::resolve(&table, &stats, &config);
        JsDataTable {
            table,
            stats,
            config,
            schema,
        }
    }
}

/// Prepared data: training, validation and test arrays (kept in the engine: a model trains
/// on them with `fitData`), and the preprocessing fitted on the training part.
#[wasm_bindgen(js_name = PreparedData)]
pub struct JsPrepared {
    data: Prepared,
}

fn part_name(name: &JsValue) -> JsResult<PartName> {
    PartName::parse(&text("part", name)?).map_err(js_err)
}

fn u32_array(v: &[usize]) -> js_sys::Uint32Array {
    let v: Vec<u32> = v.iter().map(|&i| i as u32).collect();
    js_sys::Uint32Array::from(&v[..])
}

#[wasm_bindgen(js_class = PreparedData)]
impl JsPrepared {
    /// Inputs of a part (`"train"`, `"validation"` or `"test"`), `rows × inputs`, scaled
    /// (a copy; empty for a part with no rows).
    pub fn x(&self, part: JsValue) -> JsResult<Vec<f32>> {
        Ok(self.data.part(part_name(&part)?).x.clone())
    }

    /// Targets of a part, one per row: the class index or the number (a copy).
    pub fn y(&self, part: JsValue) -> JsResult<Vec<f32>> {
        Ok(self.data.part(part_name(&part)?).y.clone())
    }

    /// The 0-based table row of every row of each part: `{ train, validation, test }`
    /// as `Uint32Array`s (augmented copies repeat their source row).
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> JsResult<js_sys::Object> {
        let obj = js_sys::Object::new();
        for name in PartName::ALL {
            set(&obj, name.name(), u32_array(&self.data.part(*name).rows))?;
        }
        Ok(obj)
    }

    /// Number of inputs a model needs.
    #[wasm_bindgen(getter)]
    pub fn inputs(&self) -> usize {
        self.data.inputs()
    }

    /// Number of outputs a model needs: 1 for two classes and for a number, one per class
    /// otherwise.
    #[wasm_bindgen(getter)]
    pub fn outputs(&self) -> usize {
        self.data.outputs()
    }

    /// `'binary'`, `'multiclass'` or `'regression'`.
    #[wasm_bindgen(getter)]
    pub fn task(&self) -> String {
        self.data.task.name().into()
    }

    /// The loss the task trains with by default.
    #[wasm_bindgen(getter)]
    pub fn loss(&self) -> String {
        Loss::for_task(self.data.task).name().into()
    }

    /// The output activation the task trains with by default.
    #[wasm_bindgen(getter, js_name = outputActivation)]
    pub fn output_activation(&self) -> String {
        Activation::for_task(self.data.task).name().into()
    }

    /// Class names in output order (empty for a number label).
    #[wasm_bindgen(getter, js_name = labelNames)]
    pub fn label_names(&self) -> Vec<String> {
        self.data.label_names.clone()
    }

    /// One name per input: the column, or `column=value` / `column:word` for encoded ones.
    #[wasm_bindgen(getter, js_name = featureNames)]
    pub fn feature_names(&self) -> Vec<String> {
        self.data.preprocessor.feature_names()
    }

    /// The fitted preprocessing, as a plain object (for `model.setPreprocessing`).
    #[wasm_bindgen(getter)]
    pub fn preprocessing(&self) -> JsResult<JsValue> {
        to_js(&self.data.preprocessor)
    }

    /// File rows (1-based) left out by the `drop_rows` policy.
    #[wasm_bindgen(getter)]
    pub fn dropped(&self) -> Vec<u32> {
        self.data.dropped.iter().map(|&r| r as u32).collect()
    }

    /// Rows of the separate test file (`prepareWithTest`) left out by `drop_rows`; the
    /// test part's `rows` are then rows of that file.
    #[wasm_bindgen(getter, js_name = testDropped)]
    pub fn test_dropped(&self) -> Vec<u32> {
        self.data.test_dropped.iter().map(|&r| r as u32).collect()
    }

    /// `data.learningCurve({ model, compile, fit, sizes, seeds })`: for each size (fractions
    /// of the training part, default 0.1, 0.325, 0.55, 0.775, 1 as scikit-learn's) and each
    /// seed (default 1, 2, 3), a fresh model trained on that many training rows (a seeded,
    /// stratified draw) and scored on them and on the test part. Returns `{ task, testRows,
    /// points: [{ fraction, rows, trainLoss, testLoss, trainAccuracy, testAccuracy, runs }] }`,
    /// the scores as `{ mean, std }`. Trains `sizes × seeds` models: run it in a worker.
    #[wasm_bindgen(js_name = learningCurve)]
    pub fn learning_curve(&self, options: JsValue) -> JsResult<JsValue> {
        let settings: CurveSettings = from_js("learning curve options", &options)?;
        to_js(&learning_curve(&self.data, &settings).map_err(js_err)?)
    }

    /// The two inputs a picture of the data starts on: `{ features: [i, j], method }`,
    /// ranked on the training part by the ANOVA F-statistic between the classes
    /// (`method: "f_score"`) or the absolute correlation with a number target
    /// (`"correlation"`); inputs of numeric columns first, the two from different columns,
    /// constant ones never. `"first"`: inputs 0 and 1 (two inputs or fewer, or nothing
    /// varies).
    /// `data.histogram(feature, bins)`: a feature's histogram over the training rows —
    /// `feature` an input's name or index — as `{ feature, index, rows, scaling, center,
    /// spread, counts, edges, scaledEdges }`: one set of counts (scaling is affine), the bin
    /// edges as in the file and as the network sees them, and the scaler's parameters
    /// fitted on those rows (`center`/`spread` null when the input is not scaled).
    pub fn histogram(&self, feature: JsValue, bins: f64) -> JsResult<JsValue> {
        let index = match feature.as_string() {
            Some(name) => self
                .data
                .preprocessor
                .feature_names()
                .iter()
                .position(|n| *n == name)
                .ok_or_else(|| {
                    js_err(Error::config(
                        "feature",
                        format!("there is no input \"{name}\""),
                    ))
                })?,
            None => count("feature", feature.as_f64().unwrap_or(f64::NAN))?,
        };
        to_js(
            &self
                .data
                .histogram(index, count("bins", bins)?)
                .map_err(js_err)?,
        )
    }

    #[wasm_bindgen(js_name = informativePair)]
    pub fn informative_pair(&self) -> JsResult<JsValue> {
        to_js(&self.data.informative_pair())
    }

    /// For text encoded as token ids, how many distinct ids there are (the vocabulary,
    /// padding and out-of-vocabulary): an embedding's `inputDim`; else `undefined`.
    #[wasm_bindgen(getter, js_name = tokenIds)]
    pub fn token_ids(&self) -> Option<u32> {
        self.data
            .preprocessor
            .features
            .iter()
            .find_map(|f| f.token_ids())
            .map(|n| n as u32)
    }

    /// `[width, height]` when every input is a pixel of a greyscale image, else `undefined`.
    #[wasm_bindgen(getter, js_name = imageShape)]
    pub fn image_shape(&self) -> Option<Vec<u32>> {
        self.data
            .image_shape()
            .map(|s| s.iter().map(|&v| v as u32).collect())
    }
}

impl JsPrepared {
    pub(crate) fn prepared(&self) -> &Prepared {
        &self.data
    }

    /// Refuses data whose rows are not `inputs` wide (a network built for other data).
    pub(crate) fn check_inputs(&self, inputs: usize) -> JsResult<()> {
        if self.data.inputs() != inputs {
            return Err(js_err(Error::shape(
                "data inputs",
                inputs,
                self.data.inputs(),
            )));
        }
        Ok(())
    }

    /// The part called `name` (`train`, `validation`, `test`); empty parts are refused.
    pub(crate) fn part(&self, name: &JsValue) -> JsResult<&Part> {
        let name = part_name(name)?;
        let part = self.data.part(name);
        if part.is_empty() {
            return Err(js_err(Error::data(
                format!("the {} part", name.name()),
                "has no rows; give it a share in the split",
            )));
        }
        Ok(part)
    }

    /// The training part and, unless a validation split is asked for instead, the
    /// validation part (when it has rows), as datasets.
    pub(crate) fn datasets(&self, split_asked: bool) -> JsResult<(Dataset, Option<Dataset>)> {
        let inputs = self.data.inputs();
        let train = Dataset::from_part(&self.data.train, inputs).map_err(js_err)?;
        let val = if split_asked || self.data.validation.is_empty() {
            None
        } else {
            Some(Dataset::from_part(&self.data.validation, inputs).map_err(js_err)?)
        };
        Ok((train, val))
    }
}
