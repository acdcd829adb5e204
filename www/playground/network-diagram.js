// The network drawn as neurons and links. A link's width shows the weight's size and its
// colour the sign (blue positive, orange negative); hovering a link or a neuron shows its
// value. For the 2-D toy sets each hidden neuron shows its own output over the plane.
import { h, svg } from './dom.js';
import { paintNeuron } from './boundary.js';
import { BLUE, ORANGE, css } from './palette.js';

const COL = 120;
const ROW = 38;
const NODE = 30;
const MAX_NODES = 12;

export class NetworkDiagram {
  constructor(container) {
    this.container = container;
    this.layout = null;
  }

  /** Lays out the network: `inputNames`, `summary` ([{ inputs, units, activation }]). */
  setStructure(inputNames, summary) {
    const sizes = [inputNames.length, ...summary.map((l) => l.units)];
    const shown = sizes.map((n) => Math.min(n, MAX_NODES));
    const height = Math.max(...shown) * ROW + 30;
    const width = (sizes.length - 1) * COL + NODE + 80;
    const x = (l) => 60 + l * COL;
    const y = (l, i) => 24 + (height - 30 - shown[l] * ROW) / 2 + i * ROW + NODE / 2;
    const links = svg('g', { class: 'links' });
    const nodes = h('div', { class: 'nodes' });
    const canvases = [];
    const name = (l, i) => (l === 0 ? inputNames[i] : l === sizes.length - 1 ? `output ${i + 1}` : `layer ${l} unit ${i + 1}`);
    const linkEls = [];
    for (let l = 1; l < sizes.length; l += 1) {
      const layerLinks = [];
      for (let i = 0; i < shown[l - 1]; i += 1) {
        for (let j = 0; j < shown[l]; j += 1) {
          const title = svg('title', {}, '');
          const path = svg('path', {
            d: `M${x(l - 1) + NODE / 2},${y(l - 1, i)} C${x(l - 1) + COL / 2},${y(l - 1, i)} ${x(l) - COL / 2},${y(l, j)} ${x(l) - NODE / 2},${y(l, j)}`,
            class: 'link',
          }, title);
          links.append(path);
          layerLinks.push({ path, title, i, j, label: `${name(l - 1, i)} → ${name(l, j)}` });
        }
      }
      linkEls.push(layerLinks);
    }
    const nodeEls = sizes.map((n, l) => {
      const list = [];
      for (let i = 0; i < shown[l]; i += 1) {
        const isHidden = l > 0 && l < sizes.length - 1;
        const canvas = isHidden ? h('canvas', { width: 24, height: 24 }) : null;
        const el = h('div', {
          class: `node ${l === 0 ? 'input' : isHidden ? 'hidden' : 'output'}`,
          style: `left:${x(l) - NODE / 2}px;top:${y(l, i) - NODE / 2}px`,
          title: name(l, i),
        }, canvas);
        if (canvas) canvases.push({ l, i, canvas });
        nodes.append(el);
        list.push(el);
      }
      if (n > shown[l]) {
        nodes.append(h('div', { class: 'more', style: `left:${x(l) - 30}px;top:${y(l, shown[l] - 1) + NODE / 2 + 2}px` }, `+${n - shown[l]} more`));
      }
      return list;
    });
    const labels = sizes.map((n, l) => h('div', {
      class: 'layer-label',
      style: `left:${x(l) - COL / 2 + 10}px;top:0`,
    }, l === 0 ? `${n} input${n > 1 ? 's' : ''}` : `${n} ${summary[l - 1].activation}`));
    inputNames.slice(0, shown[0]).forEach((n, i) => {
      nodes.append(h('div', { class: 'input-name', style: `left:0;top:${y(0, i) - 8}px;width:${x(0) - NODE / 2 - 4}px` }, n));
    });
    const describe = `Network diagram: ${sizes[0]} inputs, ${summary.map((l) => `${l.units} ${l.activation}`).join(', ')}`;
    const root = h('div', { class: 'diagram', role: 'img', 'aria-label': describe, style: `width:${width}px;height:${height}px` },
      svg('svg', { width, height, 'aria-hidden': 'true' }, links), nodes, labels);
    this.container.replaceChildren(root);
    this.layout = { sizes, shown, linkEls, nodeEls, canvases, name };
  }

  /** Shows the current weights (`[{ kernel, bias }]`) and, if given, per-neuron heatmaps. */
  setWeights(weights, neurons, neuronRes) {
    if (!this.layout) return;
    const { sizes, linkEls, nodeEls, canvases, name } = this.layout;
    let maxAbs = 1e-6;
    for (const { kernel } of weights) for (const w of kernel) maxAbs = Math.max(maxAbs, Math.abs(w));
    linkEls.forEach((layerLinks, l) => {
      const { kernel } = weights[l];
      const units = sizes[l + 1];
      for (const link of layerLinks) {
        const w = kernel[link.i * units + link.j];
        link.path.setAttribute('stroke', css(w >= 0 ? BLUE : ORANGE, 0.85));
        link.path.setAttribute('stroke-width', String(0.5 + 5 * Math.sqrt(Math.abs(w) / maxAbs)));
        link.title.textContent = `${link.label}: weight ${w.toFixed(4)}`;
      }
    });
    nodeEls.slice(1).forEach((list, l) => {
      list.forEach((el, i) => {
        el.title = `${name(l + 1, i)}: bias ${weights[l].bias[i].toFixed(4)}`;
      });
    });
    if (neurons) {
      for (const { l, i, canvas } of canvases) paintNeuron(canvas, neurons[l - 1][i], neuronRes);
    }
  }
}
