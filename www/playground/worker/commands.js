// The training worker's commands (started by training-worker.js): it owns the data and the
// wasm Model, obeys the page's commands, paints
// the boundary and the diagram on the canvases the page handed over, and posts back what
// happened. Training runs in slices of mini-batches (`trainBatches(n)`) on the prepared
// data inside the engine; between slices the worker yields, so pause, learning-rate
// changes and other commands are handled at once. If the engine stops on an internal
// error, the worker says so once and refuses further commands: the page starts a new one.
import { loadDataset } from './data.js';
import { stopWarmUp } from '../../engine/load.js';
import { pageError, t } from '../i18n/i18n.js';
import { modelSpec } from '../model-spec.js';
import { snapshot } from './views.js';
import { compressHandlers } from './compress.js';
import { histogramHandlers } from './histogram.js';
import { stampCard } from './card.js';
import { BoundaryPainter, paintDiagram } from '../paint.js';
import { diagramLayout } from '../diagram-layout.js';

/** Worker time spent per slice before it posts and yields. */
const SLICE_MS = 30;
/** Least time between two boundary/weight snapshots while running. */
const SNAPSHOT_MS = 200;

const state = {
  engine: null,
  catalog: null,
  /** The message of an internal engine error, after which nothing more is run. */
  broken: null,
  data: null,
  settings: null,
  model: null,
  started: false,
  running: false,
  batchesPerSlice: 1,
  /** What the output view shows: `neuron` is `{ layer, unit }` or null (the model's output). */
  view: { features: [0, 1], resolution: 48, showTest: true, discrete: false, neuron: null },
  /** The page's canvases, painted here: `{ boundary: BoundaryPainter, diagram, ratio }`. */
  paint: null,
  points: null,
  lastSnapshot: 0,
  samples: 0,
  runStart: 0,
  runElapsed: 0,
  /** Mini-batches done in the current epoch (slices stop at epoch ends). */
  batchInEpoch: 0,
  generation: 0,
};

const post = (msg, transfer = []) => self.postMessage(msg, transfer);

