// For image data (the 8×8 Digits): a grid of test images with the model's predictions,
// mistakes outlined, and a canvas to draw a digit and see the prediction live, with a bar
// per class for its probability.
import { h } from './dom.js';
import { msg, setAttr, setText } from './i18n/i18n.js';
import { ClassBars, argmax, percent } from './class-bars.js';

const contexts = new WeakMap();
/** The canvas's 2-D context, fetched once. */
function contextOf(canvas) {
  if (!contexts.has(canvas)) contexts.set(canvas, canvas.getContext('2d', { willReadFrequently: true }));
  return contexts.get(canvas);
}

/** Pixel values of the Digits set run from 0 (white paper) to 16 (full ink). */
const INK = 16;
const PAD = 180;

export class DigitsView {
  /** `predict(pixels)` resolves with the class probabilities of one drawn image. */
  constructor(predict) {
    this.predict = predict;
    this.grid = h('div', { class: 'digits', role: 'list', 'aria-label': msg('digits.grid') });
    this.pad = h('canvas', { width: PAD, height: PAD, 'aria-label': msg('digits.pad') });
    this.answer = h('div', { class: 'prediction', 'aria-live': 'polite' }, '?');
    this.detail = h('div', { class: 'note' }, msg('digits.draw'));
    this.bars = new ClassBars(msg('digits.probabilities'));
    const clear = h('button', { type: 'button', onclick: () => this.clearPad() }, msg('digits.clear'));
    this.el = h('div', { class: 'panel-body' },
      h('p', { class: 'caption' }, msg('digits.caption')),
      this.grid,
      h('p', { class: 'caption' }, msg('digits.draw')),
      h('div', { class: 'draw' },
        h('div', { class: 'pad' }, this.pad, h('div', { class: 'pad-answer' }, h('div', {}, this.answer, this.detail), clear)),
        this.bars.el));
    this.setUpPad();
    this.cells = [];
    /** Whether the pad holds a drawing (then a changed model predicts it again). */
    this.inked = false;
  }

  /** `images`: `{ pixels, truth, size }` from the data; `names`: class names. */
  setImages(images, names) {
    this.images = images;
    this.names = names;
    this.size = images.size;
    this.cells = images.truth.map((t, i) => {
      const canvas = h('canvas', { width: this.size, height: this.size });
      const ctx = contextOf(canvas);
      const img = ctx.createImageData(this.size, this.size);
      for (let p = 0; p < this.size * this.size; p += 1) {
        const v = 255 - Math.round((255 * images.pixels[i * this.size * this.size + p]) / INK);
        img.data.set([v, v, v, 255], p * 4);
      }
      ctx.putImageData(img, 0, 0);
      const label = h('span', {}, '–');
      const cell = h('div', { class: 'digit', role: 'listitem', 'aria-label': msg('digits.image', { name: names[t] }) }, canvas, label);
      return { cell, label, truth: t };
    });
    this.grid.replaceChildren(...this.cells.map((c) => c.cell));
    this.bars.setClasses(names);
    this.clearPad();
  }

  /** The model's predicted class for each image in the grid (the model changed: the drawing is predicted again). */
  setPredictions(predicted) {
    if (this.inked) this.schedulePrediction();
    predicted.forEach((p, i) => {
      const c = this.cells[i];
      if (!c) return;
      const wrong = p !== c.truth;
      setText(c.label, this.names[p]);
      c.cell.classList.toggle('wrong', wrong);
      setAttr(c.cell, 'aria-label', msg(wrong ? 'digits.predictedWrong' : 'digits.predicted', { name: this.names[c.truth], predicted: this.names[p] }));
    });
  }

  setUpPad() {
    const ctx = contextOf(this.pad);
    let drawing = false;
    const at = (e) => {
      const r = this.pad.getBoundingClientRect();
      return [((e.clientX - r.left) / r.width) * PAD, ((e.clientY - r.top) / r.height) * PAD];
    };
    this.pad.addEventListener('pointerdown', (e) => {
      drawing = true;
      this.pad.setPointerCapture(e.pointerId);
      ctx.beginPath();
      ctx.moveTo(...at(e));
    });
    this.pad.addEventListener('pointermove', (e) => {
      if (!drawing) return;
      ctx.lineTo(...at(e));
      ctx.strokeStyle = '#000';
      ctx.lineWidth = PAD / 7;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.stroke();
      this.inked = true;
      this.schedulePrediction();
    });
    const stop = () => {
      if (!drawing) return;
      drawing = false;
      this.schedulePrediction();
    };
    this.pad.addEventListener('pointerup', stop);
    this.pad.addEventListener('pointercancel', stop);
  }

  clearPad() {
    const ctx = contextOf(this.pad);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, PAD, PAD);
    this.inked = false;
    this.pixels = null;
    this.answer.textContent = '?';
    setText(this.detail, msg('digits.draw'));
    this.bars.clear();
  }

  /** Predicts the drawing at the next frame (once, however many strokes come before). */
  schedulePrediction() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(async () => {
      this.pending = 0;
      if (!this.inked) return;
      const pixels = this.padPixels();
      let probabilities;
      try {
        probabilities = await this.predict(pixels);
      } catch {
        return; // no model right now (a new engine starting): the next change predicts again
      }
      // A pad cleared meanwhile keeps its dashes.
      if (!this.inked) return;
      // The pixels the bars show the prediction of (for tests and the curious).
      this.pixels = pixels;
      const best = argmax(probabilities);
      setText(this.answer, this.names[best]);
      setText(this.detail, msg('digits.sure', { percent: percent(probabilities[best]) }));
      this.bars.show(probabilities);
    });
  }

  /**
   * The drawing as the data set's pixels: the ink's bounding box is centred in the square
   * (as the Digits scans were), then each of the size × size cells gets its mean ink,
   * scaled so that the darkest cell is 16.
   */
  padPixels() {
    const { data } = contextOf(this.pad).getImageData(0, 0, PAD, PAD);
    let x0 = PAD;
    let y0 = PAD;
    let x1 = 0;
    let y1 = 0;
    for (let y = 0; y < PAD; y += 1) {
      for (let x = 0; x < PAD; x += 1) {
        if (data[(y * PAD + x) * 4] < 128) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
        }
      }
    }
    const n = this.size;
    const pixels = new Float32Array(n * n);
    if (x1 < x0) return pixels;
    const side = Math.max(x1 - x0, y1 - y0) * 1.15 + 1;
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    for (let r = 0; r < n; r += 1) {
      for (let c = 0; c < n; c += 1) {
        let ink = 0;
        let count = 0;
        for (let sy = 0; sy < 4; sy += 1) {
          for (let sx = 0; sx < 4; sx += 1) {
            const x = Math.round(cx - side / 2 + ((c + (sx + 0.5) / 4) / n) * side);
            const y = Math.round(cy - side / 2 + ((r + (sy + 0.5) / 4) / n) * side);
            count += 1;
            if (x >= 0 && y >= 0 && x < PAD && y < PAD) ink += 1 - data[(y * PAD + x) * 4] / 255;
          }
        }
        pixels[r * n + c] = ink / count;
      }
    }
    // The scans' strokes are dark: the darkest cell becomes full ink.
    const darkest = Math.max(...pixels);
    return pixels.map((v) => Math.round((INK * v) / darkest));
  }
}
