// A training run as the page sees it: play, pause, step, reset, model import and export,
// live changes to the running model, and the worker's reports (progress, snapshots, the
// end of a run), which become the view's counters, curves and events.
import { download } from './share-panel.js';
import { standalonePage } from './standalone.js';
import { weightsFile } from './code-weights.js';

export class Run {
  /** `controller`: the element's Controller (state, queue, worker calls, view). */
  constructor(controller) {
    this.c = controller;
    this.running = false;
    this.finished = false;
    this.history = [];
    this.epoch = 0;
    this.lastTrained = null;
    this.model = null;
  }

  get view() {
    return this.c.view;
  }

  /** A fresh (or imported) model: the run's traces start over (or from `history`). */
  newModel(model, history = []) {
    this.running = false;
    this.finished = false;
    this.lastTrained = null;
    this.model = model;
    this.history = [...history];
    this.epoch = history.at(-1)?.epoch ?? 0;
    this.view.setPlay(false, false);
    this.view.newModel(this.c.catalog, this.c.info, model, history);
  }

  /** Settings the running model takes as it trains (kind `live`). */
  async live(patch, next) {
    try {
      if (patch.learningRate !== undefined) await this.c.call('setLearningRate', { value: next.learningRate });
      if (patch.epochs !== undefined) {
        await this.c.call('setEpochs', { value: next.epochs });
        // A finished run with a higher limit goes on from where it stopped.
        if (this.finished && next.epochs > this.epoch) this.view.status(`Epoch limit raised to ${next.epochs}: press Play to go on from epoch ${this.epoch}.`);
        this.finished = this.epoch >= next.epochs && this.finished;
        this.view.setPlay(this.running, this.finished);
      }
      if (patch.pace !== undefined) await this.c.call('setPace', { value: next.pace });
      return true;
    } catch (e) {
      return this.c.fail(e.message);
    }
  }

  /** Waits for the changes queued before a command. */
  async settled() {
    await this.c.host.ready;
    await this.c.queue;
  }

  async toggle() {
    if (this.running) return this.pause();
    if (this.finished) await this.reset();
    return this.start();
  }

  async start() {
    await this.settled();
    this.running = true;
    this.view.setPlay(true, false);
    this.view.status('Training…');
    await this.c.call('start');
  }

  async pause() {
    this.running = false;
    this.view.setPlay(false, this.finished);
    await this.c.call('pause');
    this.view.flushFigures();
    this.view.status(`Paused at epoch ${this.epoch}.`);
    this.afterTraining();
  }

  async step() {
    await this.settled();
    this.running = false;
    this.view.setPlay(false, this.finished);
    const { epoch, finished } = await this.c.call('step');
    this.view.status(finished ? `Finished: the epoch limit (${this.c.settings.epochs}) is reached.` : `Stepped to epoch ${epoch}: press Step for one more, Play to go on.`);
    this.afterTraining();
  }

  async reset() {
    await this.settled();
    const { model } = await this.c.call('reset');
    this.newModel(model);
    this.view.status('Reset: new weights from the same seed.');
  }

  /**
   * Trains the current weights `epochs` more (after pruning: the mask holds), also when the
   * run is over; the epoch limit becomes the epoch reached plus `epochs`.
   */
  async fineTune(epochs, why = 'fine-tuning') {
    await this.settled();
    await this.c.enqueue(async () => {
      await this.c.call('fineTune', { epochs: this.epoch + epochs });
      this.finished = false;
      // The best epoch marked was of the network before: a new one is marked if this run stops early.
      for (const chart of [this.view.watch.loss, this.view.watch.acc]) chart?.setBest(null);
    });
    await this.start();
    this.view.status(why === 'training' ? `Training to epoch ${this.epoch + epochs}…` : `Fine-tuning to epoch ${this.epoch + epochs}…`);
  }

  afterTraining() {
    this.view.evaluation.refresh();
    this.c.persist();
  }

