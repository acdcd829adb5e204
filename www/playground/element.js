// The <nn-playground> element (defined by nn-playground.js): the whole playground as one
// custom element. Attributes give the
// settings (settings.js) and which panels show — when the element starts and whenever they
// change later — and the element emits `epoch`, `trained` and `error` events. Training runs
// in the element's own worker, so several elements train independently on one page.
//
// This file wires the parts together: the view (view.js), the settings and data
// (controller.js), the run (run.js), the URL hash and autosave (session.js) and the worker
// (worker-client.js).
import { ALL_CONTROLS, ALL_PANELS, SETTING_ATTRIBUTES, attributeSettings, fromAttributes, parseSetting, settingOfAttr, suggestionNote, withActivation, withDefaultNetwork, describeSettings, defaults } from './settings.js';
import { listAttribute } from './layout.js';
import { PlaygroundView } from './view.js';
import { Controller } from './controller.js';
import { Run } from './run.js';
import { Session } from './session.js';
import { WorkerClient } from './worker-client.js';
import { msg } from './i18n/i18n.js';
import { checkAnnotations } from './annotations.js';
import { GoalTracker, PLAYGROUND_VOCABULARY, parseGoals, playgroundFacts } from './goals.js';

/** Worker commands the page's buttons send, and the goal event each one's answer raises. */
const CALL_EVENTS = {
  crossValidate: 'cross-validated', learningCurve: 'learning-curve', prune: 'pruned', quantize: 'quantised',
  distill: 'distilled', predict: 'drew-digit', predictRows: 'tried',
};

export class NnPlayground extends HTMLElement {
  static get observedAttributes() {
    return [...SETTING_ATTRIBUTES, 'panels', 'controls', 'hash', 'autosave', 'goals', 'locked'];
  }

  connectedCallback() {
    if (this.controller) return;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    this.session = new Session(this);
    const start = this.session.initial(fromAttributes(this, defaults()));
    const c = new Controller(this.host(), start.settings, start.csv);
    c.run = new Run(c);
    this.controller = c;
    const run = c.run;
    this.readGoals();
    this.view = new PlaygroundView(root, {
      toggle: () => run.toggle(),
      step: () => run.step(),
      reset: () => run.reset(),
      fineTune: (epochs) => run.fineTune(epochs),
      useModel: (json) => run.useStudent(json),
      setView: (view) => c.call('setView', view).catch((e) => c.fail(e.message)),
      call: (type, args) => c.call(type, args).then((r) => {
        this.observeCall(type, r);
        return r;
      }),
      labelNames: () => c.info?.labelNames,
      // Names this playground's landmarks apart from the others' on the page.
      label: this.getAttribute('label'),
    });
    this.showParts();
    this.lockControls();
    if (this.pendingAnnotations) this.annotations = this.pendingAnnotations;
    this.session.onSaveFailed = (message) => this.view.status(message);
    this.watchHash();
    this.ready = this.startEngine(start.restore, true);
  }

  disconnectedCallback() {
    queueMicrotask(() => {
      if (this.isConnected || !this.controller) return;
      this.worker?.terminate();
      this.worker = null;
      this.view.stop();
      this.session.stop();
      this.controller = null;
    });
  }

  attributeChangedCallback(name, old, value) {
    const c = this.controller;
    if (!c || old === value) return;
    if (name === 'panels' || name === 'controls') {
      this.showParts();
    } else if (name === 'goals') {
      this.readGoals();
    } else if (name === 'locked') {
      this.lockControls();
      c.renderPanels();
    } else if (name === 'hash' || name === 'autosave') {
      this.session.configure();
      this.watchHash();
    } else if (name === 'activation') {
      c.update({ layers: withActivation(c.settings, value).layers });
    } else {
      const setting = settingOfAttr(name);
      const v = value === null ? defaults()[setting] : parseSetting(setting, value);
      // A new data set brings its suggested settings, except those the attributes give.
      if (v !== undefined) c.update(setting === 'dataset' ? { ...attributeSettings(this), dataset: v } : { [setting]: v });
      else c.fail(msg('element.badAttribute', { name, value }));
    }
  }

