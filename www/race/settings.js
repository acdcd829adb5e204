// The race's attributes read into settings; a bad value is an AttributeError naming the
// attribute. Hidden layers use the playground's codec (../playground/settings.js).
import { layersCodec } from '../playground/settings.js';
import { AttributeError, parseContestants } from './contestants.js';

export const ATTRIBUTES = ['dataset', 'noise', 'seed', 'test-ratio', 'layers', 'epochs', 'batch-size', 'contestants', 'surface', 'surface-params', 'pace'];

export const DEFAULTS = {
  dataset: 'circle', noise: '0', seed: '1', 'test-ratio': '50', layers: '4:tanh', epochs: '30', 'batch-size': '10',
  contestants: 'sgd 0.1; adam 0.01', surface: 'random', 'surface-params': '0,1', pace: '20',
};

function whole(el, name, min, max) {
  const raw = el.getAttribute(name) ?? DEFAULTS[name];
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(v) || v < min || v > max) throw new AttributeError(name, raw, `must be a whole number from ${min} to ${max}`);
  return v;
}

/** The settings of the element's attributes; `catalog`: `{ datasets, optimizers }`. */
export function readSettings(el, catalog) {
  const dataset = (el.getAttribute('dataset') ?? DEFAULTS.dataset).trim();
  const known = catalog.datasets.map((d) => d.name);
  if (!known.includes(dataset)) throw new AttributeError('dataset', dataset, `not a 2-D data set of the engine (${known.join(', ')})`);
  const layersText = el.getAttribute('layers') ?? DEFAULTS.layers;
  const layers = layersCodec.parse(layersText.trim());
  for (const l of layers) {
    if (!Number.isInteger(l.units) || l.units < 1) throw new AttributeError('layers', layersText, 'each layer is units:activation with at least 1 unit, e.g. "8:tanh,4:relu"');
  }
  const surface = (el.getAttribute('surface') ?? DEFAULTS.surface).trim();
  if (surface !== 'random' && surface !== 'params') throw new AttributeError('surface', surface, 'must be "random" or "params"');
  const paramsText = el.getAttribute('surface-params') ?? DEFAULTS['surface-params'];
  const surfaceParams = paramsText.split(',').map((s) => Number(s.trim()));
  if (surfaceParams.length !== 2 || !surfaceParams.every((v) => Number.isInteger(v) && v >= 0) || surfaceParams[0] === surfaceParams[1]) {
    throw new AttributeError('surface-params', paramsText, 'two different parameter indices, e.g. "0,1"');
  }
  return {
    settings: {
      dataset,
      noise: whole(el, 'noise', 0, 50),
      seed: whole(el, 'seed', 0, 2 ** 31),
      testRatio: whole(el, 'test-ratio', 0, 90),
      layers,
      epochs: whole(el, 'epochs', 1, 10000),
      batchSize: whole(el, 'batch-size', 1, 100000),
      contestants: parseContestants(el.getAttribute('contestants') ?? DEFAULTS.contestants, catalog.optimizers),
      surface,
      surfaceParams,
      pace: whole(el, 'pace', 0, 1000),
    },
    layersText: layersCodec.format(layers),
  };
}
