// Compression of the trained network: magnitude pruning (one-shot, with the accuracy
// against sparsity curve and fine-tuning with the mask held) and int8 quantisation, each
// measured on the test part. The engine does every step (worker/compress.js); this panel
// asks and shows the figures.
import { fmt, h, numberInput, select, slider } from './dom.js';
import { percent } from './class-bars.js';
import { CurveChart } from './charts.js';
import { SparsityChart } from './eval-charts.js';
import { grouped, msg, setText } from './i18n/i18n.js';
import { withButtonHelp, withHelp } from './help.js';

/** Epochs a "Fine-tune" press trains the pruned network for. */
const FINE_TUNE_EPOCHS = [5, 10, 20, 50];

const SCOPES = [['layer', msg('compress.perLayer')], ['global', msg('compress.global')]];

const bytes = (n) => msg('compress.bytes', { count: grouped(n) });
const count = (n) => msg('number', { n: grouped(n) });
const button = (name, text, onclick) => h('button', { type: 'button', onclick, 'data-control': name }, msg(text));

/** An evaluation's figure the panel compares: test accuracy, or the loss for regression. */
function score(e) {
  return e.accuracy ?? e.loss;
}

export class CompressPanel {
  /**
   * `call(type, args)` sends a worker command; `actions`: `{ fineTune(epochs), status(text),
   * weightsChanged(), useModel(json) }`.
   */
  constructor(call, actions) {
    this.call = call;
    this.actions = actions;
    this.scope = 'layer';
    this.sparsity = 0.9;
    this.epochs = 10;
    this.chart = null;
    this.points = { curve: [], tuned: [], dense: null, metric: 'accuracy' };
    this.tuning = false;

    this.measureButton = button('measureSparsity', 'compress.measureAccuracy', () => this.measureCurve());
    this.curveBox = h('div', { class: 'sparsity-chart', hidden: true });
    this.curveTable = h('div');
    this.pruneOut = h('div', { 'aria-live': 'polite', 'data-prune-result': '' });
    this.tuneButton = withButtonHelp(button('fineTune', 'compress.fineTune', () => this.fineTune()), 'fineTune', msg('compress.fineTune'));
    this.tuneButton.hidden = true;
    this.tuneField = withHelp(select(msg('compress.fineTuneFor'), FINE_TUNE_EPOCHS.map((n) => [String(n), msg('settings.epochs', { count: n })]), String(this.epochs),
      (v) => { this.epochs = Number(v); }), 'fineTuneEpochs');
    this.tuneField.hidden = true;
    this.quantOut = h('div', { 'aria-live': 'polite', 'data-quantize-result': '' });
    this.distill = null;
    this.distillControls = h('div', { class: 'compress-controls' }, h('p', { class: 'note' }, msg('compress.waiting')));
    this.distillButton = button('distil', 'compress.distil', () => this.runDistillation());
    this.distillOut = h('p', { class: 'note', 'aria-live': 'polite', 'data-distill-progress': '' });
    this.distillNote = h('p', { class: 'note' });
    this.distillChartBox = h('div', { class: 'sparsity-chart', hidden: true });
    this.distillChart = null;
    this.distillResult = h('div', { 'data-distill-result': '' });

    this.el = h('div', { class: 'panel-body compress' },
      h('p', { class: 'note' }, msg('compress.intro')),
      h('h3', {}, msg('compress.pruning')),
      h('p', { class: 'note' }, msg('compress.pruningNote')),
      h('div', { class: 'compress-controls' },
        withHelp(select(msg('compress.prune'), SCOPES, this.scope, (v) => { this.scope = v; }), 'pruneScope'),
        withButtonHelp(this.measureButton, 'measureSparsity', msg('compress.measureAccuracy'))),
      this.curveBox, this.curveTable,
      h('div', { class: 'compress-controls' },
        withHelp(slider(msg('compress.sparsity'), this.sparsity * 100, (v) => { this.sparsity = v / 100; }, { min: 0, max: 99, step: 1, format: (v) => msg('compress.percent', { n: v }) }), 'sparsity'),
        withButtonHelp(button('prune', 'compress.pruneModel', () => this.prune()), 'prune', msg('compress.pruneModel'))),
      this.pruneOut,
      h('div', { class: 'compress-controls' }, this.tuneField, this.tuneButton),
      h('h3', {}, msg('compress.int8')),
      h('p', { class: 'note' }, msg('compress.int8Note')),
      h('div', { class: 'compress-controls' },
        withButtonHelp(button('quantise', 'compress.quantise', () => this.quantize()), 'quantise', msg('compress.quantise'))),
      this.quantOut,
      h('h3', {}, msg('compress.distillation')),
      h('p', { class: 'note' }, msg('compress.distillationNote')),
      this.distillNote,
      this.distillControls,
      this.distillOut,
      this.distillChartBox,
      this.distillResult);
  }

