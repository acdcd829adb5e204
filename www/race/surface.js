// The loss-surface slice as a shaded map (banded, so the bands read as contours) with each
// contestant's path on it. The engine computes the losses on the grid and places the
// paths; this only paints them: the colour of a cell follows its loss on a log scale.
import { h } from '../playground/dom.js';
import { lookOf } from './look.js';
import { joinList, t } from './strings.js';
import { figure } from './format.js';

/** Low loss dark, high loss light (viridis-like stops). */
const STOPS = [[48, 18, 59], [65, 69, 171], [57, 162, 252], [27, 229, 181], [164, 252, 60], [251, 185, 56], [250, 250, 210]];
const BANDS = 12;

function colour(u) {
  const x = Math.max(0, Math.min(1, u)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  return STOPS[i].map((c, k) => Math.round(c + (STOPS[i + 1][k] - c) * f));
}

export class SurfaceView {
  constructor(container) {
    this.canvas = h('canvas', { class: 'surface-canvas' });
    this.picture = h('div', { class: 'surface-picture', role: 'img' }, this.canvas);
    this.caption = h('p', { class: 'note surface-caption' });
    this.scale = h('div', { class: 'scale', 'aria-hidden': 'true' }, h('span', { class: 'low' }), h('span', { class: 'bar' }), h('span', { class: 'high' }));
    container.append(this.picture, this.scale, this.caption);
    this.surface = null;
    this.lang = 'en';
    this.resize = new ResizeObserver(() => this.draw());
    this.resize.observe(container);
    this.container = container;
  }

  show(surface) {
    this.surface = surface;
    this.draw();
  }

  clear() {
    this.surface = null;
    this.draw();
  }

  setLang(lang) {
    if (lang === this.lang) return;
    this.lang = lang;
    this.draw();
  }

  draw() {
    const s = this.surface;
    this.picture.hidden = this.scale.hidden = !s;
    this.caption.hidden = !s;
    if (!s) return;
    const lang = this.lang;
    this.scale.querySelector('.low').textContent = t(lang, 'scaleLow');
    this.scale.querySelector('.high').textContent = t(lang, 'scaleHigh');
    const side = Math.max(200, Math.min(420, Math.floor(this.container.clientWidth || 320)));
    const ratio = globalThis.devicePixelRatio || 1;
    const c = this.canvas;
    c.width = Math.round(side * ratio);
    c.height = Math.round(side * ratio);
    c.style.width = c.style.height = `${side}px`;
    const g = c.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    const n = s.xs.length;
    const logs = s.losses.map((v) => Math.log(Math.max(v, 1e-12)));
    const lo = Math.min(...logs);
    const hi = Math.max(...logs);
    // The grid's log-losses interpolated between grid points at the canvas's own pixels
    // (rows from the top: the largest y first), then banded.
    const px2 = Math.round(side * ratio);
    const img = new ImageData(px2, px2);
    const at = (i, j) => logs[i * n + j];
    for (let py = 0; py < px2; py++) {
      const fy = ((px2 - 1 - py) / (px2 - 1)) * (n - 1);
      const i0 = Math.min(n - 2, Math.floor(fy));
      const ty = fy - i0;
      for (let pxi = 0; pxi < px2; pxi++) {
        const fx = (pxi / (px2 - 1)) * (n - 1);
        const j0 = Math.min(n - 2, Math.floor(fx));
        const tx = fx - j0;
        const v = (at(i0, j0) * (1 - tx) + at(i0, j0 + 1) * tx) * (1 - ty) + (at(i0 + 1, j0) * (1 - tx) + at(i0 + 1, j0 + 1) * tx) * ty;
        const u = hi > lo ? (v - lo) / (hi - lo) : 0;
        const band = Math.min(BANDS - 1, Math.floor(u * BANDS)) / (BANDS - 1);
        const [r, gr, b] = colour(band);
        img.data.set([r, gr, b, 255], (py * px2 + pxi) * 4);
      }
    }
    g.putImageData(img, 0, 0);
    const [x0, x1, y0, y1] = [s.xs[0], s.xs[n - 1], s.ys[0], s.ys[n - 1]];
    const px = (x) => ((x - x0) / (x1 - x0)) * side;
    const py = (y) => side - ((y - y0) / (y1 - y0)) * side;
    s.paths.forEach((p, i) => {
      const { stroke, dash } = lookOf(i);
      const line = () => {
        g.beginPath();
        p.points.forEach(([x, y], k) => (k ? g.lineTo(px(x), py(y)) : g.moveTo(px(x), py(y))));
      };
      g.setLineDash([]);
      g.lineWidth = 5;
      g.strokeStyle = 'rgba(255, 255, 255, 0.85)';
      line();
      g.stroke();
      g.setLineDash(dash ?? []);
      g.lineWidth = 2.5;
      g.strokeStyle = stroke;
      line();
      g.stroke();
      const [ex, ey] = p.points.at(-1);
      g.setLineDash([]);
      g.beginPath();
      g.arc(px(ex), py(ey), 5, 0, 2 * Math.PI);
      g.fillStyle = stroke;
      g.fill();
      g.lineWidth = 1.5;
      g.strokeStyle = '#fff';
      g.stroke();
    });
    const start = s.paths[0]?.points[0];
    if (start) {
      g.beginPath();
      g.arc(px(start[0]), py(start[1]), 7, 0, 2 * Math.PI);
      g.lineWidth = 3;
      g.strokeStyle = '#fff';
      g.stroke();
      g.lineWidth = 1.5;
      g.strokeStyle = '#000';
      g.stroke();
    }
    const min = Math.min(...s.losses);
    const max = Math.max(...s.losses);
    const ends = joinList(lang, s.paths.map((p) => {
      const [x, y] = p.points.at(-1);
      return t(lang, 'pathEnd', { name: p.name, x: figure(x), y: figure(y), steps: p.points.length - 1 });
    }));
    this.picture.setAttribute('aria-label', t(lang, 'surfaceText', { min: figure(min), max: figure(max), res: n, ends }));
    const params = { center: s.centerRun, epoch: s.epoch, a: s.a, b: s.b };
    this.caption.textContent = t(lang, s.plane === 'parameters' ? 'surfaceParams' : 'surfaceRandom', params);
  }

  destroy() {
    this.resize.disconnect();
  }
}