const handlers = {
  async setData({ source, settings }) {
    // Each stage is said as it starts: a large file takes seconds to read.
    const stage = (name, rows) => post({ type: 'loading', stage: name, rows });
    const data = await loadDataset(state.engine, state.catalog, source, settings, stage);
    stage('building the model');
    let model;
    try {
      model = newModel(settings, data);
    } catch (e) {
      data.free();
      // The data is fine, the network is not: the page can load it with another network.
      throw Object.assign(e instanceof Error ? e : new Error(String(e)), { recover: 'model' });
    }
    // Only a dataset (and model) that loaded replace the current ones: a bad file keeps
    // the previous working state.
    pauseRun();
    state.data?.free();
    state.data = data;
    state.settings = settings;
    state.view.features = [...data.info.plot.features];
    state.points = data.points(state.view.features);
    replaceModel(model);
    snapshotSoon();
    return { info: data.info, model: modelInfo() };
  },

  rebuild({ settings }) {
    const model = newModel(settings, state.data);
    pauseRun();
    state.settings = settings;
    replaceModel(model);
    snapshotSoon();
    return { model: modelInfo() };
  },

  start() {
    ensureRun();
    if (!state.running && !state.model.trainingFinished) {
      state.running = true;
      state.runStart = performance.now() - (state.runElapsed || 0);
      state.generation += 1;
      loop(state.generation);
    }
    return { running: true };
  },

  pause() {
    pauseRun();
    return { running: false };
  },

  step() {
    pauseRun();
    ensureRun();
    if (state.model.trainingFinished) return { finished: true };
    const log = withTestFigures(state.model.trainEpoch());
    state.batchInEpoch = 0;
    state.samples += state.data.train.rows;
    report([log], state.model.trainingFinished, true);
    return { epoch: log.epoch };
  },

  reset() {
    pauseRun();
    replaceModel(newModel(state.settings, state.data));
    snapshotSoon();
    return { model: modelInfo() };
  },

  setLearningRate({ value }) {
    state.settings = { ...state.settings, learningRate: value };
    state.model.setLearningRate(value);
    return { learningRate: state.model.learningRate };
  },

  setPace({ value }) {
    state.settings = { ...state.settings, pace: value };
    return {};
  },

  setEpochs({ value }) {
    state.settings = { ...state.settings, epochs: value };
    if (state.started) state.model.setEpochs(value);
    return {};
  },

  /**
   * Goes on training the current weights to `epochs` in all, also after the run ended; the
   * page's epoch limit (a setting of the run to replay) stays as it is.
   */
  fineTune({ epochs }) {
    pauseRun();
    if (!state.started) {
      ensureRun();
      if (epochs !== state.settings.epochs) state.model.setEpochs(epochs);
    } else {
      state.model.resumeTraining(epochs);
    }
    return {};
  },

  setView({ features, showTest, discrete, neuron }) {
    if (features) {
      state.view.features = features;
      state.points = state.data.points(features);
    }
    if (showTest !== undefined) state.view.showTest = showTest;
    if (discrete !== undefined) state.view.discrete = discrete;
    if (neuron !== undefined) state.view.neuron = neuron;
    postSnapshot();
    return {};
  },

  /** One link's weight, edited in the diagram: the running model takes it at once. */
  setWeight({ layer, input, unit, value }) {
    state.model.setWeight(layer, input, unit, value);
    postSnapshot();
    return { value: state.model.kernel(layer)[input * state.model.summary()[layer].units + unit] };
  },

  /** The page's canvases for the boundary and the diagram's links, drawn from now on here. */
  canvases({ boundary, diagram, ratio }) {
    state.paint = { boundary: new BoundaryPainter(boundary), diagram, ratio };
    return {};
  },

  evaluate({ threshold }) {
    const m = state.model.metricsData(state.data.prepared, 'test', threshold);
    if (m.roc) m.roc = thinCurve(m.roc, ROC_POINTS);
    if (m.pr) m.pr = thinCurve(m.pr, ROC_POINTS);
    return m;
  },

  /** Predictions for unscaled input rows (as in the file), through the model's scaling. */
  predict({ x }) {
    return state.model.predictRaw(x);
  },

  /**
   * Predictions for raw rows as in the file (`rows`: arrays of cells — text, numbers or
   * null — one per feature column or one per column of the file), through the model's
   * stored preprocessing; throws the engine's message for a cell it refuses.
   */
  predictRows({ rows }) {
    return state.model.predictRows(rows);
  },

  exportModel() {
    stampCard(state.model, state.data, state.settings);
    return state.model.toJSON();
  },

  exportOnnx() {
    stampCard(state.model, state.data, state.settings);
    return state.model.toOnnx();
  },

  importModel({ json }) {
    const model = state.engine.Model.fromJSON(json);
    const d = state.data;
    if (model.inputs !== d.inputs || model.outputs !== d.outputs) {
      const shape = { inputs: model.inputs, outputs: model.outputs, dataInputs: d.inputs, dataOutputs: d.outputs };
      model.free();
      throw pageError('worker.modelMismatch', shape);
    }
    try {
      // A loaded model keeps its weights; training it further uses the page's settings.
      model.compile(modelSpec(state.catalog, state.settings, d).compile);
      // A file saved without its preprocessing (e.g. by a script) gets the current data's.
      if (!model.preprocessing) model.setPreprocessing(d.prepared.preprocessing);
    } catch (e) {
      model.free();
      throw e;
    }
    pauseRun();
    replaceModel(model);
    snapshotSoon();
    const test = state.data.info.rows.test ? state.model.evaluateData(d.prepared, 'test') : null;
    return { model: modelInfo(), card: model.card ?? null, test };
  },

  /**
   * What each convolution, pooling or embedding layer makes of one input: test row `row`
   * (of the prepared test part) or a raw row `x` (a drawing's pixels): `{ maps, probabilities }`.
   */
  featureMaps({ row, x }) {
    const m = state.model;
    const { test, inputs } = state.data;
    const input = x ?? test.x.subarray(row * inputs, (row + 1) * inputs);
    const maps = x ? m.featureMapsRaw(input) : m.featureMaps(input);
    const probabilities = x ? m.predictRaw(input) : m.predict(input);
    return { maps, probabilities };
  },

  /** The words nearest `word` in the embedding (`[{ word, similarity }]`). */
  nearestWords({ word, k }) {
    return state.model.nearestWords(word, k);
  },

  dataCsv() {
    return state.data.csvText();
  },

  /** Test hook: makes the engine fail as a bug inside it would (see `lastPanic`). */
  failForTest() {
    state.engine.failForTest();
  },

  learningCurve() {
    const spec = modelSpec(state.catalog, state.settings, state.data);
    const { inputs, ...model } = spec.model;
    return state.data.prepared.learningCurve({ model, compile: spec.compile, fit: spec.fit });
  },

  crossValidate({ k }) {
    const spec = modelSpec(state.catalog, state.settings, state.data);
    const { inputs, ...model } = spec.model;
    const options = { model, compile: spec.compile, fit: spec.fit, folds: k, seed: state.settings.seed };
    return state.data.table.crossValidate(options);
  },
};

