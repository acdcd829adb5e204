//! `Model`: a network with its optimizer, its training run, and the preprocessing and class
//! names of the data it learned.
//!
//! ```js
//! const model = new Model({ inputs: 2, layers: [{ units: 8, activation: 'tanh' },
//!                                               { units: 1, activation: 'sigmoid' }] });
//! model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', learningRate: 0.01 });
//! model.fit(x, y, { epochs: 100, batchSize: 16, validationSplit: 0.2 });
//! model.fitData(table.prepare(), { epochs: 100 });  // arrays that stay in the engine
//! ```

use wasm_bindgen::prelude::*;

use super::quantized::JsQuantized;
use super::table::JsPrepared;
use super::{count, from_js, js_err, set, text, to_js, JsResult};
use crate::data::Preprocessor;
use crate::error::Error;
use crate::model_card::{CardInput, ModelCard};
use crate::model_file::ModelFile;
use crate::nn::prune::{self, CURVE_LEVELS};
use crate::nn::quantize;
use crate::nn::{CompileOptions, Model, ModelConfig, PruneScope, PruningSchedule, QuantizedModel};
use crate::onnx;
use crate::train::{metrics, predict, Dataset, TrainConfig, Trainer};

/// A neural network with its optimizer and, while training, its training run.
#[wasm_bindgen(js_name = Model)]
pub struct JsModel {
    model: Model,
    trainer: Option<Trainer>,
    label_names: Option<Vec<String>>,
    preprocessing: Option<Preprocessor>,
    card: Option<ModelCard>,
}

/// A list of `Float32Array`s.
fn f32_arrays(parts: &[Vec<f32>]) -> js_sys::Array {
    parts
        .iter()
        .map(|p| JsValue::from(js_sys::Float32Array::from(&p[..])))
        .collect()
}

/// Validation features and targets given as arrays.
type Arrays = (Vec<f32>, Vec<f32>);

/// `fit` options without `validationData` (arrays, read apart), and those arrays.
fn split_validation(options: &JsValue) -> JsResult<(JsValue, Option<Arrays>)> {
    if !options.is_object() {
        return Ok((options.clone(), None));
    }
    let key = JsValue::from_str("validationData");
    let data = js_sys::Reflect::get(options, &key).unwrap_or(JsValue::UNDEFINED);
    if data.is_undefined() || data.is_null() {
        return Ok((options.clone(), None));
    }
    let bad = || JsError::new("invalid fit options: validationData: must be [xVal, yVal]");
    let pair: js_sys::Array = data.dyn_into().map_err(|_| bad())?;
    if pair.length() != 2 {
        return Err(bad());
    }
    let take = |i: u32| -> JsResult<Vec<f32>> {
        let item = pair.get(i);
        if item.is_instance_of::<js_sys::Float32Array>() || js_sys::Array::is_array(&item) {
            Ok(js_sys::Float32Array::new(&item).to_vec())
        } else {
            Err(JsError::new(
                "invalid fit options: validationData: must hold two Float32Arrays (or arrays)",
            ))
        }
    };
    let rest = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
    js_sys::Reflect::delete_property(&rest, &key).map_err(|_| bad())?;
    Ok((rest.into(), Some((take(0)?, take(1)?))))
}

