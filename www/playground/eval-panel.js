// Evaluation on the test part: accuracy, precision, recall, F1 and the confusion matrix;
// for binary problems the ROC and precision–recall curves, AUC, average precision and a
// threshold slider that updates the matrix;
// R², RMSE and MAE for regression; k-fold cross-validation on demand.
import { fmt, h, select, slider } from './dom.js';
import { PrChart, RocChart } from './charts.js';

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
    this.thresholdBox = h('div', { hidden: true });
    this.cv = h('div', { class: 'cv' });
    this.k = 5;
    const cvButton = h('button', { type: 'button', onclick: () => this.crossValidate() }, 'Run cross-validation');
    this.el = h('div', { class: 'panel-body' }, this.body, this.thresholdBox, this.rocBox,
      h('div', { class: 'cv-controls' },
        select('Folds', ['3', '5', '10'], '5', (v) => { this.k = Number(v); }), cvButton), this.cv);
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
    this.thresholdBox.hidden = true;
    this.cv.replaceChildren();
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
    if (!this.roc) {
      this.roc = new RocChart(this.rocBox);
      this.pr = new PrChart(this.rocBox);
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