Object.assign(handlers, compressHandlers(state, postSnapshot));
Object.assign(handlers, histogramHandlers(state));

/** The most points of the ROC curve sent to the page (a big test part has one per row). */
const ROC_POINTS = 500;

/** Every k-th point of a curve, keeping its first and last, so at most `max` remain. */
function thinCurve(points, max) {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]);
}

/** A compiled model for `data`; throws (changing nothing) when the settings are invalid. */
function newModel(settings, data) {
  const spec = modelSpec(state.catalog, settings, data);
  const model = new state.engine.Model(spec.model);
  try {
    model.compile(spec.compile);
    // The data's preprocessing and class names go with the model from the start, so an
    // exported model predicts on raw rows even before it is trained.
    model.setPreprocessing(data.prepared.preprocessing);
    if (data.info.labelNames) model.setLabelNames(data.info.labelNames);
  } catch (e) {
    model.free();
    throw e;
  }
  return model;
}

function replaceModel(model) {
  if (state.model) state.model.free();
  state.model = model;
  state.started = false;
  state.samples = 0;
  state.runElapsed = 0;
  state.batchInEpoch = 0;
  state.generation += 1;
  // The diagram is laid out again for the new model: the output view shows the output.
  state.view.neuron = null;
}

function modelInfo() {
  const m = state.model;
  return { summary: m.summary(), shaped: m.shapedSummary(), parameterCount: m.parameterCount, inputs: m.inputs, outputs: m.outputs, sparsity: m.sparsity };
}

function ensureRun() {
  if (state.started) return;
  // Training warms the kernels itself: the engine's background warm-up stops competing.
  stopWarmUp();
  const { fit } = modelSpec(state.catalog, state.settings, state.data);
  // On the prepared arrays where they are, with the validation part (if any).
  state.model.startTrainingData(state.data.prepared, fit);
  state.started = true;
}

function pauseRun() {
  if (state.running) state.runElapsed = performance.now() - state.runStart;
  state.running = false;
}

