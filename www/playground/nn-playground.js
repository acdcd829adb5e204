// <nn-playground>: the whole playground as one custom element. Attributes give the starting
// settings (see state.js) and which panels show; the element emits `epoch`, `trained` and
// `error` events. Training runs in the element's own worker, so several elements train
// independently on one page.
import { buildLayout, listAttribute } from './layout.js';
import { ALL_PANELS, TRANSFORM_LABEL, defaults, fromAttributes, fromHash, hashHasSettings, toHash } from './state.js';
import { WorkerClient } from './worker-client.js';
import { networkPanel, trainingPanel } from './controls.js';
import { columnChoices, dataPanel } from './data-panel.js';
import { download, sharePanel } from './share-panel.js';
import { MAX_SAVED_CSV_BYTES, SessionStore } from './storage.js';
import { FrameScheduler } from './frame-scheduler.js';

/** Settings whose change means new data; the rest rebuild the model, except the live ones. */
const DATA_KEYS = new Set(['dataset', 'noise', 'testRatio', 'valRatio', 'transforms', 'scaling', 'missing', 'seed']);
const LIVE_KEYS = new Set(['learningRate', 'epochs', 'pace']);
const TRANSPORT = ['play', 'step', 'reset'];
/** Least time between two redraws while training: counters and figures, pictures, curves. */
const FIGURES_MS = 100;
const PICTURES_MS = 100;
const CHARTS_MS = 250;

export class NnPlayground extends HTMLElement {
  connectedCallback() {
    if (this.client) return;
    const saved = this.hasAttribute('autosave') ? new SessionStore(this.getAttribute('autosave') || 'playground') : null;
    this.store = saved;
    const session = saved?.load() ?? null;
    let settings = fromAttributes(this, defaults());
    const useHash = this.hasAttribute('hash') && hashHasSettings(location.hash);
    if (useHash) settings = fromHash(location.hash, settings);
    else if (session?.settings) settings = { ...settings, ...session.settings };
    this.settings = settings;
    this.csv = session?.csv && settings.dataset === 'csv' ? session.csv : null;
    this.info = null;
    this.dataError = null;
    this.running = false;
    this.finished = false;
    this.history = [];
    this.epoch = 0;
    this.frames = new FrameScheduler();
    this.queue = Promise.resolve(true);
    this.render();
    this.client = new WorkerClient({
      progress: (m) => this.onProgress(m),
      snapshot: (m) => this.onSnapshot(m),
      trained: (m) => this.onTrained(m),
      error: (m) => {
        if (m.during === 'training') {
          this.running = false;
          this.setPlayLabel();
        }
        this.fail(m.message, m.during);
      },
    });
    if (this.hasAttribute('hash')) {
      // A link pasted into the address bar of an open page changes only the hash.
      this.onHashChange = () => {
        if (!hashHasSettings(location.hash)) return;
        this.ready = this.ready.then(() => this.update(fromHash(location.hash, defaults()), { rerender: true }));
      };
      window.addEventListener('hashchange', this.onHashChange);
    }
    // The worker paints the boundary and the diagram's links straight onto these canvases.
    const boundary = this.watch.canvas.transferControlToOffscreen();
    const links = this.diagram.canvas.transferControlToOffscreen();
    this.client.call('canvases', { boundary, diagram: links, ratio: window.devicePixelRatio || 1 }, [boundary, links])
      .catch((e) => this.fail(e.message));
    const restore = session?.model && JSON.stringify(session.settings) === JSON.stringify(this.settings) ? session : null;
    this.ready = this.loadData(this.settings).then(async (ok) => {
      if (ok && restore) await this.restoreModel(restore.model, restore.history);
      if (!ok && this.settings.dataset === 'csv') await this.update({ dataset: defaults().dataset }, { rerender: true });
      if (this.info && !restore) this.status('Ready. Press Play to train.');
    });
  }

  disconnectedCallback() {
    queueMicrotask(() => {
      if (!this.isConnected && this.client) {
        this.client.terminate();
        this.client = null;
        this.frames.cancelAll();
        if (this.onHashChange) window.removeEventListener('hashchange', this.onHashChange);
      }
    });
  }

