// Evaluation on the test part: accuracy, precision, recall, F1 and the confusion matrix;
// for binary problems the ROC and precision–recall curves, AUC, average precision and a
// threshold slider that updates the matrix;
// R², RMSE and MAE for regression; k-fold cross-validation and a learning curve on demand.
import { fmt, h, select, slider } from './dom.js';
import { LearningCurveChart, PrChart, RocChart } from './eval-charts.js';

export class EvalPanel {
  /** `call(type, args)` sends a worker command; `labelNames()` gives the class names. */
  constructor(call, labelNames) {
    this.call = call;
    this.labelNames = labelNames;
    this.threshold = 0.5;
    this.metrics = null;
    this.roc = null;
    this.body = h('div', { class: 'metrics', 'aria-live': 'polite' }, h('p', { class: 'note' }, 'Train the model to see its test metrics.'));
    this.rocBox = h('div', { class: 'roc', hidden: true });
    this.prBox = h('div', { class: 'pr', hidden: true });
    this.thresholdBox = h('div', { hidden: true });
    this.cv = h('div', { class: 'cv' });
    this.k = 5;
    const cvButton = h('button', { type: 'button', onclick: () => this.crossValidate() }, 'Run cross-validation');
    this.curveBox = h('div', { class: 'learning-curve', hidden: true });
    this.curveOut = h('div', { 'aria-live': 'polite', 'data-learning-curve': '' });
    this.curveChart = null;
    const curveButton = h('button', { type: 'button', onclick: () => this.learningCurve() }, 'Learning curve');
    this.el = h('div', { class: 'panel-body' }, this.body, this.thresholdBox, this.rocBox, this.prBox,
      h('div', { class: 'cv-controls' },
        select('Folds', ['3', '5', '10'], '5', (v) => { this.k = Number(v); }), cvButton, curveButton), this.cv,
      this.curveBox, this.curveOut);
  }

