// The network drawn as neurons and links. A link's width shows the weight's size and its
// colour the sign (blue positive, orange negative); hovering a link or a neuron shows its
// value. For the 2-D toy sets each hidden neuron shows its own output over the plane.
// Links are painted on a canvas (redrawing hundreds of SVG paths per frame costs long
// layouts); neurons are small HTML boxes.
import { h } from './dom.js';
import { contextOf, neuronImage } from './boundary.js';
import { BLUE, ORANGE, css } from './palette.js';

const COL = 120;
const ROW = 38;
const NODE = 30;
const MAX_NODES = 12;

export class NetworkDiagram {
  constructor(container) {
    this.container = container;
    this.layout = null;
    this.weights = null;
  }

  /** Lays out the network: `inputNames`, `summary` ([{ inputs, units, activation }]). */
  setStructure(inputNames, summary) {
    const sizes = [inputNames.length, ...summary.map((l) => l.units)];
    const shown = sizes.map((n) => Math.min(n, MAX_NODES));
    const height = Math.max(...shown) * ROW + 30;
    const width = (sizes.length - 1) * COL + NODE + 80;
    const x = (l) => 60 + l * COL;
    const y = (l, i) => 24 + (height - 30 - shown[l] * ROW) / 2 + i * ROW + NODE / 2;
    const name = (l, i) => (l === 0 ? inputNames[i] : l === sizes.length - 1 ? `output ${i + 1}` : `layer ${l} unit ${i + 1}`);
    const ratio = window.devicePixelRatio || 1;
    const canvas = h('canvas', { width: Math.round(width * ratio), height: Math.round(height * ratio), style: `width:${width}px;height:${height}px`, 'aria-hidden': 'true' });
    const tip = h('div', { class: 'tip', hidden: true });
    const nodes = h('div', { class: 'nodes' });
    const nodeEls = sizes.map((n, l) => {
      const list = [];
      for (let i = 0; i < shown[l]; i += 1) {
        const isHidden = l > 0 && l < sizes.length - 1;
        const el = h('div', {
          class: `node ${l === 0 ? 'input' : isHidden ? 'hidden' : 'output'}`,
          style: `left:${x(l) - NODE / 2}px;top:${y(l, i) - NODE / 2}px`,
          title: name(l, i),
        });
        nodes.append(el);
        list.push(el);
      }
      if (n > shown[l]) {
        nodes.append(h('div', { class: 'more', style: `left:${x(l) - 30}px;top:${y(l, shown[l] - 1) + NODE / 2 + 2}px` }, `+${n - shown[l]} more`));
      }
      return list;
    });
    const labels = sizes.map((n, l) => h('div', { class: 'layer-label', style: `left:${x(l) - COL / 2 + 10}px;top:0` },
      l === 0 ? `${n} input${n > 1 ? 's' : ''}` : `${n} ${summary[l - 1].activation}`));
    inputNames.slice(0, shown[0]).forEach((n, i) => {
      nodes.append(h('div', { class: 'input-name', style: `left:0;top:${y(0, i) - 8}px;width:${x(0) - NODE / 2 - 4}px`, title: n }, n));
    });
    const describe = `Network diagram: ${sizes[0]} inputs, ${summary.map((l) => `${l.units} ${l.activation}`).join(', ')}`;
    const root = h('div', { class: 'diagram', role: 'img', 'aria-label': describe, style: `width:${width}px;height:${height}px` },
      canvas, nodes, labels, tip);
    root.addEventListener('mousemove', (e) => this.hover(e, root));
    root.addEventListener('mouseleave', () => { tip.hidden = true; });
    this.container.replaceChildren(root);
    this.layout = { sizes, shown, x, y, name, canvas, ratio, tip, nodeEls };
    this.weights = null; // until the new model's snapshot arrives
  }

  /** Shows the current weights (`[{ kernel, bias }]`) and, if given, per-neuron heatmaps. */
  setWeights(weights, neurons, neuronRes) {
    if (!this.layout) return;
    const { sizes, nodeEls } = this.layout;
    if (weights.length !== sizes.length - 1) return; // a snapshot of a model being replaced
    this.weights = weights;
    this.neurons = neurons;
    this.neuronRes = neuronRes;
    this.drawLinks();
    nodeEls.slice(1).forEach((list, l) => {
      list.forEach((el, i) => {
        el.title = `${this.layout.name(l + 1, i)}: bias ${weights[l].bias[i].toFixed(4)}`;
      });
    });
  }

