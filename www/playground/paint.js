// Painting the model's pictures on canvases that the page handed to the worker
// (`transferControlToOffscreen`): the output over two features with the data on top, and
// the network's links with each hidden neuron's heatmap. No DOM here, so it runs in the
// worker and the page's main thread never rasterises these pictures.
import { BLUE, ORANGE, WHITE, classColour, css, diverging, mix } from './palette.js';
import { NODE, links } from './diagram-layout.js';

/** The most points drawn per part (train, test); bigger sets show an even sample. */
const MAX_POINTS = 2000;
/** How strongly the background shows the model's output (the points keep full colour). */
const SHADE = 0.6;

/** One small canvas per grid resolution, reused: creating contexts is slow. */
const scratch = new Map();
function scratchFor(res) {
  if (!scratch.has(res)) {
    const canvas = new OffscreenCanvas(res, res);
    const ctx = canvas.getContext('2d');
    scratch.set(res, { canvas, ctx, img: ctx.createImageData(res, res) });
  }
  return scratch.get(res);
}

/** A `res × res` grid of colours as a small canvas (draw it before the next call). */
function gridImage(res, colourAt) {
  const { canvas, ctx, img } = scratchFor(res);
  const px = img.data;
  for (let i = 0; i < res * res; i += 1) {
    const [r, g, b] = colourAt(i);
    px[i * 4] = r;
    px[i * 4 + 1] = g;
    px[i * 4 + 2] = b;
    px[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

/**
 * The colour of one model output row: probability, class confidence or value (a neuron's
 * output is a value). `discrete`: only the side of the boundary (or the sign) shows.
 */
function outputColour(values, i, outputs, task, scale, discrete) {
  const shade = (t) => diverging(SHADE * (discrete ? Math.sign(t) : t));
  if (task === 'regression') return shade(values[i] / scale);
  if (outputs === 1) return shade(2 * values[i] - 1);
  let best = 0;
  for (let k = 1; k < outputs; k += 1) if (values[i * outputs + k] > values[i * outputs + best]) best = k;
  const confidence = discrete ? 1 : (values[i * outputs + best] - 1 / outputs) / (1 - 1 / outputs);
  return mix(WHITE, classColour(best), SHADE * (0.15 + 0.85 * confidence));
}

/**
 * The boundary picture: `boundary` ({ res, outputs, values, xDomain, yDomain }) as a
 * heatmap, then the points (`{ train: { xy, y }, test }`, test ringed in black).
 */
export class BoundaryPainter {
  constructor(canvas) {
    this.canvas = canvas;
    this.layer = null;
  }

  paint({ boundary: b, points, task, showTest, discrete = false }) {
    const { canvas } = this;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (!b) return;
    // A neuron's output is a value of either sign, shaded by its own largest size.
    const shown = b.neuron ? 'regression' : task;
    const scale = b.neuron ? Math.max(1e-6, maxAbs(b.values)) : task === 'regression' ? maxAbs(points.train.y) : 1;
    ctx.imageSmoothingEnabled = !discrete;
    ctx.drawImage(gridImage(b.res, (i) => outputColour(b.values, i, b.outputs, shown, scale, discrete)), 0, 0, canvas.width, canvas.height);
    if (points) ctx.drawImage(this.pointLayer(b, points, task, showTest, scale), 0, 0);
  }

  /** The points on their own layer, redrawn only when they or the axes change. */
  pointLayer(b, points, task, showTest, scale) {
    const key = `${b.xDomain}|${b.yDomain}|${showTest}|${task}`;
    if (this.layer?.key === key && this.layer.points === points) return this.layer.canvas;
    const { width, height } = this.canvas;
    const layer = this.layer?.canvas.width === width ? this.layer.canvas : new OffscreenCanvas(width, height);
    const ctx = layer.getContext('2d');
    ctx.clearRect(0, 0, width, height);
    const sx = (x) => ((x - b.xDomain[0]) / (b.xDomain[1] - b.xDomain[0])) * width;
    const sy = (y) => (1 - (y - b.yDomain[0]) / (b.yDomain[1] - b.yDomain[0])) * height;
    const radius = Math.max(2.5, width / 110);
    const dots = ({ xy, y }, ring) => {
      const step = Math.max(1, Math.ceil(y.length / MAX_POINTS));
      ctx.lineWidth = ring ? 1.6 : 1;
      ctx.strokeStyle = ring ? '#000' : '#fff';
      for (let i = 0; i < y.length; i += step) {
        const colour = task === 'regression' ? diverging(y[i] / scale)
          : task === 'binary' ? classColour(y[i] > 0.5 ? 1 : 0) : classColour(y[i]);
        ctx.beginPath();
        ctx.arc(sx(xy[2 * i]), sy(xy[2 * i + 1]), radius, 0, 2 * Math.PI);
        ctx.fillStyle = css(colour);
        ctx.fill();
        ctx.stroke();
      }
    };
    dots(points.train, false);
    if (showTest) dots(points.test, true);
    this.layer = { key, points, canvas: layer };
    return layer;
  }
}

function maxAbs(values) {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m || 1;
}

/**
 * The diagram's links (width: the weight's size, colour: its sign) and each hidden neuron's
 * output over the plane (`neurons[layer][unit]`, `res × res`), at `ratio` device pixels per
 * CSS pixel.
 */
export function paintDiagram(canvas, layout, ratio, weights, neurons, res) {
  const width = Math.round(layout.width * ratio);
  const height = Math.round(layout.height * ratio);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, layout.width, layout.height);
  let biggest = 1e-6;
  for (const { kernel } of weights) for (const w of kernel) biggest = Math.max(biggest, Math.abs(w));
  for (const k of links(layout, weights)) {
    ctx.beginPath();
    ctx.moveTo(k.x0, k.y0);
    ctx.bezierCurveTo((k.x0 + k.x1) / 2, k.y0, (k.x0 + k.x1) / 2, k.y1, k.x1, k.y1);
    ctx.strokeStyle = css(k.w >= 0 ? BLUE : ORANGE, 0.85);
    ctx.lineWidth = 0.5 + 5 * Math.sqrt(Math.abs(k.w) / biggest);
    ctx.stroke();
  }
  if (!neurons) return;
  ctx.imageSmoothingEnabled = true;
  neurons.forEach((layer, k) => {
    const l = k + 1;
    for (let i = 0; i < Math.min(layout.shown[l], layer.length); i += 1) {
      const values = layer[i];
      const scale = Math.max(1, maxAbs(values));
      ctx.drawImage(gridImage(res, (p) => diverging(values[p] / scale)),
        layout.x(l) - NODE / 2 + 1, layout.y(l, i) - NODE / 2 + 1, NODE - 2, NODE - 2);
    }
  });
}