  exportModel() {
    return this.c.call('exportModel');
  }

  download() {
    return this.exportModel().then((json) => {
      download(weightsFile(this.c.settings), json);
      this.c.host.observe('exported');
      this.view.showCard(JSON.parse(json).card, 'Exported with its model card');
    });
  }

  /** The trained model as an ONNX file (`Uint8Array`), its scaling inside. */
  exportOnnx() {
    return this.c.call('exportOnnx');
  }

  /** The model as one web page that predicts offline (see standalone.js). */
  async downloadPage() {
    const json = await this.exportModel();
    download(`nnplay-${this.c.settings.dataset}.html`, await standalonePage(json), 'text/html');
    this.c.host.observe('exported');
    this.view.showCard(JSON.parse(json).card, 'Downloaded as a web page with its model card');
  }

  downloadOnnx() {
    return this.exportOnnx().then((bytes) => {
      download(`nnplay-${this.c.settings.dataset}.onnx`, bytes, 'application/octet-stream');
      this.c.host.observe('exported');
    });
  }

  downloadData() {
    return this.c.call('dataCsv').then((csv) => download(`${this.c.settings.dataset}.csv`, csv, 'text/csv'));
  }

  /**
   * The distilled student (a model file) becomes the playground's model, and the network
   * settings follow its architecture, so the link, the panels and Reset describe it.
   */
  async useStudent(json) {
    const layers = JSON.parse(json).model.layers;
    const hidden = layers.slice(0, -1).map((l) => ({ units: l.units, activation: l.activation, dropout: l.dropout ?? 0 }));
    const ok = await this.importModel(json, { status: `Now using the distilled student (${hidden.map((l) => `${l.units} ${l.activation}`).join(', ')}): Reset trains this architecture from scratch.` });
    if (!ok) return;
    this.c.settings = { ...this.c.settings, layers: hidden };
    this.c.persist();
    this.c.renderPanels();
  }

  /** Replaces the model with one saved by `exportModel` (it must fit the current data). */
  async importModel(json, { history = [], restored = false, status = null } = {}) {
    // A restored session is imported while the element starts, inside `ready`.
    if (!restored) await this.settled();
    try {
      const { model, card, test } = await this.c.call('importModel', { json });
      this.newModel(model, history);
      this.view.showCard(card, 'Imported model');
      if (!history.length && test) this.view.watch.setTestFigures(test);
      this.view.status(status ?? (restored ? 'Restored the saved session.' : 'Imported the model.'));
      this.view.evaluation.refresh();
      return true;
    } catch (e) {
      if (!restored) this.view.showCard(null);
      return this.c.fail(restored ? `the saved model could not be restored: ${e.message}` : e.message, 'import');
    }
  }

  onProgress(m) {
    for (const log of m.logs) {
      this.history.push(log);
      this.c.host.emit('epoch', log);
    }
    this.epoch = m.epoch;
    if (!m.running && this.running && !m.finished) this.running = false;
    this.view.progress(m);
  }

  onTrained(m) {
    this.running = false;
    this.finished = true;
    this.view.setPlay(false, true);
    const early = m.stopped?.earlyStopped;
    this.view.status(early
      ? `Early stopping after ${m.epoch} epochs: no improvement since epoch ${early.bestEpoch}${this.c.settings.earlyStopping ? ', whose weights are kept' : ''}.`
      : `Finished after ${m.epoch} epochs.`);
    this.view.trained(m.metrics, m.stopped);
    this.c.persist();
    this.lastTrained = { epoch: m.epoch, stopped: m.stopped, metrics: m.metrics, history: this.history };
    this.c.host.emit('trained', this.lastTrained);
  }

  /** An error the worker reports on its own: training diverged, or the engine stopped. */
  onError(m) {
    if (m.during === 'training' || m.during === 'engine') {
      this.running = false;
      this.view.setPlay(false, this.finished);
    }
    this.c.fail(m.message, m.during);
  }
}
