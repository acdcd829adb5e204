// The evaluation's pictures, drawn with uPlot: the ROC and precision–recall curves,
// predicted against actual values, the learning curve and test accuracy against sparsity.
// Each reads as one described picture, with its figures in a table beside it.
import uPlot from '../vendor/uplot/uPlot.min.esm.js';
import { BLUE, ORANGE, css } from './palette.js';
import { SERIES_STYLE, autoWidth, describe, sizeOf } from './charts.js';

/** The dashed line a model would follow by chance (ROC) or with perfect predictions. */
const DIAGONAL = { stroke: '#999', dash: [4, 4], width: 1, points: { show: false } };

/** A plot of one series against x with the diagonal beside it; `set` gives the data. */
class DiagonalChart {
  constructor(container, height, { title, x, y, series, scale, data, description }) {
    this.plot = new uPlot({
      ...sizeOf(container, height),
      title,
      scales: { x: { time: false, ...scale }, y: { ...scale } },
      axes: [{ label: x, size: 34, labelSize: 16 }, { label: y, size: 48, labelSize: 16 }],
      series: [{ label: x }, { label: y, ...series }, { label: 'diagonal', ...DIAGONAL }],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
    }, data, container);
    describe(this.plot, description);
    this.resize = autoWidth(() => this.plot, container, height);
  }

  destroy() {
    this.resize.disconnect();
    this.plot.destroy();
  }
}

/** The ROC curve: false positive rate against true positive rate, with the chance line. */
export class RocChart extends DiagonalChart {
  constructor(container, height = 220) {
    super(container, height, {
      title: 'ROC curve',
      x: 'false positive rate',
      y: 'true positive rate',
      series: { ...SERIES_STYLE.train, points: { show: false } },
      scale: { range: [0, 1] },
      data: [[0, 1], [0, 1], [0, 1]],
      description: 'ROC curve of the test part: true positive rate against false positive rate, with the chance line (dashed); its area (ROC AUC) is in the test metrics.',
    });
  }

  /** `roc`: `[[fpr, tpr], ...]` sorted by fpr. */
  set(roc) {
    const fpr = roc.map((p) => p[0]);
    this.plot.setData([fpr, roc.map((p) => p[1]), fpr]);
  }
}

/** The precision–recall curve: precision against recall (its average precision is in the metrics). */
export class PrChart {
  constructor(container, height = 220) {
    this.plot = new uPlot({
      ...sizeOf(container, height),
      title: 'Precision–recall curve',
      scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
      axes: [{ label: 'recall', size: 34, labelSize: 16 }, { label: 'precision', size: 48, labelSize: 16 }],
      series: [{ label: 'recall' }, { label: 'precision', ...SERIES_STYLE.train, points: { show: false } }],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
    }, [[0, 1], [1, 1]], container);
    describe(this.plot, 'Precision–recall curve of the test part: precision against recall as the cut-off falls; its average precision is in the test metrics.');
    this.resize = autoWidth(() => this.plot, container, height);
  }

  /** `pr`: `[[recall, precision], ...]` from the highest threshold down. */
  set(pr) {
    this.plot.setData([pr.map((p) => p[0]), pr.map((p) => p[1])]);
  }

  destroy() {
    this.resize.disconnect();
    this.plot.destroy();
  }
}

/**
 * A learning curve: the mean score on the training rows and on the test part against the
 * number of training rows, each with a band of ± one standard deviation over the seeds.
 */
export class LearningCurveChart {
  constructor(container, height = 220) {
    this.container = container;
    this.height = height;
    this.resize = autoWidth(() => this.plot, container, height);
  }

