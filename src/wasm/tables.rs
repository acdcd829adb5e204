//! The table half of the JavaScript API: `DataTable` (a parsed CSV file or a generated 2-D
//! set, with its configuration: schema, preview, problems, prepare, cross-validation) and
//! `model.predictRows` / `model.predictCsv` (raw text cells through the stored preprocessing). Built with the `tables` feature (the default); the engine-only
//! module (`--no-default-features`) leaves it out to stay small, and trains on the 2-D sets
//! through `prepareToy`.
//!
//! ```js
//! const table = DataTable.parseCsv(await file.text());      // throws on file-level problems
//! table.schema();                                           // columns, types, label, task
//! table.configure({ label: 'species', scaling: 'minmax', split: { test: 0.2, seed: 7 } });
//! const data = table.prepare();                             // Float32Arrays + preprocessing
//! const model = new Model({ inputs: data.inputs, layers: [..., { units: data.outputs,
//!                           activation: data.outputActivation }] });
//! model.compile({ optimizer: 'adam', loss: data.loss });
//! model.fit(data.xTrain, data.yTrain, { epochs: 50 });
//! model.setPreprocessing(data.preprocessing);
//! model.setLabelNames(data.labelNames);
//! model.predictRows([['5.1', '3.5', '1.4', '0.2']]);         // raw cells, like the file's
//! ```

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::data::{f32_array, prepared_to_js, set, toy_options, transforms};
use super::{from_js, js_err, options, read, to_js, JsModel, JsResult};
use crate::data::schema::describe_columns;
use crate::data::{
    column_stats, cross_validate, parse_csv, predict_rows, predicted_classes, prepare, toy,
    ColumnStats, CsvOptions, CvSettings, DataConfig, Preprocessor, Schema, Table, Toy,
};
use crate::error::Error;
use crate::loss::Task;
use crate::model_file::ModelFile;

/// A parsed table and its current configuration.
#[wasm_bindgen(js_name = DataTable)]
pub struct JsDataTable {
    table: Table,
    stats: Vec<ColumnStats>,
    config: DataConfig,
    /// The schema under `config`, or why it cannot be resolved.
    schema: std::result::Result<Schema, Error>,
}

/// `{ header: true | false | "auto", delimiter: "," | ";" | "\t" | "tab" | "|" | "auto" }`
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct JsCsvOptions {
    #[serde(default)]
    header: Option<serde_json::Value>,
    #[serde(default)]
    delimiter: Option<String>,
}

fn csv_options(options: JsValue) -> JsResult<CsvOptions> {
    if options.is_undefined() || options.is_null() {
        return Ok(CsvOptions::default());
    }
    let js: JsCsvOptions = from_js("CSV options", options)?;
    let header = match js.header {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Bool(b)) => Some(b),
        Some(serde_json::Value::String(s)) if s == "auto" => None,
        Some(other) => {
            return Err(JsError::new(&format!(
                "invalid CSV options: header must be true, false or \"auto\", got {other}"
            )))
        }
    };
    let delimiter = match js.delimiter.as_deref() {
        None | Some("auto") | Some("") => None,
        Some("tab") | Some("\\t") => Some(b'\t'),
        Some(d) if d.len() == 1 => Some(d.as_bytes()[0]),
        Some(d) => {
            return Err(JsError::new(&format!(
                "invalid CSV options: delimiter must be one character (\",\", \";\", \"\\t\", \"|\") or \"auto\", got \"{d}\""
            )))
        }
    };
    Ok(CsvOptions { header, delimiter })
}

#[wasm_bindgen(js_class = DataTable)]
impl JsDataTable {
    /// `DataTable.parseCsv(text, { header, delimiter })`: reads CSV text. The delimiter
    /// (`,` `;` tab `|`) and the header row are detected unless given (`header: true/false`,
    /// `delimiter: ";"`). Throws for problems with the file itself (empty, over 100 MB or
    /// 1,000,000 rows, a row with the wrong number of values), naming the row.
    #[wasm_bindgen(js_name = parseCsv)]
    pub fn parse_csv(text: &str, options: JsValue) -> JsResult<JsDataTable> {
        Self::parse_csv_bytes(text.as_bytes(), options)
    }

