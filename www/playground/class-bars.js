// A bar per class with its probability, as the model's outputs give them: a list whose
// items say the class and the percentage in text (what a screen reader reads), with the
// predicted class marked. The drawing pad (digits.js) and "Try your own row"
// (try-panel.js) show their predictions with it.
import { h } from './dom.js';
import { msg, setText } from './i18n/i18n.js';

/** `0.1234` as `12.3 %`. */
export function percent(p) {
  return `${(100 * p).toFixed(1)} %`;
}

/**
 * The class probabilities of one row of outputs: one sigmoid output `p` is the second
 * class's probability (`[1 - p, p]`, as the engine names the classes), several outputs are
 * the softmax's.
 */
export function classProbabilities(outputs) {
  return outputs.length === 1 ? [1 - outputs[0], outputs[0]] : Array.from(outputs);
}

/** The index of the largest value (the first of equals). */
export function argmax(values) {
  let best = 0;
  for (let k = 1; k < values.length; k += 1) if (values[k] > values[best]) best = k;
  return best;
}

export class ClassBars {
  /** `label`: what the list is, for screen readers. */
  constructor(label) {
    this.el = h('ol', { class: 'class-bars', 'aria-label': label });
    this.items = [];
  }

  /** One item per class name, each without a value yet. */
  setClasses(names) {
    this.items = names.map((name) => {
      const fill = h('span', { class: 'fill' });
      const value = h('span', { class: 'value' }, '–');
      const mark = h('span', { class: 'visually-hidden' }, '');
      const item = h('li', { 'data-class': name },
        h('span', { class: 'name' }, name, h('span', { class: 'visually-hidden' }, ': ')),
        h('span', { class: 'track', 'aria-hidden': 'true' }, fill), value, mark);
      return { item, fill, value, mark };
    });
    this.el.replaceChildren(...this.items.map((i) => i.item));
  }

  /** Shows `probabilities` (one per class, 0–1); the largest is marked as predicted. */
  show(probabilities) {
    const best = argmax(probabilities);
    this.items.forEach((it, k) => {
      const p = probabilities[k] ?? 0;
      it.fill.style.width = `${(100 * p).toFixed(1)}%`;
      it.value.textContent = percent(p);
      setText(it.mark, k === best ? msg('bars.predicted') : '');
      it.item.classList.toggle('best', k === best);
    });
  }

  /** No prediction: every value a dash. */
  clear() {
    for (const it of this.items) {
      it.fill.style.width = '0';
      it.value.textContent = '–';
      it.mark.textContent = '';
      it.item.classList.remove('best');
    }
  }
}
