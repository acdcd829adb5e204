// Compression of the trained network: magnitude pruning (one-shot, with the accuracy
// against sparsity curve and fine-tuning with the mask held) and int8 quantisation, each
// measured on the test part. The engine does every step (worker/compress.js); this panel
// asks and shows the figures.
import { fmt, h, numberInput, select, slider } from './dom.js';
import { percent } from './class-bars.js';
import { CurveChart } from './charts.js';
import { SparsityChart } from './eval-charts.js';

/** Epochs a "Fine-tune" press trains the pruned network for. */
const FINE_TUNE_EPOCHS = [5, 10, 20, 50];

const SCOPES = [['layer', 'per layer'], ['global', 'global (one threshold)']];

const bytes = (n) => `${n.toLocaleString('en-US')} bytes`;
const count = (n) => n.toLocaleString('en-US');

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

    this.measureButton = h('button', { type: 'button', onclick: () => this.measureCurve() }, 'Measure accuracy against sparsity');
    this.curveBox = h('div', { class: 'sparsity-chart', hidden: true });
    this.curveTable = h('div');
    this.pruneOut = h('div', { 'aria-live': 'polite', 'data-prune-result': '' });
    this.tuneButton = h('button', { type: 'button', onclick: () => this.fineTune(), hidden: true }, 'Fine-tune');
    this.tuneField = select('Fine-tune for', FINE_TUNE_EPOCHS.map((n) => [String(n), `${n} epochs`]), String(this.epochs),
      (v) => { this.epochs = Number(v); });
    this.tuneField.hidden = true;
    this.quantOut = h('div', { 'aria-live': 'polite', 'data-quantize-result': '' });
    this.distill = null;
    this.distillControls = h('div', { class: 'compress-controls' }, h('p', { class: 'note' }, 'Waiting for the engine…'));
    this.distillButton = h('button', { type: 'button', onclick: () => this.runDistillation() }, 'Distil');
    this.distillOut = h('p', { class: 'note', 'aria-live': 'polite', 'data-distill-progress': '' });
    this.distillNote = h('p', { class: 'note' });
    this.distillChartBox = h('div', { class: 'sparsity-chart', hidden: true });
    this.distillChart = null;
    this.distillResult = h('div', { 'data-distill-result': '' });

    this.el = h('div', { class: 'panel-body compress' },
      h('p', { class: 'note' }, 'Make the trained network smaller and see what it costs on the test part. Reset trains a dense network again.'),
      h('h3', {}, 'Pruning'),
      h('p', { class: 'note' }, 'Magnitude pruning sets the weights of smallest |w| to zero (biases are kept). They stay zero through further training with any optimizer, the diagram leaves their links out, and the exported model keeps them.'),
      h('div', { class: 'compress-controls' },
        select('Prune', SCOPES, this.scope, (v) => { this.scope = v; }),
        this.measureButton),
      this.curveBox, this.curveTable,
      h('div', { class: 'compress-controls' },
        slider('Sparsity', this.sparsity * 100, (v) => { this.sparsity = v / 100; }, { min: 0, max: 99, step: 1, format: (v) => `${v} %` }),
        h('button', { type: 'button', onclick: () => this.prune() }, 'Prune the model')),
      this.pruneOut,
      h('div', { class: 'compress-controls' }, this.tuneField, this.tuneButton),
      h('h3', {}, '8-bit integers'),
      h('p', { class: 'note' }, 'Post-training quantisation stores each weight in one byte (a scale per output unit) and each layer\'s input in 8 bits (ranges calibrated on the training rows); the layers sum in 32-bit integers.'),
      h('div', { class: 'compress-controls' },
        h('button', { type: 'button', onclick: () => this.quantize() }, 'Quantise to int8')),
      this.quantOut,
      h('h3', {}, 'Distillation'),
      h('p', { class: 'note' }, 'A smaller network, the student, learns from this one, the teacher: from the teacher\'s probabilities softened at temperature T beside the labels, with the loss α·T²·KL(teacher_T ‖ student_T) + (1 − α)·cross-entropy(labels). The same student, from the same initial weights and the same batches, learns from the labels alone for comparison.'),
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
      numberInput('Student hidden units', d.units, (v) => { d.units = v; }, { min: 1, max: 512, step: 1 }),
      numberInput('Temperature T', d.temperature, (v) => { d.temperature = v; }, { min: 0.1, max: 100, step: 'any' }),
      numberInput('α, the weight of the soft targets', d.alpha, (v) => { d.alpha = v; }, { min: 0, max: 1, step: 0.05 }),
      numberInput('Student epochs', d.epochs, (v) => { d.epochs = v; }, { min: 1, max: 10000, step: 1 }),
      this.distillButton);
  }

  /**
   * A new or imported model (of a `task`, pruned as `sparsity` says): the measurements were
   * of another network.
   */
  clear(task, sparsity) {
    this.task = task;
    this.measureButton.textContent = task === 'regression' ? 'Measure test loss against sparsity' : 'Measure accuracy against sparsity';
    this.distillNote.textContent = task === 'regression'
      ? 'Distillation needs classes: a student learns the teacher\'s class probabilities. This data has a number to predict, so there is nothing to soften.'
      : '';
    this.points = { curve: [], tuned: [], dense: null, metric: 'accuracy' };
    this.tuning = false;
    this.curveBox.hidden = true;
    this.curveTable.replaceChildren();
    this.pruneOut.replaceChildren();
    this.quantOut.replaceChildren();
    this.tuneButton.hidden = true;
    this.tuneField.hidden = true;
    this.distillOut.textContent = '';
    this.distillResult.replaceChildren();
    this.distillChartBox.hidden = true;
    this.distillButton.setAttribute('aria-disabled', String(task === 'regression'));
    if (sparsity?.pruned) {
      this.pruneOut.replaceChildren(h('p', {}, `This model is pruned to ${percent(sparsity.sparsity)}: ${count(sparsity.pruned)} of ${count(sparsity.weights)} weights are zero and stay zero through training.`));
    }
  }

  /** An epoch of the two students (the worker's `distillProgress`). */
  distillProgress(m) {
    this.distillOut.textContent = `Students: epoch ${m.epoch} of at most ${m.epochs}…`;
    if (!this.distillChart) {
      this.distillChartBox.hidden = false;
      this.distillChart = new CurveChart(this.distillChartBox, {
        title: 'Students: test accuracy', series: ['distilled', 'from scratch'], yLabel: 'test accuracy', range: [0, 1],
        figuresNote: 'The final figures are in the table below.',
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
    this.distillOut.textContent = 'Starting…';
    this.actions.status('Distilling: two students are training…');
    try {
      const r = await this.call('distill', { ...this.distill });
      const rows = [['teacher (this model)', r.teacher], ['distilled student', r.distilled], ['student from scratch', r.scratch]];
      const gain = r.distilled.testAccuracy == null ? null : r.distilled.testAccuracy - r.scratch.testAccuracy;
      this.distillOut.textContent = `Done: the students trained ${r.distilledEpochs} and ${r.scratchEpochs} epochs at T = ${r.temperature}, α = ${r.alpha}.`;
      this.actions.status('Distillation done: the teacher and both students are compared in the Compress panel.');
      this.distillResult.replaceChildren(
        h('div', { class: 'table-wrap' }, h('table', { class: 'figures', 'data-distill-table': '' },
          h('caption', {}, 'Teacher and students on the test part'),
          h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col' }, 'parameters'), h('th', { scope: 'col' }, 'test accuracy'), h('th', { scope: 'col' }, 'test loss'))),
          h('tbody', {}, rows.map(([name, s]) => h('tr', {}, h('th', { scope: 'row' }, name),
            h('td', {}, count(s.parameters)), h('td', {}, fmt(s.testAccuracy)), h('td', {}, fmt(s.testLoss))))))),
        gain == null ? '' : h('p', {}, `The distilled student has ${percent(r.distilled.parameters / r.teacher.parameters)} of the teacher's parameters; it is ${gain >= 0 ? `${(gain * 100).toFixed(1)} points better` : `${(-gain * 100).toFixed(1)} points worse`} than the same student trained from the labels alone. (One seed: the gap varies from seed to seed.)`),
        h('button', { type: 'button', onclick: () => this.useStudent() }, 'Use the distilled student here'));
    } catch (e) {
      this.distillOut.textContent = '';
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
    this.curveTable.replaceChildren(h('p', { class: 'note' }, 'Pruning copies of the model…'));
    this.actions.status('Measuring copies of the model pruned to 0 … 99 %…');
    try {
      const r = await this.call('sparsityCurve', { scope: this.scope });
      this.actions.status('Measured the test figures of the pruned copies (the model itself is unchanged).');
      const metric = r.dense.accuracy == null ? 'loss' : 'accuracy';
      if (metric !== this.points.metric) this.points.tuned = [];
      this.points = { ...this.points, metric, dense: score(r.dense), curve: r.curve.map((p) => ({ sparsity: p.sparsity, value: score(p) })) };
      this.draw();
      const name = metric === 'accuracy' ? 'test accuracy' : 'test loss';
      this.curveTable.replaceChildren(h('details', {},
        h('summary', {}, `Figures: ${name} of copies pruned one-shot ${this.scope === 'global' ? 'with one threshold' : 'in each layer'}, no fine-tuning`),
        h('div', { class: 'table-wrap' }, h('table', { class: 'figures', 'data-sparsity-curve': '' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'pruned'), h('th', { scope: 'col' }, name))),
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
      const what = r.after.accuracy == null ? 'Test loss' : 'Test accuracy';
      this.pruneOut.replaceChildren(h('p', {},
        `Pruned to ${percent(s.sparsity)}: ${count(s.pruned)} of ${count(s.weights)} weights are zero. ${what} ${fmt(score(r.before))} → ${fmt(score(r.after))}. `,
        'Fine-tune to let the other weights make up for them; the pruned ones stay zero.'));
      this.tuneButton.hidden = false;
      this.tuneField.hidden = false;
      this.actions.status(`Pruned ${percent(s.sparsity)} of the weights.`);
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
      const what = evaluation.accuracy == null ? 'test loss' : 'test accuracy';
      this.points.tuned = [...this.points.tuned.filter((p) => p.sparsity !== sparsity.sparsity), { sparsity: sparsity.sparsity, value }];
      if (this.points.curve.length) this.draw();
      this.pruneOut.append(h('p', { 'data-fine-tuned': '' }, `After fine-tuning at ${percent(sparsity.sparsity)} sparsity: ${what} ${fmt(value)}.`));
    } catch (e) {
      this.pruneOut.append(h('p', { class: 'error' }, e.message));
    }
  }

  async quantize() {
    this.quantOut.replaceChildren(h('p', { class: 'note' }, 'Quantising…'));
    try {
      const c = await this.call('quantize');
      this.actions.status('Quantised a copy of the model to int8 and measured it on the test part.');
      const sparse = c.sparseBytes < c.int8Bytes;
      const rows = [
        ['Size', bytes(c.floatBytes), sparse ? `${bytes(c.int8Bytes)} (${bytes(c.sparseBytes)} sparse)` : bytes(c.int8Bytes)],
      ];
      if (c.int8Accuracy != null) rows.push(['Test accuracy', fmt(c.floatAccuracy), fmt(c.int8Accuracy)]);
      const ratio = c.floatBytes / c.int8Bytes;
      const sparseRatio = c.floatBytes / c.sparseBytes;
      const difference = c.maxDifference === 0 ? '0' : c.maxDifference < 1e-3 ? c.maxDifference.toExponential(2) : fmt(c.maxDifference, 4);
      this.quantOut.replaceChildren(
        h('div', { class: 'table-wrap' }, h('table', { class: 'figures', 'data-quantized': '' },
          h('caption', {}, `float32 and int8, on ${count(c.rows)} test rows`),
          h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col' }, 'float32'), h('th', { scope: 'col' }, 'int8'))),
          h('tbody', {}, rows.map(([name, a, b]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, a), h('td', {}, b)))))),
        h('p', {}, ratio > 1 ? `${ratio.toFixed(1)}× smaller${sparse ? `, ${sparseRatio.toFixed(1)}× stored sparse` : ''}. `
          : 'No smaller: on so few weights, the scales and input ranges int8 keeps outweigh the bytes saved. ',
        c.agreement == null ? '' : `The int8 model gives the same class as float32 on ${percent(c.agreement)} of the test rows. `,
        `The outputs differ by at most ${difference}.`),
        h('p', { class: 'note' }, 'This measures an int8 copy; the playground keeps training and exporting the float32 model (ONNX, the scripts and the web page run float32).'));
    } catch (e) {
      this.quantOut.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  }
}
