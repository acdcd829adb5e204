// Draws the model's output over two features as a heatmap, with the train and test points
// on top (test points ringed in black), and the small per-neuron heatmaps.
import { classColour, css, diverging, mix, WHITE } from './palette.js';

/** The most points drawn per part (train, test); bigger sets show an even sample. */
const MAX_POINTS = 2000;
/** How strongly the background shows the model's output (the points keep full colour). */
const SHADE = 0.6;

/** The colour of one model output row: probability, class confidence or value. */
function outputColour(values, i, outputs, task, scale) {
  if (task === 'regression') return diverging((SHADE * values[i]) / scale);
  if (outputs === 1) return diverging(SHADE * (2 * values[i] - 1));
  let best = 0;
  for (let k = 1; k < outputs; k += 1) if (values[i * outputs + k] > values[i * outputs + best]) best = k;
  const confidence = (values[i * outputs + best] - 1 / outputs) / (1 - 1 / outputs);
  return mix(WHITE, classColour(best), SHADE * (0.15 + 0.85 * confidence));
}

/** One small offscreen canvas per grid resolution, reused: creating contexts is slow. */
const scratch = new Map();

function scratchFor(res) {
  if (!scratch.has(res)) {
    const canvas = new OffscreenCanvas(res, res);
    const ctx = canvas.getContext('2d');
    scratch.set(res, { canvas, ctx, img: ctx.createImageData(res, res) });
  }
  return scratch.get(res);
}

/** Paints a `res × res` grid of colours into `canvas` (scaled up, smoothed). */
function paintGrid(canvas, res, colourAt) {
  const { canvas: off, ctx: octx, img } = scratchFor(res);
  const px = img.data;
  for (let i = 0; i < res * res; i += 1) {
    const [r, g, b] = colourAt(i);
    px[i * 4] = r;
    px[i * 4 + 1] = g;
    px[i * 4 + 2] = b;
    px[i * 4 + 3] = 255;
  }
  octx.putImageData(img, 0, 0);
  const ctx = contextOf(canvas);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
}

const contexts = new WeakMap();
/** The canvas's 2-D context, fetched once. */
export function contextOf(canvas) {
  if (!contexts.has(canvas)) contexts.set(canvas, canvas.getContext('2d'));
  return contexts.get(canvas);
}

export class BoundaryPlot {
  constructor(canvas) {
    this.canvas = canvas;
    this.boundary = null;
    this.points = null;
    this.task = 'binary';
    this.showTest = true;
    this.valueScale = 1;
  }

  /** `points`: `{ train: { xy, y }, test: { xy, y } }` in the plotted features' units. */
  setPoints(points, task) {
    this.points = points;
    this.task = task;
    if (task === 'regression') {
      let m = 0;
      for (const v of points.train.y) m = Math.max(m, Math.abs(v));
      this.valueScale = m || 1;
    }
    this.draw();
  }

  setBoundary(boundary) {
    this.boundary = boundary;
    this.draw();
  }

  draw() {
    const { canvas } = this;
    const ctx = contextOf(canvas);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    const b = this.boundary;
    if (b) paintGrid(canvas, b.res, (i) => outputColour(b.values, i, b.outputs, this.task, this.valueScale));
    if (!this.points || !b) return;
    ctx.drawImage(this.pointLayer(b), 0, 0);
  }

  /** The points drawn once on their own layer, redrawn only when they or the axes change. */
  pointLayer(b) {
    const key = `${b.xDomain}|${b.yDomain}|${this.showTest}`;
    if (this.layer?.key === key && this.layer.points === this.points) return this.layer.canvas;
    const { width, height } = this.canvas;
    const layer = this.layer?.canvas ?? new OffscreenCanvas(width, height);
    const ctx = layer.getContext('2d');
    ctx.clearRect(0, 0, width, height);
    const sx = (x) => ((x - b.xDomain[0]) / (b.xDomain[1] - b.xDomain[0])) * width;
    const sy = (y) => (1 - (y - b.yDomain[0]) / (b.yDomain[1] - b.yDomain[0])) * height;
    const radius = Math.max(2.5, width / 110);
    const dots = (part, ring) => {
      const { xy, y } = part;
      const n = y.length;
      const step = Math.max(1, Math.ceil(n / MAX_POINTS));
      ctx.lineWidth = ring ? 1.6 : 1;
      ctx.strokeStyle = ring ? '#000' : '#fff';
      for (let i = 0; i < n; i += step) {
        const colour = this.task === 'regression' ? diverging(y[i] / this.valueScale)
          : this.task === 'binary' ? classColour(y[i] > 0.5 ? 1 : 0) : classColour(y[i]);
        ctx.beginPath();
        ctx.arc(sx(xy[2 * i]), sy(xy[2 * i + 1]), radius, 0, 2 * Math.PI);
        ctx.fillStyle = css(colour);
        ctx.fill();
        ctx.stroke();
      }
    };
    dots(this.points.train, false);
    if (this.showTest) dots(this.points.test, true);
    this.layer = { key, points: this.points, canvas: layer };
    return layer;
  }
}

/**
 * One hidden neuron's outputs as a small image (`res × res`, in a reused scratch canvas:
 * draw it before asking for the next). Values beyond [-1, 1] (relu) are scaled down by the
 * largest magnitude.
 */
export function neuronImage(values, res) {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  const scale = m > 1 ? m : 1;
  const { canvas, ctx, img } = scratchFor(res);
  const px = img.data;
  for (let i = 0; i < res * res; i += 1) {
    const [r, g, b] = diverging(values[i] / scale);
    px[i * 4] = r;
    px[i * 4 + 1] = g;
    px[i * 4 + 2] = b;
    px[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}
