// Live curves (loss, accuracy) and the ROC curve, drawn with uPlot. Points are appended as
// epochs arrive; the chart redraws at most once per animation frame.
import uPlot from '../vendor/uplot/uPlot.min.esm.js';
import { BLUE, ORANGE, css } from './palette.js';

export const UPLOT_CSS = new URL('../vendor/uplot/uPlot.min.css', import.meta.url).href;

const SERIES_STYLE = {
  train: { stroke: css(BLUE), width: 2 },
  validation: { stroke: css([0, 158, 115]), width: 2, dash: [6, 3] },
  test: { stroke: css(ORANGE), width: 2, dash: [2, 2] },
};

/** The most points a curve draws; longer runs show every k-th epoch (and the last). */
const MAX_POINTS = 400;

function thin(data, max) {
  const n = data[0].length;
  if (n <= max) return data;
  const step = Math.ceil(n / max);
  return data.map((col) => {
    const out = [];
    for (let i = 0; i < n; i += step) out.push(col[i]);
    if ((n - 1) % step !== 0) out.push(col[n - 1]);
    return out;
  });
}

function sizeOf(container, height) {
  return { width: Math.max(200, Math.floor(container.clientWidth || 300)), height };
}

/** Follows the container's width. */
function autoWidth(plot, container, height) {
  const ro = new ResizeObserver(() => {
    const { width } = sizeOf(container, height);
    if (width !== plot.width) plot.setSize({ width, height });
  });
  ro.observe(container);
  return ro;
}

export class CurveChart {
  /** `series`: names from SERIES_STYLE; `yLabel`: axis title; `range`: fixed y range or null. */
  constructor(container, { title, series, yLabel, range = null, height = 170 }) {
    this.names = series;
    this.height = height;
    this.data = [[], ...series.map(() => [])];
    this.dirty = false;
    const opts = {
      ...sizeOf(container, height),
      title,
      scales: { x: { time: false }, y: range ? { range: () => range } : {} },
      axes: [{ label: 'epoch', size: 34, labelSize: 16 }, { label: yLabel, size: 48, labelSize: 16 }],
      series: [{ label: 'epoch' }, ...series.map((name) => ({ label: name, spanGaps: true, points: { show: false }, ...SERIES_STYLE[name] }))],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
    };
    this.plot = new uPlot(opts, this.data, container);
    this.resize = autoWidth(this.plot, container, height);
    this.empty = document.createElement('p');
    this.empty.className = 'chart-empty';
    this.empty.textContent = 'The curves appear when training starts.';
    container.append(this.empty);
  }

  /** Removes every point (a new model's curves start empty). */
  clear() {
    this.data = [[], ...this.names.map(() => [])];
    this.dirty = false;
    this.empty.hidden = false;
    this.plot.setData(this.data);
  }

  /** Adds one epoch's values: `{ train, validation, test }` (missing values leave a gap). */
  push(epoch, values) {
    this.data[0].push(epoch);
    this.names.forEach((name, i) => this.data[i + 1].push(values[name] ?? null));
    this.dirty = true;
  }

  /** Redraws with the epochs added since the last call (the caller decides how often). */
  draw() {
    if (!this.dirty) return;
    this.dirty = false;
    this.empty.hidden = this.data[0].length > 0;
    this.plot.setData(thin(this.data, MAX_POINTS));
  }

  /** How many epochs are plotted. */
  get length() {
    return this.data[0].length;
  }

  destroy() {
    this.resize.disconnect();
    this.plot.destroy();
    this.empty.remove();
  }
}

/** The dashed line a model would follow by chance (ROC) or with perfect predictions. */
const DIAGONAL = { stroke: '#999', dash: [4, 4], width: 1, points: { show: false } };

/** A plot of one series against x with the diagonal beside it; `set` gives the data. */
class DiagonalChart {
  constructor(container, height, { title, x, y, series, scale, data }) {
    this.plot = new uPlot({
      ...sizeOf(container, height),
      title,
      scales: { x: { time: false, ...scale }, y: { ...scale } },
      axes: [{ label: x, size: 34, labelSize: 16 }, { label: y, size: 48, labelSize: 16 }],
      series: [{ label: x }, { label: y, ...series }, { label: 'diagonal', ...DIAGONAL }],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
    }, data, container);
    this.resize = autoWidth(this.plot, container, height);
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
    });
  }

  /** `roc`: `[[fpr, tpr], ...]` sorted by fpr. */
  set(roc) {
    const fpr = roc.map((p) => p[0]);
    this.plot.setData([fpr, roc.map((p) => p[1]), fpr]);
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
    });
  }

  /** `actual` sorted ascending, `predicted` in the same order. */
  set(actual, predicted) {
    const x = Array.from(actual);
    this.plot.setData([x, Array.from(predicted), x]);
  }
}