  /** What the controller needs of the element. */
  host() {
    const el = this;
    return {
      get view() { return el.view; },
      get session() { return el.session; },
      get ready() { return el.ready; },
      client: () => el.worker,
      emit: (type, detail) => {
        el.observe(type, detail);
        el.dispatchEvent(new CustomEvent(type, { detail }));
      },
      observe: (event) => el.report({ events: [event] }),
      link: () => el.session.link(el.controller.settings, el.controller.csv),
      startFresh: () => el.startFresh(),
      label: el.getAttribute('label'),
    };
  }

  /** A link pasted into the address bar: its settings over its data set's defaults. */
  watchHash() {
    const c = this.controller;
    this.session.watchHash((settings) => c.update(settings), (dataset) => defaults(c.catalog, dataset));
  }

  /**
   * Forgets the autosaved session and the upload, and starts over on the default settings
   * with a new model.
   */
  async startFresh() {
    const c = this.controller;
    await c.run.settled();
    this.session.forget();
    c.csv = null;
    const start = fromAttributes(this, defaults(c.catalog, defaults().dataset));
    if (await c.update(start)) await c.run.reset();
    c.renderPanels();
    this.view.status(msg('element.startedFresh'));
  }

  /** The `locked` attribute: settings (kebab-case) whose controls are disabled. */
  lockControls() {
    const names = [...listAttribute(this, 'locked', [])].filter(Boolean);
    const unknown = names.filter((n) => !settingOfAttr(n));
    if (unknown.length) this.controller.fail(msg('element.badLocked', { value: this.getAttribute('locked'), names: unknown.join(', ') }));
    this.view.lock(names.filter((n) => settingOfAttr(n)));
  }

  showParts() {
    this.view.show(listAttribute(this, 'panels', ALL_PANELS), listAttribute(this, 'controls', ALL_CONTROLS));
  }

  /**
   * Starts a worker and loads the data (and a restored model). Run again after the engine
   * stopped on an internal error: a fresh engine, the same settings, a new model.
   */
  async startEngine(restore = null, starting = false) {
    const c = this.controller;
    const run = c.run;
    this.worker?.terminate();
    this.worker = new WorkerClient({
      progress: (m) => run.onProgress(m),
      distillProgress: (m) => this.view.compress.distillProgress(m),
      snapshot: (m) => this.view.snapshot(m),
      loading: (m) => c.loading(m),
      trained: (m) => run.onTrained(m),
      error: (m) => {
        run.onError(m);
        if (m.during === 'engine') this.ready = this.startEngine().then(() => this.view.status(msg('element.engineRestarted', { message: m.message }), true));
      },
    });
    try {
      c.catalog = await this.worker.ready;
    } catch (e) {
      c.fail(e.message, 'load');
      return;
    }
    this.view.compress.setDefaults(c.catalog.defaults.distill);
    // The worker paints the boundary and the diagram's links straight onto these canvases.
    const { boundary, diagram } = this.view.canvases();
    // Not awaited: the worker takes them before the data that follows.
    c.call('canvases', { boundary, diagram, ratio: window.devicePixelRatio || 1 }, [boundary, diagram]).catch((e) => c.fail(e.message));
    // The starting set's own defaults (a built-in table's suggested settings) under what
    // the attributes, the link and the saved session give, now that the catalog is known.
    if (starting) c.settings = this.session.initial(fromAttributes(this, defaults(c.catalog, c.settings.dataset))).settings;
    c.renderPanels();
    // A large upload is kept in IndexedDB: read back before the data loads; a link may
    // carry its (small) files packed.
    if (c.csv?.stored) c.csv = await this.session.restoreFiles(c.csv);
    if (c.csv?.packed) c.csv = await this.session.unpackFiles(c.csv).catch(() => null);
    // A link made after an upload it does not hold: its other settings are kept for when
    // the file is given; meanwhile the default set shows.
    const missing = c.settings.dataset === 'csv' && !c.csv ? (this.session.missingFile ?? msg('element.anUploadedFile')) : null;
    if (missing) c.settings = { ...c.settings, dataset: defaults().dataset };
    let ok = await c.enqueue(() => c.loadData(c.settings));
    // The data loads but the link's network cannot be built on it (say, more poolings than
    // the image has pixels): the data set's default network instead, and the status says
    // what was refused and why, so the editor is there to try again.
    let networkNote = null;
    if (!ok && c.lastFailure?.recover === 'model') {
      const refused = c.settings;
      const why = c.lastFailure.message;
      const { settings, keys } = withDefaultNetwork(c.catalog, refused);
      if (keys.length && (ok = await c.enqueue(() => c.loadData(settings)))) {
        c.settings = settings;
        c.persist();
        c.renderPanels();
        networkNote = msg('element.networkRefused', { settings: describeSettings(refused, keys) || keys.join(', '), message: why.replace(/[.。]\s*$/, '') });
      }
    }
    if (ok && restore) await run.importModel(restore.model, { history: restore.history ?? [], restored: true });
    else if (!ok && (missing || c.settings.dataset === 'csv')) await c.update(missing ? defaults(c.catalog, defaults().dataset) : { dataset: defaults().dataset });
    const note = starting ? suggestionNote(c.catalog, c.settings) : null;
    if (networkNote) this.view.status(networkNote);
    else if (missing && c.info) this.view.status(msg('element.fileMissing', { file: missing, name: c.info.name }));
    else if (c.info && !restore) this.view.status(note ? msg('element.readyNote', { note }) : msg('element.ready'));
  }

