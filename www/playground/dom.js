// Building DOM without HTML strings: text always goes in as textContent, so a CSV header or
// a file name can never become markup. Text may be a message (i18n/i18n.js `msg`): it is
// rendered in the language in force and again when the language changes (`relocalize`).
// (No imports: the standalone web page inlines this file.)

/** Whether `v` is a message of i18n/i18n.js (its key and parameters, rendered by `String`). */
function isMessage(v) {
  return typeof v === 'object' && v !== null && typeof v.key === 'string' && typeof v.params === 'object';
}

/** A text node showing `m` (a message or plain text); a message is kept for `relocalize`. */
export function textNode(m) {
  const node = document.createTextNode(String(m));
  if (isMessage(m)) node.i18n = m;
  return node;
}

/** Sets attribute `name` of `el` to `m`, kept for `relocalize` when it is a message. */
export function setAttr(el, name, m) {
  el.setAttribute(name, String(m));
  if (isMessage(m)) (el.i18nAttrs ??= {})[name] = m;
  else if (el.i18nAttrs) delete el.i18nAttrs[name];
}

/** Replaces the content of `el` with `m` (a message or plain text). */
export function setText(el, m) {
  el.replaceChildren(textNode(m));
}

let uid = 0;
/** A page-unique id for label/control pairs. */
export function newId(prefix = 'nnp') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * `h('label', { for: id, class: 'x', onclick: fn }, 'text', child)`: attributes are set
 * with setAttribute, `on*` functions become listeners, strings become text nodes.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked' || key === 'selected') el[key] = value;
    else if (isMessage(value)) setAttr(el, key, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : textNode(child));
  }
}

/** An SVG element (same rules as `h`). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (isMessage(value)) setAttr(el, key, value);
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** A labelled `<select>`; `options` are values or `[value, text]` pairs. */
export function select(label, options, value, onchange, attrs = {}) {
  const id = newId();
  const sel = h('select', { id, onchange: () => onchange(sel.value), ...attrs },
    options.map((o) => {
      const [v, t] = Array.isArray(o) ? o : [o, o];
      return h('option', { value: v, selected: v === value }, t);
    }));
  return h('div', { class: 'field' }, h('label', { for: id }, label), sel);
}

/** A labelled number input that reports finite values only. */
export function numberInput(label, value, onchange, attrs = {}) {
  const id = newId();
  const input = h('input', { id, type: 'number', value: String(value), ...attrs });
  input.addEventListener('change', () => {
    const v = Number(input.value);
    if (input.value !== '' && Number.isFinite(v) && input.checkValidity()) onchange(v);
    else input.value = String(value);
  });
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

/** A labelled range slider with its value shown beside it. */
export function slider(label, value, onchange, { min, max, step = 1, format = String, live = false } = {}) {
  const id = newId();
  const out = h('output', { for: id }, format(value));
  const input = h('input', { id, type: 'range', min, max, step, value: String(value) });
  input.addEventListener('input', () => {
    out.textContent = format(Number(input.value));
    if (live) onchange(Number(input.value));
  });
  if (!live) input.addEventListener('change', () => onchange(Number(input.value)));
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('div', { class: 'range' }, input, out));
}

/** A labelled checkbox. */
export function checkbox(label, checked, onchange, attrs = {}) {
  const id = newId();
  const input = h('input', { id, type: 'checkbox', checked, onchange: () => onchange(input.checked), ...attrs });
  return h('div', { class: 'field check' }, input, h('label', { for: id }, label));
}

/** Formats a metric for display: 3 significant decimals, or "–" when absent. */
export function fmt(v, digits = 3) {
  if (v == null || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1000 ? v.toFixed(0) : v.toFixed(digits);
}

/**
 * Puts a new, empty copy of `owner.canvas` in its place (and in `owner.canvas`) and hands
 * its drawing over to a worker: returns the `OffscreenCanvas` (a canvas can be handed over
 * only once).
 */
export function freshCanvas(owner) {
  const copy = owner.canvas.cloneNode(false);
  owner.canvas.replaceWith(copy);
  owner.canvas = copy;
  return copy.transferControlToOffscreen();
}
