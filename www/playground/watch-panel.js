// Watching the model learn: the output over two features with the data on top, the loss
// and accuracy curves (train against validation or test), and the latest figures.
import { checkbox, fmt, h, select } from './dom.js';
import { CurveChart } from './charts.js';
import { ScatterChart } from './eval-charts.js';
import { DigitsView } from './digits.js';
import { TryPanel } from './try-panel.js';
import { ShapedView } from './shaped-view.js';
import { CLASS_COLOURS, css } from './palette.js';
import { classNames } from './eval-panel.js';
import { msg, setText } from './i18n/i18n.js';
import { withHelp } from './help.js';

/** Why the output view starts on its two features, by the engine's ranking (`info.plot.method`). */
const PLOT_CHOICE = { f_score: 'watch.plotFScore', correlation: 'watch.plotCorrelation' };

export class WatchPanel {
  /**
   * `setView({ features, showTest })` asks the worker to paint the boundary over other
   * features or without the test points; `predict(pixels)` resolves with the
   * probabilities of one raw input row; `call(type, args)` is a worker command (for "Try
   * your own row"). The canvas is painted by the worker.
   */
  constructor(setView, predict, call, label = null) {
    this.setView = setView;
    this.digits = new DigitsView(predict);
    this.tryPanel = new TryPanel(call, label);
    this.digits.el.hidden = true;
    // Convolution filters and feature maps, or the words nearest a word in an embedding.
    this.shaped = new ShapedView(call, () => this.digits.pixels ?? null);
    this.canvas = h('canvas', { class: 'boundary', width: 360, height: 360, role: 'img', 'aria-label': msg('watch.canvas') });
    this.yAxis = h('div', { class: 'axis-y' });
    this.xAxis = h('div', { class: 'axis-x' });
    this.pickers = h('div', { class: 'grid2' });
    this.legend = h('div', { class: 'legend' });
    this.readout = h('div', { class: 'readout', 'aria-live': 'off' });
    // Each chart describes itself (charts.js); its legend's buttons sit beside the picture.
    this.lossBox = h('div', { class: 'chart' });
    this.accBox = h('div', { class: 'chart' });
    this.scatterBox = h('div', { class: 'chart', hidden: true });
    // The loss chart's y scale, kept when the charts are made again.
    this.logScale = withHelp(checkbox(msg('watch.logScale'), false, (on) => this.loss?.setLog(on)), 'logScale');
    this.scatter = null;
    this.showTest = h('input', { type: 'checkbox', checked: true, id: 'show-test' });
    this.showTest.addEventListener('change', () => this.setView({ showTest: this.showTest.checked }));
    // Says when the picture is one neuron's output (chosen in the network diagram).
    this.viewNote = h('p', { class: 'note view-note', 'aria-live': 'polite', hidden: true });
    this.planeView = h('div', { class: 'panel-body' },
      this.pickers,
      this.viewNote,
      h('div', { class: 'plot' }, this.yAxis, this.canvas, this.xAxis),
      this.legend,
      h('div', { class: 'grid2' },
        withHelp(h('div', { class: 'field check' }, this.showTest, h('label', { for: 'show-test' }, msg('watch.showTest'))), 'showTest'),
        withHelp(checkbox(msg('watch.discretize'), false, (on) => this.setView({ discrete: on })), 'discretize')));
    this.el = h('div', { class: 'panel-body' },
      this.planeView, this.digits.el, this.shaped.el,
      this.readout, this.lossBox, this.accBox, this.scatterBox, this.tryPanel.el);
    this.loss = null;
    this.acc = null;
    this.info = null;
    this.last = null;
  }

  /** The picture shows the output of the neuron `label` (null: the model's output). */
  showingNeuron(label) {
    this.viewNote.hidden = !label;
    setText(this.viewNote, label ? msg('watch.neuronNote', { neuron: label }) : '');
  }

  /** A newly loaded dataset. */
  setData(info) {
    this.info = info;
    const names = info.plotNames;
    // The engine's pick (data.js: `plot`), the same pair the worker paints first.
    this.features = [...info.plot.features];
    this.pickers.replaceChildren();
    if (!info.isToy && names.length > 2) {
      const options = names.map((n, i) => [String(i), n]);
      const pick = (axis) => (v) => {
        this.features[axis] = Number(v);
        this.setAxes();
        this.setView({ features: [...this.features] });
      };
      this.pickers.append(
        withHelp(select(msg('watch.horizontal'), options, String(this.features[0]), pick(0)), 'featureX'),
        withHelp(select(msg('watch.vertical'), options, String(this.features[1]), pick(1)), 'featureY'),
        h('p', { class: 'note', 'data-note': 'plot-features', style: 'grid-column: 1 / -1' },
          PLOT_CHOICE[info.plot.method] ? msg(PLOT_CHOICE[info.plot.method]) : msg('watch.plotMean')));
    }
    this.setAxes();
    this.setLegend(info);
    this.planeView.hidden = Boolean(info.isImage || info.tokenIds);
    this.digits.el.hidden = !info.isImage;
    if (info.isImage) this.digits.setImages(info.images, info.labelNames ?? classNames(null, info.classes));
    this.tryPanel.setData(info);
    this.shaped.setData(info);
    this.resetCurves();
  }

