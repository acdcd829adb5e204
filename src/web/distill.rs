//! `Distiller`: a trained `Model` as teacher, two students of a smaller architecture from
//! the same initial weights, one distilled and one trained from scratch on the same batches
//! (see [`crate::train::distill`]).
//!
//! ```js
//! const d = new Distiller(teacher, data, { layers: [{ units: 8, activation: 'relu' },
//!                                                   { units: 10, activation: 'softmax' }] },
//!                         { temperature: 4, alpha: 0.9, epochs: 100, batchSize: 32, seed: 1 });
//! while (!d.finished) post(d.trainEpoch());   // { epoch, distilled, scratch, finished }
//! d.report();         // { teacher, distilled, scratch: { parameters, testLoss, testAccuracy } }
//! const student = d.distilled();              // a Model
//! ```

use wasm_bindgen::prelude::*;

use super::model::JsModel;
use super::table::JsPrepared;
use super::{from_js, js_err, to_js, JsResult};
use crate::data::Preprocessor;
use crate::nn::{Model, ModelConfig};
use crate::train::{DistillOptions, Distiller};

/// Two students learning beside a teacher.
#[wasm_bindgen(js_name = Distiller)]
pub struct JsDistiller {
    distiller: Distiller,
    /// The data's preprocessing and class names, for the students as `Model`s.
    preprocessing: Preprocessor,
    label_names: Vec<String>,
}

#[wasm_bindgen(js_class = Distiller)]
impl JsDistiller {
    /// `new Distiller(teacher, data, student, options)`: `teacher` a trained `Model`, `data`
    /// the `PreparedData` it learned from (students train on its training part, stop on its
    /// validation part, are scored on its test part), `student` the layers as `new Model`
    /// takes them (`inputs` may be left out), `options` `{ temperature, alpha, epochs,
    /// batchSize, shuffle, earlyStopping, optimizer, learningRate, seed }`. Everything is
    /// checked here; no training happens until `trainEpoch` or `run`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        teacher: &mut JsModel,
        data: &JsPrepared,
        student: JsValue,
        options: JsValue,
    ) -> JsResult<JsDistiller> {
        let student: ModelConfig = from_js("student configuration", &student)?;
        let options: DistillOptions = from_js("distillation options", &options)?;
        let data = data.prepared();
        let distiller =
            Distiller::new(teacher.model_mut(), data, student, &options).map_err(js_err)?;
        Ok(JsDistiller {
            distiller,
            preprocessing: data.preprocessor.clone(),
            label_names: data.label_names.clone(),
        })
    }

    /// One epoch of each student still training: `{ epoch, distilled, scratch, finished }`,
    /// each student's `{ epoch, loss, accuracy, valLoss, valAccuracy, learningRate,
    /// testLoss, testAccuracy }` (`null` once its run has stopped early).
    #[wasm_bindgen(js_name = trainEpoch)]
    pub fn train_epoch(&mut self) -> JsResult<JsValue> {
        to_js(&self.distiller.train_epoch().map_err(js_err)?)
    }

    /// Trains both students to the end and returns `report()`.
    pub fn run(&mut self) -> JsResult<JsValue> {
        to_js(&self.distiller.run().map_err(js_err)?)
    }

    /// `{ temperature, alpha, teacher, distilled, scratch, distilledEpochs, scratchEpochs,
    /// finished }`, each network's `{ parameters, testLoss, testAccuracy }`.
    pub fn report(&mut self) -> JsResult<JsValue> {
        to_js(&self.distiller.report().map_err(js_err)?)
    }

    /// Whether both students' runs are over.
    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.distiller.finished()
    }

    /// The most epochs either student has trained.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> usize {
        self.distiller.epoch()
    }

    /// The distilled student as a `Model` of its own (a copy; further `fit` trains it on
    /// labels alone), with the data's preprocessing and class names.
    pub fn distilled(&self) -> JsModel {
        self.student(self.distiller.distilled_student())
    }

    /// The student trained from scratch as a `Model` (a copy), as `distilled()`.
    pub fn scratch(&self) -> JsModel {
        self.student(self.distiller.scratch().clone())
    }
}

impl JsDistiller {
    fn student(&self, model: Model) -> JsModel {
        JsModel::with_preparation(model, &self.preprocessing, &self.label_names)
    }
}