  // The element's script API, for tutorials and tests.

  /** The current settings (see settings.js). */
  get settings() {
    return this.controller?.settings;
  }

  /** The loaded data's description. */
  get info() {
    return this.controller?.info;
  }

  /** The logs of the current run's epochs. */
  get history() {
    return this.controller?.run.history;
  }

  get epoch() {
    return this.controller?.run.epoch ?? 0;
  }

  /** Whether the current run has ended. */
  get finished() {
    return this.controller?.run.finished ?? false;
  }

  /** The detail of the last `trained` event of the current model, or null. */
  get lastTrained() {
    return this.controller?.run.lastTrained ?? null;
  }

  /** Resolves when the changes made so far have been applied. */
  get queue() {
    return this.controller?.queue;
  }

  /** Changes settings as the controls do; resolves with whether they were taken. */
  update(patch) {
    return this.controller.update(patch);
  }

  start() {
    return this.controller.run.start();
  }

  pause() {
    return this.controller.run.pause();
  }

  step() {
    return this.controller.run.step();
  }

  reset() {
    return this.controller.run.reset();
  }

  /** The trained model as JSON text. */
  exportModel() {
    return this.controller.run.exportModel();
  }

  /**
   * The trained model as an ONNX file (`Uint8Array`, opset 13): the stored scaling as graph
   * nodes, input `features` (raw, rows × inputs), output `probabilities` or `predictions`.
   */
  exportOnnx() {
    return this.controller.run.exportOnnx();
  }

  /** Replaces the model with one saved by `exportModel` (it must fit the current data). */
  importModel(json) {
    return this.controller.run.importModel(json);
  }

  /** The model's outputs for raw input rows (`Float32Array`, rows × inputs). */
  async predict(x) {
    await this.ready;
    return this.controller.call('predict', { x });
  }

  // Goals: set by the `goals` attribute or property, checked on every report.

  /** Reads the `goals` attribute (one a line or `;`-separated); a bad goal is an error. */
  readGoals(text = this.getAttribute('goals')) {
    let goals = [];
    try {
      goals = parseGoals(text, PLAYGROUND_VOCABULARY);
    } catch (e) {
      this.controller?.fail(msg('element.badGoals', { message: e.message }), 'settings');
    }
    const before = this.goalTracker?.met;
    this.goalTracker = new GoalTracker(goals, (goal, record) => this.dispatchEvent(new CustomEvent('goal', {
      detail: { id: goal.id, text: goal.text, metric: goal.condition.metric ?? null, event: goal.condition.event ?? null, ...record },
    })));
    // A goal met before keeps its tick when the list is given again.
    for (const g of goals) if (before?.has(g.id)) this.goalTracker.met.set(g.id, before.get(g.id));
  }

  /** The goals as text lines (`id: goal`); set it with text or an array of lines. */
  get goals() {
    return this.goalTracker?.goals.map((g) => `${g.id}: ${g.text}`) ?? [];
  }

  set goals(value) {
    this.readGoals(Array.isArray(value) ? value.join('\n') : value);
  }

  /** `[{ id, text, met, epoch, value, settings }]`: each goal and when it was met. */
  get goalStatus() {
    return this.goalTracker?.status() ?? [];
  }

