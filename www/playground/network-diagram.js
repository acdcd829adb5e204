// The network diagram on the page: neuron boxes, layer labels, input names, and the weight
// under the pointer. The links and the neurons' heatmaps are painted by the worker on
// `canvas` (handed over with transferControlToOffscreen, see paint.js); both sides place
// them with the same geometry (diagram-layout.js).
import { h } from './dom.js';
import { list, msg, setAttr, setText } from './i18n/i18n.js';
import { COL, NODE, diagramLayout, links } from './diagram-layout.js';

/**
 * The smallest the diagram is drawn to fit a narrow screen: a neuron's 38 px button stays
 * 24 px or more (wider networks scroll in their box).
 */
const MIN_SCALE = 24 / 38;

export class NetworkDiagram {
  /**
   * `actions`: `{ showNeuron(neuron), setWeight(link, value) }` — the output view shows a
   * neuron's output (`{ layer, unit }`, layers of the model from 0; null: the model's
   * output); a link's weight is edited (resolves with the value in force, or throws).
   */
  constructor(container, actions = null) {
    this.container = container;
    this.actions = actions;
    /** The neuron whose output the output view shows (chosen by a click), or null. */
    this.pinned = null;
    this.canvas = h('canvas', { class: 'links', 'aria-hidden': 'true' });
    this.layout = null;
    this.weights = null;
    this.scale = 1;
    // A narrow panel (a phone) shows the whole diagram smaller rather than a part of it.
    new ResizeObserver(() => this.fit()).observe(container);
  }

  /** Scales the diagram down to the container's width (not below MIN_SCALE; then it scrolls). */
  fit() {
    const root = this.layout?.root;
    if (!root) return;
    const room = this.container.clientWidth;
    this.scale = room > 0 ? Math.max(MIN_SCALE, Math.min(1, room / this.layout.width)) : 1;
    root.style.zoom = this.scale === 1 ? '' : this.scale.toFixed(3);
  }