  /** `points`: `[{ rows, train: { mean, std }, test: { mean, std } }]`; `metric`: the y label. */
  set(points, metric) {
    this.plot?.destroy();
    const xs = points.map((p) => p.rows);
    const col = (part, f) => points.map((p) => (p[part] ? f(p[part]) : null));
    const band = (name, part) => [
      { label: name, ...SERIES_STYLE[part], points: { show: true, size: 6 } },
      { label: `${name} + std`, stroke: 'transparent', points: { show: false } },
      { label: `${name} − std`, stroke: 'transparent', points: { show: false } },
    ];
    this.plot = new uPlot({
      ...sizeOf(this.container, this.height),
      title: `Learning curve: ${metric}`,
      scales: { x: { time: false }, y: metric.includes('accuracy') ? { range: [0, 1] } : {} },
      axes: [{ label: 'training rows', size: 34, labelSize: 16 }, { label: metric, size: 48, labelSize: 16 }],
      series: [{ label: 'rows' }, ...band('train', 'train'), ...band('test', 'test')],
      bands: [{ series: [2, 3], fill: css(BLUE, 0.15) }, { series: [5, 6], fill: css(ORANGE, 0.18) }],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
    }, [xs,
      col('train', (s) => s.mean), col('train', (s) => s.mean + s.std), col('train', (s) => s.mean - s.std),
      col('test', (s) => s.mean), col('test', (s) => s.mean + s.std), col('test', (s) => s.mean - s.std)], (u, init) => {
      this.container.prepend(u.root);
      init();
    });
    describe(this.plot, `Learning curve: mean ${metric} on the training rows (solid) and on the test part (dotted) against the number of training rows, shaded ± one standard deviation over the seeds. The figures are in the table below.`);
  }

  destroy() {
    this.resize.disconnect();
    this.plot?.destroy();
  }
}

/** Predicted against actual values (regression), with the line of perfect predictions. */
export class ScatterChart extends DiagonalChart {
  constructor(container, height = 220) {
    super(container, height, {
      title: 'Predicted vs actual (test)',
      x: 'actual',
      y: 'predicted',
      series: { stroke: css(BLUE), paths: () => null, points: { show: true, size: 5, width: 1, fill: css(BLUE, 0.5) } },
      scale: {},
      data: [[], [], []],
      description: 'Predicted against actual values of the test part, with the line of perfect predictions (dashed).',
    });
  }

  /** `actual` sorted ascending, `predicted` in the same order. */
  set(actual, predicted) {
    const x = Array.from(actual);
    this.plot.setData([x, Array.from(predicted), x]);
  }
}

/**
 * Test accuracy (or loss) against sparsity: the one-shot curve (pruned copies, no
 * fine-tuning), the points the model reached after fine-tuning, and the dense model's
 * level (dashed).
 */
export class SparsityChart {
  constructor(container, height = 220) {
    this.container = container;
    this.height = height;
    this.metric = 'accuracy';
    this.build();
    this.resize = autoWidth(() => this.plot, container, height);
  }

  build() {
    this.plot?.destroy();
    const y = this.metric === 'accuracy' ? 'test accuracy' : 'test loss';
    this.plot = new uPlot({
      ...sizeOf(this.container, this.height),
      title: `${y[0].toUpperCase()}${y.slice(1)} against sparsity`,
      scales: { x: { time: false, range: [0, 100] }, y: this.metric === 'accuracy' ? { range: [0, 1] } : {} },
      axes: [{ label: 'weights pruned (%)', size: 34, labelSize: 16 }, { label: y, size: 48, labelSize: 16 }],
      series: [{ label: 'sparsity' },
        { label: 'one-shot', spanGaps: true, ...SERIES_STYLE.train, points: { show: true, size: 6 } },
        { label: 'fine-tuned', stroke: css(ORANGE), paths: () => null, points: { show: true, size: 9, width: 2, fill: css(ORANGE, 0.6) } },
        { label: 'dense', spanGaps: true, ...DIAGONAL }],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
    }, [[], [], [], []], (u, init) => {
      this.container.prepend(u.root);
      init();
    });
    describe(this.plot, `${y} of the test part against the share of weights pruned: one-shot pruning without fine-tuning (solid line), after fine-tuning (large dots) and the dense model (dashed). The figures are in the table below.`);
  }

  /**
   * `curve`: `[{ sparsity, value }]` (fractions), `tuned`: the same for fine-tuned models,
   * `dense`: the dense model's value; `metric`: 'accuracy' or 'loss'.
   */
  set({ curve, tuned, dense, metric }) {
    if (metric !== this.metric) {
      this.metric = metric;
      this.build();
    }
    const xs = [...new Set([...curve, ...tuned].map((p) => Math.round(p.sparsity * 1000) / 10))].sort((a, b) => a - b);
    const at = (points) => {
      const m = new Map(points.map((p) => [Math.round(p.sparsity * 1000) / 10, p.value]));
      return xs.map((x) => m.get(x) ?? null);
    };
    const flat = xs.map((_, i) => (i === 0 || i === xs.length - 1 ? dense : null));
    this.plot.setData([xs, at(curve), at(tuned), flat]);
  }

  destroy() {
    this.resize.disconnect();
    this.plot.destroy();
  }
}
