// Live curves (loss, accuracy), drawn with uPlot. Points are appended as
// epochs arrive; the chart redraws when its owner says (at most a few times a second). Each
// chart reads as one described picture; the curves' legend is a row of toggle buttons.
import uPlot from '../vendor/uplot/uPlot.min.esm.js';
import { BLUE, ORANGE, css } from './palette.js';
import { h, svg } from './dom.js';

export const UPLOT_CSS = new URL('../vendor/uplot/uPlot.min.css', import.meta.url).href;

export const SERIES_STYLE = {
  train: { stroke: css(BLUE), width: 2 },
  validation: { stroke: css([0, 158, 115]), width: 2, dash: [6, 3] },
  test: { stroke: css(ORANGE), width: 2, dash: [2, 2] },
  // Distillation's two students.
  distilled: { stroke: css(BLUE), width: 2 },
  'from scratch': { stroke: css(ORANGE), width: 2, dash: [6, 3] },
};

/** How each series is drawn, in words (the legend and the chart's description). */
const SERIES_LOOK = { train: 'solid', validation: 'dashed', test: 'dotted', distilled: 'solid', 'from scratch': 'dashed' };

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

export function sizeOf(container, height) {
  return { width: Math.max(200, Math.floor(container.clientWidth || 300)), height };
}

/** Follows the container's width: `plot()` gives the chart of the moment. */
export function autoWidth(plot, container, height) {
  const ro = new ResizeObserver(() => {
    const { width } = sizeOf(container, height);
    if (width !== plot().width) plot().setSize({ width, height });
  });
  ro.observe(container);
  return ro;
}

/** The chart as one picture for screen readers: its canvas and axes are not readable. */
export function describe(plot, text) {
  plot.root.setAttribute('role', 'img');
  plot.root.setAttribute('aria-label', text);
}

/** A short line drawn as the series is (colour and dash), for the legend. */
function swatch(name) {
  const { stroke, dash } = SERIES_STYLE[name];
  return svg('svg', { class: 'series-swatch', width: 28, height: 12, viewBox: '0 0 28 12', 'aria-hidden': 'true' },
    svg('line', { x1: 2, y1: 6, x2: 26, y2: 6, stroke, 'stroke-width': 2.5, 'stroke-dasharray': dash ? dash.join(' ') : null }));
}

/**
 * A chart of curves against the epoch: uPlot draws them, the legend under it shows or hides
 * each series (buttons), and the epoch early stopping kept can be marked on it.
 */
export class CurveChart {
  /**
   * `series`: names from SERIES_STYLE; `yLabel`: axis title; `range`: fixed y range or null;
   * `log`: a logarithmic y axis; `tools`: a node shown at the end of the legend (kept by
   * the caller across charts).
   */
  constructor(container, { title, series, yLabel, range = null, height = 170, log = false, tools = null, figuresNote = 'The latest values are in the figures above.' }) {
    this.container = container;
    this.figuresNote = figuresNote;
    this.title = title;
    this.names = series;
    this.yLabel = yLabel;
    this.range = range;
    this.height = height;
    this.log = log;
    this.best = null;
    this.shown = series.map(() => true);
    this.data = [[], ...series.map(() => [])];
    this.dirty = false;
    this.mark = h('div', { class: 'best-mark', hidden: true }, h('span', {}, ''));
    /** A tutorial's notes at epochs (annotations.js): `[{ epoch, text, el }]`. */
    this.notes = [];
    this.buttons = series.map((name, i) => h('button', {
      type: 'button', class: 'series', 'aria-pressed': 'true', 'data-series': name,
      onclick: () => this.toggle(i),
    }, swatch(name), name));
    this.legend = h('div', { class: 'series-legend', role: 'group', 'aria-label': `${title}: curves shown` }, this.buttons, tools);
    this.bestNote = h('p', { class: 'note best-note', hidden: true });
    this.empty = h('p', { class: 'chart-empty' }, 'The curves appear when training starts.');
    this.build();
    container.append(this.legend, this.bestNote, this.empty);
    this.resize = autoWidth(() => this.plot, container, height);
  }