  /** Re-reads the metrics from the worker (after training or a threshold change). */
  async refresh() {
    try {
      this.show(await this.call('evaluate', { threshold: this.threshold }));
    } catch (e) {
      this.body.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  }

  clear() {
    this.metrics = null;
    this.body.replaceChildren(h('p', { class: 'note' }, 'Train the model to see its test metrics.'));
    this.rocBox.hidden = true;
    this.prBox.hidden = true;
    this.thresholdBox.hidden = true;
    this.cv.replaceChildren();
    this.curveBox.hidden = true;
    this.curveOut.replaceChildren();
  }

  /**
   * Trains fresh models on growing shares of the training part (three seeds each) and draws
   * their mean training and test scores with the spread over the seeds (the engine's
   * `learningCurve`).
   */
  async learningCurve() {
    this.curveOut.replaceChildren(h('p', { class: 'note' }, 'Training 15 models (5 sizes × 3 seeds)…'));
    try {
      const r = await this.call('learningCurve');
      const classify = r.task !== 'regression';
      const metric = classify ? 'accuracy' : 'loss';
      const key = classify ? 'Accuracy' : 'Loss';
      const points = r.points.map((p) => ({ rows: p.rows, train: p[`train${key}`], test: p[`test${key}`] }));
      this.curveBox.hidden = false;
      this.curveChart ??= new LearningCurveChart(this.curveBox);
      this.curveChart.set(points, metric);
      const ms = (s) => (s ? `${fmt(s.mean)} ± ${fmt(s.std)}` : '–');
      this.curveOut.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'figures' },
        h('caption', {}, `Learning curve: ${metric}, mean ± std over seeds ${r.points[0].runs.map((x) => x.seed).join(', ')} (drawn: training rows solid blue, test part of ${r.testRows.toLocaleString('en-US')} rows dotted orange, ± std shaded)`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'training rows'), h('th', { scope: 'col' }, `train ${metric}`), h('th', { scope: 'col' }, `test ${metric}`))),
        h('tbody', {}, points.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.rows.toLocaleString('en-US')),
          h('td', { 'data-curve': 'train' }, ms(p.train)), h('td', { 'data-curve': 'test' }, ms(p.test))))))));
    } catch (e) {
      this.curveOut.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  }

  show(m) {
    this.metrics = m;
    const rows = [];
    if (m.task === 'regression') {
      rows.push(['R²', m.r2], ['RMSE', m.rmse], ['MAE', m.mae], ['MSE', m.mse]);
    } else if (m.task === 'binary') {
      rows.push(['Accuracy', m.accuracy], ['Precision', m.precision], ['Recall', m.recall], ['F1', m.f1], ['ROC AUC', m.rocAuc], ['Average precision', m.averagePrecision]);
    } else {
      rows.push(['Accuracy', m.accuracy], ['Precision (macro)', m.macro.precision], ['Recall (macro)', m.macro.recall], ['F1 (macro)', m.macro.f1]);
    }
    const table = h('table', { class: 'figures' }, h('caption', {}, 'Test metrics'),
      h('tbody', {}, rows.map(([name, v]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', { 'data-metric': name }, fmt(v))))));
    this.body.replaceChildren(table, m.confusion ? confusionTable(m.confusion, this.names(m)) : '');
    if (m.task === 'binary') this.showRoc(m);
  }

  names(m) {
    const given = this.labelNames();
    return given?.length === m.confusion.length ? given : classNames(null, m.confusion.length);
  }

  showRoc(m) {
    this.rocBox.hidden = false;
    this.prBox.hidden = false;
    if (!this.roc) {
      this.roc = new RocChart(this.rocBox);
      this.pr = new PrChart(this.prBox);
    }
    this.roc.set(m.roc);
    this.pr.set(m.pr);
    if (!this.thresholdBox.firstChild) {
      this.thresholdBox.append(slider('Decision threshold', this.threshold, (v) => {
        this.threshold = v;
        this.refresh();
      }, { min: 0.05, max: 0.95, step: 0.05, format: (v) => v.toFixed(2), live: true }));
    }
    this.thresholdBox.hidden = false;
  }

  async crossValidate() {
    this.cv.replaceChildren(h('p', { class: 'note' }, `Training ${this.k} models…`));
    try {
      this.showCv(await this.call('crossValidate', { k: this.k }));
    } catch (e) {
      this.cv.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  }

  /** Per-fold figures and their mean ± standard deviation. */
  showCv(r) {
    const columns = r.task === 'regression'
      ? [['loss', 'loss'], ['rmse', 'RMSE'], ['r2', 'R²']]
      : [['loss', 'loss'], ['accuracy', 'accuracy']];
    this.cv.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'figures' },
      h('caption', {}, `${r.folds.length}-fold cross-validation${r.task === 'regression' ? '' : ' (stratified)'}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'fold'), columns.map(([, t]) => h('th', { scope: 'col' }, t)))),
      h('tbody', {},
        r.folds.map((f) => h('tr', {}, h('th', { scope: 'row' }, String(f.fold)), columns.map(([k]) => h('td', {}, fmt(f[k]))))),
        h('tr', { class: 'total' }, h('th', { scope: 'row' }, 'mean ± std'),
          columns.map(([k]) => h('td', { 'data-metric': `cv-${k}` }, r[k] ? `${fmt(r[k].mean)} ± ${fmt(r[k].std)}` : '–')))))));
  }
}

/** Class names for display: the data's names (numbers read as `class 0`), else indices. */
export function classNames(given, k) {
  if (!given || given.length !== k) return Array.from({ length: k }, (_, i) => `class ${i}`);
  return given.map((n) => (/^-?\d+(\.\d+)?$/.test(n) ? `class ${n}` : n));
}

/** Rows are the true class, columns the predicted one. */
function confusionTable(counts, names) {
  const max = Math.max(1, ...counts.flat());
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Confusion matrix' },
    h('p', { class: 'caption' }, 'Confusion matrix (rows: true class, columns: predicted)'),
    h('table', { class: 'confusion' },
      h('thead', {}, h('tr', {}, h('td', {}), names.map((n) => h('th', { scope: 'col' }, n)))),
      h('tbody', {}, counts.map((row, i) => h('tr', {}, h('th', { scope: 'row' }, names[i]),
        row.map((c, j) => h('td', {
          class: i === j ? 'hit' : 'miss',
          style: `--shade:${(c / max).toFixed(3)}`,
        }, String(c))))))));
}