#[wasm_bindgen(js_class = Model)]
impl JsModel {
    /// `new Model({ inputs, layers: [{ units, activation, ... } | { type: 'dropout', rate }],
    /// seed, l1, l2 })`.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> JsResult<JsModel> {
        let config: ModelConfig = from_js("model configuration", &config)?;
        Ok(JsModel::from(Model::new(config).map_err(js_err)?))
    }

    /// `model.compile({ optimizer: 'adam' | { name, ... }, loss, learningRate, schedule })`.
    /// A new compile ends the training run.
    pub fn compile(&mut self, options: JsValue) -> JsResult<()> {
        let options: CompileOptions = from_js("compile options", &options)?;
        let c = options.settings();
        self.model.compile(c.loss, c.optimizer).map_err(js_err)?;
        self.trainer = None;
        Ok(())
    }

    /// Number of inputs.
    #[wasm_bindgen(getter)]
    pub fn inputs(&self) -> usize {
        self.model.inputs()
    }

    /// Number of outputs.
    #[wasm_bindgen(getter)]
    pub fn outputs(&self) -> usize {
        self.model.outputs()
    }

    /// Number of trainable parameters.
    #[wasm_bindgen(getter, js_name = parameterCount)]
    pub fn parameter_count(&self) -> usize {
        self.model.parameter_count()
    }

    /// Layers with their shapes: `[{ inputs, units, activation, alpha, dropout, parameters }]`.
    pub fn summary(&self) -> JsResult<JsValue> {
        to_js(&self.model.summary())
    }

    /// `model.shapedSummary()`: the convolution, pooling, flatten and embedding layers
    /// before the dense ones, `[{ layer, type, input, output, parameters, filters,
    /// kernelSize, activation }]` (shapes as `[h, w, c]`, `[length, c]` or `[n]`); empty
    /// for a model of dense layers only.
    #[wasm_bindgen(js_name = shapedSummary)]
    pub fn shaped_summary(&self) -> JsResult<JsValue> {
        to_js(&self.model.shaped_summary())
    }

    /// `model.featureMaps(x)`: what each shaped layer makes of one input row `x` (as
    /// `predict` takes it): `[{ layer, type, shape: [h, w, c], values, kernel,
    /// kernelShape: [kh, kw, in, filters] }]` (`kernel` for convolutions only), values as
    /// `Float32Array`s, row-major.
    #[wasm_bindgen(js_name = featureMaps)]
    pub fn feature_maps(&mut self, x: &[f32]) -> JsResult<js_sys::Array> {
        let maps = self.model.feature_maps(x).map_err(js_err)?;
        let out = js_sys::Array::new();
        for m in maps {
            let o = js_sys::Object::new();
            set(&o, "layer", m.layer as u32)?;
            set(&o, "type", m.kind)?;
            let shape = [m.shape.height, m.shape.width, m.shape.channels];
            set(&o, "shape", to_js(&shape)?)?;
            set(&o, "values", js_sys::Float32Array::from(&m.values[..]))?;
            if let Some((kernel, kshape)) = m.kernel {
                set(&o, "kernel", js_sys::Float32Array::from(&kernel[..]))?;
                set(&o, "kernelShape", to_js(&kshape)?)?;
            }
            out.push(&o);
        }
        Ok(out)
    }

    /// `model.featureMapsRaw(x)`: [`featureMaps`](Self::feature_maps) of an encoded but
    /// unscaled row (as `predictRaw` takes it), scaled first with the stored preprocessing.
    #[wasm_bindgen(js_name = featureMapsRaw)]
    pub fn feature_maps_raw(&mut self, x: &[f32]) -> JsResult<js_sys::Array> {
        let x = predict::scaled(&self.model, self.stored()?, x).map_err(js_err)?;
        self.feature_maps(&x)
    }

    /// `model.nearestWords(word, k)`: for a model that starts with an embedding of text
    /// token ids, the `k` words whose embedding vectors point most nearly the way `word`'s
    /// does, `[{ word, similarity }]` (cosine, largest first).
    ///
    /// Throws when the model has no embedding or no token vocabulary, or `word` is not in
    /// the vocabulary.
    #[wasm_bindgen(js_name = nearestWords)]
    pub fn nearest_words(&self, word: JsValue, k: f64) -> JsResult<JsValue> {
        use crate::data::pipeline::FIRST_WORD_ID;
        let word = text("word", &word)?;
        let k = count("k", k)?;
        let vocabulary = self
            .stored()?
            .sequence_vocabulary()
            .ok_or_else(|| JsError::new("the model's data has no text encoded as token ids"))?;
        let wanted = word.trim().to_lowercase();
        let first = FIRST_WORD_ID as usize;
        let id = vocabulary
            .iter()
            .position(|w| *w == wanted)
            .ok_or_else(|| {
                JsError::new(&format!(
                    "\"{}\" is not one of the {} words of the vocabulary",
                    word.trim(),
                    vocabulary.len()
                ))
            })?;
        let near = self.model.nearest_tokens(id + first, k).map_err(js_err)?;
        #[derive(serde::Serialize)]
        struct Near<'a> {
            word: &'a str,
            similarity: f32,
        }
        let list: Vec<Near> = near
            .iter()
            .filter(|(i, _)| *i >= first && *i - first < vocabulary.len())
            .map(|&(i, similarity)| Near {
                word: &vocabulary[i - first],
                similarity,
            })
            .collect();
        to_js(&list)
    }

    /// Predictions for the rows of `x` (`rows × inputs`, flat), as a flat `Float32Array` of
    /// `rows × outputs`. Classification outputs are probabilities.
    pub fn predict(&mut self, x: &[f32]) -> JsResult<Vec<f32>> {
        self.model.predict(x).map_err(js_err)
    }

    /// `model.predictRaw(x)`: predictions for encoded but unscaled inputs (for all-numeric
    /// data, the column values as in the file), scaled first with the stored preprocessing.
    #[wasm_bindgen(js_name = predictRaw)]
    pub fn predict_raw(&mut self, x: &[f32]) -> JsResult<Vec<f32>> {
        let x = predict::scaled(&self.model, self.stored()?, x).map_err(js_err)?;
        self.model.predict(&x).map_err(js_err)
    }

    /// `model.layerOutputs(x)`: the output of every layer for the rows of `x`, one
    /// `Float32Array` (`rows × units`) per layer, the last as `predict` gives it.
    #[wasm_bindgen(js_name = layerOutputs)]
    pub fn layer_outputs(&mut self, x: &[f32]) -> JsResult<js_sys::Array> {
        Ok(f32_arrays(&self.model.layer_outputs(x).map_err(js_err)?))
    }

    /// `model.layerOutputsRaw(x)`: `layerOutputs` for unscaled inputs, as `predictRaw`.
    #[wasm_bindgen(js_name = layerOutputsRaw)]
    pub fn layer_outputs_raw(&mut self, x: &[f32]) -> JsResult<js_sys::Array> {
        let x = predict::scaled(&self.model, self.stored()?, x).map_err(js_err)?;
        Ok(f32_arrays(&self.model.layer_outputs(&x).map_err(js_err)?))
    }

    /// Trains for `options.epochs` on `x`, `y`, and returns the history
    /// `{ epochs: [{ epoch, loss, accuracy, valLoss, valAccuracy, learningRate }], stopped }`.
    /// `validationData: [xVal, yVal]` or `validationSplit` (the last fraction of the rows,
    /// as Keras) adds validation.
    pub fn fit(&mut self, x: &[f32], y: &[f32], options: JsValue) -> JsResult<JsValue> {
        self.start_training(x, y, options)?;
        self.fit_run()
    }

    /// Prepares a step-wise run (same arguments as `fit`); then call `trainEpoch` or
    /// `trainBatches` repeatedly.
    #[wasm_bindgen(js_name = startTraining)]
    pub fn start_training(&mut self, x: &[f32], y: &[f32], options: JsValue) -> JsResult<()> {
        let (options, validation) = split_validation(&options)?;
        let config: TrainConfig = from_js("fit options", &options)?;
        let inputs = self.model.inputs();
        let train = Dataset::from_flat(x.to_vec(), y.to_vec(), inputs).map_err(js_err)?;
        let val =
            match validation {
                None => None,
                Some((vx, vy)) => Some(Dataset::from_flat(vx, vy, inputs).map_err(|e| {
                    JsError::new(&format!("invalid fit options: validationData: {e}"))
                })?),
            };
        self.begin(train, val, config)
    }

    /// `model.fitData(data, options)`: trains on a `PreparedData`'s training part, with its
    /// validation part (if any) as validation data, without copying the arrays out of the
    /// engine; the model keeps the data's preprocessing and class names.
    #[wasm_bindgen(js_name = fitData)]
    pub fn fit_data(&mut self, data: &JsPrepared, options: JsValue) -> JsResult<JsValue> {
        self.start_training_data(data, options)?;
        self.fit_run()
    }

    /// `model.startTrainingData(data, options)`: `fitData` step by step.
    #[wasm_bindgen(js_name = startTrainingData)]
    pub fn start_training_data(&mut self, data: &JsPrepared, options: JsValue) -> JsResult<()> {
        let config: TrainConfig = from_js("fit options", &options)?;
        let (train, val) = data.datasets(config.validation_split.is_some())?;
        self.begin(train, val, config)?;
        self.preprocessing = Some(data.prepared().preprocessor.clone());
        let names = &data.prepared().label_names;
        self.label_names = (!names.is_empty()).then(|| names.clone());
        Ok(())
    }

    /// Runs one epoch of the current run and returns its log.
    #[wasm_bindgen(js_name = trainEpoch)]
    pub fn train_epoch(&mut self) -> JsResult<JsValue> {
        let trainer = self.trainer.as_mut().ok_or_else(no_run)?;
        to_js(&trainer.run_epoch(&mut self.model).map_err(js_err)?)
    }

    /// Runs up to `n` mini-batches (stopping early at the end of the run) and returns
    /// `{ batches, loss, epochs: [logs of epochs finished meanwhile], finished }`.
    #[wasm_bindgen(js_name = trainBatches)]
    pub fn train_batches(&mut self, n: f64) -> JsResult<JsValue> {
        let n = count("batches", n)?;
        let trainer = self.trainer.as_mut().ok_or_else(no_run)?;
        to_js(&trainer.steps(&mut self.model, n).map_err(js_err)?)
    }

    /// Whether the current run has ended (or there is none).
    #[wasm_bindgen(getter, js_name = trainingFinished)]
    pub fn training_finished(&self) -> bool {
        self.trainer.as_ref().is_none_or(|t| t.finished())
    }

    /// Epochs completed in the current run.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> usize {
        self.trainer.as_ref().map_or(0, |t| t.epoch())
    }

    /// The history of the current run: `{ epochs, stopped }` (`stopped`: `null`,
    /// `'completed'` or `{ earlyStopped: { epoch, bestEpoch } }`).
    pub fn history(&self) -> JsResult<JsValue> {
        to_js(self.trainer.as_ref().ok_or_else(no_run)?.history())
    }

    /// Changes the epoch limit of the current run.
    #[wasm_bindgen(js_name = setEpochs)]
    pub fn set_epochs(&mut self, epochs: f64) -> JsResult<()> {
        let epochs = count("epochs", epochs)?;
        let trainer = self.trainer.as_mut().ok_or_else(no_run)?;
        trainer.set_epochs(epochs).map_err(js_err)
    }

    /// `model.resumeTraining(epochs)`: goes on training to `epochs` in all, also after the
    /// run completed or stopped early (fine-tuning a pruned model); early stopping's memory
    /// of the best epoch starts over.
    #[wasm_bindgen(js_name = resumeTraining)]
    pub fn resume_training(&mut self, epochs: f64) -> JsResult<()> {
        let epochs = count("epochs", epochs)?;
        let trainer = self.trainer.as_mut().ok_or_else(no_run)?;
        trainer.resume(epochs).map_err(js_err)
    }

    /// Changes the learning rate between steps; optimizer state is kept.
    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, lr: f32) -> JsResult<()> {
        let c = self
            .model
            .compiled_mut()
            .ok_or_else(|| js_err(crate::nn::model::not_compiled()))?;
        c.optimizer.set_learning_rate(lr).map_err(js_err)
    }

    /// The learning rate the next update will use (0 before `compile`).
    #[wasm_bindgen(getter, js_name = learningRate)]
    pub fn learning_rate(&self) -> f32 {
        self.model
            .compiled()
            .map_or(0.0, |c| c.optimizer.current_learning_rate())
    }

    /// `{ loss, accuracy }` over `x`, `y` (accuracy is `null` for regression).
    pub fn evaluate(&mut self, x: &[f32], y: &[f32]) -> JsResult<JsValue> {
        let rows = Dataset::rows_of(x, self.model.inputs()).map_err(js_err)?;
        to_js(&self.model.evaluate(x, y, rows).map_err(js_err)?)
    }

    /// `model.evaluateData(data, part)`: `evaluate` on a part (`'train'`, `'validation'`,
    /// `'test'`) of a `PreparedData`.
    #[wasm_bindgen(js_name = evaluateData)]
    pub fn evaluate_data(&mut self, data: &JsPrepared, part: JsValue) -> JsResult<JsValue> {
        let p = data.part(&part)?;
        to_js(&self.model.evaluate(&p.x, &p.y, p.len()).map_err(js_err)?)
    }

    /// Full metrics for `x`, `y`: for binary `{ task, accuracy, precision, recall, f1,
    /// threshold, confusion, rocAuc, roc }` at `threshold` (default 0.5); for multiclass
    /// accuracy, macro and micro scores, per-class scores and the confusion matrix; for
    /// regression mse, rmse, mae and r2.
    pub fn metrics(&mut self, x: &[f32], y: &[f32], threshold: Option<f32>) -> JsResult<JsValue> {
        let r = metrics::report(&mut self.model, x, y, threshold.unwrap_or(0.5));
        to_js(&r.map_err(js_err)?)
    }

    /// `model.metricsData(data, part, threshold)`: `metrics` on a part of a `PreparedData`.
    #[wasm_bindgen(js_name = metricsData)]
    pub fn metrics_data(
        &mut self,
        data: &JsPrepared,
        part: JsValue,
        threshold: Option<f32>,
    ) -> JsResult<JsValue> {
        let p = data.part(&part)?;
        let r = metrics::report(&mut self.model, &p.x, &p.y, threshold.unwrap_or(0.5));
        to_js(&r.map_err(js_err)?)
    }

    /// `model.predictData(data, part, rows)`: predictions for the first `rows` rows of a
    /// part of a `PreparedData` (all of them when `rows` is not given).
    #[wasm_bindgen(js_name = predictData)]
    pub fn predict_data(
        &mut self,
        data: &JsPrepared,
        part: JsValue,
        rows: Option<f64>,
    ) -> JsResult<Vec<f32>> {
        let p = data.part(&part)?;
        let n = rows.map_or(Ok(p.len()), |r| count("rows", r))?.min(p.len());
        let width = data.prepared().inputs();
        self.model.predict(&p.x[..n * width]).map_err(js_err)
    }

    /// Layer `i`'s kernel (`inputs × units`, row-major) as a `Float32Array`.
    pub fn kernel(&self, i: f64) -> JsResult<Vec<f32>> {
        Ok(self.layer(i)?.0.to_vec())
    }

    /// Layer `i`'s bias as a `Float32Array`.
    pub fn bias(&self, i: f64) -> JsResult<Vec<f32>> {
        Ok(self.layer(i)?.1.to_vec())
    }

    /// `model.setWeight(layer, input, unit, value)`: one link's weight (layer `layer`'s
    /// kernel entry from its input `input` to its unit `unit`); a link that does not
    /// exist or a value that is not finite is refused.
    #[wasm_bindgen(js_name = setWeight)]
    pub fn set_weight(&mut self, layer: f64, input: f64, unit: f64, value: f32) -> JsResult<()> {
        let (layer, input, unit) = (
            count("layer", layer)?,
            count("input", input)?,
            count("unit", unit)?,
        );
        self.model
            .set_weight(layer, input, unit, value)
            .map_err(js_err)
    }

    /// `model.prune(sparsity, scope)`: magnitude pruning of the kernels to `sparsity` (a
    /// fraction, 0 to 0.99), per layer (`'layer'`, the default) or over all layers
    /// (`'global'`); the pruned weights stay zero through later training. Returns the
    /// sparsity reached, as the `sparsity` getter.
    pub fn prune(&mut self, sparsity: f64, scope: JsValue) -> JsResult<JsValue> {
        let scope = if scope.is_undefined() || scope.is_null() {
            PruneScope::Layer
        } else {
            PruneScope::parse(&text("scope", &scope)?).map_err(js_err)?
        };
        let reached = self.model.prune(sparsity as f32, scope).map_err(js_err)?;
        to_js(&reached)
    }

    /// `model.setPruning({ initialSparsity, finalSparsity, beginStep, endStep, frequency,
    /// scope })`: gradual pruning during training, in optimizer steps (`null` removes the
    /// schedule; the weights pruned so far stay pruned).
    #[wasm_bindgen(js_name = setPruning)]
    pub fn set_pruning(&mut self, schedule: JsValue) -> JsResult<()> {
        let schedule: Option<PruningSchedule> = if schedule.is_null() || schedule.is_undefined() {
            None
        } else {
            Some(from_js("pruning schedule", &schedule)?)
        };
        self.model.set_pruning(schedule).map_err(js_err)
    }

    /// Forgets the pruning mask and schedule: every weight trains again.
    #[wasm_bindgen(js_name = clearPruning)]
    pub fn clear_pruning(&mut self) {
        self.model.clear_pruning();
    }

    /// `{ sparsity, pruned, weights, layers: [{ pruned, weights }] }`: the kernels' pruned
    /// weights (biases are never pruned).
    #[wasm_bindgen(getter)]
    pub fn sparsity(&self) -> JsResult<JsValue> {
        to_js(&self.model.sparsity())
    }

    /// `model.prunedLinks(i)`: the indices into layer `i`'s kernel (`input × units + unit`)
    /// of its pruned weights, as a `Uint32Array` (empty for a model never pruned).
    #[wasm_bindgen(js_name = prunedLinks)]
    pub fn pruned_links(&self, i: f64) -> JsResult<Vec<u32>> {
        self.layer(i)?;
        Ok(self.model.pruned_indices().swap_remove(i as usize))
    }

    /// `model.sparsityCurveData(data, part, { levels, scope })`: `[{ target, sparsity, loss,
    /// accuracy }]`, the model pruned one-shot to each level (ascending fractions; by
    /// default 0, 0.1, …, 0.9, 0.95, 0.99) without fine-tuning, measured on a part; the
    /// model itself is left as it is.
    #[wasm_bindgen(js_name = sparsityCurveData)]
    pub fn sparsity_curve_data(
        &mut self,
        data: &JsPrepared,
        part: JsValue,
        options: JsValue,
    ) -> JsResult<JsValue> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct CurveOptions {
            levels: Option<Vec<f32>>,
            scope: Option<String>,
        }
        let o: CurveOptions = from_js("sparsity curve options", &options)?;
        let scope = match &o.scope {
            Some(s) => PruneScope::parse(s).map_err(js_err)?,
            None => PruneScope::Layer,
        };
        data.check_inputs(self.model.inputs())?;
        let p = data.part(&part)?;
        let levels = o.levels.as_deref().unwrap_or(&CURVE_LEVELS);
        let curve = prune::sparsity_curve(&self.model, &p.x, &p.y, p.len(), levels, scope)
            .map_err(js_err)?;
        to_js(&curve)
    }

    /// `model.quantizeData(data)`: the model in int8 (per-channel weights, input ranges
    /// calibrated on the data's training rows), as a `QuantizedModel`.
    #[wasm_bindgen(js_name = quantizeData)]
    pub fn quantize_data(&mut self, data: &JsPrepared) -> JsResult<JsQuantized> {
        data.check_inputs(self.model.inputs())?;
        let x = &data.part(&JsValue::from_str("train"))?.x;
        let quantized = QuantizedModel::calibrate(&mut self.model, x).map_err(js_err)?;
        Ok(JsQuantized { quantized })
    }

    /// `model.compareQuantized(q, data, part)`: `{ rows, floatAccuracy, int8Accuracy,
    /// agreement, maxDifference, floatBytes, int8Bytes }` on a part (`agreement`: the share
    /// of rows given the same class; accuracies and agreement `null` for regression).
    #[wasm_bindgen(js_name = compareQuantized)]
    pub fn compare_quantized(
        &mut self,
        quantized: &JsQuantized,
        data: &JsPrepared,
        part: JsValue,
    ) -> JsResult<JsValue> {
        data.check_inputs(self.model.inputs())?;
        if quantized.quantized.inputs() != self.model.inputs()
            || quantized.quantized.outputs() != self.model.outputs()
        {
            return Err(js_err(Error::config(
                "quantized",
                "is the int8 form of another network",
            )));
        }
        let p = data.part(&part)?;
        let c =
            quantize::compare(&mut self.model, &quantized.quantized, &p.x, &p.y).map_err(js_err)?;
        to_js(&c)
    }

    /// Class names to store with the model.
    #[wasm_bindgen(js_name = setLabelNames)]
    pub fn set_label_names(&mut self, names: Vec<String>) {
        self.label_names = Some(names);
    }

    /// Class names stored with the model, or `undefined`.
    #[wasm_bindgen(getter, js_name = labelNames)]
    pub fn label_names(&self) -> Option<Vec<String>> {
        self.label_names.clone()
    }

    /// The fitted preprocessing of a `PreparedData` (its `preprocessing`), to store with
    /// the model; checked against the model's inputs and outputs.
    #[wasm_bindgen(js_name = setPreprocessing)]
    pub fn set_preprocessing(&mut self, value: JsValue) -> JsResult<()> {
        let pre: Preprocessor = from_js("preprocessing", &value)?;
        pre.check().map_err(js_err)?;
        predict::check(&self.model, &pre).map_err(js_err)?;
        self.preprocessing = Some(pre);
        Ok(())
    }

    /// The stored preprocessing as a plain object, or `undefined`.
    #[wasm_bindgen(getter)]
    pub fn preprocessing(&self) -> JsResult<JsValue> {
        match &self.preprocessing {
            None => Ok(JsValue::UNDEFINED),
            Some(p) => to_js(p),
        }
    }

    /// The whole model (architecture, weights, optimizer settings, preprocessing, class
    /// names) as versioned JSON text.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        ModelFile {
            card: self.card.clone(),
            ..ModelFile::new(
                &self.model,
                self.preprocessing.clone(),
                self.label_names.clone(),
            )
        }
        .to_json()
    }

    /// `model.setCard({ data: { name, rows, sha256 }, settings, metrics: { rows, loss,
    /// accuracy } })`: stamps the model card that `toJSON` and `toOnnx` carry; the engine
    /// adds its version, the seed, the epochs of the current run and the sparsity.
    #[wasm_bindgen(js_name = setCard)]
    pub fn set_card(&mut self, input: JsValue) -> JsResult<()> {
        let input: CardInput = from_js("model card", &input)?;
        let epochs = self.trainer.as_ref().map_or(0, Trainer::epoch);
        self.card = Some(ModelCard::new(input, &self.model, epochs).map_err(js_err)?);
        Ok(())
    }

    /// The model card (stamped by `setCard` or read by `fromJSON`), or `undefined`.
    #[wasm_bindgen(getter)]
    pub fn card(&self) -> JsResult<JsValue> {
        match &self.card {
            None => Ok(JsValue::UNDEFINED),
            Some(c) => to_js(c),
        }
    }

    /// The model as an ONNX file (opset 13): its stored scaler as graph nodes, so the graph
    /// takes raw features (input `features`, `rows × inputs`) and gives what `predict` gives
    /// (output `probabilities` or `predictions`). See the crate's `onnx` module.
    #[wasm_bindgen(js_name = toOnnx)]
    pub fn to_onnx(&self) -> JsResult<Vec<u8>> {
        onnx::export_with_card(
            &self.model,
            self.preprocessing.as_ref(),
            self.label_names.as_deref(),
            self.card.as_ref(),
        )
        .map_err(js_err)
    }

    /// `Model.fromJSON(text)`: loads a model saved by `toJSON`, with its preprocessing and
    /// class names; throws naming the bad field.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(json: JsValue) -> JsResult<JsModel> {
        let file = ModelFile::from_json(&text("model file", &json)?).map_err(js_err)?;
        let card = file.card.clone();
        let (model, preprocessing, label_names) = file.into_parts().map_err(js_err)?;
        Ok(JsModel {
            preprocessing,
            label_names,
            card,
            ..JsModel::from(model)
        })
    }

    /// `model.predictRows([[...cells], ...])`: predictions for raw rows, through the stored
    /// preprocessing. A row holds every column of the training file or only its feature
    /// columns, in file order; cells are strings, numbers or `null` (missing). Returns
    /// `rows × outputs` as a Float32Array. Throws naming the row and column of a bad cell.
    #[wasm_bindgen(js_name = predictRows)]
    pub fn predict_rows(&mut self, rows: JsValue) -> JsResult<Vec<f32>> {
        let rows = cells(&rows)?;
        let pre = self.preprocessing.as_ref().ok_or_else(no_preprocessing)?;
        predict::predict_rows(&mut self.model, pre, &rows).map_err(js_err)
    }

    /// `model.transformRows([[...cells], ...])`: the network's inputs for raw rows (taken as
    /// `predictRows` takes them), through the stored preprocessing: `rows × inputs` as a
    /// Float32Array, for training on rows of a file. Throws as `predictRows`.
    #[wasm_bindgen(js_name = transformRows)]
    pub fn transform_rows(&self, rows: JsValue) -> JsResult<Vec<f32>> {
        let pre = self.stored()?;
        predict::check(&self.model, pre).map_err(js_err)?;
        pre.transform_rows(&cells(&rows)?).map_err(js_err)
    }

    /// `model.predictCsv(text)`: predictions for every row of a CSV file (header detected;
    /// with a header, feature columns are found by name, the label column may be absent):
    /// `{ rows, outputs, predictions: Float32Array, labels: string[] | null, rowNumbers }`.
    #[wasm_bindgen(js_name = predictCsv)]
    pub fn predict_csv(&mut self, csv: JsValue) -> JsResult<JsValue> {
        let csv = text("CSV text", &csv)?;
        let pre = self.preprocessing.as_ref().ok_or_else(no_preprocessing)?;
        let r = predict::predict_csv(&mut self.model, pre, csv.as_bytes()).map_err(js_err)?;
        let obj: js_sys::Object = to_js(&r)?.unchecked_into();
        set(
            &obj,
            "predictions",
            js_sys::Float32Array::from(&r.predictions[..]),
        )?;
        Ok(obj.into())
    }
}

