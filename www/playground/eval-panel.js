// Evaluation on the test part: accuracy, precision, recall, F1 and the confusion matrix;
// for binary problems the ROC and precision–recall curves, AUC, average precision and a
// threshold slider that updates the matrix;
// R², RMSE and MAE for regression; k-fold cross-validation and a learning curve on demand.
import { fmt, h, select, slider } from './dom.js';
import { LearningCurveChart, PrChart, RocChart } from './eval-charts.js';
import { grouped, landmarkName, list, msg, msgOr } from './i18n/i18n.js';
import { withButtonHelp, withHelp } from './help.js';

export class EvalPanel {
  /** `call(type, args)` sends a worker command; `labelNames()` gives the class names. */
  constructor(call, labelNames, label = null) {
    this.call = call;
    this.label = label;
    this.labelNames = labelNames;
    this.threshold = 0.5;
    this.metrics = null;
    this.roc = null;
    this.body = h('div', { class: 'metrics', 'aria-live': 'polite' }, h('p', { class: 'note' }, msg('eval.trainFirst')));
    this.rocBox = h('div', { class: 'roc', hidden: true });
    this.prBox = h('div', { class: 'pr', hidden: true });
    this.thresholdBox = h('div', { hidden: true });
    this.cv = h('div', { class: 'cv' });
    this.k = 5;
    const cvButton = h('button', { type: 'button', onclick: () => this.crossValidate() }, msg('eval.crossValidate'));
    this.curveBox = h('div', { class: 'learning-curve', hidden: true });
    this.curveOut = h('div', { 'aria-live': 'polite', 'data-learning-curve': '' });
    this.curveChart = null;
    const curveButton = h('button', { type: 'button', onclick: () => this.learningCurve() }, msg('eval.learningCurve'));
    this.el = h('div', { class: 'panel-body' }, this.body, this.thresholdBox, this.rocBox, this.prBox,
      h('div', { class: 'cv-controls' },
        withHelp(select(msg('eval.folds'), ['3', '5', '10'], '5', (v) => { this.k = Number(v); }), 'folds'),
        withButtonHelp(cvButton, 'crossValidate', msg('eval.crossValidate')), withButtonHelp(curveButton, 'learningCurve', msg('eval.learningCurve'))), this.cv,
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
    this.body.replaceChildren(h('p', { class: 'note' }, msg('eval.trainFirst')));
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
    this.curveOut.replaceChildren(h('p', { class: 'note' }, msg('eval.curveTraining')));
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
      const name = msg(`eval.metric.${metric}`);
      this.curveOut.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'figures' },
        h('caption', {}, msg('eval.curveCaption', { metric: name, seeds: list(r.points[0].runs.map((x) => String(x.seed))), count: grouped(r.testRows) })),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, msg('eval.trainingRows')), h('th', { scope: 'col' }, msg('eval.trainMetric', { metric: name })),
          h('th', { scope: 'col' }, msg('eval.testMetric', { metric: name })))),
        h('tbody', {}, points.map((p) => h('tr', {}, h('th', { scope: 'row' }, msg('number', { n: grouped(p.rows) })),
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
    // `data-metric` keeps the English name (scripts and tests read it); the row says it in the language.
    const table = h('table', { class: 'figures' }, h('caption', {}, msg('eval.testMetrics')),
      h('tbody', {}, rows.map(([name, v]) => h('tr', {}, h('th', { scope: 'row' }, msgOr(`metric.${name}`, name)), h('td', { 'data-metric': name }, fmt(v))))));
    this.body.replaceChildren(table, m.confusion ? confusionTable(m.confusion, this.names(m), this.label) : '');
    if (m.task === 'binary') this.showRoc(m);
  }

  /** The charts in the language in force. */
  relocalize() {
    for (const chart of [this.roc, this.pr, this.curveChart]) chart?.relocalize();
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
      this.thresholdBox.append(withHelp(slider(msg('eval.threshold'), this.threshold, (v) => {
        this.threshold = v;
        this.refresh();
      }, { min: 0.05, max: 0.95, step: 0.05, format: (v) => v.toFixed(2), live: true }), 'threshold'));
    }
    this.thresholdBox.hidden = false;
  }

  async crossValidate() {
    this.cv.replaceChildren(h('p', { class: 'note' }, msg('eval.cvTraining', { count: this.k })));
    try {
      this.showCv(await this.call('crossValidate', { k: this.k }));
    } catch (e) {
      this.cv.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  }

  /** Per-fold figures and their mean ± standard deviation. */
  showCv(r) {
    const columns = r.task === 'regression'
      ? [['loss', msg('eval.metric.loss')], ['rmse', 'RMSE'], ['r2', 'R²']]
      : [['loss', msg('eval.metric.loss')], ['accuracy', msg('eval.metric.accuracy')]];
    this.cv.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'figures' },
      h('caption', {}, msg(r.task === 'regression' ? 'eval.cvCaption' : 'eval.cvCaptionStratified', { count: r.folds.length })),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, msg('eval.fold')), columns.map(([, t]) => h('th', { scope: 'col' }, t)))),
      h('tbody', {},
        r.folds.map((f) => h('tr', {}, h('th', { scope: 'row' }, String(f.fold)), columns.map(([k]) => h('td', {}, fmt(f[k]))))),
        h('tr', { class: 'total' }, h('th', { scope: 'row' }, msg('eval.meanStd')),
          columns.map(([k]) => h('td', { 'data-metric': `cv-${k}` }, r[k] ? `${fmt(r[k].mean)} ± ${fmt(r[k].std)}` : '–')))))));
  }
}

/** Class names for display: the data's names (numbers read as `class 0`), else indices. */
export function classNames(given, k) {
  if (!given || given.length !== k) return Array.from({ length: k }, (_, i) => msg('eval.class', { name: String(i) }));
  return given.map((n) => (/^-?\d+(\.\d+)?$/.test(n) ? msg('eval.class', { name: n }) : n));
}

/** Rows are the true class, columns the predicted one. */
function confusionTable(counts, names, label) {
  const max = Math.max(1, ...counts.flat());
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': landmarkName(label, msg('eval.confusion')) },
    h('p', { class: 'caption' }, msg('eval.confusionCaption')),
    h('table', { class: 'confusion' },
      h('thead', {}, h('tr', {}, h('td', {}), names.map((n) => h('th', { scope: 'col' }, n)))),
      h('tbody', {}, counts.map((row, i) => h('tr', {}, h('th', { scope: 'row' }, names[i]),
        row.map((c, j) => h('td', {
          class: i === j ? 'hit' : 'miss',
          style: `--shade:${(c / max).toFixed(3)}`,
        }, String(c))))))));
}
