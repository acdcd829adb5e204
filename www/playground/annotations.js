// Annotations a tutorial puts on the playground: a note beside a neuron (or an input) of
// the network diagram, and a note at an epoch of the loss or accuracy chart. They are
// drawn again whenever the diagram or the charts are made anew (a new model, new data).
import { h, newId } from './dom.js';
import { NODE } from './diagram-layout.js';

const TARGETS = ['neuron', 'input', 'loss-chart', 'accuracy-chart'];

/**
 * Checks a list of annotations: `{ target: 'neuron', layer, unit, text }` (the model's
 * layers from 0, the output layer last), `{ target: 'input', unit, text }`,
 * `{ target: 'loss-chart' | 'accuracy-chart', epoch, text }`. Throws an Error naming the
 * annotation and the key that is wrong.
 */
export function checkAnnotations(list) {
  if (!Array.isArray(list)) throw new Error('annotations are a list of { target, text, ... }');
  list.forEach((a, i) => {
    const where = `annotation ${i + 1}`;
    if (!TARGETS.includes(a?.target)) throw new Error(`${where}: target "${a?.target}" is not one of ${TARGETS.join(', ')}`);
    if (typeof a.text !== 'string' || !a.text.trim()) throw new Error(`${where}: text is missing`);
    const whole = (key) => {
      if (!(Number.isInteger(a[key]) && a[key] >= 0)) throw new Error(`${where}: ${key} must be a whole number from 0, not ${a[key]}`);
    };
    if (a.target === 'neuron') whole('layer');
    if (a.target === 'neuron' || a.target === 'input') whole('unit');
    if (a.target.endsWith('-chart')) whole('epoch');
  });
  return list;
}

/**
 * Draws the neuron and input notes on `diagram` (a NetworkDiagram with a layout); returns
 * the notes that found no neuron (a layer or unit the network does not have, or one the
 * diagram does not show) as text for the status line.
 */
export function drawDiagramNotes(diagram, list) {
  const layout = diagram.layout;
  if (!layout) return [];
  for (const old of layout.root.querySelectorAll('.annotation')) old.remove();
  for (const el of layout.nodeEls.flat()) el.removeAttribute('aria-describedby');
  const missing = [];
  for (const a of list) {
    if (a.target !== 'neuron' && a.target !== 'input') continue;
    const l = a.target === 'input' ? 0 : a.layer + 1;
    const node = layout.nodeEls[l]?.[a.unit];
    if (!node) {
      missing.push(a.text);
      continue;
    }
    const id = newId('note');
    const left = layout.x(l) + NODE / 2 + 4;
    const top = layout.y(l, a.unit) - NODE / 2 - 6;
    layout.root.append(h('div', { class: 'annotation', id, role: 'note', style: `left:${left}px;top:${top}px` }, a.text));
    node.setAttribute('aria-describedby', id);
  }
  return missing;
}

/** The chart notes of `list` for one chart (`loss-chart` or `accuracy-chart`): `[{ epoch, text }]`. */
export function chartNotes(list, target) {
  return list.filter((a) => a.target === target).map(({ epoch, text }) => ({ epoch, text }));
}
