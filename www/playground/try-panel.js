// "Try your own row" (or sentence) under the output view, for every table but images: a
// field per feature column (a number, a category to choose, a text), filled in with a test
// row, and the model's prediction for what the learner typed — the row goes as it is to
// the engine, through the model's stored preprocessing (`predictRows`), and a cell the
// engine refuses shows its message beside the form.
import { h, newId } from './dom.js';
import { ClassBars, argmax, classProbabilities, percent } from './class-bars.js';
import { classNames as namesOf } from './eval-panel.js';
import { landmarkName, msg, setAttr, setText } from './i18n/i18n.js';

/** Least time between two predictions of the same row while the model trains. */
const REFRESH_MS = 400;
/** A pause in typing this long predicts what is typed. */
const TYPING_MS = 300;
/** A row with more columns than this keeps its fields folded (the examples fill them in). */
const MANY_FIELDS = 8;
/** Example sentences are shown this long at most on their buttons. */
const EXAMPLE_CHARS = 60;

export class TryPanel {
  /** `call(type, args)`: a worker command (here `predictRows`). */
  constructor(call, label = null) {
    this.call = call;
    this.label = label;
    this.title = h('h3', { id: newId('try') });
    this.fields = h('div', { class: 'try-fields' });
    this.examples = h('div', { class: 'try-examples' });
    this.error = h('p', { class: 'error', 'aria-live': 'polite', id: newId('try-error'), hidden: true });
    this.answer = h('p', { class: 'try-answer', 'aria-live': 'polite' });
    this.bars = new ClassBars(msg('try.probabilities'));
    this.result = h('div', { class: 'try-result', hidden: true }, this.answer, this.bars.el);
    this.buttons = h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, msg('try.predict')));
    // Several playgrounds on a page: the form's landmark name carries the playground's label
    // (set with the title, in `setData`).
    this.form = h('form', { class: 'try-form', ...(label ? {} : { 'aria-labelledby': this.title.id }), 'aria-describedby': this.error.id, novalidate: true },
      this.fields, this.buttons);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.predict();
    });
    // What is typed is predicted after a pause, a choice at once.
    this.fields.addEventListener('input', (e) => {
      clearTimeout(this.typing);
      if (e.target.tagName !== 'SELECT') this.typing = setTimeout(() => this.predict(), TYPING_MS);
    });
    this.fields.addEventListener('change', (e) => {
      if (e.target.tagName === 'SELECT') this.predict();
    });
    this.el = h('div', { class: 'try', hidden: true },
      this.title, this.examples, this.form, this.error, this.result);
    this.inputs = [];
    this.shown = null;
    this.lastRefresh = 0;
  }

  /** A newly loaded dataset: the form for its feature columns (none for 2-D sets and images). */
  setData(info) {
    clearTimeout(this.typing);
    this.info = info;
    this.shown = null;
    this.asked = null;
    this.result.hidden = true;
    this.error.hidden = true;
    const spec = info.tryRow;
    this.el.hidden = !spec;
    if (!spec) return;
    const sentence = spec.columns.length === 1 && spec.columns[0].kind === 'text';
    setText(this.title, msg(sentence ? 'try.sentence' : 'try.row'));
    if (this.label) setAttr(this.form, 'aria-label', landmarkName(this.label, msg(sentence ? 'try.sentence' : 'try.row')));
    const first = spec.examples[0];
    this.inputs = spec.columns.map((c, i) => field(c, first?.cells[i] ?? '', sentence ? msg('try.yourSentence') : c.name));
    this.fields.classList.toggle('sentence', sentence);
    this.fields.replaceChildren(...this.inputs.map((f) => f.el));
    const many = spec.columns.length > MANY_FIELDS;
    const fields = many ? h('details', { class: 'try-values' }, h('summary', {}, msg('try.editValues', { count: spec.columns.length })), this.fields) : this.fields;
    this.form.replaceChildren(fields, this.buttons);
    this.examples.replaceChildren(...exampleButtons(spec, sentence, (cells) => this.fill(cells)));
    this.bars.setClasses(info.task === 'regression' ? [] : classNames(info));
    this.bars.el.hidden = info.task === 'regression';
    this.listen();
  }

  /** Fills the form with `cells` and predicts them. */
  fill(cells) {
    this.inputs.forEach((f, i) => f.set(cells[i] ?? ''));
    this.predict();
  }

  /** The model's prediction for the form's row, shown beside it (or the engine's refusal). */
  async predict() {
    clearTimeout(this.typing);
    const cells = this.inputs.map((f) => f.value());
    this.asked = cells;
    let outputs;
    try {
      outputs = await this.call('predictRows', { rows: [cells] });
    } catch (e) {
      if (this.asked !== cells) return;
      // The field the message names is shown, folded or not.
      this.form.querySelector('details')?.setAttribute('open', '');
      this.error.textContent = e.message;
      this.error.hidden = false;
      this.result.hidden = true;
      this.shown = null;
      return;
    }
    // Only the answer to the latest row is shown.
    if (this.asked !== cells) return;
    this.error.hidden = true;
    this.shown = cells;
    this.show(outputs);
  }

  show(outputs) {
    this.result.hidden = false;
    if (this.info.task === 'regression') {
      this.answer.replaceChildren(msg('try.predictedValue'), ' ', h('strong', { 'data-try': 'value' }, formatValue(outputs[0])));
      return;
    }
    const probabilities = classProbabilities(outputs);
    const best = argmax(probabilities);
    this.answer.replaceChildren(msg('try.predicted'), ' ', h('strong', { 'data-try': 'class' }, classNames(this.info)[best]),
      ` (${percent(probabilities[best])})`);
    this.bars.show(probabilities);
  }

  /** The model changed (a new one, or more training): the row shown is predicted again. */
  refresh() {
    if (!this.shown || this.el.hidden) return;
    this.lastRefresh = performance.now();
    const cells = this.shown;
    this.call('predictRows', { rows: [cells] }).then((o) => this.shown === cells && this.show(o), () => {});
  }

  /** While the model trains, what is shown follows it (the element's `epoch` and `trained` events). */
  listen() {
    const host = this.el.getRootNode().host;
    if (!host || this.host === host) return;
    this.host = host;
    host.addEventListener('epoch', () => {
      if (performance.now() - this.lastRefresh > REFRESH_MS) this.refresh();
    });
    host.addEventListener('trained', () => this.refresh());
  }
}

