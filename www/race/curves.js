// The overlaid loss curves, drawn with uPlot: one series per contestant from epoch 0 (the
// loss at the shared initial weights), redrawn at most once a frame. The chart is one
// described picture; the table beside it carries the numbers.
import uPlot from '../vendor/uplot/uPlot.min.esm.js';
import { autoWidth, describe, sizeOf } from '../playground/charts.js';
import { h } from '../playground/dom.js';
import { lookOf } from './look.js';
import { joinList, t } from './strings.js';
import { figure } from './format.js';

const HEIGHT = 300;

export class LossCurves {
  constructor(container) {
    this.container = container;
    this.empty = h('p', { class: 'empty' });
    container.append(this.empty);
    this.names = [];
    this.data = [[]];
    this.lang = 'en';
    this.frame = 0;
  }

  /** New contestants: the chart starts again with their epoch-0 losses. */
  reset(names, initial) {
    this.names = names;
    this.data = [[0], ...initial.map((v) => [v])];
    this.build();
  }

  build() {
    const opts = {
      ...sizeOf(this.container, HEIGHT),
      scales: { x: { time: false }, y: { distr: 3, log: 10 } },
      axes: [{ label: t(this.lang, 'epochAxis'), size: 34, labelSize: 16 }, { label: t(this.lang, 'lossAxis'), size: 52, labelSize: 16 }],
      series: [{ label: 'epoch' }, ...this.names.map((name, i) => {
        const { stroke, dash } = lookOf(i);
        return { label: name, stroke, width: 2.5, dash: dash ?? undefined, points: { show: false }, spanGaps: true };
      })],
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
    };
    this.plot?.destroy();
    this.plot = new uPlot(opts, this.data, (u, init) => {
      this.container.prepend(u.root);
      init();
    });
    // (Follows the container's width once there is a chart.)
    this.resize ??= autoWidth(() => this.plot, this.container, HEIGHT);
    this.describe();
  }

  push(epoch, losses) {
    this.data[0].push(epoch);
    losses.forEach((v, i) => this.data[i + 1].push(v > 0 ? v : null));
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.plot.setData(this.data);
        this.describe();
      });
    }
  }

  setLang(lang) {
    if (lang === this.lang) return;
    this.lang = lang;
    if (this.names.length) this.build();
  }

  describe() {
    this.empty.textContent = t(this.lang, 'noCurves');
    this.empty.hidden = this.data[0].length > 1;
    if (!this.plot) return;
    const curves = this.names.map((name, i) => {
      const col = this.data[i + 1];
      return t(this.lang, 'curveText', { name, look: t(this.lang, lookOf(i).look), first: figure(col[0]), last: figure(col.at(-1)) });
    });
    describe(this.plot, t(this.lang, 'chartText', { count: this.names.length, curves: joinList(this.lang, curves) }));
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    this.resize?.disconnect();
    this.plot?.destroy();
  }
}