/** Trains slice after slice until paused; a newer loop (after pause + start) ends this one. */
async function loop(generation) {
  let credit = 0;
  let last = performance.now();
  while (state.running && generation === state.generation) {
    const t0 = performance.now();
    let budget = state.batchesPerSlice;
    const pace = state.settings.pace;
    if (pace > 0) {
      // At most `pace` epochs per second, so that a small set's training can be watched.
      const perSecond = pace * Math.ceil(state.data.train.rows / state.settings.batchSize);
      credit = Math.min(credit + ((t0 - last) / 1000) * perSecond, Math.max(1, perSecond / 10));
      last = t0;
      budget = Math.min(budget, Math.floor(credit));
      if (budget < 1) {
        await new Promise((resolve) => setTimeout(resolve, 16));
        continue;
      }
    }
    let result;
    try {
      result = trainSlice(budget);
      credit -= result.batches;
    } catch (e) {
      state.running = false;
      if (!engineFailed(e)) post({ type: 'error', message: e.message, during: 'training' });
      return;
    }
    const spent = performance.now() - t0;
    // Aim each slice at SLICE_MS of work so that commands are never kept waiting long.
    const perBatch = spent / Math.max(1, result.batches);
    if (result.batches > 0) state.batchesPerSlice = Math.max(1, Math.min(10000, Math.round(SLICE_MS / Math.max(perBatch, 1e-3))));
    state.samples += result.batches * state.settings.batchSize;
    if (result.finished) pauseRun();
    report(result.epochs, result.finished, result.finished || performance.now() - state.lastSnapshot > SNAPSHOT_MS);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * Trains up to `budget` mini-batches, stopping at every epoch's end to measure the test
 * part with that epoch's weights. Returns `{ batches, epochs (with test figures), finished }`.
 */
function trainSlice(budget) {
  const perEpoch = Math.ceil(state.data.train.rows / state.settings.batchSize);
  const out = { batches: 0, epochs: [], finished: false };
  while (out.batches < budget && !out.finished) {
    const n = Math.min(budget - out.batches, perEpoch - state.batchInEpoch);
    const r = state.model.trainBatches(n);
    out.batches += r.batches;
    state.batchInEpoch = (state.batchInEpoch + r.batches) % perEpoch;
    for (const log of r.epochs) out.epochs.push(withTestFigures(log));
    out.finished = r.finished;
    if (r.batches === 0) break;
  }
  return out;
}

/** An epoch's log with the test part's loss and accuracy under the current weights. */
function withTestFigures(log) {
  const e = state.model.evaluateData(state.data.prepared, 'test');
  return { ...log, testLoss: e.loss, testAccuracy: e.accuracy ?? null };
}

/** Posts the epochs just finished and a snapshot when it is time. */
function report(logs, finished, withSnapshot) {
  const elapsed = state.running ? performance.now() - state.runStart : state.runElapsed;
  post({
    type: 'progress',
    epoch: state.model.epoch,
    // Where the current epoch is, for long epochs (a big file, a wide network).
    batch: state.batchInEpoch,
    batches: Math.ceil(state.data.train.rows / state.settings.batchSize),
    epochs: state.settings.epochs,
    logs,
    samplesPerSecond: elapsed > 0 ? (state.samples * 1000) / elapsed : 0,
    running: state.running,
    finished,
  });
  if (withSnapshot) postSnapshot();
  if (finished) {
    const history = state.model.history();
    post({ type: 'trained', epoch: state.model.epoch, stopped: history.stopped ?? null, metrics: handlers.evaluate({ threshold: 0.5 }) });
  }
}

/**
 * The new model's pictures just after the reply to the command that made it, so the page
 * can lay the model out (and say it is ready) first.
 */
function snapshotSoon() {
  setTimeout(() => {
    if (state.model) postSnapshot();
  }, 0);
}

/** Paints the pictures and posts what the page shows besides them. */
function postSnapshot() {
  state.lastSnapshot = performance.now();
  const snap = snapshot(state.model, state.data, state.view);
  const m = snap.message;
  if (state.paint) {
    const { task } = state.data;
    if (m.boundary) state.paint.boundary.paint({ boundary: m.boundary, points: state.points, task, showTest: state.view.showTest, discrete: state.view.discrete });
    // The dense layers' inputs: the data's, or what the shaped layers give them.
    const first = m.weights[0];
    const sizes = [first.kernel.length / first.bias.length, ...m.weights.map((w) => w.bias.length)];
    paintDiagram(state.paint.diagram, diagramLayout(sizes), state.paint.ratio, m.weights, m.neurons, m.neuronRes);
  }
  post({ type: 'snapshot', weights: m.weights, regression: m.regression, digits: m.digits }, snap.transfer);
}

/**
 * Whether `e` is the engine stopping on an internal error (a WebAssembly trap): then the
 * module cannot be trusted again, so the worker reports it once, with the engine's own
 * message, and refuses every later command.
 */
function engineFailed(e) {
  if (!(e instanceof WebAssembly.RuntimeError)) return false;
  if (!state.broken) {
    state.running = false;
    const panic = state.engine?.lastPanic?.();
    state.brokenI18n = panic ? undefined : { key: 'worker.internalError', params: { message: e.message } };
    state.broken = panic ?? t('worker.internalError', { message: e.message }, 'en');
    post({ type: 'error', message: state.broken, during: 'engine', i18n: state.brokenI18n });
  }
  return true;
}

/** Handles one command of the page and posts its reply. */
async function receive({ data: { id, type, ...args } }) {
  try {
    if (state.broken) throw new Error(state.broken);
    if (!state.engine) await starting;
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown command "${type}"`);
    if (!state.data && type !== 'setData' && type !== 'canvases') throw new Error('no data loaded yet');
    const result = await handler(args);
    post({ type: 'reply', id, result });
  } catch (e) {
    engineFailed(e);
    post({ type: 'reply', id, error: state.broken ?? e?.message ?? String(e), recover: e?.recover, i18n: state.broken ? state.brokenI18n : e?.i18n });
  }
}

let starting = null;

/**
 * Takes over from training-worker.js: `engine` is the engine's loading promise, `queued`
 * the commands that arrived meanwhile.
 */
export function start(engine, queued) {
  starting = engine.then(
    (mod) => {
      state.engine = mod;
      state.catalog = mod.catalog();
      post({ type: 'ready', catalog: state.catalog });
    },
    (e) => post({ type: 'error', message: t('worker.engineNotLoaded', { message: e.message }, 'en'), during: 'load', i18n: { key: 'worker.engineNotLoaded', params: { message: e.message } } }),
  );
  self.onmessage = receive;
  for (const e of queued) receive(e);
}