/** The class names as the evaluation shows them. */
function classNames(info) {
  return namesOf(info.labelNames, info.classes);
}

function formatValue(v) {
  return Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(4)).toString();
}

/**
 * A control for one column, labelled `label`: `{ el, value(), set(text) }`. Numbers are
 * typed as text (the engine reads them, decimal commas and all, and says what it cannot
 * read).
 */
function field(column, initial, label) {
  const id = newId('try');
  let control;
  if (column.kind === 'categorical') {
    const choices = column.categories.includes(initial) || initial === '' ? column.categories : [...column.categories, initial];
    control = h('select', { id }, choices.map((c) => h('option', { value: c }, c)));
  } else if (column.kind === 'text') {
    control = h('textarea', { id, rows: 2, spellcheck: 'true' });
    // Enter predicts, as in the other fields; Shift+Enter starts a new line.
    control.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        control.form?.requestSubmit();
      }
    });
  } else {
    control = h('input', { id, type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false' });
  }
  const set = (text) => {
    if (control.tagName === 'SELECT' && ![...control.options].some((o) => o.value === text)) control.append(h('option', { value: text }, text));
    control.value = text;
  };
  set(initial);
  const el = h('div', { class: `field ${column.kind}` }, h('label', { for: id }, label), control);
  return { el, value: () => control.value, set };
}

/** Buttons that fill the form with a test row (a sentence shows its words). */
function exampleButtons(spec, sentence, fill) {
  if (spec.examples.length < (sentence ? 1 : 2)) return [];
  const buttons = spec.examples.map((ex) => {
    const where = msg(ex.test ? 'try.testRow' : 'try.fileRow', { n: String(ex.rowNumber) });
    const text = sentence ? msg('try.quoted', { text: clip(ex.cells[0]) }) : ex.label ?? where;
    const title = msg(ex.label ? 'try.fillLabelled' : 'try.fill', { where, label: ex.label ?? '' });
    return h('button', { type: 'button', class: 'small', title, onclick: () => fill(ex.cells) }, text);
  });
  return [h('span', { class: 'note' }, msg(sentence ? 'try.sentences' : 'try.fillIntro')), ...buttons];
}

function clip(text) {
  return text.length > EXAMPLE_CHARS ? `${text.slice(0, EXAMPLE_CHARS - 1)}…` : text;
}
