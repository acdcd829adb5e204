// The playground's settings in one table. Each entry says how the setting reads from and
// writes to text (the same codec serves the element's attributes, the URL hash and the
// autosaved session), its default, and what a change to it means:
//   data  — the data is prepared again (and a new model built);
//   model — a new model is built on the same data;
//   live  — the running model takes the change as it trains.
// A default of `null` means "the engine's default" (Keras's, for optimizer settings): the
// page does not restate it, and the controls show the value from the engine's catalog.

import { list as messageList, msg, msgOr } from './i18n/i18n.js';

const num = { parse: (s) => (s === '' ? NaN : Number(s)), format: (v) => String(v) };
const int = { parse: (s) => (s === '' ? NaN : Math.round(Number(s))), format: (v) => String(v) };
const text = { parse: (s) => s, format: (v) => v };
const bool = { parse: (s) => s === '1' || s === 'true' || s === '', format: (v) => (v ? '1' : '0') };
const list = { parse: (s) => (s ? s.split(',').filter(Boolean) : []), format: (v) => v.join(',') };

/** Hidden layers as text: `8:tanh,4:relu:0.2` (units : activation : dropout). */
export const layersCodec = {
  parse(s) {
    if (!s) return [];
    return s.split(',').map((part) => {
      const [units, activation, dropout] = part.split(':');
      return { units: Math.round(Number(units)), activation: activation || 'relu', dropout: Number(dropout) || 0 };
    });
  },
  format(layers) {
    return layers.map((l) => [l.units, l.activation, ...(l.dropout ? [l.dropout] : [])].join(':')).join(',');
  },
};

/**
 * Convolution and pooling layers as text: `conv:8:3:relu,conv:16:3:relu,maxpool:2`
 * (`conv:filters:kernel:activation`, `maxpool:size`, `avgpool:size`); a flatten follows them.
 */
export const convLayersCodec = {
  parse(s) {
    if (!s) return [];
    return s.split(',').map((part) => {
      const [kind, a, b, c] = part.split(':');
      if (kind === 'conv') return { type: 'conv', filters: Math.round(Number(a)) || 8, kernel: Math.round(Number(b)) || 3, activation: c || 'relu' };
      return { type: kind === 'avgpool' ? 'avgpool' : 'maxpool', size: Math.round(Number(a)) || 2 };
    });
  },
  format(layers) {
    return layers.map((l) => (l.type === 'conv' ? `conv:${l.filters}:${l.kernel}:${l.activation}` : `${l.type}:${l.size}`)).join(',');
  },
};

/** name → { codec, default, kind }. Adding a setting is one line here. */
export const SETTINGS = {
  dataset: { codec: text, default: 'circle', kind: 'data' },
  noise: { codec: int, default: 0, kind: 'data' },
  testRatio: { codec: int, default: 50, kind: 'data' },
  valRatio: { codec: int, default: 0, kind: 'data' },
  transforms: { codec: list, default: ['x1', 'x2'], kind: 'data' },
  scaling: { codec: text, default: null, kind: 'data' },
  missing: { codec: text, default: null, kind: 'data' },
  seed: { codec: int, default: 1, kind: 'data' },
  /** Shifted, noisy copies of each training image (image data only; 0: none). */
  augment: { codec: int, default: 0, kind: 'data' },
  /** Text as token ids into an embedding of this many dimensions (0: word counts). */
  embedding: { codec: int, default: 0, kind: 'data' },
  /** Token ids a text gives (longer texts are cut), with `embedding`. */
  sequenceLength: { codec: int, default: 20, kind: 'data' },
  /** Convolution and pooling layers before the hidden layers (image data only). */
  convLayers: { codec: convLayersCodec, default: [], kind: 'model' },
  layers: { codec: layersCodec, default: layersCodec.parse('4:tanh,2:tanh'), kind: 'model' },
  outputActivation: { codec: text, default: 'auto', kind: 'model' },
  loss: { codec: text, default: 'auto', kind: 'model' },
  optimizer: { codec: text, default: 'adam', kind: 'model' },
  momentum: { codec: num, default: null, kind: 'model' },
  beta1: { codec: num, default: null, kind: 'model' },
  beta2: { codec: num, default: null, kind: 'model' },
  rho: { codec: num, default: null, kind: 'model' },
  weightDecay: { codec: num, default: null, kind: 'model' },
  batchSize: { codec: int, default: 10, kind: 'model' },
  regularization: { codec: text, default: 'none', kind: 'model' },
  regularizationRate: { codec: num, default: 0.001, kind: 'model' },
  earlyStopping: { codec: bool, default: false, kind: 'model' },
  patience: { codec: int, default: 10, kind: 'model' },
  learningRate: { codec: num, default: 0.03, kind: 'live' },
  epochs: { codec: int, default: 500, kind: 'live' },
  /** Most epochs per second while training (0: as fast as the machine goes). */
  pace: { codec: int, default: 50, kind: 'live' },
};