  /**
   * The distillation controls, starting from the engine's defaults (the catalog's
   * `defaults.distill`: temperature, α, epochs); the student's width starts at 8 units.
   */
  setDefaults({ temperature, alpha, epochs }) {
    this.distill = { units: 8, temperature, alpha, epochs };
    const d = this.distill;
    this.distillControls.replaceChildren(
      withHelp(numberInput(msg('compress.studentUnits'), d.units, (v) => { d.units = v; }, { min: 1, max: 512, step: 1 }), 'studentUnits'),
      withHelp(numberInput(msg('compress.temperature'), d.temperature, (v) => { d.temperature = v; }, { min: 0.1, max: 100, step: 'any' }), 'temperature'),
      withHelp(numberInput(msg('compress.alpha'), d.alpha, (v) => { d.alpha = v; }, { min: 0, max: 1, step: 0.05 }), 'alpha'),
      withHelp(numberInput(msg('compress.studentEpochs'), d.epochs, (v) => { d.epochs = v; }, { min: 1, max: 10000, step: 1 }), 'studentEpochs'),
      withButtonHelp(this.distillButton, 'distil', msg('compress.distil')));
  }

  /**
   * A new or imported model (of a `task`, pruned as `sparsity` says): the measurements were
   * of another network.
   */
  clear(task, sparsity) {
    this.task = task;
    setText(this.measureButton, msg(task === 'regression' ? 'compress.measureLoss' : 'compress.measureAccuracy'));
    setText(this.distillNote, task === 'regression' ? msg('compress.distillRegression') : '');
    this.points = { curve: [], tuned: [], dense: null, metric: 'accuracy' };
    this.tuning = false;
    this.curveBox.hidden = true;
    this.curveTable.replaceChildren();
    this.pruneOut.replaceChildren();
    this.quantOut.replaceChildren();
    this.tuneButton.hidden = true;
    this.tuneField.hidden = true;
    setText(this.distillOut, '');
    this.distillResult.replaceChildren();
    this.distillChartBox.hidden = true;
    this.distillButton.setAttribute('aria-disabled', String(task === 'regression'));
    if (sparsity?.pruned) {
      this.pruneOut.replaceChildren(h('p', {}, msg('compress.isPruned', { percent: percent(sparsity.sparsity), pruned: grouped(sparsity.pruned), count: grouped(sparsity.weights) })));
    }
  }

  /** The charts in the language in force. */
  relocalize() {
    for (const chart of [this.chart, this.distillChart]) chart?.relocalize();
  }

  /** An epoch of the two students (the worker's `distillProgress`). */
  distillProgress(m) {
    setText(this.distillOut, msg('compress.studentsEpoch', { epoch: m.epoch, epochs: m.epochs }));
    if (!this.distillChart) {
      this.distillChartBox.hidden = false;
      this.distillChart = new CurveChart(this.distillChartBox, {
        title: msg('compress.studentsChart'), series: ['distilled', 'from scratch'], yLabel: msg('eval.metric.test-accuracy'), range: [0, 1],
        figuresNote: msg('compress.finalBelow'),
      });
    }
    this.distillChartBox.hidden = false;
    const value = (s) => s?.testAccuracy ?? s?.testLoss;
    this.distillChart.push(m.epoch, { distilled: value(m.distilled), 'from scratch': value(m.scratch) });
    this.distillChart.draw();
  }

