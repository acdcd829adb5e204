// The element's screen: the skeleton (layout.js), the setting panels rebuilt from the
// settings and the data, the transport buttons and counters, and the pictures and curves
// as the worker reports them. It decides nothing: the controller tells it what happened.
import { applyVisibility, buildLayout } from './layout.js';
import { networkPanel, trainingPanel } from './controls.js';
import { dataPanel } from './data-panel.js';
import { sharePanel } from './share-panel.js';
import { FrameScheduler } from './frame-scheduler.js';
import { entry } from './model-spec.js';
import { fmt, freshCanvas } from './dom.js';
import { cardView } from './model-card.js';
import { chartNotes, drawDiagramNotes } from './annotations.js';

/** A control's name (its label, ARIA label or text) and its place among those of that name. */
function focusKey(box, el) {
  const name = (e) => e.labels?.[0]?.textContent ?? e.getAttribute('aria-label') ?? e.textContent;
  const same = [...box.querySelectorAll(el.tagName)].filter((e) => name(e) === name(el));
  return { tag: el.tagName, name: name(el), index: same.indexOf(el) };
}

function findByKey(box, { tag, name, index }) {
  const label = (e) => e.labels?.[0]?.textContent ?? e.getAttribute('aria-label') ?? e.textContent;
  return [...box.querySelectorAll(tag)].filter((e) => label(e) === name)[index] ?? null;
}

/** Least time between two redraws while training: counters and figures, pictures, curves. */
const FIGURES_MS = 100;
const PICTURES_MS = 100;
const CHARTS_MS = 250;
/** An epoch at least this long (s) shows its batches and the run's time left. */
const LONG_EPOCH_S = 1;
/** Least time between two spoken progress reports while training. */
const ANNOUNCE_MS = 5000;

/** `: loss 0.123, test accuracy 0.950` of an epoch's log (empty without one). */
function lossText(log) {
  if (!log) return '';
  const accuracy = log.testAccuracy == null ? '' : `, test accuracy ${fmt(log.testAccuracy)}`;
  return `: loss ${fmt(log.loss)}${accuracy}`;
}

export class PlaygroundView {
  /**
   * `root`: the shadow root. `actions`: `{ toggle, step, reset, fineTune(epochs), useModel(json), setView(view),
   * call(type, args), labelNames() }`, what the controls do.
   */
  constructor(root, actions) {
    this.root = root;
    this.frames = new FrameScheduler();
    const { nodes, parts } = buildLayout(actions);
    Object.assign(this, parts);
    root.replaceChildren(...nodes);
    this.diagram.actions = {
      showNeuron: (neuron, label) => {
        this.watch.showingNeuron(neuron ? label : null);
        actions.setView({ neuron: neuron && { layer: neuron.layer, unit: neuron.unit } });
      },
      setWeight: (link, value, label) => actions.call('setWeight', { ...link, value }).then(
        (r) => this.status(`${label} set to ${fmt(r.value, 4)}.`),
        (e) => {
          this.status(`Error: ${e.message}`);
          throw e;
        }),
    };
  }

  /** Shows only the `panels` and `controls` named (sets of names). */
  show(panels, controls) {
    applyVisibility(this, panels, controls);
  }

  status(text) {
    this.statusOut.textContent = text;
  }

  statusText() {
    return this.statusOut.textContent;
  }

  setPlay(running, finished) {
    this.playButton.textContent = running ? 'Pause' : finished ? 'Restart' : 'Play';
    this.playButton.setAttribute('aria-pressed', String(running));
  }

  setCounters(epoch, samplesPerSecond, within = null) {
    this.epochOut.textContent = epoch.toLocaleString('en-US');
    this.speedOut.textContent = samplesPerSecond == null ? '–' : Math.round(samplesPerSecond).toLocaleString('en-US');
    this.setWithin(within, samplesPerSecond);
  }