/** Element attributes that are not settings: which parts of the element are shown. */
export const ALL_PANELS = ['data', 'network', 'training', 'watch', 'evaluate', 'compress', 'share'];
export const ALL_CONTROLS = ['play', 'step', 'reset'];

/**
 * The default settings. With the engine's catalog and a data set's name: that set's
 * defaults — a built-in table's suggested settings (`catalog.datasets[i].settings`,
 * written once in the engine) over the page's. Attributes, links and the autosaved session
 * are read over these, so what they give wins.
 */
export function defaults(catalog = null, dataset = null) {
  const s = {};
  for (const [name, p] of Object.entries(SETTINGS)) s[name] = structuredClone(p.default);
  return { ...s, ...suggestedSettings(catalog, dataset) };
}

/** The settings the catalog's entry for `dataset` suggests ({} for the 2-D sets, uploads). */
export function suggestedSettings(catalog, dataset) {
  const suggested = catalog?.datasets.find((d) => d.name === dataset)?.settings ?? {};
  return Object.fromEntries(Object.entries(suggested).filter(([name]) => SETTINGS[name]).map(([name, v]) => [name, structuredClone(v)]));
}

/**
 * The settings after `patch` when it picks another data set (the Dataset menu, a script's
 * `update`): every setting the old or the new set suggests that `patch` does not give takes
 * the new set's default (a 2-D set after a table: the page's own). Returns `{ settings,
 * note }`, `note` saying what was applied (null when nothing was).
 */
export function switchSet(catalog, current, patch) {
  const settings = { ...current, ...patch };
  if (patch.dataset === undefined || patch.dataset === current.dataset) return { settings, note: null };
  const own = suggestedSettings(catalog, patch.dataset);
  const keys = Object.keys({ ...suggestedSettings(catalog, current.dataset), ...own }).filter((k) => !(k in patch));
  if (!keys.length) return { settings, note: null };
  const after = defaults(catalog, patch.dataset);
  for (const k of keys) settings[k] = after[k];
  const whose = Object.keys(own).length ? 'suggested' : 'pageDefaults';
  return { settings, note: appliedNote(catalog, settings, keys, whose) };
}

/**
 * `settings` with every network setting (kind `model`) put back to its default for the
 * data set: `{ settings, keys }`, `keys` the settings that changed. The way out when a link's
 * network cannot be built on its data.
 */
export function withDefaultNetwork(catalog, settings) {
  const base = defaults(catalog, settings.dataset);
  const keys = Object.keys(SETTINGS).filter((k) => SETTINGS[k].kind === 'model' && JSON.stringify(base[k]) !== JSON.stringify(settings[k]));
  return { settings: { ...settings, ...Object.fromEntries(keys.map((k) => [k, base[k]])) }, keys };
}

/**
 * What the status says when the data set's suggested settings are in force at start
 * (those the attributes, the link or the saved session did not replace); null for none.
 */
export function suggestionNote(catalog, settings) {
  const suggested = suggestedSettings(catalog, settings.dataset);
  const keys = Object.keys(suggested).filter((k) => JSON.stringify(suggested[k]) === JSON.stringify(settings[k]));
  return keys.length ? appliedNote(catalog, settings, keys, 'suggested') : null;
}

/** `whose`: `suggested` (the set's own) or `pageDefaults`. A message. */
function appliedNote(catalog, settings, keys, whose) {
  const title = catalog.datasets.find((d) => d.name === settings.dataset)?.title ?? settings.dataset;
  return msg(`settings.applied.${whose}`, { title: msgOr(`dataset.${settings.dataset}`, title), settings: describeSettings(settings, keys) });
}

/**
 * Settings in a few words, as a message: `layers 128:relu, adam 0.003, 100 epochs, batch 32,
 * early stopping (patience 10), validation 10 %`.
 */
