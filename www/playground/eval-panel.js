// Evaluation on the test part: accuracy, precision, recall, F1 and the confusion matrix;
// for binary problems the ROC curve, AUC and a threshold slider that updates the matrix;
// R², RMSE and MAE for regression; k-fold cross-validation on demand.
import { fmt, h, newId, select, slider } from './dom.js';
import { RocChart } from './charts.js';

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
      rows.push(['Accuracy', m.accuracy], ['Precision', m.precision], ['Recall', m.recall], ['F1', m.f1], ['ROC AUC', m.rocAuc]);
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
    const k = m.confusion.length;
    return given && given.length === k ? given : Array.from({ length: k }, (_, i) => `class ${i}`);
  }

  showRoc(m) {
    this.rocBox.hidden = false;
    if (!this.roc) this.roc = new RocChart(this.rocBox);
    this.roc.set(m.roc);
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
      const r = await this.call('crossValidate', { k: this.k });
      const id = newId();
      this.cv.replaceChildren(h('table', { class: 'figures', id },
        h('caption', {}, `${this.k}-fold cross-validation (${r.metric})`),
        h('tbody', {},
          r.folds.map((v, i) => h('tr', {}, h('th', { scope: 'row' }, `fold ${i + 1}`), h('td', {}, fmt(v)))),
          h('tr', { class: 'total' }, h('th', { scope: 'row' }, 'mean ± std'), h('td', { 'data-metric': 'cv' }, `${fmt(r.mean)} ± ${fmt(r.std)}`)))));
    } catch (e) {
      this.cv.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  }
}

/** Rows are the true class, columns the predicted one. */
function confusionTable(counts, names) {
  const max = Math.max(1, ...counts.flat());
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Confusion matrix' },
    h('table', { class: 'confusion' },
      h('caption', {}, 'Confusion matrix (rows: true class, columns: predicted)'),
      h('thead', {}, h('tr', {}, h('td', {}), names.map((n) => h('th', { scope: 'col' }, n)))),
      h('tbody', {}, counts.map((row, i) => h('tr', {}, h('th', { scope: 'row' }, names[i]),
        row.map((c, j) => h('td', {
          class: i === j ? 'hit' : 'miss',
          style: `--shade:${(c / max).toFixed(3)}`,
        }, String(c))))))));
}