  /**
   * Within an epoch that takes a while (`within`: `{ batch, batches, epochs, rows }` of a
   * progress report): the batch it is at and the time the run has left at this speed.
   */
  setWithin(within, samplesPerSecond) {
    const epochSeconds = within && samplesPerSecond > 0 ? within.rows / samplesPerSecond : 0;
    const show = epochSeconds >= LONG_EPOCH_S && within.batch > 0;
    this.progressOut.hidden = !show;
    if (!show) return;
    const left = (within.epochs - within.epoch - within.batch / within.batches) * epochSeconds;
    const time = left >= 90 ? `${Math.round(left / 60)} min` : `${Math.max(1, Math.round(left))} s`;
    this.progressOut.textContent = `batch ${within.batch.toLocaleString('en-US')}/${within.batches.toLocaleString('en-US')} · ${time} left at most`;
  }

  /** Draws the counters and figures waiting for their frame now (the run paused). */
  flushFigures() {
    this.frames.flush('figures');
    this.setWithin(null);
  }

  /** Fresh canvases for a new worker (a canvas goes to one worker only, once). */
  canvases() {
    return { boundary: freshCanvas(this.watch), diagram: freshCanvas(this.diagram) };
  }

  /**
   * Rebuilds the setting panels that show something that changed. `ctx`: what the panels
   * read (`settings`, `info`, `csv`, `error`, `catalog`) and call (`update`, `loadFile`, ...).
   */
  renderPanels(ctx) {
    if (!ctx.catalog) return;
    const { settings: s, info, csv } = ctx;
    this.renderPanel(this.dataBox, [s, info && [info.name, info.rows, info.schema, info.preview?.rowNumbers, info.warnings, info.testFile],
      csv?.fileName, csv?.options, csv?.test?.fileName, ctx.error, ctx.failedFile], () => dataPanel(ctx));
    this.renderPanel(this.networkBox, [s.layers, s.outputActivation, s.loss, info?.task, info?.classes], () => networkPanel(ctx));
    this.renderPanel(this.trainingBox, [s], () => trainingPanel(ctx));
    this.renderPanel(this.shareBox, [info?.isToy], () => sharePanel(ctx));
    this.shareBox.firstChild?.refresh();
  }

  renderPanel(box, shows, build) {
    const key = JSON.stringify(shows);
    if (box.shows === key) return;
    box.shows = key;
    // The control the user was on keeps the focus across the rebuild (arrow keys through
    // the dataset menu go on from one set to the next).
    const focused = box.getRootNode().activeElement;
    const was = focused && box.contains(focused) ? focusKey(box, focused) : null;
    box.replaceChildren(build());
    this.applyLocks(box);
    if (was) findByKey(box, was)?.focus();
  }

  /**
   * The settings whose controls the learner may not change (a lesson sets them): `names`
   * are setting names (`learningRate`; `layers` is the whole network editor).
   */
  lock(names) {
    this.locked = new Set(names);
    this.invalidate();
  }

  /**
   * A tutorial's notes on the diagram and the charts (checked by annotations.js); drawn
   * again after every new model. Returns the texts of notes that found no neuron.
   */
  annotate(list) {
    this.annotations = list;
    return this.drawAnnotations();
  }

  drawAnnotations() {
    const list = this.annotations ?? [];
    this.watch.loss?.setNotes(chartNotes(list, 'loss-chart'));
    this.watch.acc?.setNotes(chartNotes(list, 'accuracy-chart'));
    return drawDiagramNotes(this.diagram, list);
  }

  /** Disables the controls of locked settings in `box` (each carries `data-setting`). */
  applyLocks(box) {
    for (const el of box.querySelectorAll('[data-setting]')) {
      if (!this.locked?.has(el.dataset.setting)) continue;
      el.disabled = true;
      el.classList.add('locked');
      el.title = 'Set by the lesson';
    }
  }

  /** Rebuilds every panel at the next `renderPanels` (after a refused change: the menus show what is in force). */
  invalidate() {
    for (const box of [this.dataBox, this.networkBox, this.trainingBox, this.shareBox]) box.shows = null;
  }

