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
import { grouped, language, msg, onLanguage, relocalize, setLanguage, setText, t } from './i18n/i18n.js';

/**
 * A control's name (what it sets or does, else its label, ARIA label or text) and its place
 * among those of that name.
 */
function controlName(e) {
  return e.dataset.setting ?? e.dataset.control ?? e.labels?.[0]?.textContent ?? e.getAttribute('aria-label') ?? e.textContent;
}

function focusKey(box, el) {
  const name = controlName;
  const same = [...box.querySelectorAll(el.tagName)].filter((e) => name(e) === name(el));
  return { tag: el.tagName, name: name(el), index: same.indexOf(el) };
}

function findByKey(box, { tag, name, index }) {
  return [...box.querySelectorAll(tag)].filter((e) => controlName(e) === name)[index] ?? null;
}

/** The model card's words: counts grouped as the language groups them (as the card always did). */
function cardSay(key, params = {}) {
  return msg(key, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? grouped(v) : v])));
}

/** Least time between two redraws while training: counters and figures, pictures, curves. */
const FIGURES_MS = 100;
const PICTURES_MS = 100;
const CHARTS_MS = 250;
/** An epoch at least this long (s) shows its batches and the run's time left. */
const LONG_EPOCH_S = 1;
/** Least time between two spoken progress reports while training. */
const ANNOUNCE_MS = 5000;

/** The figures of an epoch's log said after its epoch: `{ key suffix, params }`. */
function lossParams(log) {
  if (!log) return { suffix: '', params: {} };
  if (log.testAccuracy == null) return { suffix: 'Loss', params: { loss: fmt(log.loss) } };
  return { suffix: 'LossAccuracy', params: { loss: fmt(log.loss), accuracy: fmt(log.testAccuracy) } };
}

export class PlaygroundView {
  /**
   * `root`: the shadow root. `actions`: `{ toggle, step, reset, fineTune(epochs), useModel(json), setView(view),
   * call(type, args), labelNames() }`, what the controls do.
   */
  constructor(root, actions) {
    this.root = root;
    this.frames = new FrameScheduler();
    this.host = root.host;
    this.watchLanguage();
    const { nodes, parts } = buildLayout(actions);
    Object.assign(this, parts);
    root.replaceChildren(...nodes);
    this.markLanguage();
    this.diagram.actions = {
      showNeuron: (neuron, label) => {
        this.watch.showingNeuron(neuron ? label : null);
        actions.setView({ neuron: neuron && { layer: neuron.layer, unit: neuron.unit } });
      },
      setWeight: (link, value, label) => actions.call('setWeight', { ...link, value }).then(
        (r) => this.status(msg('status.weightSet', { link: label, value: fmt(r.value, 4) })),
        (e) => {
          this.status(msg('status.error', { message: e.message }));
          throw e;
        }),
    };
  }

  /** Shows only the `panels` and `controls` named (sets of names). */
  show(panels, controls) {
    applyVisibility(this, panels, controls);
  }

  /**
   * The status line: `text` a message (or plain text); `error` whether it reports an error
   * (also when it reads as one, as the element's own `Error: …` lines do).
   */
  status(text, error = text?.key === 'status.error' || /^Error:/.test(String(text))) {
    setText(this.statusOut, text);
    this.statusError = error;
  }

  statusText() {
    return this.statusOut.textContent;
  }

  /** Whether the status line reports an error. */
  statusIsError() {
    return Boolean(this.statusError);
  }

  /**
   * The language: the host's `lang` attribute (`en`, `zh`, `zh-CN`…), else the browser's.
   * A change of the attribute renders everything shown again in the new language; the
   * state (settings, model, curves, evaluation) stays.
   */
  watchLanguage() {
    const apply = () => setLanguage(this.host?.getAttribute('lang') || navigator.language);
    apply();
    if (this.host) {
      this.langObserver = new MutationObserver(apply);
      this.langObserver.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
    }
    this.stopLanguage = onLanguage(() => this.relocalize());
  }

  /** Everything shown, again in the language in force. */
  relocalize() {
    this.markLanguage();
    relocalize(this.root);
    for (const part of [this.watch, this.evaluation, this.compress, this.diagram]) part.relocalize?.();
    this.invalidate();
    if (this.panelCtx) this.renderPanels(this.panelCtx);
  }

