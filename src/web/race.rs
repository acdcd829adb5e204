//! `Race`: runs trained in lockstep from the same weights and batches, and the loss surface
//! their paths cross (see [`crate::train::race`] and [`crate::train::surface`]).
//!
//! ```js
//! const race = new Race(data, { model: { layers: [{ units: 8, activation: 'tanh' },
//!                                                 { units: 1, activation: 'sigmoid' }], seed: 1 },
//!   runs: [{ name: 'sgd', compile: { optimizer: 'sgd', loss: 'binary_crossentropy' }, fit: { epochs: 20 } },
//!          { name: 'adam', compile: { optimizer: 'adam', loss: 'binary_crossentropy' }, fit: { epochs: 20 } }] });
//! while (!race.finished) race.trainEpoch();      // [{ name, log }] per run
//! race.lossSurface(1, 'train', { plane: { kind: 'random', seed: 1 }, span: 1, resolution: 21 });
//! // { xs, ys, losses, center, paths: [{ name, points: [[x, y], ...] }] }
//! ```

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::table::JsPrepared;
use super::{count, from_js, js_err, to_js, JsResult};
use crate::train::{loss_surface, Race, RaceSettings, Surface, SurfaceSettings};

/// Runs in lockstep.
#[wasm_bindgen(js_name = Race)]
pub struct JsRace {
    race: Race,
}

/// A surface with every run's path on it.
#[derive(Serialize)]
struct SurfaceWithPaths {
    #[serde(flatten)]
    surface: Surface,
    paths: Vec<Path>,
}

#[derive(Serialize)]
struct Path {
    name: String,
    points: Vec<[f32; 2]>,
}

#[wasm_bindgen(js_class = Race)]
impl JsRace {
    /// `new Race(data, { model, runs: [{ name, compile, fit }] })`: every run from the same
    /// architecture and seed on `data`'s training part (its validation part as validation
    /// data); everything is checked before any training.
    #[wasm_bindgen(constructor)]
    pub fn new(data: &JsPrepared, settings: JsValue) -> JsResult<JsRace> {
        let settings: RaceSettings = from_js("race settings", &settings)?;
        let race = Race::new(data.prepared(), &settings).map_err(js_err)?;
        Ok(JsRace { race })
    }

    /// One epoch of every run still training: `[{ name, log }]` (`log` as `fit`'s epochs,
    /// `null` once the run is over).
    #[wasm_bindgen(js_name = trainEpoch)]
    pub fn train_epoch(&mut self) -> JsResult<JsValue> {
        to_js(&self.race.train_epoch().map_err(js_err)?)
    }

    /// `race.evaluate(data, part)`: every run's `{ loss, accuracy }` on a part of the data
    /// with its current weights (before any epoch: the shared initial weights').
    pub fn evaluate(&mut self, data: &JsPrepared, part: JsValue) -> JsResult<JsValue> {
        let inputs = self.race.model(0).map_or(0, |m| m.inputs());
        data.check_inputs(inputs)?;
        let p = data.part(&part)?;
        to_js(&self.race.evaluate(&p.x, &p.y, p.len()).map_err(js_err)?)
    }

    /// Whether every run is over.
    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.race.finished()
    }

    /// The runs' names.
    #[wasm_bindgen(getter)]
    pub fn names(&self) -> Vec<String> {
        self.race.names().to_vec()
    }

    /// Run `i`'s epochs so far, as `fit` returns them.
    pub fn history(&self, i: f64) -> JsResult<JsValue> {
        let i = count("run", i)?;
        to_js(&self.race.history(i).ok_or_else(|| no_run(i))?)
    }

    /// `race.lossSurface(i, part, { plane, span, resolution })`: the loss on a part of the
    /// data over a slice through run `i`'s current weights — `plane` `{ kind: 'parameters',
    /// a, b }` (two indices into the flat parameters) or `{ kind: 'random', seed }` — with
    /// every run's path (its weights at the start and after each epoch) placed on it.
    #[wasm_bindgen(js_name = lossSurface)]
    pub fn loss_surface(
        &self,
        i: f64,
        data: &JsPrepared,
        part: JsValue,
        settings: JsValue,
    ) -> JsResult<JsValue> {
        let i = count("run", i)?;
        let model = self.race.model(i).ok_or_else(|| no_run(i))?;
        let settings: SurfaceSettings = from_js("loss surface settings", &settings)?;
        data.check_inputs(model.inputs())?;
        let p = data.part(&part)?;
        let (surface, slice) =
            loss_surface(model, &p.x, &p.y, p.len(), &settings).map_err(js_err)?;
        let paths = (0..self.race.names().len())
            .map(|k| Path {
                name: self.race.names()[k].clone(),
                points: self
                    .race
                    .path(k)
                    .unwrap_or_default()
                    .iter()
                    .map(|w| {
                        let (x, y) = slice.coordinates(w);
                        [x, y]
                    })
                    .collect(),
            })
            .collect();
        to_js(&SurfaceWithPaths { surface, paths })
    }
}

fn no_run(i: usize) -> JsError {
    JsError::new(&format!("there is no run {i}"))
}
