// The evaluation's pictures, drawn with uPlot: the ROC and precision–recall curves,
// predicted against actual values, the learning curve and test accuracy against sparsity.
// Each reads as one described picture, with its figures in a table beside it, and is made
// again with the same points when the language changes.
import uPlot from '../vendor/uplot/uPlot.min.esm.js';
import { BLUE, ORANGE, css } from './palette.js';
import { SERIES_STYLE, autoWidth, describe, sizeOf } from './charts.js';
import { t } from './i18n/i18n.js';

/** The dashed line a model would follow by chance (ROC) or with perfect predictions. */
const DIAGONAL = { stroke: '#999', dash: [4, 4], width: 1, points: { show: false } };
const NO_LEGEND = { legend: { show: false }, cursor: { drag: { x: false, y: false } } };

/**
 * A uPlot chart first in `container`, made from `options()` (its texts in the language in
 * force) and `description()`; `relocalize` makes it again with the points it shows.
 */
class Chart {
  constructor(container, height, data) {
    this.container = container;
    this.height = height;
    this.data = data;
    this.resize = autoWidth(() => this.plot, container, height);
  }

  build() {
    this.plot?.destroy();
    this.plot = new uPlot({ ...sizeOf(this.container, this.height), ...NO_LEGEND, ...this.options() }, this.data, (u, init) => {
      this.container.prepend(u.root);
      init();
    });
    describe(this.plot, this.description());
  }

  setData(data) {
    this.data = data;
    this.plot.setData(data);
  }

  relocalize() {
    if (this.plot) this.build();
  }

  destroy() {
    this.resize.disconnect();
    this.plot?.destroy();
  }
}

/** A plot of one series against x with the diagonal beside it; `set` gives the data. */
class DiagonalChart extends Chart {
  constructor(container, height, data, texts, { series, scale }) {
    super(container, height, data);
    this.texts = texts;
    this.look = { series, scale };
    this.build();
  }

  options() {
    const [title, x, y] = this.texts.map((k) => t(k));
    return {
      title,
      scales: { x: { time: false, ...this.look.scale }, y: { ...this.look.scale } },
      axes: [{ label: x, size: 34, labelSize: 16 }, { label: y, size: 48, labelSize: 16 }],
      series: [{ label: x }, { label: y, ...this.look.series }, { label: 'diagonal', ...DIAGONAL }],
    };
  }

  description() {
    return t(this.texts[3]);
  }
}

/** The ROC curve: false positive rate against true positive rate, with the chance line. */
export class RocChart extends DiagonalChart {
  constructor(container, height = 220) {
    super(container, height, [[0, 1], [0, 1], [0, 1]], ['eval.rocTitle', 'eval.fpr', 'eval.tpr', 'eval.rocDescription'],
      { series: { ...SERIES_STYLE.train, points: { show: false } }, scale: { range: [0, 1] } });
  }

  /** `roc`: `[[fpr, tpr], ...]` sorted by fpr. */
  set(roc) {
    const fpr = roc.map((p) => p[0]);
    this.setData([fpr, roc.map((p) => p[1]), fpr]);
  }
}

/** Predicted against actual values (regression), with the line of perfect predictions. */
export class ScatterChart extends DiagonalChart {
  constructor(container, height = 220) {
    super(container, height, [[], [], []], ['eval.scatterTitle', 'eval.actual', 'eval.predicted', 'eval.scatterDescription'], {
      series: { stroke: css(BLUE), paths: () => null, points: { show: true, size: 5, width: 1, fill: css(BLUE, 0.5) } }, scale: {},
    });
  }

  /** `actual` sorted ascending, `predicted` in the same order. */
  set(actual, predicted) {
    const x = Array.from(actual);
    this.setData([x, Array.from(predicted), x]);
  }
}

/** The precision–recall curve: precision against recall (its average precision is in the metrics). */
export class PrChart extends Chart {
  constructor(container, height = 220) {
    super(container, height, [[0, 1], [1, 1]]);
    this.build();
  }