  /** The shadow tree says its language (for screen readers and fonts). */
  markLanguage() {
    this.root.querySelector('.app')?.setAttribute('lang', language() === 'zh' ? 'zh-CN' : 'en');
  }

  setPlay(running, finished) {
    setText(this.playButton, msg(running ? 'run.pause' : finished ? 'run.restart' : 'run.play'));
    this.playButton.setAttribute('aria-pressed', String(running));
  }

  setCounters(epoch, samplesPerSecond, within = null) {
    setText(this.epochOut, msg('number', { n: grouped(epoch) }));
    setText(this.speedOut, samplesPerSecond == null ? '–' : msg('number', { n: grouped(Math.round(samplesPerSecond)) }));
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
    const time = left >= 90 ? msg('time.minutes', { count: Math.round(left / 60) }) : msg('time.seconds', { count: Math.max(1, Math.round(left)) });
    setText(this.progressOut, msg('bar.within', { batch: grouped(within.batch), batches: grouped(within.batches), time }));
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
    this.panelCtx = ctx;
    const { settings: s, info, csv } = ctx;
    this.renderPanel(this.dataBox, [s, info && [info.name, info.rows, info.schema, info.preview?.rowNumbers, info.warnings, info.testFile],
      csv?.fileName, csv?.options, csv?.test?.fileName, ctx.error, ctx.failedFile], () => dataPanel(ctx));
    this.renderPanel(this.networkBox, [s.layers, s.outputActivation, s.loss, s.convLayers, s.augment, s.embedding, s.sequenceLength,
      info?.task, info?.classes, info?.isImage, info?.schema], () => networkPanel(ctx));
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
   * are setting names as attributes spell them (`learning-rate`; `layers` is the whole
   * network editor), as the controls' `data-setting` does.
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
      el.title = t('element.locked');
    }
  }

  /** Rebuilds every panel at the next `renderPanels` (after a refused change: the menus show what is in force). */
  invalidate() {
    for (const box of [this.dataBox, this.networkBox, this.trainingBox, this.shareBox]) box.shows = null;
  }

  /** Shows a model card (`heading`: what happened to it); null clears it. */
  showCard(card, heading) {
    this.cardBox.replaceChildren(...(card ? [cardView(card, cardSay, heading ?? undefined)] : []));
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
    this.diagram.setStructure(diagramInputs(info, model, label), model.summary);
    this.watch.shaped.setModel(model.shaped);
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
      this.watch.shaped.refresh();
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
      const note = msg('chart.bestNote', { best: early.bestEpoch, epoch: early.epoch });
      for (const chart of [this.watch.loss, this.watch.acc]) chart?.setBest(early.bestEpoch, chart === this.watch.loss ? note : '');
    }
    this.frames.request('charts', () => this.watch.drawCharts(), 0);
    this.frames.request('evaluation', () => this.evaluation.show(metrics), 0);
    this.compress.trained();
    const { suffix, params } = lossParams(this.watch.last);
    this.announce(msg(`announce.ended${suffix}`, { epoch: this.watch.last?.epoch ?? 0, ...params }));
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
    const { suffix, params } = lossParams(this.watch.last);
    this.announce(msg(`announce.epoch${suffix}`, { epoch: m.epoch, ...params }));
  }

  announce(text) {
    setText(this.announceOut, text);
  }

  stop() {
    this.frames.cancelAll();
    this.langObserver?.disconnect();
    this.stopLanguage?.();
  }
}

/**
 * The names of the dense layers' inputs in the diagram: the data's features, or, after
 * convolution, pooling or embedding layers, the values the last of them gives
 * (`flat 17` after a flatten, `mean 3` after the mean over a text's words).
 */
function diagramInputs(info, model, label) {
  const last = model.shaped?.at(-1);
  if (last) {
    const n = last.output.reduce((a, b) => a * b, 1);
    const key = last.type === 'flatten' ? 'diagram.flatInput' : 'diagram.meanInput';
    return Array.from({ length: n }, (_, i) => msg(key, { n: i + 1 }));
  }
  return info.isToy ? info.featureNames.map(label) : info.featureNames;
}