    /// `DataTable.parseCsvBytes(uint8Array, options)`: as `parseCsv`, from the file's bytes
    /// (UTF-8; a byte-order mark is skipped, other encodings are refused with a message).
    #[wasm_bindgen(js_name = parseCsvBytes)]
    pub fn parse_csv_bytes(bytes: &[u8], options: JsValue) -> JsResult<JsDataTable> {
        let options = csv_options(options)?;
        let table = parse_csv(bytes, &options).map_err(js_err)?;
        Ok(Self::new(table))
    }

    /// `DataTable.toy(name, { samples: 500, noise: 0, seed: 1, transforms: ["x1", "x2"] })`:
    /// a generated 2-D set (`circle`, `xor`, `gaussians`, `spiral`, `plane`,
    /// `multi_gaussian`) as a table with one column per transform and `label` last. Noise
    /// is TensorFlow Playground's slider / 100 (0 to 0.5). Row `i` is point `i` of
    /// `generateToy` with the same name and options.
    pub fn toy(name: &str, options: JsValue) -> JsResult<JsDataTable> {
        let opts = toy_options(options)?;
        let kind = Toy::parse(name).map_err(js_err)?;
        let set = toy::generate(kind, opts.samples, opts.noise, opts.seed).map_err(js_err)?;
        let table = toy::table(&set, &transforms(&opts.transforms)?).map_err(js_err)?;
        let mut t = Self::new(table);
        if kind.task() == Task::Regression {
            // Labels like 0 or 1 at a few points must not make the label look like classes.
            t.configure_with(serde_json::json!({ "labelKind": "number" }))?;
        } else {
            t.configure_with(serde_json::json!({ "labelKind": "classes" }))?;
        }
        Ok(t)
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
        match &self.schema {
            Ok(s) => {
                let v = to_js(s)?;
                set(v.unchecked_ref(), "error", JsValue::NULL)?;
                Ok(v)
            }
            Err(e) => {
                #[derive(Serialize)]
                #[serde(rename_all = "camelCase")]
                struct Broken<'a> {
                    rows: usize,
                    header: bool,
                    delimiter: String,
                    columns: Vec<crate::data::ColumnSchema>,
                    config: &'a DataConfig,
                    error: String,
                }
                to_js(&Broken {
                    rows: self.table.rows(),
                    header: self.table.header(),
                    delimiter: (self.table.delimiter() as char).to_string(),
                    columns: describe_columns(&self.table, &self.stats, &self.config),
                    config: &self.config,
                    error: e.to_string(),
                })
            }
        }
    }

    /// The first `n` rows (default 10) as text: `{ columns, rows: string[][], rowNumbers }`
    /// (`rowNumbers` are file rows as a spreadsheet shows them).
    pub fn preview(&self, n: Option<usize>) -> JsResult<JsValue> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Preview<'a> {
            columns: &'a [String],
            rows: Vec<Vec<&'a str>>,
            row_numbers: Vec<usize>,
        }
        let n = n.unwrap_or(10).min(self.table.rows());
        to_js(&Preview {
            columns: self.table.names(),
            rows: (0..n).map(|r| self.table.row(r).collect()).collect(),
            row_numbers: (0..n).map(|r| self.table.row_number(r)).collect(),
        })
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
        let patch: serde_json::Value = from_js("data configuration", patch)?;
        self.configure_with(patch)?;
        self.schema()
    }

    /// Up to `limit` (default 20) problems under the current configuration, in file order:
    /// `[{ row, column, value, message, text }]` (`text` is the whole sentence). Empty when
    /// `prepare()` will succeed as far as the cells go.
    pub fn problems(&self, limit: Option<usize>) -> JsResult<JsValue> {
        #[derive(Serialize)]
        struct Item {
            row: Option<usize>,
            column: Option<String>,
            value: Option<String>,
            message: String,
            text: String,
        }
        let items: Vec<Item> = match &self.schema {
            Err(e) => vec![Item {
                row: None,
                column: None,
                value: None,
                message: e.to_string(),
                text: e.to_string(),
            }],
            Ok(schema) => crate::data::check(&self.table, schema, limit.unwrap_or(20))
                .1
                .into_iter()
                .map(|p| Item {
                    text: p.to_string(),
                    row: p.row,
                    column: p.column,
                    value: p.value,
                    message: p.message,
                })
                .collect(),
        };
        to_js(&items)
    }

    /// Splits, fits the preprocessing on the training part and encodes:
    /// `{ xTrain, yTrain, xValidation, yValidation, xTest, yTest` (Float32Arrays, x flat
    /// `rows × inputs`, y one value per row: class index or number)`, rows: { train,
    /// validation, test }` (Uint32Arrays of 0-based table rows)`, inputs, outputs, task,
    /// loss, outputActivation, labelNames, featureNames, preprocessing, dropped }`.
    /// `loss` and `outputActivation` suit the task (`binary_crossentropy`/`sigmoid` with 1
    /// output, `categorical_crossentropy`/`softmax` with one output per class, `mse`/
    /// `linear`). `preprocessing` goes to `model.setPreprocessing`. Throws naming the first
    /// bad cell (row, column, value).
    pub fn prepare(&self) -> JsResult<JsValue> {
        let schema = self.schema.as_ref().map_err(|e| js_err(e.clone()))?;
        let p = prepare(&self.table, schema).map_err(js_err)?;
        prepared_to_js(&p)
    }

    /// The values of column `name` as numbers (`NaN` where missing or not a number), e.g.
    /// the pixels of an image data set or the raw x1 of a 2-D set.
    pub fn column(&self, name: &str) -> JsResult<Vec<f32>> {
        let c = self
            .table
            .column_index(name)
            .ok_or_else(|| JsError::new(&format!("there is no column \"{name}\"")))?;
        let dc = self.table.decimal_comma();
        Ok((0..self.table.rows())
            .map(|r| {
                crate::data::schema::parse_number(self.table.cell(r, c), dc)
                    .map_or(f32::NAN, |v| v as f32)
            })
            .collect())
    }

    /// k-fold cross-validation (stratified for classes) with the current configuration:
    /// `{ model: { layers, seed, l1, l2 }, compile: { optimizer, loss, learningRate },
    /// fit: { epochs, batchSize, shuffle, earlyStopping }, folds: 5, seed: 1 }`. The model's
    /// `inputs` is set from each fold's preprocessing (fitted on that fold's training rows).
    /// Returns `{ task, folds: [{ fold, trainRows, testRows, epochs, loss, accuracy, rmse,
    /// mae, r2 }], loss, accuracy, rmse, mae, r2 }`, the last five as `{ mean, std }` (or
    /// `null` when not applicable). Trains `folds` models: run it in a worker.
    #[wasm_bindgen(js_name = crossValidate)]
    pub fn cross_validate(&self, options: JsValue) -> JsResult<JsValue> {
        const KEYS: [&str; 5] = ["model", "compile", "fit", "folds", "seed"];
        let schema = self.schema.as_ref().map_err(|e| js_err(e.clone()))?;
        let options: js_sys::Object = options
            .dyn_into()
            .map_err(|_| JsError::new("cross-validation options must be an object"))?;
        for key in js_sys::Object::keys(&options).iter() {
            let key = key.as_string().unwrap_or_default();
            if !KEYS.contains(&key.as_str()) {
                return Err(JsError::new(&format!(
                    "invalid cross-validation options: unknown field `{key}`, expected one of \
                     model, compile, fit, folds, seed"
                )));
            }
        }
        let field = |key: &str| {
            js_sys::Reflect::get(&options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
        };
        let count = |key: &str, default: u64| -> JsResult<u64> {
            let v = field(key);
            if v.is_undefined() || v.is_null() {
                return Ok(default);
            }
            v.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
                .ok_or_else(|| {
                    JsError::new(&format!(
                        "invalid cross-validation options: {key} must be a whole number"
                    ))
                })
        };
        // The model's `inputs` is set per fold: the fold's preprocessing decides it.
        let model = read("model configuration", field("model"), |v| {
            options::model_config(v, false)
        })?;
        let (loss, optimizer) = read(
            "compile options",
            field("compile"),
            options::compile_settings,
        )?;
        let (train, split) = read("fit options", field("fit"), options::fit_settings)?;
        if split.is_some() {
            return Err(JsError::new(
                "invalid fit options: validationSplit: cross-validation has no validation part",
            ));
        }
        let (folds, seed) = (count("folds", 5)? as usize, count("seed", 1)?);
        let settings = CvSettings {
            model,
            loss,
            optimizer,
            train,
            folds,
            seed,
        };
        let report = cross_validate(&self.table, schema, &settings).map_err(js_err)?;
        to_js(&report)
    }
}