  /** The weight of each drawn link, with its end points. */
  *links() {
    const { sizes, shown, x, y } = this.layout;
    for (let l = 1; l < sizes.length; l += 1) {
      const { kernel } = this.weights[l - 1];
      for (let i = 0; i < shown[l - 1]; i += 1) {
        for (let j = 0; j < shown[l]; j += 1) {
          yield { l, i, j, w: kernel[i * sizes[l] + j], x0: x(l - 1) + NODE / 2, y0: y(l - 1, i), x1: x(l) - NODE / 2, y1: y(l, j) };
        }
      }
    }
  }

  /** Paints every link; links of one colour and width share one path (few canvas calls). */
  drawLinks() {
    const { canvas, ratio } = this.layout;
    const ctx = contextOf(canvas);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    let maxAbs = 1e-6;
    for (const { kernel } of this.weights) for (const w of kernel) maxAbs = Math.max(maxAbs, Math.abs(w));
    const buckets = new Map();
    for (const k of this.links()) {
      const width = Math.round(2 * (0.5 + 5 * Math.sqrt(Math.abs(k.w) / maxAbs))) / 2;
      const key = `${k.w >= 0 ? 'p' : 'n'}${width}`;
      if (!buckets.has(key)) buckets.set(key, { width, positive: k.w >= 0, links: [] });
      buckets.get(key).links.push(k);
    }
    for (const { width, positive, links } of buckets.values()) {
      ctx.beginPath();
      for (const k of links) {
        ctx.moveTo(k.x0, k.y0);
        ctx.bezierCurveTo((k.x0 + k.x1) / 2, k.y0, (k.x0 + k.x1) / 2, k.y1, k.x1, k.y1);
      }
      ctx.strokeStyle = css(positive ? BLUE : ORANGE, 0.85);
      ctx.lineWidth = width;
      ctx.stroke();
    }
    this.drawNeurons(ctx);
  }

  /** Each hidden neuron's output over the plane, inside its box (one canvas for all). */
  drawNeurons(ctx) {
    if (!this.neurons) return;
    const { shown, x, y } = this.layout;
    ctx.imageSmoothingEnabled = true;
    this.neurons.forEach((layer, k) => {
      const l = k + 1;
      for (let i = 0; i < Math.min(shown[l], layer.length); i += 1) {
        ctx.drawImage(neuronImage(layer[i], this.neuronRes), x(l) - NODE / 2 + 1, y(l, i) - NODE / 2 + 1, NODE - 2, NODE - 2);
      }
    });
  }

  /** Shows the weight of the link under the pointer. */
  hover(e, root) {
    const { tip, name } = this.layout;
    if (!this.weights) return;
    const r = root.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    let best = null;
    let bestDist = 5;
    for (const k of this.links()) {
      if (px < k.x0 || px > k.x1) continue;
      // The link is a smoothstep from y0 to y1 along x; compare its height at px.
      const t = (px - k.x0) / (k.x1 - k.x0);
      const s = bezierY(t);
      const d = Math.abs(k.y0 + (k.y1 - k.y0) * s - py);
      if (d < bestDist) {
        bestDist = d;
        best = k;
      }
    }
    if (!best) {
      tip.hidden = true;
      return;
    }
    tip.textContent = `${name(best.l - 1, best.i)} → ${name(best.l, best.j)}: weight ${best.w.toFixed(4)}`;
    tip.style.left = `${Math.min(px + 12, r.width - 180)}px`;
    tip.style.top = `${py + 12}px`;
    tip.hidden = false;
  }
}

/**
 * Height (0..1) of a link at the fraction `t` of its width. A link is the cubic Bézier
 * through (0, 0), (0.5, 0), (0.5, 1), (1, 1), so x(u) = 1.5u(1 − u) + u³ and
 * y(u) = 3u²(1 − u) + u³; a few Newton steps find u for x = t.
 */
function bezierY(t) {
  let u = t;
  for (let k = 0; k < 6; k += 1) {
    const x = 1.5 * u * (1 - u) + u ** 3;
    const dx = 1.5 - 3 * u + 3 * u * u;
    u = Math.min(1, Math.max(0, u - (x - t) / (dx || 1e-6)));
  }
  return 3 * u * u * (1 - u) + u ** 3;
}