impl From<Model> for JsModel {
    fn from(model: Model) -> JsModel {
        JsModel {
            model,
            trainer: None,
            label_names: None,
            preprocessing: None,
            card: None,
        }
    }
}

/// A cell given from JavaScript: text, a number, or `null` (missing), as text.
struct Cell(String);

/// Rows of cells given from JavaScript, as text.
fn cells(rows: &JsValue) -> JsResult<Vec<Vec<String>>> {
    let rows: Vec<Vec<Cell>> = from_js("rows", rows)?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_iter().map(|c| c.0).collect())
        .collect())
}

impl<'de> serde::Deserialize<'de> for Cell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Cell;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a cell: text, a number or null")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Cell, E> {
                Ok(Cell(String::new()))
            }
        }
        d.deserialize_any(Visit)
    }
}

impl JsModel {
    /// A model that learned from prepared data: it keeps the data's preprocessing and class
    /// names.
    pub(crate) fn with_preparation(
        model: Model,
        preprocessing: &Preprocessor,
        label_names: &[String],
    ) -> JsModel {
        JsModel {
            preprocessing: Some(preprocessing.clone()),
            label_names: (!label_names.is_empty()).then(|| label_names.to_vec()),
            ..JsModel::from(model)
        }
    }

    /// The network (a teacher lends it to a `Distiller`).
    pub(crate) fn model_mut(&mut self) -> &mut Model {
        &mut self.model
    }

    fn begin(&mut self, train: Dataset, val: Option<Dataset>, config: TrainConfig) -> JsResult<()> {
        self.trainer = Some(Trainer::new(&self.model, train, val, config).map_err(js_err)?);
        Ok(())
    }

    fn fit_run(&mut self) -> JsResult<JsValue> {
        let trainer = self.trainer.as_mut().ok_or_else(no_run)?;
        to_js(trainer.fit(&mut self.model).map_err(js_err)?)
    }

    fn layer(&self, i: f64) -> JsResult<(&[f32], &[f32])> {
        let i = count("layer", i)?;
        self.model
            .layer_params(i)
            .ok_or_else(|| JsError::new(&format!("there is no layer {i}")))
    }

    fn stored(&self) -> JsResult<&Preprocessor> {
        self.preprocessing.as_ref().ok_or_else(no_preprocessing)
    }
}

fn no_run() -> JsError {
    js_err(Error::State(
        "no training run: call startTraining(x, y, options) first".into(),
    ))
}

fn no_preprocessing() -> JsError {
    js_err(Error::State(
        "the model has no preprocessing: train it with fitData(data), call \
         setPreprocessing(data.preprocessing), or load a model saved with it"
            .into(),
    ))
}