impl JsDataTable {
    fn new(table: Table) -> JsDataTable {
        let stats = column_stats(&table);
        let config = DataConfig::default();
        let schema = Schema::resolve(&table, &stats, &config);
        JsDataTable {
            table,
            stats,
            config,
            schema,
        }
    }

    fn configure_with(&mut self, patch: serde_json::Value) -> JsResult<()> {
        let config = self.config.merged(patch).map_err(js_err)?;
        let schema = Schema::resolve(&self.table, &self.stats, &config).map_err(js_err)?;
        self.config = config;
        self.schema = Ok(schema);
        Ok(())
    }
}

/// Rows given from JavaScript: an array of arrays whose cells are strings, numbers, or
/// `null`/`undefined` (missing). Read with `js_sys` rather than serde to keep the module small.
fn rows_of_cells(rows: &JsValue) -> JsResult<Vec<Vec<String>>> {
    let bad =
        || JsError::new("rows must be an array of arrays of cells (strings, numbers or null)");
    if !js_sys::Array::is_array(rows) {
        return Err(bad());
    }
    js_sys::Array::from(rows)
        .iter()
        .map(|row| {
            if !js_sys::Array::is_array(&row) {
                return Err(bad());
            }
            js_sys::Array::from(&row)
                .iter()
                .map(|cell| {
                    if let Some(s) = cell.as_string() {
                        Ok(s)
                    } else if let Some(v) = cell.as_f64() {
                        Ok(v.to_string())
                    } else if cell.is_null() || cell.is_undefined() {
                        Ok(String::new())
                    } else {
                        Err(bad())
                    }
                })
                .collect()
        })
        .collect()
}

