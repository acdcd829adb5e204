// Inside the layers before the hidden ones, as the engine computes them in the worker:
// for a convolutional network, the learned filters and what every convolution and pooling
// layer makes of a chosen input (a test image or the drawing), as ConvNetJS's MNIST demo
// shows them; for an embedding of words, the words nearest a chosen one. The page draws
// the numbers the engine gives; it computes no layer itself.
import { fmt, h } from './dom.js';
import { msg, setText } from './i18n/i18n.js';
import { withHelp } from './help.js';
import { css, diverging } from './palette.js';

/** Screen pixels per feature-map cell (maps shrink as the network deepens: cells grow). */
const MAP_PX = 46;
const FILTER_PX = 30;
/** A deeper convolution's filters have a tile per input channel: smaller ones. */
const FILTER_PX_DEEP = 12;
const NEAREST = 8;

/** A `w × h` canvas drawing `value(x, y) → [r, g, b]`, shown `px` wide. */
function tile(w, h0, px, colour, label) {
  const canvas = h('canvas', { width: w, height: h0, class: 'tile', style: `width:${px}px;height:${Math.round((px * h0) / w)}px`, title: label });
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(w, h0);
  for (let y = 0; y < h0; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const [r, g, b] = colour(x, y);
      img.data.set([r, g, b, 255], (y * w + x) * 4);
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

export class ShapedView {
  /** `call(type, args)`: a worker command; `drawing()`: the drawing pad's pixels, or null. */
  constructor(call, drawing) {
    this.call = call;
    this.drawing = drawing;
    this.kind = null;
    this.picker = h('select', { id: 'map-input' });
    this.picker.addEventListener('change', () => this.refresh());
    this.maps = h('div', { class: 'maps', 'aria-live': 'off' });
    this.prediction = h('p', { class: 'note', 'aria-live': 'polite' });
    this.imagePart = h('div', {},
      h('p', { class: 'caption' }, msg('maps.caption')),
      withHelp(h('div', { class: 'field' }, h('label', { for: 'map-input' }, msg('maps.input')), this.picker), 'mapInput'),
      this.prediction, this.maps);
    this.word = h('input', { id: 'near-word', type: 'text', autocomplete: 'off', spellcheck: 'false' });
    this.chips = h('div', { class: 'chips' });
    this.nearest = h('ol', { class: 'nearest', 'aria-live': 'polite' });
    this.wordNote = h('p', { class: 'note', 'aria-live': 'polite' });
    const form = h('form', { class: 'near-form' },
      withHelp(h('div', { class: 'field' }, h('label', { for: 'near-word' }, msg('near.word')), this.word), 'nearWord'),
      h('button', { type: 'submit' }, msg('near.find')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.findNear();
    });
    this.textPart = h('div', {}, h('p', { class: 'caption' }, msg('near.caption')), form, this.chips, this.wordNote, this.nearest);
    this.el = h('div', { class: 'panel-body shaped-view', role: 'group', 'aria-label': msg('maps.region'), hidden: true },
      this.imagePart, this.textPart);
  }

  /** A new data set: its test images (to pick from) and, for text, some of its words. */
  setData(info) {
    this.info = info;
    const names = info.labelNames ?? [];
    const images = info.images?.truth ?? [];
    this.picker.replaceChildren(
      ...images.map((t, i) => h('option', { value: String(i) }, msg('maps.testImage', { n: i + 1, name: names[t] ?? String(t) }))),
      h('option', { value: 'drawing' }, msg('maps.drawing')));
    this.chips.replaceChildren(...(info.vocabulary ?? []).map((w) => h('button', {
      type: 'button', class: 'small chip', onclick: () => {
        this.word.value = w;
        this.findNear();
      },
    }, w)));
  }

  /** A new model (`shaped`: its shaped layers' summary): shown for conv nets and embeddings. */
  setModel(shaped) {
    const types = new Set((shaped ?? []).map((l) => l.type));
    this.kind = types.has('embedding') ? 'text' : types.has('conv2d') ? 'image' : null;
    this.el.hidden = !this.kind;
    this.imagePart.hidden = this.kind !== 'image';
    this.textPart.hidden = this.kind !== 'text';
    this.maps.replaceChildren();
    this.nearest.replaceChildren();
    setText(this.wordNote, '');
    if (this.kind === 'text' && !this.word.value && this.info?.vocabulary?.length) this.word.value = this.info.vocabulary[0];
  }

  /** The model changed: draw again what is shown. */
  refresh() {
    if (this.kind === 'image') this.drawMaps();
    else if (this.kind === 'text' && this.nearest.childElementCount) this.findNear();
  }

  async drawMaps() {
    const choice = this.picker.value;
    let args;
    if (choice === 'drawing') {
      const x = this.drawing();
      if (!x) {
        this.maps.replaceChildren();
        setText(this.prediction, msg('maps.drawFirst'));
        return;
      }
      args = { x };
    } else {
      args = { row: Number(choice) || 0 };
    }
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      const { maps, probabilities } = await this.call('featureMaps', args);
      this.render(maps, probabilities);
    } catch {
      // No model right now (a new one is being built): the next snapshot draws again.
    } finally {
      this.busy = false;
      if (this.again) {
        this.again = false;
        this.drawMaps();
      }
    }
  }

  render(maps, probabilities) {
    const names = this.info?.labelNames ?? [];
    let best = 0;
    for (let k = 1; k < probabilities.length; k += 1) if (probabilities[k] > probabilities[best]) best = k;
    setText(this.prediction, msg('maps.predicted', { name: names[best] ?? String(best), percent: `${Math.round(probabilities[best] * 100)} %` }));
    const rows = [];
    for (const m of maps) {
      const [mh, mw, c] = m.shape;
      if (m.kernel) rows.push(this.filters(m));
      // One scale per layer, so that its maps compare: black at the layer's largest value.
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of m.values) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      const span = hi - lo || 1;
      const px = Math.max(24, Math.min(MAP_PX, Math.round((MAP_PX * 8) / Math.max(mh, mw))));
      const tiles = Array.from({ length: c }, (_, ch) => tile(mw, mh, px, (x, y) => {
        const g = Math.round(255 * (1 - (m.values[(y * mw + x) * c + ch] - lo) / span));
        return [g, g, g];
      }, msg('maps.channel', { n: ch + 1 })));
      rows.push(h('figure', { class: 'map-row' },
        h('figcaption', {}, msg('maps.layer', { type: m.type, shape: `${mh}×${mw}×${c}`, lo: fmt(lo), hi: fmt(hi) })),
        h('div', { class: 'tiles' }, tiles)));
    }
    this.maps.replaceChildren(...rows);
  }

  /** A convolution's filters: per filter, one `kh × kw` tile per input channel (orange < 0 < blue). */
  filters(m) {
    const [kh, kw, cin, f] = m.kernelShape;
    let big = 0;
    for (const v of m.kernel) big = Math.max(big, Math.abs(v));
    big = big || 1;
    const groups = Array.from({ length: f }, (_, j) => h('div', { class: 'filter', title: msg('maps.filter', { n: j + 1 }) },
      Array.from({ length: cin }, (__, ci) => tile(kw, kh, cin > 1 ? FILTER_PX_DEEP : FILTER_PX, (x, y) => diverging(m.kernel[((y * kw + x) * cin + ci) * f + j] / big).map(Math.round),
        msg('maps.filterChannel', { n: j + 1, channel: ci + 1 })))));
    return h('figure', { class: 'map-row filters' },
      h('figcaption', {}, msg('maps.filters', { count: f, size: `${kh}×${kw}`, channels: cin, big: fmt(big) })),
      h('div', { class: 'tiles' }, groups));
  }

  async findNear() {
    const word = this.word.value.trim();
    if (!word) return;
    try {
      const list = await this.call('nearestWords', { word, k: NEAREST });
      // Every neighbour at ±1: the vectors all lie along one line (a single output unit
      // reading their mean pulls every word along the same direction).
      const oneLine = list.length > 1 && list.every((n) => Math.abs(n.similarity) > 0.995);
      setText(this.wordNote, msg(oneLine ? 'near.oneLine' : 'near.note', { word }));
      this.nearest.replaceChildren(...list.map((n) => h('li', {},
        h('span', { class: 'near-word' }, n.word),
        h('span', { class: 'bar', style: `width:${Math.max(0, n.similarity) * 6}em;background:${css(diverging(n.similarity))}` }),
        h('span', { class: 'near-sim' }, n.similarity.toFixed(2)))));
    } catch (e) {
      this.nearest.replaceChildren();
      setText(this.wordNote, msg('status.error', { message: e.message ?? String(e) }));
    }
  }
}
