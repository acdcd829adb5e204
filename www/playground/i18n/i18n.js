// The interface's two languages, English and Simplified Chinese. Every string the page
// shows goes through `t(key, params)` (a string now) or `msg(key, params)` (a message that
// `dom.js` renders and `relocalize` renders again when the language changes). Messages
// live in the catalogues `en.js` and `zh.js`; a key missing from `zh.js` falls back to
// English. A message is one string with `{name}` placeholders, or, for a count, an object
// of plural forms (`{ one, other }` in English, `{ other }` in Chinese) chosen by
// `Intl.PluralRules` on the parameter `count`.
import en from './en.js';
import zh from './zh.js';

export { setAttr, setText, textNode } from '../dom.js';

export const CATALOGUES = { en, zh };
export const LANGUAGES = Object.keys(CATALOGUES);
const LOCALES = { en: 'en-US', zh: 'zh-CN' };

/** Where a page keeps the reader's choice of language (localStorage), shared by the playground page and the course. */
export const LANGUAGE_KEY = 'nnplay-language';

/** `zh`, `zh-CN`, `zh-Hans`… → `zh`; anything else (or nothing) → `en`. */
export function languageOf(tag) {
  return /^zh(\b|[-_])/i.test(String(tag ?? '')) ? 'zh' : 'en';
}

/** The browser's language, as one of LANGUAGES. */
export function browserLanguage() {
  return languageOf(globalThis.navigator?.language);
}

let current = browserLanguage();
const listeners = new Set();

/** The language in force (`en` or `zh`). */
export function language() {
  return current;
}

/** The BCP 47 locale of the language in force (for numbers and plural rules). */
export function locale(lang = current) {
  return LOCALES[lang];
}

/** Switches the language (`lang` as in a `lang` attribute) and tells every listener. */
export function setLanguage(tag) {
  const next = languageOf(tag);
  if (next === current) return;
  current = next;
  for (const listener of listeners) listener(next);
}

/** Calls `listener(lang)` on every switch; returns the function that stops it. */
export function onLanguage(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The message of `key` in `lang`'s catalogue, else in English; undefined when absent from both. */
function lookup(key, lang) {
  return CATALOGUES[lang][key] ?? en[key];
}

/** Whether English has `key` (every key the code uses must). */
export function hasKey(key) {
  return en[key] !== undefined;
}

const plurals = new Map();
function pluralForm(n, lang) {
  if (!plurals.has(lang)) plurals.set(lang, new Intl.PluralRules(locale(lang)));
  return plurals.get(lang).select(n);
}

/** A number as the language writes it (`12,345.6` in both; digits grouped). */
export function formatNumber(n, options = {}) {
  return Number(n).toLocaleString(locale(), options);
}

/** A parameter as text: numbers as they are (`3000`, `0.03`), messages rendered. */
function paramText(v) {
  if (typeof v === 'number') return formatNumber(v, { maximumFractionDigits: 20, useGrouping: false });
  return String(v ?? '');
}

/** A count shown with its digits grouped as the language groups them (`12,345`). */
class Grouped {
  constructor(n) {
    this.n = n;
  }

  valueOf() {
    return this.n;
  }

  toString() {
    return formatNumber(this.n);
  }
}

export function grouped(n) {
  return new Grouped(n);
}

/**
 * The text of message `key` with `params` put in its `{name}` placeholders (`{{` is a
 * literal brace). A key that no catalogue has shows as the key itself.
 */
export function t(key, params = {}, lang = current) {
  let text = lookup(key, lang);
  if (text === undefined) return key;
  if (typeof text === 'object') {
    const n = Number(params.count);
    text = text[pluralForm(n, lang)] ?? text.other ?? CATALOGUES.en[key]?.other;
  }
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in params ? paramText(params[name]) : all));
}

/**
 * A landmark's name: `title`, or with several playgrounds on one page `title — label`
 * (the element's `label` attribute), so that each playground's landmarks differ.
 */
export function landmarkName(label, title) {
  return label ? msg('panel.labelled', { label, title }) : title;
}

/** A message kept as its key and parameters, rendered in the language in force when shown. */
export class Message {
  constructor(key, params = {}) {
    this.key = key;
    this.params = params;
  }

  toString() {
    return t(this.key, this.params);
  }
}

export function msg(key, params) {
  return new Message(key, params);
}

/**
 * An error the page itself raises (in the worker too): its message in English, and its key
 * and parameters (`i18n`), which the page says in the language in force (worker-client.js).
 */
export function pageError(key, params = {}) {
  return Object.assign(new Error(t(key, params, 'en')), { i18n: { key, params } });
}

/** The text of an error or report that may carry `i18n` (see `pageError`), in the language in force. */
export function errorText(message, i18n) {
  return i18n ? t(i18n.key, i18n.params) : message;
}

/** Renders every message under `root` (text and attributes) again in the language in force. */
export function relocalize(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    if (node.i18n) node.data = String(node.i18n);
    if (node.i18nAttrs) for (const [name, m] of Object.entries(node.i18nAttrs)) node.setAttribute(name, String(m));
  }
}

/**
 * A name the engine (or the code) already says in English — a data set's title, a metric's
 * name: `fallback` as it is, unless the language in force translates it as `key`. (English
 * does not repeat these names.)
 */
class NameMessage extends Message {
  constructor(key, fallback, params) {
    super(key, params);
    this.fallback = fallback;
  }

  toString() {
    return CATALOGUES[current][this.key] === undefined ? String(this.fallback) : t(this.key, this.params);
  }
}

export function msgOr(key, fallback, params) {
  return new NameMessage(key, fallback, params);
}

/** Several messages (or texts) as one, joined as the language lists them (`a, b, c` / `a，b，c`). */
export class ListMessage extends Message {
  constructor(items) {
    super('list.separator');
    this.items = items;
  }

  toString() {
    return this.items.map(String).join(t('list.separator'));
  }
}

export function list(items) {
  return new ListMessage(items);
}