  /** Shows a model card (`heading`: what happened to it); null clears it. */
  showCard(card, heading) {
    this.cardBox.replaceChildren(...(card ? [cardView(card, heading)] : []));
  }

  /** A new data set: the output view and its curves start over. */
  setData(info) {
    this.watch.setData(info);
  }

  /** A fresh (or imported) model: clear the run's traces, or draw the `history` given. */
  newModel(catalog, info, model, history = []) {
    // Figures and pictures of the model before, not drawn yet, would overwrite the new ones.
    for (const job of ['figures', 'pictures', 'charts']) this.frames.cancel(job);
    this.watch.showingNeuron(null);
    this.setCounters(history.at(-1)?.epoch ?? 0, null);
    const label = (n) => entry(catalog.transforms, n)?.label ?? n;
    this.diagram.setStructure(info.isToy ? info.featureNames.map(label) : info.featureNames, model.summary);
    if (this.watch.info) this.watch.resetCurves();
    for (const log of history) this.watch.pushEpoch(log);
    if (history.length) {
      this.frames.request('charts', () => this.watch.drawCharts(), 0);
      this.watch.renderReadout();
    }
    this.drawAnnotations();
    this.evaluation.clear();
    this.compress.clear(info.task, model.sparsity);
    this.showCard(null);
  }

  /** Epochs finished (`logs`) and the counters of a progress report. */
  progress(m) {
    for (const log of m.logs) this.watch.pushEpoch(log);
    this.announceProgress(m);
    const within = { batch: m.batch, batches: m.batches, epochs: m.epochs, epoch: m.epoch, rows: this.watch.info?.rows.train ?? 0 };
    this.frames.request('figures', () => {
      this.setCounters(m.epoch, m.samplesPerSecond, m.running ? within : null);
      this.watch.renderReadout();
    }, FIGURES_MS);
    this.frames.request('charts', () => this.watch.drawCharts(), CHARTS_MS);
  }

  /** What the page draws itself of a snapshot (the worker paints the boundary and links). */
  snapshot(m) {
    this.frames.request('pictures', () => {
      this.diagram.setWeights(m.weights);
      if (m.regression) this.watch.setRegression(m.regression);
      if (m.digits) this.watch.digits.setPredictions(m.digits);
    }, PICTURES_MS);
  }

  /**
   * A run ended: the final figures at once, the curves (with the epoch early stopping kept,
   * from `stopped`) and the evaluation next frame.
   */
  trained(metrics, stopped = null) {
    this.frames.flush('figures');
    const early = stopped?.earlyStopped;
    if (early) {
      const note = `Best epoch ${early.bestEpoch}: no improvement after it, so training stopped at epoch ${early.epoch}.`;
      for (const chart of [this.watch.loss, this.watch.acc]) chart?.setBest(early.bestEpoch, chart === this.watch.loss ? note : '');
    }
    this.frames.request('charts', () => this.watch.drawCharts(), 0);
    this.frames.request('evaluation', () => this.evaluation.show(metrics), 0);
    this.compress.trained();
    this.announce(`Training ended at epoch ${this.watch.last?.epoch ?? 0}${lossText(this.watch.last)}.`);
    this.announcedAt = null;
  }

  /**
   * While training runs, says the epoch and the loss to screen readers (a polite live
   * region) at most every ANNOUNCE_MS, starting ANNOUNCE_MS after the run starts.
   */
  announceProgress(m) {
    if (!m.running) {
      this.announcedAt = null;
      return;
    }
    const now = performance.now();
    this.announcedAt ??= now;
    if (now - this.announcedAt < ANNOUNCE_MS) return;
    this.announcedAt = now;
    this.announce(`Epoch ${m.epoch.toLocaleString('en-US')}${lossText(this.watch.last)}.`);
  }

  announce(text) {
    this.announceOut.textContent = text;
  }

  stop() {
    this.frames.cancelAll();
  }
}