export function describeSettings(s, keys = Object.keys(s)) {
  const has = (k) => keys.includes(k);
  const parts = [];
  if (has('convLayers') && s.convLayers.length) parts.push(msg('settings.convLayers', { layers: convLayersCodec.format(s.convLayers) }));
  if (has('layers')) parts.push(s.layers.length ? msg('settings.layers', { layers: layersCodec.format(s.layers) }) : msg('settings.noLayers'));
  if (has('optimizer') || has('learningRate')) parts.push(`${s.optimizer} ${s.learningRate}`);
  if (has('epochs')) parts.push(msg('settings.epochs', { count: s.epochs }));
  if (has('batchSize')) parts.push(msg('settings.batch', { n: String(s.batchSize) }));
  if (has('earlyStopping') || has('patience')) parts.push(s.earlyStopping ? msg('settings.earlyStopping', { n: String(s.patience) }) : msg('settings.noEarlyStopping'));
  if (has('valRatio')) parts.push(msg('settings.validation', { n: String(s.valRatio) }));
  if (has('testRatio')) parts.push(msg('settings.test', { n: String(s.testRatio) }));
  return messageList(parts);
}

/** The attribute name of a setting: `learningRate` → `learning-rate`. */
export function attrName(name) {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The setting an attribute sets (`learning-rate` → `learningRate`), or undefined. */
export function settingOfAttr(attr) {
  const name = attr.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
  return SETTINGS[name] ? name : undefined;
}

/** Every attribute the element reacts to: one per setting, plus `activation`. */
export const SETTING_ATTRIBUTES = [...Object.keys(SETTINGS).map(attrName), 'activation'];

/** One setting read from text; `undefined` when the text is not a valid value. */
export function parseSetting(name, raw) {
  if (raw == null) return undefined;
  const p = SETTINGS[name];
  if (raw === '' && p.default === null) return null;
  const v = p.codec.parse(raw);
  return typeof v === 'number' && !Number.isFinite(v) ? undefined : v;
}

/** Reads the settings present in `get(name)` (hash params, attributes), skipping bad values. */
function readWith(get, base) {
  const s = { ...base };
  for (const name of Object.keys(SETTINGS)) {
    const v = parseSetting(name, get(name));
    if (v !== undefined) s[name] = v;
  }
  return s;
}

/** `activation="relu"` sets every hidden layer's activation at once. */
export function withActivation(settings, activation) {
  return activation ? { ...settings, layers: settings.layers.map((l) => ({ ...l, activation })) } : settings;
}

/** Settings from the element's attributes, e.g. `<nn-playground dataset="xor" layers="8:relu">`. */
export function fromAttributes(el, base = defaults()) {
  return withActivation(readWith((name) => el.getAttribute(attrName(name)), base), el.getAttribute('activation'));
}

/** Only the settings the element's attributes give. */
export function attributeSettings(el) {
  const s = {};
  for (const name of Object.keys(SETTINGS)) {
    const v = parseSetting(name, el.getAttribute(attrName(name)));
    if (v !== undefined) s[name] = v;
  }
  return s;
}

/** Settings from a URL hash such as `#dataset=xor&seed=3`. */
export function fromHash(hash, base = defaults()) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return readWith((name) => params.get(name), base);
}

/** Whether the hash holds any setting at all. */
export function hashHasSettings(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return Object.keys(SETTINGS).some((name) => params.has(name));
}

/** The URL hash of `settings` (every setting, so a copied link replays the same run). */
export function toHash(settings) {
  const params = new URLSearchParams();
  for (const [name, p] of Object.entries(SETTINGS)) {
    params.set(name, settings[name] === null ? '' : p.codec.format(settings[name]));
  }
  return `#${params.toString()}`;
}

/** The settings of `patch` whose values differ from `current`. */
export function changedKeys(current, patch) {
  return Object.keys(patch).filter((k) => SETTINGS[k] && JSON.stringify(current[k]) !== JSON.stringify(patch[k]));
}

/** What a change to these settings needs: `'data'`, `'model'`, `'live'` or `null` (none). */
export function changeKind(keys) {
  if (keys.length === 0) return null;
  if (keys.some((k) => SETTINGS[k].kind === 'data')) return 'data';
  if (keys.some((k) => SETTINGS[k].kind === 'model')) return 'model';
  return 'live';
}
