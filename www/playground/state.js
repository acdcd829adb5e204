// The playground's settings in one table. Each entry says how a setting reads from and
// writes to text, so the same table drives the URL hash, the element's attributes, the
// autosaved session and the defaults. Adding a setting is one line here.

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

export const TOY_CLASSIFICATION = ['circle', 'xor', 'gaussians', 'spiral'];
export const TOY_REGRESSION = ['plane', 'multi_gaussian'];
export const TOYS = [...TOY_CLASSIFICATION, ...TOY_REGRESSION];
export const FEATURE_TRANSFORMS = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];
/** How the feature transforms read on screen. */
export const TRANSFORM_LABEL = {
  x1: 'x₁', x2: 'x₂', 'x1^2': 'x₁²', 'x2^2': 'x₂²', 'x1*x2': 'x₁·x₂', 'sin(x1)': 'sin x₁', 'sin(x2)': 'sin x₂',
};
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'leaky_relu', 'elu', 'linear'];
export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw'];

/**
 * name → { codec, default, attr? }. `attr` is the element attribute (kebab-case) that sets
 * the starting value; every setting is also in the URL hash under its own name.
 */
export const PROPS = {
  dataset: { codec: text, default: 'circle' },
  noise: { codec: int, default: 0 },
  testRatio: { codec: int, default: 50 },
  valRatio: { codec: int, default: 0 },
  transforms: { codec: list, default: ['x1', 'x2'] },
  scaling: { codec: text, default: 'zscore' },
  missing: { codec: text, default: 'error' },
  layers: { codec: layersCodec, default: layersCodec.parse('4:tanh,2:tanh') },
  outputActivation: { codec: text, default: 'auto' },
  loss: { codec: text, default: 'auto' },
  optimizer: { codec: text, default: 'adam' },
  learningRate: { codec: num, default: 0.03 },
  momentum: { codec: num, default: 0.9 },
  beta1: { codec: num, default: 0.9 },
  beta2: { codec: num, default: 0.999 },
  rho: { codec: num, default: 0.9 },
  weightDecay: { codec: num, default: 0.004 },
  batchSize: { codec: int, default: 10 },
  epochs: { codec: int, default: 500 },
  regularization: { codec: text, default: 'none' },
  regularizationRate: { codec: num, default: 0.001 },
  earlyStopping: { codec: bool, default: false },
  patience: { codec: int, default: 10 },
  seed: { codec: int, default: 1 },
  /** Most epochs per second while training (0: as fast as the machine goes). */
  pace: { codec: int, default: 50 },
};

/** Element attributes that are not settings: which parts of the element are shown. */
export const ALL_PANELS = ['data', 'network', 'training', 'watch', 'evaluate', 'share'];

export function defaults() {
  const s = {};
  for (const [name, p] of Object.entries(PROPS)) s[name] = structuredClone(p.default);
  return s;
}

/** The attribute name of a setting: `learningRate` → `learning-rate`. */
export function attrName(name) {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Reads the settings present in `get(name)` (hash params, attributes), ignoring bad values. */
function readWith(get, base) {
  const s = { ...base };
  for (const [name, p] of Object.entries(PROPS)) {
    const raw = get(name);
    if (raw == null) continue;
    const v = p.codec.parse(raw);
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    s[name] = v;
  }
  return s;
}

/** Settings from the element's attributes, e.g. `<nn-playground dataset="xor" layers="8:relu">`. */
export function fromAttributes(el, base = defaults()) {
  const s = readWith((name) => el.getAttribute(attrName(name)), base);
  // `activation="relu"` sets every hidden layer's activation at once.
  const act = el.getAttribute('activation');
  if (act) s.layers = s.layers.map((l) => ({ ...l, activation: act }));
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
  return Object.keys(PROPS).some((name) => params.has(name));
}

/** The URL hash of `settings` (every setting, so a copied link replays the same run). */
export function toHash(settings) {
  const params = new URLSearchParams();
  for (const [name, p] of Object.entries(PROPS)) params.set(name, p.codec.format(settings[name]));
  return `#${params.toString()}`;
}

/** Whether the dataset is one of the 2-D toy generators. */
export function isToy(dataset) {
  return TOYS.includes(dataset);
}
