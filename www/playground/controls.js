// The network and training controls. Each panel is rebuilt from the settings when its
// structure changes; every control has a label, and changes go through `ctx.update`. The
// choices (activations, losses, optimizers and their hyperparameters with their defaults)
// are the engine's, from `ctx.catalog`.
import { checkbox, h, newId, numberInput, select } from './dom.js';
import { entry, hyperparameter, outputFor } from './model-spec.js';
import { msg } from './i18n/i18n.js';
import { withButtonHelp, withHelp } from './help.js';
import { shapedSection } from './shaped-controls.js';

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
      ctx.status(msg('status.error', { message: msg('network.badUnits', { layer: i + 1, max: MAX_UNITS, value: units.value, units: layer.units }) }));
      units.value = String(layer.units);
    });
    // As in TensorFlow Playground: a neuron more or less in one press.
    const plusMinus = (sign, text) => h('button', {
      type: 'button', class: 'small step-units', 'aria-label': msg(sign > 0 ? 'network.moreUnits' : 'network.fewerUnits', { layer: i + 1 }),
      disabled: sign > 0 ? layer.units >= MAX_UNITS : layer.units <= 1,
      onclick: () => change({ units: layer.units + sign }),
    }, text);
    const remove = h('button', {
      type: 'button', class: 'small', 'aria-label': msg('network.removeLayer', { layer: i + 1 }), 'data-setting': 'layers',
      onclick: () => setLayers(s.layers.filter((_, k) => k !== i)),
    }, msg('network.remove'));
    return h('fieldset', { class: 'layer' },
      h('legend', {}, msg('network.layer', { layer: i + 1 })),
      withHelp(h('div', { class: 'field' }, h('label', { for: unitsId }, msg('network.units')),
        h('div', { class: 'units-row' }, plusMinus(-1, '−'), units, plusMinus(1, '+'))), 'units', { setting: 'layers' }),
      withHelp(select(msg('network.activation'), hidden, layer.activation, (v) => change({ activation: v })), 'activation', { setting: 'layers' }),
      withHelp(select(msg('network.dropout'), withValue([0, 0.1, 0.2, 0.3, 0.5], layer.dropout || 0).map(String), String(layer.dropout || 0),
        (v) => change({ dropout: Number(v) })), 'dropout', { setting: 'layers' }),
      withButtonHelp(remove, 'removeLayer', msg('network.remove')));
  });
  const add = h('button', {
    type: 'button', class: 'small', disabled: s.layers.length >= MAX_LAYERS, 'data-setting': 'layers',
    onclick: () => setLayers([...s.layers, { units: s.layers.at(-1)?.units ?? 4, activation: s.layers.at(-1)?.activation ?? 'relu', dropout: 0 }]),
  }, msg('network.add'));
  const info = ctx.info;
  const auto = info ? outputFor(catalog, info.task, info.classes, { outputActivation: 'auto', loss: 'auto' }) : null;
  const outputNote = auto
    ? msg('network.outputNote', {
      count: auto.units, activation: s.outputActivation === 'auto' ? auto.activation : s.outputActivation,
      loss: s.loss === 'auto' ? auto.loss : s.loss, task: msg(`task.${info.task}`),
    })
    : '';
  return h('div', { class: 'panel-body' },
    shapedSection(ctx),
    h('div', { class: 'layers' }, rows, withButtonHelp(add, 'addLayer', msg('network.add'))),
    h('p', { class: 'note', 'aria-live': 'polite' }, outputNote),
    h('details', {},
      h('summary', {}, msg('network.override')),
      withHelp(select(msg('network.outputActivation'), ['auto', ...catalog.activations.map((a) => a.name)], s.outputActivation, (v) => ctx.update({ outputActivation: v })), 'outputActivation'),
      withHelp(select(msg('network.loss'), ['auto', ...catalog.losses.map((l) => l.name)], s.loss, (v) => ctx.update({ loss: v })), 'loss')));
}

/** The choices, with `value` added in order when it is not one of them (e.g. from a link). */
function withValue(choices, value) {
  return choices.includes(value) ? choices : [...choices, value].sort((a, b) => a - b);
}

/** How the hyperparameters the page offers read on screen (the others keep their defaults). */
const HYPERPARAMETER_LABEL = { momentum: 'training.momentum', beta1: 'training.beta1', beta2: 'training.beta2', rho: 'training.rho', weightDecay: 'training.weightDecay' };

export function trainingPanel(ctx) {
  const s = ctx.settings;
  const { catalog } = ctx;
  const lrOptions = withValue(LR_CHOICES, s.learningRate);
  const keys = entry(catalog.optimizers, s.optimizer)?.hyperparameters ?? [];
  const hyper = keys.filter((k) => HYPERPARAMETER_LABEL[k]).map((name) => withHelp(numberInput(msg(HYPERPARAMETER_LABEL[name]),
    hyperparameter(catalog, s, name), (v) => ctx.update({ [name]: v }), { step: 'any', min: 0, max: name === 'weightDecay' ? 1 : 0.99999 }), name));
  const pace = (n) => [String(n), msg('training.pace', { count: n })];
  return h('div', { class: 'panel-body grid2' },
    withHelp(select(msg('training.optimizer'), catalog.optimizers.map((o) => o.name), s.optimizer, (v) => ctx.update({ optimizer: v })), 'optimizer'),
    withHelp(select(msg('training.learningRate'), lrOptions.map(String), String(s.learningRate), (v) => ctx.update({ learningRate: Number(v) })), 'learningRate'),
    hyper,
    withHelp(numberInput(msg('training.batchSize'), s.batchSize, (v) => ctx.update({ batchSize: v }), { min: 1, max: 4096, step: 1 }), 'batchSize'),
    withHelp(numberInput(msg('training.epochs'), s.epochs, (v) => ctx.update({ epochs: v }), { min: 1, max: 100000, step: 1 }), 'epochs'),
    withHelp(select(msg('training.regularization'), [['none', msg('training.none')], ['l1', 'L1'], ['l2', 'L2']], s.regularization, (v) => ctx.update({ regularization: v })), 'regularization'),
    withHelp(select(msg('training.regularizationRate'), withValue([0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1], s.regularizationRate).map(String), String(s.regularizationRate),
      (v) => ctx.update({ regularizationRate: Number(v) }), { disabled: s.regularization === 'none' }), 'regularizationRate'),
    withHelp(checkbox(msg('training.earlyStopping'), s.earlyStopping, (v) => ctx.update({ earlyStopping: v })), 'earlyStopping'),
    withHelp(numberInput(msg('training.patience'), s.patience, (v) => ctx.update({ patience: v }), { min: 1, max: 1000, step: 1, disabled: !s.earlyStopping }), 'patience'),
    withHelp(numberInput(msg('training.seed'), s.seed, (v) => ctx.update({ seed: v }), { min: 0, max: 2 ** 31, step: 1 }), 'seed'),
    withHelp(select(msg('training.speed'), [pace(10), pace(50), pace(200), ['0', msg('training.fastest')]],
      String(s.pace), (v) => ctx.update({ pace: Number(v) })), 'pace'));
}