  setAxes() {
    const scaled = this.info.scaled && !this.info.isToy;
    const names = this.info.plotNames.map((n) => (scaled ? msg('watch.scaled', { name: this.info.plotLabels?.[n] ?? n }) : this.info.plotLabels?.[n] ?? n));
    this.xAxis.replaceChildren(h('span', {}, ''), h('span', {}, names[this.features[0]] ?? ''), h('span', {}, ''));
    setText(this.yAxis, names[this.features[1]] ?? '');
  }

  setLegend(info) {
    const items = [];
    if (info.task === 'regression') {
      items.push(h('span', {}, h('span', { class: 'swatch', style: `background:${css(CLASS_COLOURS[0])}` }), msg('watch.low')),
        h('span', {}, h('span', { class: 'swatch', style: `background:${css(CLASS_COLOURS[1])}` }), msg('watch.high')));
    } else {
      const names = classNames(info.labelNames, info.classes);
      names.forEach((n, i) => items.push(h('span', {}, h('span', { class: 'swatch', style: `background:${css(CLASS_COLOURS[i % CLASS_COLOURS.length])}` }), n)));
    }
    items.push(h('span', {}, h('span', { class: 'swatch ring', style: 'background:#888' }), msg('watch.testPoint')));
    this.legend.replaceChildren(...items);
  }

  /** Empty curves for a new model: the charts are kept when their series stay the same. */
  resetCurves() {
    const hasVal = this.info.rows.val > 0;
    const series = hasVal ? ['train', 'validation', 'test'] : ['train', 'test'];
    const regression = this.info.task === 'regression';
    const key = `${series}|${regression}`;
    if (this.curvesKey === key) {
      this.loss.clear();
      this.acc?.clear();
    } else {
      this.curvesKey = key;
      this.loss?.destroy();
      this.acc?.destroy();
      const log = this.logScale.querySelector('input').checked;
      this.loss = new CurveChart(this.lossBox, { title: msg('watch.lossTitle'), series, yLabel: msg('watch.lossAxis'), log, tools: this.logScale });
      this.acc = regression ? null : new CurveChart(this.accBox, { title: msg('watch.accuracyTitle'), series, yLabel: msg('watch.accuracyAxis'), range: [0, 1] });
      this.accBox.hidden = regression;
    }
    this.scatter?.destroy();
    this.scatter = null;
    this.scatterBox.replaceChildren();
    this.scatterBox.hidden = !regression;
    this.last = null;
    this.renderReadout();
    this.tryPanel.refresh();
  }

  pushEpoch(log) {
    this.loss.push(log.epoch, { train: log.loss, validation: log.valLoss, test: log.testLoss });
    this.acc?.push(log.epoch, { train: log.accuracy, validation: log.valAccuracy, test: log.testAccuracy });
    this.last = log;
  }

  /** Redraws the curves with the epochs that arrived since the last call. */
  drawCharts() {
    this.loss?.draw();
    this.acc?.draw();
  }

  /**
   * The test figures of weights changed outside training (pruned, imported): the readout
   * shows them, and no training figure of the weights before.
   */
  setTestFigures({ loss, accuracy }) {
    this.last = { epoch: this.last?.epoch ?? 0, testLoss: loss, testAccuracy: accuracy ?? null };
    this.renderReadout();
  }

  /** Updates the figures under the plot. */
  renderReadout() {
    const l = this.last ?? {};
    const rows = [[l.loss, 'train-loss'], [l.testLoss, 'test-loss']];
    if (this.info?.task !== 'regression') rows.push([l.accuracy, 'train-accuracy'], [l.testAccuracy, 'test-accuracy']);
    if (this.info?.rows.val > 0) rows.push([l.valLoss, 'val-loss']);
    this.readout.replaceChildren(...rows.map(([v, key]) => h('div', {}, h('span', {}, msg(`readout.${key}`)), h('span', { 'data-readout': key }, fmt(v)))));
  }

  /** The charts in the language in force (the rest renders itself again). */
  relocalize() {
    for (const chart of [this.loss, this.acc, this.scatter]) chart?.relocalize();
    this.digits.relocalize?.();
    this.tryPanel.relocalize?.();
  }

  /** Regression: the test predictions against the targets. */
  setRegression({ actual, predicted }) {
    if (!this.scatter) this.scatter = new ScatterChart(this.scatterBox);
    this.scatter.set(actual, predicted);
  }
}