  /**
   * Notes on the network diagram and the charts (see annotations.js):
   * `[{ target: 'neuron', layer, unit, text }, { target: 'input', unit, text },
   * { target: 'loss-chart' | 'accuracy-chart', epoch, text }]`; kept across new models.
   * A bad list is refused with an Error naming the note and the key.
   */
  get annotations() {
    return this.view?.annotations ?? [];
  }

  set annotations(list) {
    checkAnnotations(list ?? []);
    if (!this.view) {
      this.pendingAnnotations = list;
      return;
    }
    const missing = this.view.annotate(checkAnnotations(list ?? []));
    if (missing.length) this.view.status(msg('element.notesMissing', { notes: missing.join('; ') }));
  }

  /** One report to the goals: metrics, events, and the settings of the run that made it. */
  report({ metrics = {}, events = [], epoch = this.epoch, facts = {} }) {
    const settings = this.controller?.settings;
    if (!settings || !this.goalTracker?.goals.length) return;
    // `epoch` (the epoch reached) beside the settings: `with epoch >= 300` asks for a run that long.
    this.goalTracker.observe({ metrics, events, epoch, settings: structuredClone(settings), facts: { ...playgroundFacts(settings), epoch, ...facts } });
  }

  /** What the element's own events say to the goals. */
  observe(type, detail) {
    if (type === 'epoch') {
      const l = detail;
      this.report({
        epoch: l.epoch,
        metrics: { loss: l.loss, accuracy: l.accuracy, 'val-loss': l.valLoss, 'val-accuracy': l.valAccuracy, 'test-loss': l.testLoss, 'test-accuracy': l.testAccuracy, epoch: l.epoch },
      });
    } else if (type === 'trained') {
      const early = detail.stopped?.earlyStopped;
      this.report({
        epoch: detail.epoch,
        events: ['trained', ...(early ? ['early-stopped'] : [])],
        metrics: { ...evaluationMetrics(detail.metrics), epoch: detail.epoch, ...(early ? { 'best-epoch': early.bestEpoch } : {}) },
      });
    } else if (type === 'error' && detail.during === 'training' && /^training diverged/.test(detail.message)) {
      this.report({ events: ['diverged'] });
    }
  }

  /** The answer to a worker command a button sent: the event it raises, the metrics it holds. */
  observeCall(type, result) {
    if (CALL_EVENTS[type]) this.report({ events: [CALL_EVENTS[type]] });
    if (type === 'evaluate' && result) this.report({ metrics: evaluationMetrics(result), facts: { threshold: result.threshold } });
  }

  /**
   * Trains `epochs` more epochs from where the model is (the epoch limit setting stays as it
   * is); resolves with the `trained` detail when they are done (or early stopping ends the
   * run), rejects when training fails.
   */
  async train(epochs) {
    if (!(Number.isInteger(epochs) && epochs >= 1)) throw new Error(`train(epochs) takes a whole number of epochs of at least 1, not ${epochs}`);
    const run = this.controller.run;
    await run.settled();
    const ended = new Promise((resolve, reject) => {
      const done = (e) => {
        this.removeEventListener('trained', done);
        this.removeEventListener('error', failed);
        if (e.type === 'trained') resolve(e.detail);
        else reject(new Error(e.detail.message));
      };
      const failed = (e) => {
        if (e.detail.during === 'training' || e.detail.during === 'engine') done(e);
      };
      this.addEventListener('trained', done);
      this.addEventListener('error', failed);
    });
    await run.fineTune(epochs, 'training');
    return ended;
  }
}

/** The evaluation's figures (a `metricsData` answer) under the goals' metric names. */
function evaluationMetrics(m) {
  if (!m) return {};
  return {
    'test-accuracy': m.accuracy,
    'test-precision': m.precision ?? m.macro?.precision,
    'test-recall': m.recall ?? m.macro?.recall,
    'test-f1': m.f1 ?? m.macro?.f1,
    'test-auc': m.rocAuc,
    'test-average-precision': m.averagePrecision,
    'test-r2': m.r2,
    'test-rmse': m.rmse,
    'test-mae': m.mae,
    ...(m.loss != null ? { 'test-loss': m.loss } : {}),
  };
}