  async runDistillation() {
    if (this.distilling || this.task === 'regression') return;
    this.distilling = true;
    this.distillButton.setAttribute('aria-disabled', 'true');
    this.distillChart?.clear();
    this.distillResult.replaceChildren();
    setText(this.distillOut, msg('compress.starting'));
    this.actions.status(msg('compress.distilling'));
    try {
      const r = await this.call('distill', { ...this.distill });
      const rows = [[msg('compress.teacher'), r.teacher], [msg('compress.distilledStudent'), r.distilled], [msg('compress.scratchStudent'), r.scratch]];
      const gain = r.distilled.testAccuracy == null ? null : r.distilled.testAccuracy - r.scratch.testAccuracy;
      setText(this.distillOut, msg('compress.distillDone', { a: r.distilledEpochs, b: r.scratchEpochs, temperature: String(r.temperature), alpha: String(r.alpha) }));
      this.actions.status(msg('compress.distillStatus'));
      this.distillResult.replaceChildren(
        h('div', { class: 'table-wrap' }, h('table', { class: 'figures', 'data-distill-table': '' },
          h('caption', {}, msg('compress.distillCaption')),
          h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col' }, msg('compress.parameters')), h('th', { scope: 'col' }, msg('eval.metric.test-accuracy')),
            h('th', { scope: 'col' }, msg('eval.metric.test-loss')))),
          h('tbody', {}, rows.map(([name, s]) => h('tr', {}, h('th', { scope: 'row' }, name),
            h('td', {}, count(s.parameters)), h('td', {}, fmt(s.testAccuracy)), h('td', {}, fmt(s.testLoss))))))),
        gain == null ? '' : h('p', {}, msg(gain >= 0 ? 'compress.gainBetter' : 'compress.gainWorse', {
          share: percent(r.distilled.parameters / r.teacher.parameters), points: (Math.abs(gain) * 100).toFixed(1),
        })),
        withButtonHelp(button('useStudent', 'compress.useStudent', () => this.useStudent()), 'useStudent', msg('compress.useStudent')));
    } catch (e) {
      setText(this.distillOut, '');
      this.distillResult.replaceChildren(h('p', { class: 'error' }, e.message));
    } finally {
      this.distilling = false;
      this.distillButton.setAttribute('aria-disabled', 'false');
    }
  }

  /** Loads the distilled student in the playground, as an imported model. */
  async useStudent() {
    try {
      await this.actions.useModel(await this.call('distilledStudent'));
      // The results went with the teacher: the keyboard goes on from the Distil button.
      this.distillButton.focus();
    } catch (e) {
      this.distillResult.append(h('p', { class: 'error' }, e.message));
    }
  }

  async measureCurve() {
    this.curveTable.replaceChildren(h('p', { class: 'note' }, msg('compress.pruningCopies')));
    this.actions.status(msg('compress.measuring'));
    try {
      const r = await this.call('sparsityCurve', { scope: this.scope });
      this.actions.status(msg('compress.measured'));
      const metric = r.dense.accuracy == null ? 'loss' : 'accuracy';
      if (metric !== this.points.metric) this.points.tuned = [];
      this.points = { ...this.points, metric, dense: score(r.dense), curve: r.curve.map((p) => ({ sparsity: p.sparsity, value: score(p) })) };
      this.draw();
      const name = msg(`eval.metric.test-${metric}`);
      this.curveTable.replaceChildren(h('details', {},
        h('summary', {}, msg(this.scope === 'global' ? 'compress.figuresGlobal' : 'compress.figuresLayer', { metric: name })),
        h('div', { class: 'table-wrap' }, h('table', { class: 'figures', 'data-sparsity-curve': '' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, msg('compress.prunedColumn')), h('th', { scope: 'col' }, name))),
          h('tbody', {}, r.curve.map((p) => h('tr', {},
            h('th', { scope: 'row' }, percent(p.sparsity)), h('td', { 'data-sparsity': p.sparsity }, fmt(score(p))))))))));
    } catch (e) {
      this.curveTable.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  }

  draw() {
    this.curveBox.hidden = false;
    if (!this.chart) this.chart = new SparsityChart(this.curveBox);
    this.chart.set(this.points);
  }

  async prune() {
    try {
      const r = await this.call('prune', { sparsity: this.sparsity, scope: this.scope });
      const s = r.sparsity;
      const what = msg(r.after.accuracy == null ? 'readout.test-loss' : 'readout.test-accuracy');
      this.pruneOut.replaceChildren(h('p', {},
        msg('compress.prunedTo', { percent: percent(s.sparsity), pruned: grouped(s.pruned), count: grouped(s.weights), what, before: fmt(score(r.before)), after: fmt(score(r.after)) })));
      this.tuneButton.hidden = false;
      this.tuneField.hidden = false;
      this.actions.status(msg('compress.prunedStatus', { percent: percent(s.sparsity) }));
      this.actions.weightsChanged(r.after);
    } catch (e) {
      this.pruneOut.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  }

  async fineTune() {
    this.tuning = true;
    try {
      await this.actions.fineTune(this.epochs);
    } catch (e) {
      this.tuning = false;
      this.pruneOut.append(h('p', { class: 'error' }, e.message));
    }
  }

  /** A run ended: after a fine-tune, its result joins the curve. */
  async trained() {
    if (!this.tuning) return;
    this.tuning = false;
    try {
      const { evaluation, sparsity } = await this.call('compressionState');
      const value = score(evaluation);
      const what = msg(evaluation.accuracy == null ? 'eval.metric.test-loss' : 'eval.metric.test-accuracy');
      this.points.tuned = [...this.points.tuned.filter((p) => p.sparsity !== sparsity.sparsity), { sparsity: sparsity.sparsity, value }];
      if (this.points.curve.length) this.draw();
      this.pruneOut.append(h('p', { 'data-fine-tuned': '' }, msg('compress.afterFineTune', { percent: percent(sparsity.sparsity), what, value: fmt(value) })));
    } catch (e) {
      this.pruneOut.append(h('p', { class: 'error' }, e.message));
    }
  }

  async quantize() {
    this.quantOut.replaceChildren(h('p', { class: 'note' }, msg('compress.quantising')));
    try {
      const c = await this.call('quantize');
      this.actions.status(msg('compress.quantised'));
      const sparse = c.sparseBytes < c.int8Bytes;
      const rows = [
        [msg('compress.size'), bytes(c.floatBytes), sparse ? msg('compress.sparseSize', { size: bytes(c.int8Bytes), sparse: bytes(c.sparseBytes) }) : bytes(c.int8Bytes)],
      ];
      if (c.int8Accuracy != null) rows.push([msg('readout.test-accuracy'), fmt(c.floatAccuracy), fmt(c.int8Accuracy)]);
      const ratio = c.floatBytes / c.int8Bytes;
      const sparseRatio = c.floatBytes / c.sparseBytes;
      const difference = c.maxDifference === 0 ? '0' : c.maxDifference < 1e-3 ? c.maxDifference.toExponential(2) : fmt(c.maxDifference, 4);
      this.quantOut.replaceChildren(
        h('div', { class: 'table-wrap' }, h('table', { class: 'figures', 'data-quantized': '' },
          h('caption', {}, msg('compress.quantCaption', { count: grouped(c.rows) })),
          h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col' }, 'float32'), h('th', { scope: 'col' }, 'int8'))),
          h('tbody', {}, rows.map(([name, a, b]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, a), h('td', {}, b)))))),
        h('p', {}, ratio > 1 ? msg(sparse ? 'compress.smallerSparse' : 'compress.smaller', { ratio: ratio.toFixed(1), sparse: sparseRatio.toFixed(1) })
          : msg('compress.noSmaller'), ' ',
        c.agreement == null ? '' : [msg('compress.agreement', { percent: percent(c.agreement) }), ' '],
        msg('compress.difference', { difference })),
        h('p', { class: 'note' }, msg('compress.int8Copy')));
    } catch (e) {
      this.quantOut.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  }
}