  render() {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const { nodes, parts } = buildLayout({
      panels: listAttribute(this, 'panels', ALL_PANELS),
      controls: listAttribute(this, 'controls', TRANSPORT),
      toggle: () => this.toggle(),
      step: () => this.step(),
      reset: () => this.reset(),
      setView: (view) => this.setView(view),
      call: (type, args) => this.client.call(type, args),
      labelNames: () => this.info?.labelNames,
    });
    Object.assign(this, parts);
    root.replaceChildren(...nodes);
    this.renderPanels();
  }

  /** Rebuilds the setting panels from the current settings and data. */
  renderPanels() {
    const el = this;
    const ctx = {
      // Read when used, so a panel that was not rebuilt still sees the current state.
      get settings() { return el.settings; },
      get info() { return el.info; },
      get csv() { return el.csv; },
      get error() { return el.dataError; },
      update: (patch, opts) => this.update(patch, opts),
      loadFile: (file) => this.loadFile(file),
      setCsvOptions: (change) => this.setCsvOptions(change),
      link: () => `${location.href.split('#')[0]}${toHash(this.settings)}`,
      exportModel: () => this.exportModel().then((json) => download(`nnplay-${this.settings.dataset}.json`, json)),
      importModel: (file) => file.text().then((json) => this.importModel(json)).catch((e) => this.fail(e.message)),
      downloadData: () => this.client.call('dataCsv').then((csv) => download(`${this.settings.dataset}.csv`, csv, 'text/csv')),
      status: (text) => this.status(text),
    };
    const s = this.settings;
    const info = this.info;
    // A panel is rebuilt only when what it shows changed: fewer new nodes, shorter layouts.
    this.renderPanel(this.dataBox, [s, info && [info.name, info.rows, info.schema, info.preview?.rowNumbers], this.csv?.fileName, this.csv?.options, this.dataError], () => dataPanel(ctx));
    this.renderPanel(this.networkBox, [s.layers, s.outputActivation, s.loss, info?.task, info?.classes], () => networkPanel(ctx));
    this.renderPanel(this.trainingBox, [s], () => trainingPanel(ctx));
    this.renderPanel(this.shareBox, [info?.isToy], () => sharePanel(ctx));
    this.shareBox.firstChild?.refresh();
  }

  renderPanel(box, shows, build) {
    const key = JSON.stringify(shows);
    if (box.shows === key) return;
    box.shows = key;
    box.replaceChildren(build());
  }

  status(text) {
    this.statusOut.textContent = text;
  }

  /**
   * Runs changes one after another (a later change never races an earlier one, and a
   * failed change rolls back only itself); commands wait for the changes before them.
   */
  enqueue(job) {
    this.queue = this.queue.then(job);
    return this.queue;
  }

  /** Applies a settings change: new data, a new model, or a live change to the running one. */
  update(patch, options) {
    return this.enqueue(() => this.applyUpdate(patch, options));
  }

  async applyUpdate(patch, { rerender = false } = {}) {
    const previous = this.settings;
    const next = { ...previous, ...patch };
    const keys = Object.keys(patch).filter((k) => JSON.stringify(previous[k]) !== JSON.stringify(next[k]));
    if (keys.length === 0) return true;
    this.settings = next;
    let ok = true;
    if (keys.some((k) => DATA_KEYS.has(k))) {
      ok = await this.loadData(next);
    } else if (keys.every((k) => LIVE_KEYS.has(k))) {
      try {
        if (patch.learningRate !== undefined) await this.client.call('setLearningRate', { value: next.learningRate });
        if (patch.epochs !== undefined) await this.client.call('setEpochs', { value: next.epochs });
        if (patch.epochs !== undefined) this.finished = false;
        if (patch.pace !== undefined) await this.client.call('setPace', { value: next.pace });
      } catch (e) {
        ok = this.fail(e.message);
      }
    } else {
      ok = await this.rebuild(next);
    }
    if (!ok) this.settings = previous;
    this.persist();
    if (rerender || !ok) this.renderPanels();
    return ok;
  }

