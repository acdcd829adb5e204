// Operating a playground's controls as a learner does, to apply a lesson's settings: menus
// chosen by the text of their options, numbers typed, sliders moved with the arrow keys,
// boxes ticked, and the network editor's − / + buttons, "+ Add hidden layer" and "Remove".
// Nothing is set through the element's API; afterwards the element's settings are checked
// against what was asked.
import { assert } from './harness.mjs';
import { settingPairs } from '../../www/learn/lesson-format.js';
import { fromHash } from '../../www/playground/settings.js';

/** A menu's label for each setting shown as a `<select>`. */
const MENUS = {
  dataset: 'Dataset', scaling: 'Scaling', missing: 'Missing values', optimizer: 'Optimizer', learningRate: 'Learning rate',
  regularization: 'Regularization', regularizationRate: 'Regularization rate', pace: 'Speed',
  outputActivation: 'Output activation', loss: 'Loss', embedding: 'Words as', augment: 'Shifted copies of each training image',
};
/** A number field's label for each setting typed in. */
const FIELDS = {
  batchSize: 'Batch size', epochs: 'Epochs limit', patience: 'Patience (epochs)', seed: 'Seed',
  momentum: 'Momentum', beta1: 'β₁', beta2: 'β₂', rho: 'ρ (rho)', weightDecay: 'Weight decay', sequenceLength: 'Words a text keeps',
};
const SLIDERS = { noise: 'Noise', testRatio: 'Test part', valRatio: 'Validation part' };
/** The order a learner must follow: a data set brings its own defaults; a choice enables its fields. */
const ORDER = ['dataset', 'transforms', 'noise', 'testRatio', 'valRatio', 'scaling', 'missing', 'embedding', 'sequenceLength', 'augment',
  'convLayers', 'layers', 'activation', 'outputActivation',
  'loss', 'optimizer', 'momentum', 'beta1', 'beta2', 'rho', 'weightDecay', 'learningRate', 'batchSize', 'regularization',
  'regularizationRate', 'earlyStopping', 'patience', 'epochs', 'seed', 'pace'];
/** Past this many units to add or take away, the learner types the number instead of pressing + or −. */
const MOST_PRESSES = 8;

/**
 * The settings of `text` (a solution, URL-hash syntax), over those of `over` (text or
 * null): `{ patch, activation }` as the element should end up with them.
 */
export function wanted(text, over = null) {
  // The later setting of a key wins (`over` over `text`).
  const pairs = new Map([...settingPairs(text), ...(over ? settingPairs(over) : [])]);
  const activation = pairs.get('activation') ?? null;
  pairs.delete('activation');
  const patch = fromHash(`#${[...pairs].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`, {});
  return { patch, activation, text: [text, over].filter(Boolean).join(' then ') };
}

/** Applies `want` (from `wanted`) through `pg`'s controls and checks the element took it. */
export async function applySettings(pg, want) {
  const keys = Object.keys(want.patch);
  if (want.activation) keys.push('activation');
  keys.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  for (const key of keys) {
    const value = key === 'activation' ? want.activation : want.patch[key];
    await setOne(pg, key, value);
    await pg.settled();
  }
  const now = await pg.el.evaluate((el) => el.settings);
  for (const [key, value] of Object.entries(want.patch)) {
    let expect = value;
    if (key === 'layers' && want.activation) expect = value.map((l) => ({ ...l, activation: want.activation }));
    assert(JSON.stringify(now[key]) === JSON.stringify(expect), `the controls set ${key} to ${JSON.stringify(now[key])}, not ${JSON.stringify(expect)} (${want.text})`);
  }
  if (want.activation) {
    assert(now.layers.every((l) => l.activation === want.activation), `the controls left activations ${now.layers.map((l) => l.activation)} (${want.text})`);
  }
}

async function setOne(pg, key, value) {
  if (key === 'layers') return setLayers(pg, value);
  if (key === 'convLayers') return setConvLayers(pg, value);
  if (key === 'activation') {
    const n = await pg.part('fieldset.layer').count();
    for (let i = 0; i < n; i += 1) await choose(pg, pg.part('fieldset.layer').nth(i).getByLabel('Activation', { exact: true }), value);
    return undefined;
  }
  if (key === 'outputActivation' || key === 'loss') await openOverride(pg);
  if (MENUS[key]) return choose(pg, pg.el.getByLabel(MENUS[key], { exact: true }), value);
  if (FIELDS[key]) return pg.fill(FIELDS[key], value);
  if (SLIDERS[key]) return slide(pg, pg.el.getByLabel(SLIDERS[key], { exact: true }), value);
  if (key === 'earlyStopping') return tick(pg.el.getByLabel('Early stopping', { exact: true }), value);
  if (key === 'transforms') return setTransforms(pg, value);
  throw new Error(`the test cannot set "${key}" through the controls: add it to tests/e2e/learner.mjs`);
}

