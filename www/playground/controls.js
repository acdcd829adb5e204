// The network and training controls. Each panel is rebuilt from the settings when its
// structure changes; every control has a label, and changes go through `ctx.update`. The
// choices (activations, losses, optimizers and their hyperparameters with their defaults)
// are the engine's, from `ctx.catalog`.
import { checkbox, h, newId, numberInput, select } from './dom.js';
import { entry, hyperparameter, outputFor } from './model-spec.js';

const LR_CHOICES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const MAX_LAYERS = 6;
const MAX_UNITS = 256;

/** `ctx`: `{ settings, info, catalog, update(patch) }`. */
export function networkPanel(ctx) {
  const s = ctx.settings;
  const { catalog } = ctx;
  const hidden = catalog.activations.filter((a) => !a.outputOnly).map((a) => a.name);
  const setLayers = (layers) => ctx.update({ layers });
  const rows = s.layers.map((layer, i) => {
    const change = (patch) => setLayers(s.layers.map((l, k) => (k === i ? { ...l, ...patch } : l)));
    const unitsId = newId();
    const units = h('input', {
      id: unitsId, type: 'number', min: 1, max: MAX_UNITS, value: String(layer.units), class: 'units',
    });
    units.addEventListener('change', () => {
      const v = Number(units.value);
      if (Number.isInteger(v) && v >= 1 && v <= MAX_UNITS) {
        change({ units: v });
        return;
      }
      ctx.status(`Error: hidden layer ${i + 1} takes 1 to ${MAX_UNITS} units (a whole number), not "${units.value}"; it keeps ${layer.units}.`);
      units.value = String(layer.units);
    });
    // As in TensorFlow Playground: a neuron more or less in one press.
    const plusMinus = (sign, text) => h('button', {
      type: 'button', class: 'small step-units', 'aria-label': `${sign > 0 ? 'One more unit in' : 'One unit fewer in'} hidden layer ${i + 1}`,
      disabled: sign > 0 ? layer.units >= MAX_UNITS : layer.units <= 1,
      onclick: () => change({ units: layer.units + sign }),
    }, text);
    return h('fieldset', { class: 'layer' },
      h('legend', {}, `Hidden layer ${i + 1}`),
      h('div', { class: 'field' }, h('label', { for: unitsId }, 'Units'),
        h('div', { class: 'units-row' }, plusMinus(-1, '−'), units, plusMinus(1, '+'))),
      select('Activation', hidden, layer.activation, (v) => change({ activation: v })),
      select('Dropout', withValue([0, 0.1, 0.2, 0.3, 0.5], layer.dropout || 0).map(String), String(layer.dropout || 0), (v) => change({ dropout: Number(v) })),
      h('button', {
        type: 'button', class: 'small', 'aria-label': `Remove hidden layer ${i + 1}`,
        onclick: () => setLayers(s.layers.filter((_, k) => k !== i)),
      }, 'Remove'));
  });
  const add = h('button', {
    type: 'button', class: 'small', disabled: s.layers.length >= MAX_LAYERS,
    onclick: () => setLayers([...s.layers, { units: s.layers.at(-1)?.units ?? 4, activation: s.layers.at(-1)?.activation ?? 'relu', dropout: 0 }]),
  }, '+ Add hidden layer');
  const info = ctx.info;
  const auto = info ? outputFor(catalog, info.task, info.classes, { outputActivation: 'auto', loss: 'auto' }) : null;
  const outputNote = auto
    ? `Output: ${auto.units} ${s.outputActivation === 'auto' ? auto.activation : s.outputActivation} unit${auto.units > 1 ? 's' : ''}, `
      + `loss ${s.loss === 'auto' ? auto.loss : s.loss} (${info.task})`
    : '';
  return h('div', { class: 'panel-body' },
    h('div', { class: 'layers' }, rows, add),
    h('p', { class: 'note', 'aria-live': 'polite' }, outputNote),
    h('details', {},
      h('summary', {}, 'Override output layer and loss'),
      select('Output activation', ['auto', ...catalog.activations.map((a) => a.name)], s.outputActivation, (v) => ctx.update({ outputActivation: v })),
      select('Loss', ['auto', ...catalog.losses.map((l) => l.name)], s.loss, (v) => ctx.update({ loss: v }))));
}

/** The choices, with `value` added in order when it is not one of them (e.g. from a link). */
function withValue(choices, value) {
  return choices.includes(value) ? choices : [...choices, value].sort((a, b) => a - b);
}

/** How the hyperparameters the page offers read on screen (the others keep their defaults). */
const HYPERPARAMETER_LABEL = { momentum: 'Momentum', beta1: 'β₁', beta2: 'β₂', rho: 'ρ (rho)', weightDecay: 'Weight decay' };

export function trainingPanel(ctx) {
  const s = ctx.settings;
  const { catalog } = ctx;
  const lrOptions = withValue(LR_CHOICES, s.learningRate);
  const keys = entry(catalog.optimizers, s.optimizer)?.hyperparameters ?? [];
  const hyper = keys.filter((k) => HYPERPARAMETER_LABEL[k]).map((name) => numberInput(HYPERPARAMETER_LABEL[name],
    hyperparameter(catalog, s, name), (v) => ctx.update({ [name]: v }), { step: 'any', min: 0, max: name === 'weightDecay' ? 1 : 0.99999 }));
  return h('div', { class: 'panel-body grid2' },
    select('Optimizer', catalog.optimizers.map((o) => o.name), s.optimizer, (v) => ctx.update({ optimizer: v })),
    select('Learning rate', lrOptions.map(String), String(s.learningRate), (v) => ctx.update({ learningRate: Number(v) }),
      { 'aria-description': 'can be changed while training' }),
    hyper,
    numberInput('Batch size', s.batchSize, (v) => ctx.update({ batchSize: v }), { min: 1, max: 4096, step: 1 }),
    numberInput('Epochs limit', s.epochs, (v) => ctx.update({ epochs: v }), { min: 1, max: 100000, step: 1 }),
    select('Regularization', [['none', 'none'], ['l1', 'L1'], ['l2', 'L2']], s.regularization, (v) => ctx.update({ regularization: v })),
    select('Regularization rate', withValue([0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1], s.regularizationRate).map(String), String(s.regularizationRate),
      (v) => ctx.update({ regularizationRate: Number(v) }), { disabled: s.regularization === 'none' }),
    checkbox('Early stopping', s.earlyStopping, (v) => ctx.update({ earlyStopping: v })),
    numberInput('Patience (epochs)', s.patience, (v) => ctx.update({ patience: v }), { min: 1, max: 1000, step: 1, disabled: !s.earlyStopping }),
    numberInput('Seed', s.seed, (v) => ctx.update({ seed: v }), { min: 0, max: 2 ** 31, step: 1 }),
    select('Speed', [['10', '10 epochs/s'], ['50', '50 epochs/s'], ['200', '200 epochs/s'], ['0', 'as fast as possible']],
      String(s.pace), (v) => ctx.update({ pace: Number(v) })));
}