  /** Loads data for `settings`; on failure shows the error and keeps the previous state. */
  async loadData(settings, csv = this.csv) {
    const source = settings.dataset === 'csv' && csv
      ? { kind: 'csv', file: csv.file ?? null, text: csv.file ? null : csv.text, fileName: csv.fileName, options: csv.options }
      : { kind: 'builtin', name: settings.dataset };
    try {
      this.status('Loading data…');
      const result = await this.client.call('setData', { source, settings });
      this.info = result.info;
      this.dataError = null;
      this.afterNewModel(result.model);
      this.watch.setData(result.info);
      this.status(`Loaded ${result.info.name}.`);
      this.renderPanels();
      return true;
    } catch (e) {
      this.dataError = e.message;
      this.fail(e.message, 'data');
      this.renderPanels();
      return false;
    }
  }

  loadFile(file) {
    return this.enqueue(() => this.applyFile(file));
  }

  async applyFile(file) {
    // The worker reads the file itself (a File crosses to it without a copy); only a file
    // small enough to autosave is also read here.
    const text = file.size <= MAX_SAVED_CSV_BYTES ? await file.text() : null;
    const csv = { file, text, fileName: file.name, options: {} };
    const ok = await this.loadData({ ...this.settings, dataset: 'csv' }, csv);
    if (ok) {
      this.csv = csv;
      this.settings = { ...this.settings, dataset: 'csv' };
      this.persist();
      this.renderPanels();
    }
  }

  /**
   * A change in the column choices (see `columnChoices`): the file is read again; a choice
   * the data cannot take shows its error and keeps the previous state.
   */
  setCsvOptions(change) {
    return this.enqueue(() => this.applyCsvOptions(change));
  }

  async applyCsvOptions(change) {
    let options;
    try {
      options = columnChoices(this.csv.options, change);
    } catch (e) {
      this.fail(e.message);
      this.renderPanels();
      return;
    }
    const csv = { ...this.csv, options };
    if (await this.loadData(this.settings, csv)) {
      this.csv = csv;
      this.persist();
    }
  }

  async rebuild(settings) {
    try {
      const { model } = await this.client.call('rebuild', { settings });
      this.afterNewModel(model);
      return true;
    } catch (e) {
      return this.fail(e.message);
    }
  }

  /** A fresh (or imported) model: clear the run's traces. */
  afterNewModel(model, history = []) {
    this.running = false;
    this.finished = false;
    this.lastTrained = null;
    this.history = [];
    this.epoch = 0;
    this.epochOut.textContent = '0';
    this.speedOut.textContent = '–';
    this.setPlayLabel();
    this.model = model;
    const names = this.info.isToy ? this.info.featureNames.map((n) => TRANSFORM_LABEL[n] ?? n) : this.info.featureNames;
    this.diagram.setStructure(names, model.summary);
    // The worker posts the new model's snapshot before its reply: draw it (again) now.
    if (this.lastSnapshot) this.onSnapshot(this.lastSnapshot);
    if (this.watch.info) this.watch.resetCurves();
    for (const log of history) this.recordEpoch(log, false);
    if (history.length) {
      this.frames.request('charts', () => this.watch.drawCharts(), 0);
      this.watch.renderReadout();
    }
    this.evaluation.clear();
  }

  setPlayLabel() {
    this.playButton.textContent = this.running ? 'Pause' : this.finished ? 'Restart' : 'Play';
    this.playButton.setAttribute('aria-pressed', String(this.running));
  }

  async toggle() {
    if (this.running) return this.pause();
    if (this.finished) await this.reset();
    return this.start();
  }

  async start() {
    await this.ready;
    await this.queue;
    this.running = true;
    this.setPlayLabel();
    this.status('Training…');
    await this.client.call('start');
  }

  async pause() {
    this.running = false;
    this.setPlayLabel();
    await this.client.call('pause');
    this.status(`Paused at epoch ${this.epoch}.`);
    this.afterTraining();
  }

  async step() {
    await this.ready;
    await this.queue;
    this.running = false;
    this.setPlayLabel();
    await this.client.call('step');
    this.afterTraining();
  }

  async reset() {
    await this.ready;
    await this.queue;
    const { model } = await this.client.call('reset');
    this.afterNewModel(model);
    this.status('Reset: new weights from the same seed.');
  }

  setView(view) {
    this.client.call('setView', view).catch((e) => this.fail(e.message));
  }