  options() {
    return {
      title: t('eval.prTitle'),
      scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
      axes: [{ label: t('eval.recall'), size: 34, labelSize: 16 }, { label: t('eval.precision'), size: 48, labelSize: 16 }],
      series: [{ label: t('eval.recall') }, { label: t('eval.precision'), ...SERIES_STYLE.train, points: { show: false } }],
    };
  }

  description() {
    return t('eval.prDescription');
  }

  /** `pr`: `[[recall, precision], ...]` from the highest threshold down. */
  set(pr) {
    this.setData([pr.map((p) => p[0]), pr.map((p) => p[1])]);
  }
}

/**
 * A learning curve: the mean score on the training rows and on the test part against the
 * number of training rows, each with a band of ± one standard deviation over the seeds.
 */
export class LearningCurveChart extends Chart {
  constructor(container, height = 220) {
    super(container, height, null);
  }

  /** `points`: `[{ rows, train: { mean, std }, test: { mean, std } }]`; `metric`: `accuracy` or `loss`. */
  set(points, metric) {
    this.metric = metric;
    const col = (part, f) => points.map((p) => (p[part] ? f(p[part]) : null));
    this.data = [points.map((p) => p.rows),
      col('train', (s) => s.mean), col('train', (s) => s.mean + s.std), col('train', (s) => s.mean - s.std),
      col('test', (s) => s.mean), col('test', (s) => s.mean + s.std), col('test', (s) => s.mean - s.std)];
    this.build();
  }

  options() {
    const metric = t(`eval.metric.${this.metric}`);
    const band = (part) => [
      { label: t(`series.${part}`), ...SERIES_STYLE[part], points: { show: true, size: 6 } },
      { label: `${part} + std`, stroke: 'transparent', points: { show: false } },
      { label: `${part} − std`, stroke: 'transparent', points: { show: false } },
    ];
    return {
      title: t('eval.learningCurveTitle', { metric }),
      scales: { x: { time: false }, y: this.metric === 'accuracy' ? { range: [0, 1] } : {} },
      axes: [{ label: t('eval.trainingRows'), size: 34, labelSize: 16 }, { label: metric, size: 48, labelSize: 16 }],
      series: [{ label: 'rows' }, ...band('train'), ...band('test')],
      bands: [{ series: [2, 3], fill: css(BLUE, 0.15) }, { series: [5, 6], fill: css(ORANGE, 0.18) }],
    };
  }

  description() {
    return t('eval.learningCurveDescription', { metric: t(`eval.metric.${this.metric}`) });
  }
}

/**
 * Test accuracy (or loss) against sparsity: the one-shot curve (pruned copies, no
 * fine-tuning), the points the model reached after fine-tuning, and the dense model's
 * level (dashed).
 */
export class SparsityChart extends Chart {
  constructor(container, height = 220) {
    super(container, height, [[], [], [], []]);
    this.metric = 'accuracy';
    this.build();
  }

  options() {
    const y = t(`eval.metric.test-${this.metric}`);
    return {
      title: t(`eval.sparsityTitle.${this.metric}`),
      scales: { x: { time: false, range: [0, 100] }, y: this.metric === 'accuracy' ? { range: [0, 1] } : {} },
      axes: [{ label: t('eval.pruned'), size: 34, labelSize: 16 }, { label: y, size: 48, labelSize: 16 }],
      series: [{ label: 'sparsity' },
        { label: t('eval.oneShot'), spanGaps: true, ...SERIES_STYLE.train, points: { show: true, size: 6 } },
        { label: t('eval.fineTuned'), stroke: css(ORANGE), paths: () => null, points: { show: true, size: 9, width: 2, fill: css(ORANGE, 0.6) } },
        { label: t('eval.dense'), spanGaps: true, ...DIAGONAL }],
    };
  }

  description() {
    return t('eval.sparsityDescription', { metric: t(`eval.metric.test-${this.metric}`) });
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
    this.setData([xs, at(curve), at(tuned), flat]);
  }
}
