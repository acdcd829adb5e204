// The network diagram on the page: neuron boxes, layer labels, input names, and the weight
// under the pointer. The links and the neurons' heatmaps are painted by the worker on
// `canvas` (handed over with transferControlToOffscreen, see paint.js); both sides place
// them with the same geometry (diagram-layout.js).
import { h } from './dom.js';
import { COL, NODE, diagramLayout, links } from './diagram-layout.js';

export class NetworkDiagram {
  constructor(container) {
    this.container = container;
    this.canvas = h('canvas', { class: 'links', 'aria-hidden': 'true' });
    this.layout = null;
    this.weights = null;
  }

  /** Lays out the network: `inputNames`, `summary` ([{ inputs, units, activation }]). */
  setStructure(inputNames, summary) {
    const sizes = [inputNames.length, ...summary.map((l) => l.units)];
    const layout = diagramLayout(sizes);
    const { shown, width, height, x, y } = layout;
    const last = sizes.length - 1;
    const name = (l, i) => (l === 0 ? inputNames[i] : l === last ? `output ${i + 1}` : `layer ${l} unit ${i + 1}`);
    const tip = h('div', { class: 'tip', hidden: true });
    const nodes = h('div', { class: 'nodes' });
    const nodeEls = sizes.map((n, l) => {
      const list = [];
      for (let i = 0; i < shown[l]; i += 1) {
        const kind = l === 0 ? 'input' : l === last ? 'output' : 'hidden';
        const el = h('div', { class: `node ${kind}`, style: `left:${x(l) - NODE / 2}px;top:${y(l, i) - NODE / 2}px`, title: name(l, i) });
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
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const describe = `Network diagram: ${sizes[0]} inputs, ${summary.map((l) => `${l.units} ${l.activation}`).join(', ')}`;
    const root = h('div', { class: 'diagram', role: 'img', 'aria-label': describe, style: `width:${width}px;height:${height}px` },
      this.canvas, nodes, labels, tip);
    root.addEventListener('mousemove', (e) => this.hover(e, root));
    root.addEventListener('mouseleave', () => { tip.hidden = true; });
    this.container.replaceChildren(root);
    this.layout = { ...layout, name, tip, nodeEls };
    this.weights = null; // until the new model's snapshot arrives
  }

  /** The current weights (`[{ kernel, bias }]`), for the values shown on hover. */
  setWeights(weights) {
    // A snapshot of an earlier network (one still on its way when the network changed)
    // does not fit this layout: layer by layer, the units must match.
    const sizes = this.layout?.sizes;
    const fits = sizes && weights.length === sizes.length - 1
      && weights.every((w, l) => w.bias.length === sizes[l + 1] && w.kernel.length === sizes[l] * sizes[l + 1]);
    if (!fits) return;
    this.weights = weights;
    this.layout.nodeEls.slice(1).forEach((list, l) => {
      list.forEach((el, i) => {
        el.title = `${this.layout.name(l + 1, i)}: bias ${weights[l].bias[i].toFixed(4)}`;
      });
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
    for (const k of links(this.layout, this.weights)) {
      if (px < k.x0 || px > k.x1) continue;
      const d = Math.abs(k.y0 + (k.y1 - k.y0) * bezierY((px - k.x0) / (k.x1 - k.x0)) - py);
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