  /** Makes the uPlot chart (again, for a new y scale), first in the container. */
  build() {
    const y = this.range ? { range: () => this.range } : this.log ? { distr: 3, log: 10 } : {};
    const opts = {
      ...sizeOf(this.container, this.height),
      title: this.title,
      scales: { x: { time: false }, y },
      axes: [{ label: 'epoch', size: 34, labelSize: 16 }, { label: this.log ? `${this.yLabel} (log scale)` : this.yLabel, size: 48, labelSize: 16 }],
      series: [{ label: 'epoch' }, ...this.names.map((name, i) => ({
        label: name, show: this.shown[i], spanGaps: true, points: { show: false }, ...SERIES_STYLE[name],
      }))],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      hooks: { draw: [(u) => this.placeMark(u)] },
    };
    this.plot?.destroy();
    this.plot = new uPlot(opts, this.plotData(), (u, init) => {
      this.container.prepend(u.root);
      init();
    });
    this.plot.over.append(this.mark, ...this.notes.map((n) => n.el));
    this.describe();
  }

  /** Notes at epochs (`[{ epoch, text }]`), each a line with its text on the chart. */
  setNotes(notes) {
    for (const n of this.notes) n.el.remove();
    this.notes = notes.map(({ epoch, text }) => ({ epoch, text, el: h('div', { class: 'best-mark note-mark', hidden: true }, h('span', {}, text)) }));
    this.plot.over.append(...this.notes.map((n) => n.el));
    this.describe();
    if (this.length) this.plot.redraw(false);
  }

  /** The data as drawn: thinned, and without values a log axis cannot show. */
  plotData() {
    const data = thin(this.data, MAX_POINTS);
    if (!this.log) return data;
    return [data[0], ...data.slice(1).map((col) => col.map((v) => (v > 0 ? v : null)))];
  }

  describe() {
    const curves = this.names.filter((_, i) => this.shown[i]).map((n) => `${n} (${SERIES_LOOK[n]})`).join(', ');
    const best = (this.best == null ? '' : `; best epoch ${this.best} marked`)
      + this.notes.map((n) => `; at epoch ${n.epoch}: ${n.text}`).join('');
    describe(this.plot, `${this.title} per epoch${this.log ? ' on a log scale' : ''}: ${curves || 'no curve shown'}${best}. ${this.figuresNote}`);
  }

  /** A logarithmic (or linear) y axis: the chart is made again with the same points. */
  setLog(on) {
    if (on === this.log) return;
    this.log = on;
    this.build();
  }

  /** Shows or hides series `i` (the legend's buttons). */
  toggle(i) {
    this.shown[i] = !this.shown[i];
    this.buttons[i].setAttribute('aria-pressed', String(this.shown[i]));
    this.plot.setSeries(i + 1, { show: this.shown[i] });
    this.describe();
  }

  /** Marks `epoch` (the one early stopping kept) on the chart and says it; null clears it. */
  setBest(epoch, note = '') {
    this.best = epoch;
    this.mark.firstChild.textContent = epoch == null ? '' : `best epoch ${epoch}`;
    this.bestNote.textContent = note;
    this.bestNote.hidden = epoch == null;
    this.describe();
    // (An empty chart has no axes yet: its next draw places the mark.)
    if (this.length) this.plot.redraw(false);
  }

  /** Puts the best-epoch line at its epoch (after every draw: the scale may have moved). */
  placeMark(u) {
    for (const n of this.notes) {
      const at = this.length ? u.valToPos(n.epoch, 'x') : null;
      n.el.hidden = at == null || !Number.isFinite(at) || at < 0 || at > u.over.clientWidth;
      if (n.el.hidden) continue;
      n.el.style.left = `${at}px`;
      n.el.classList.toggle('flip', at > u.over.clientWidth - 90);
    }
    const left = this.best == null ? null : u.valToPos(this.best, 'x');
    this.mark.hidden = left == null || !Number.isFinite(left);
    if (this.mark.hidden) return;
    this.mark.style.left = `${left}px`;
    // The label stays inside the plot: on the left of the line near the right edge.
    this.mark.classList.toggle('flip', left > u.over.clientWidth - 90);
  }

  /** Removes every point (a new model's curves start empty). */
  clear() {
    this.data = [[], ...this.names.map(() => [])];
    this.dirty = false;
    this.empty.hidden = false;
    this.setBest(null);
    this.plot.setData(this.plotData());
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
    this.plot.setData(this.plotData());
  }

  /** How many epochs are plotted. */
  get length() {
    return this.data[0].length;
  }

  destroy() {
    this.resize.disconnect();
    this.plot.destroy();
    this.legend.remove();
    this.bestNote.remove();
    this.empty.remove();
  }
}