  /** Lays out the network: `inputNames`, `summary` ([{ inputs, units, activation }]). */
  setStructure(inputNames, summary) {
    const sizes = [inputNames.length, ...summary.map((l) => l.units)];
    const layout = diagramLayout(sizes);
    const { shown, width, height, x, y } = layout;
    const last = sizes.length - 1;
    const name = (l, i) => (l === 0 ? inputNames[i] : l === last ? msg('diagram.output', { n: i + 1 }) : msg('diagram.unit', { layer: l, n: i + 1 }));
    const tip = h('div', { class: 'tip', hidden: true });
    const nodes = h('div', { class: 'nodes' });
    const nodeEls = sizes.map((n, l) => {
      const list = [];
      for (let i = 0; i < shown[l]; i += 1) {
        const kind = l === 0 ? 'input' : l === last ? 'output' : 'hidden';
        const style = `left:${x(l) - NODE / 2}px;top:${y(l, i) - NODE / 2}px`;
        const el = l === 0 ? h('div', { class: `node ${kind}`, style, title: name(l, i) }) : this.neuronButton(kind, style, name(l, i), { layer: l - 1, unit: i });
        nodes.append(el);
        list.push(el);
      }
      if (n > shown[l]) {
        nodes.append(h('div', { class: 'more', style: `left:${x(l) - 30}px;top:${y(l, shown[l] - 1) + NODE / 2 + 2}px` }, msg('diagram.more', { count: n - shown[l] })));
      }
      return list;
    });
    const labels = sizes.map((n, l) => h('div', { class: 'layer-label', style: `left:${x(l) - COL / 2 + 10}px;top:0` },
      l === 0 ? msg('data.inputs', { count: n }) : `${n} ${summary[l - 1].activation}`));
    inputNames.slice(0, shown[0]).forEach((n, i) => {
      nodes.append(h('div', { class: 'input-name', style: `left:0;top:${y(0, i) - 8}px;width:${x(0) - NODE / 2 - 4}px`, title: n }, n));
    });
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const describe = msg('diagram.describe', { inputs: msg('data.inputs', { count: sizes[0] }), layers: list(summary.map((l) => `${l.units} ${l.activation}`)) });
    const root = h('div', { class: 'diagram', role: 'group', 'aria-label': describe, style: `width:${width}px;height:${height}px` },
      this.canvas, nodes, labels, tip);
    root.addEventListener('mousemove', (e) => this.hover(e, root));
    root.addEventListener('mouseleave', () => { tip.hidden = true; });
    const editor = h('form', { class: 'weight-editor', hidden: true });
    // A click elsewhere in the diagram closes an open weight field; on a link, opens one.
    root.addEventListener('click', (e) => {
      if (editor.contains(e.target)) return;
      editor.hidden = true;
      editor.replaceChildren();
      if (!e.target.closest('button')) this.editLink(e, root);
    });
    root.append(editor);
    this.container.replaceChildren(root);
    this.pinned = null;
    this.layout = { ...layout, name, tip, nodeEls, root, editor };
    this.weights = null; // until the new model's snapshot arrives
    this.fit();
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
        setAttr(el, 'title', msg('diagram.bias', { name: this.layout.name(l + 1, i), bias: weights[l].bias[i].toFixed(4) }));
      });
    });
  }

  /**
   * A hidden or output neuron: hovering or focusing it shows its output large in the
   * output view, a click keeps it there (a second click goes back to the model's output).
   */
  neuronButton(kind, style, label, neuron) {
    const same = (n) => n && n.layer === neuron.layer && n.unit === neuron.unit;
    const el = h('button', {
      type: 'button', class: `node ${kind}`, style, title: label,
      'aria-label': msg('diagram.showNeuron', { name: label }), 'aria-pressed': 'false',
    });
    el.addEventListener('click', () => this.pin(same(this.pinned) ? null : neuron));
    const preview = () => this.actions?.showNeuron(neuron, label);
    const back = () => this.actions?.showNeuron(this.pinned, this.pinned && this.pinned.label);
    el.addEventListener('mouseenter', preview);
    el.addEventListener('focus', preview);
    el.addEventListener('mouseleave', back);
    el.addEventListener('blur', back);
    neuron.label = label;
    return el;
  }

  /** Keeps `neuron`'s output in the output view (null: the model's output again). */
  pin(neuron) {
    this.pinned = neuron;
    this.layout.nodeEls.slice(1).forEach((list, l) => list.forEach((el, i) => {
      el.setAttribute('aria-pressed', String(Boolean(neuron && neuron.layer === l && neuron.unit === i)));
    }));
    this.actions?.showNeuron(neuron, neuron?.label);
  }

  /** The drawn link nearest the pointer (within 5 px), or null. */
  linkAt(e, root) {
    if (!this.weights) return null;
    const r = root.getBoundingClientRect();
    // The pointer in the diagram's own (unscaled) pixels.
    const px = (e.clientX - r.left) / this.scale;
    const py = (e.clientY - r.top) / this.scale;
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
    return best && { ...best, px, py, width: r.width / this.scale };
  }

  /** A click on a link opens a field for its weight: Enter sets it, Escape closes it. */
  editLink(e, root) {
    const k = this.linkAt(e, root);
    const { editor, name } = this.layout;
    if (!k || !this.actions) return;
    const label = msg('diagram.weight', { from: name(k.l - 1, k.i), to: name(k.l, k.j) });
    const input = h('input', { type: 'number', step: 'any', value: k.w.toFixed(4), 'aria-label': label, required: true });
    const close = () => {
      editor.hidden = true;
      editor.replaceChildren();
    };
    editor.onsubmit = async (ev) => {
      ev.preventDefault();
      const value = Number(input.value);
      const link = { layer: k.l - 1, input: k.i, unit: k.j };
      try {
        await this.actions.setWeight(link, value, label);
        close();
      } catch {
        input.focus();
      }
    };
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') close();
    });
    editor.replaceChildren(h('label', {}, label, input), h('button', { type: 'submit', class: 'small' }, msg('diagram.set')),
      h('button', { type: 'button', class: 'small', onclick: close }, msg('share.cancel')));
    // The field keeps its full size in a diagram scaled down to fit (a phone): its own
    // zoom undoes the diagram's, so its place is given in the scaled pixels.
    const s = this.scale;
    editor.style.zoom = s === 1 ? '' : (1 / s).toFixed(3);
    editor.style.left = `${Math.max(0, Math.min((k.px - 20) * s, k.width * s - 250))}px`;
    editor.style.top = `${(k.py + 10) * s}px`;
    editor.hidden = false;
    this.layout.tip.hidden = true;
    input.select();
    input.focus();
  }

  /** Shows the weight of the link under the pointer. */
  hover(e, root) {
    const { tip, name } = this.layout;
    const best = this.linkAt(e, root);
    root.style.cursor = best ? 'pointer' : '';
    if (!best) {
      tip.hidden = true;
      return;
    }
    const { px, py } = best;
    setText(tip, msg('diagram.linkTip', { from: name(best.l - 1, best.i), to: name(best.l, best.j), weight: best.w.toFixed(4) }));
    tip.style.left = `${Math.min(px + 12, best.width - 180)}px`;
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