  onProgress(m) {
    for (const log of m.logs) this.recordEpoch(log, true);
    this.epoch = m.epoch;
    if (!m.running && this.running && !m.finished) this.running = false;
    this.frames.request('figures', () => this.drawFigures(m), FIGURES_MS);
    this.frames.request('charts', () => this.watch.drawCharts(), CHARTS_MS);
  }

  drawFigures(m) {
    this.epochOut.textContent = m.epoch.toLocaleString('en-US');
    this.speedOut.textContent = Math.round(m.samplesPerSecond).toLocaleString('en-US');
    this.watch.renderReadout();
  }

  recordEpoch(log, announce) {
    this.history.push(log);
    this.watch.pushEpoch(log);
    if (announce) this.dispatchEvent(new CustomEvent('epoch', { detail: log }));
  }

  onSnapshot(m) {
    this.lastSnapshot = m;
    // The boundary and the diagram's links are painted by the worker; here only what the
    // page draws itself.
    this.frames.request('pictures', () => {
      this.diagram.setWeights(m.weights);
      if (m.regression) this.watch.setRegression(m.regression);
      if (m.digits) this.watch.digits.setPredictions(m.digits);
    }, PICTURES_MS);
  }

  onTrained(m) {
    // Show the final figures at once; the curves follow in the next frame.
    this.frames.flush('figures');
    this.frames.request('charts', () => this.watch.drawCharts(), 0);
    this.running = false;
    this.finished = true;
    this.setPlayLabel();
    const early = m.stopped?.early_stopped;
    this.status(early
      ? `Early stopping after ${m.epoch} epochs: no improvement since epoch ${early.best_epoch}${this.settings.earlyStopping ? ', whose weights are kept' : ''}.`
      : `Finished after ${m.epoch} epochs.`);
    this.frames.request('evaluation', () => this.evaluation.show(m.metrics), 0);
    this.persist();
    this.lastTrained = { epoch: m.epoch, stopped: m.stopped, metrics: m.metrics, history: this.history };
    this.dispatchEvent(new CustomEvent('trained', { detail: this.lastTrained }));
  }

  afterTraining() {
    this.evaluation.refresh();
    this.persist();
  }

  /** Shows an error in the status line and emits an `error` event; returns false. */
  fail(message, during = 'settings') {
    this.status(`Error: ${message}`);
    this.dispatchEvent(new CustomEvent('error', { detail: { message, during } }));
    return false;
  }

  /** Saves the session (settings, model, upload) when the element autosaves. */
  persist() {
    if (this.hasAttribute('hash')) history.replaceState(null, '', toHash(this.settings));
    if (!this.store) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(async () => {
      const model = this.history.length && !this.running ? await this.exportModel().catch(() => null) : null;
      const csv = this.csv?.text ? { text: this.csv.text, fileName: this.csv.fileName, options: this.csv.options } : null;
      this.store.save({ settings: this.settings, model, csv, history: model ? this.history : null });
    }, 300);
  }

  async restoreModel(json, history) {
    try {
      const { model } = await this.client.call('importModel', { json });
      this.afterNewModel(model, history ?? []);
      this.epochOut.textContent = String(this.history.at(-1)?.epoch ?? 0);
      this.status('Restored the saved session.');
      this.evaluation.refresh();
    } catch (e) {
      this.fail(`the saved model could not be restored: ${e.message}`);
    }
  }

  // The element's script API, for tutorials and tests.

  /** The trained model as JSON text. */
  exportModel() {
    return this.client.call('exportModel');
  }

  /** Replaces the model with one saved by `exportModel` (it must fit the current data). */
  async importModel(json) {
    await this.ready;
    await this.queue;
    try {
      const { model } = await this.client.call('importModel', { json });
      this.afterNewModel(model);
      this.status('Imported the model.');
      this.evaluation.refresh();
      return true;
    } catch (e) {
      return this.fail(e.message, 'import');
    }
  }

  /** The model's outputs for raw input rows (`Float32Array`, rows × inputs). */
  async predict(x) {
    await this.ready;
    return this.client.call('predict', { x });
  }
}

if (!customElements.get('nn-playground')) customElements.define('nn-playground', NnPlayground);