/** Chooses the option whose value is `value` by its text, as a learner reads the menu. */
async function choose(pg, select, value) {
  if (await select.isDisabled()) throw new Error(`the menu "${await labelOf(select)}" is disabled (locked by the lesson?): cannot choose ${value}`);
  const { label, chosen } = await select.evaluate((s, v) => {
    const same = (a) => a === String(v) || (a !== '' && String(v) !== '' && Number(a) === Number(v));
    const option = [...s.options].find((o) => same(o.value));
    return { label: option?.textContent ?? null, chosen: option?.selected ?? false };
  }, value);
  if (chosen) return;
  if (label === null) throw new Error(`the menu "${await labelOf(select)}" offers no ${value}`);
  await select.selectOption({ label });
}

async function labelOf(control) {
  return control.evaluate((c) => c.labels?.[0]?.textContent ?? c.getAttribute('aria-label') ?? c.tagName);
}

/**
 * Moves a slider with the arrow keys to `value`, one step at a time; each step is a change
 * the page applies (the panel may be drawn again), so the learner waits for it.
 */
async function slide(pg, input, value) {
  if (await input.isDisabled()) throw new Error(`the slider "${await labelOf(input)}" is disabled: cannot set ${value}`);
  const { current, step } = await input.evaluate((i) => ({ current: Number(i.value), step: Number(i.step) || 1 }));
  const presses = Math.round((value - current) / step);
  for (let k = 0; k < Math.abs(presses); k += 1) {
    await input.press(presses > 0 ? 'ArrowRight' : 'ArrowLeft');
    await pg.settled();
  }
}

async function tick(box, on) {
  if (on) await box.check();
  else await box.uncheck();
}

async function openOverride(pg) {
  const details = pg.part('details', { has: pg.page.locator('summary', { hasText: 'Override output layer and loss' }) });
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
}

/** The input features: each transform's box, by its label in the engine's catalog. */
async function setTransforms(pg, names) {
  const catalog = await pg.el.evaluate((el) => el.controller.catalog.transforms);
  for (const t of catalog) {
    const box = pg.part('fieldset.transforms').getByLabel(t.label, { exact: true });
    if (names.includes(t.name)) await tick(box, true);
  }
  for (const t of catalog) {
    const box = pg.part('fieldset.transforms').getByLabel(t.label, { exact: true });
    if (!names.includes(t.name)) await tick(box, false);
    await pg.settled();
  }
}

/**
 * The convolution editor to `layers`: every layer removed, then each added with
 * "+ Convolution" or "+ Pooling" and its menus chosen.
 */
async function setConvLayers(pg, layers) {
  const rows = () => pg.part('fieldset.conv-layer');
  for (let n = await rows().count(); n > 0; n -= 1) {
    await pg.el.getByRole('button', { name: `Remove convolution layer ${n}`, exact: true }).click();
    await pg.settled();
  }
  for (const [i, layer] of layers.entries()) {
    await pg.el.getByRole('button', { name: layer.type === 'conv' ? '+ Convolution' : '+ Pooling', exact: true }).click();
    await pg.settled();
    const row = () => rows().nth(i);
    if (layer.type === 'conv') {
      await choose(pg, row().getByLabel('Filters', { exact: true }), layer.filters);
      await pg.settled();
      await choose(pg, row().getByLabel('Kernel', { exact: true }), layer.kernel);
      await pg.settled();
      await choose(pg, row().getByLabel('Activation', { exact: true }), layer.activation);
    } else {
      await choose(pg, row().getByLabel('Pooling', { exact: true }), layer.type);
      await pg.settled();
      await choose(pg, row().getByLabel('Window', { exact: true }), layer.size);
    }
    await pg.settled();
  }
}

/** The network editor to `layers`: Remove and "+ Add hidden layer", then − / + (or typing) per layer. */
async function setLayers(pg, layers) {
  const rows = () => pg.part('fieldset.layer');
  let n = await rows().count();
  while (n > layers.length) {
    await pg.el.getByRole('button', { name: `Remove hidden layer ${n}`, exact: true }).click();
    await pg.settled();
    n -= 1;
  }
  while (n < layers.length) {
    await pg.part('button', { hasText: 'Add hidden layer' }).click();
    await pg.settled();
    n += 1;
  }
  for (const [i, layer] of layers.entries()) {
    const row = () => rows().nth(i);
    let units = Number(await row().locator('input.units').inputValue());
    if (Math.abs(layer.units - units) > MOST_PRESSES) {
      const input = row().locator('input.units');
      await input.fill(String(layer.units));
      await input.press('Tab');
      await pg.settled();
      units = layer.units;
    }
    while (units !== layer.units) {
      const more = layer.units > units;
      await pg.el.getByRole('button', { name: `${more ? 'One more unit in' : 'One unit fewer in'} hidden layer ${i + 1}`, exact: true }).click();
      await pg.settled();
      units += more ? 1 : -1;
    }
    await choose(pg, row().getByLabel('Activation', { exact: true }), layer.activation);
    await pg.settled();
    await choose(pg, row().getByLabel('Dropout', { exact: true }), layer.dropout || 0);
    await pg.settled();
  }
}