#[wasm_bindgen(js_class = Model)]
impl JsModel {
    /// `Model.fromJSON(text)`: loads a model saved by `toJSON`, with its label names and
    /// preprocessing; throws naming the bad field. (Not in the engine-only module.)
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(json: &str) -> JsResult<JsModel> {
        let file = ModelFile::from_json(json).map_err(js_err)?;
        let label_names = file.label_names.clone();
        let preprocessing = file.preprocessing.clone();
        Ok(JsModel {
            model: file.into_model().map_err(js_err)?,
            trainer: None,
            label_names,
            preprocessing,
        })
    }

    /// `model.predictRows([[...cells], ...])`: predictions for raw rows, through the
    /// preprocessing stored with the model (`setPreprocessing`, or a loaded model file).
    /// A row holds every column of the training file or only its feature columns, in file
    /// order; cells are strings, numbers or `null` (missing). Returns `rows × outputs` as a
    /// Float32Array. Throws naming the row and column of a bad cell.
    #[wasm_bindgen(js_name = predictRows)]
    pub fn predict_rows(&mut self, rows: JsValue) -> JsResult<Vec<f32>> {
        let rows = rows_of_cells(&rows)?;
        let pre = self.stored_preprocessing()?;
        predict_rows(&mut self.model, &pre, &rows).map_err(js_err)
    }

    /// `model.predictCsv(text)`: predictions for every row of a CSV file (header detected;
    /// with a header, feature columns are found by name, the label column may be absent).
    /// Returns `{ rows, outputs, predictions: Float32Array, labels: string[] | null,
    /// rowNumbers }` (`labels`: the predicted class names).
    #[wasm_bindgen(js_name = predictCsv)]
    pub fn predict_csv(&mut self, text: &str) -> JsResult<JsValue> {
        let pre = self.stored_preprocessing()?;
        pre.check_model(&self.model).map_err(js_err)?;
        let table = parse_csv(text.as_bytes(), &CsvOptions::default()).map_err(js_err)?;
        let x = pre.transform_table(&table).map_err(js_err)?;
        let predictions = self.model.predict(&x).map_err(js_err)?;
        let outputs = self.model.outputs();
        let obj = js_sys::Object::new();
        set(&obj, "rows", table.rows() as u32)?;
        set(&obj, "outputs", outputs as u32)?;
        set(
            &obj,
            "labels",
            to_js(&predicted_classes(&pre, &predictions, outputs))?,
        )?;
        set(&obj, "predictions", f32_array(&predictions))?;
        let numbers: Vec<usize> = (0..table.rows()).map(|r| table.row_number(r)).collect();
        set(&obj, "rowNumbers", to_js(&numbers)?)?;
        Ok(obj.into())
    }
}

impl JsModel {
    /// The stored preprocessing, whole and checked.
    fn stored_preprocessing(&self) -> JsResult<Preprocessor> {
        Preprocessor::from_value(self.stored_preprocessing_value()?).map_err(js_err)
    }
}
