// Goals on <nn-playground> (www/playground/goals.js): a tutorial sets them as an attribute,
// the element checks them on every report and emits `goal` once each is met — each tick
// checked against the run's own history; constraints on the settings keep a goal unmet
// when the run breaks them; `train(n)` scripts a number of epochs; `locked` disables the
// learner's controls of the settings it names.
import { assert, newPage, noProblems } from './harness.mjs';
import { Playground } from './page.mjs';

/** A blank page holding one playground with these attributes, ready. */
async function withPlayground(ctx, attributes) {
  const page = await newPage(ctx.browser);
  await page.goto(`${ctx.url}/examples/blank.html`);
  await page.evaluate(async (attrs) => {
    await import('/playground/nn-playground.js');
    const el = document.createElement('nn-playground');
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    el.met = [];
    el.errors = [];
    el.addEventListener('goal', (e) => el.met.push(e.detail));
    el.addEventListener('error', (e) => el.errors.push(e.detail.message));
    document.body.append(el);
  }, attributes);
  const pg = new Playground(page);
  await pg.ready();
  return { page, pg };
}

export const goalTests = [
  ['goals tick at the first epoch that meets them, only within their constraints; train(n) runs n epochs', async (ctx) => {
    const { page, pg } = await withPlayground(ctx, {
      dataset: 'circle', seed: '2', layers: '4:tanh,2:tanh', pace: '0',
      goals: 'small: test-loss <= 0.25 with neurons <= 6\nwide: test-loss <= 0.25 with neurons >= 8\nevent trained',
    });
    const first = await pg.el.evaluate(async (el) => {
      await el.train(120);
      return { epoch: el.epoch, limit: el.settings.epochs, history: el.history.map((l) => l.testLoss), met: el.met, status: el.goalStatus };
    });
    assert(first.epoch === 120, `train(120) ends at epoch 120, not ${first.epoch}`);
    assert(first.limit === 500, `train(n) leaves the epoch limit setting alone (${first.limit})`);
    const expected = first.history.findIndex((v) => v <= 0.25) + 1;
    assert(expected > 1, `the run's test loss crosses 0.25 after epoch 1 (history from ${first.history[0]} to ${first.history.at(-1)})`);
    const small = first.met.find((m) => m.id === 'small');
    assert(small, `the small-network goal is met (${JSON.stringify(first.status)})`);
    assert(small.epoch === expected, `met at the first epoch with test loss ≤ 0.25: ${small.epoch} vs ${expected} from the history`);
    assert(Math.abs(small.value - first.history[expected - 1]) < 1e-9 && small.value <= 0.25, `the value is that epoch's test loss (${small.value})`);
    assert(small.settings.layers.length === 2, 'the goal says the settings that met it');
    assert(!first.met.some((m) => m.id === 'wide'), 'a goal whose constraint (neurons ≥ 8) the run breaks stays unmet');
    assert(first.met.some((m) => m.id === 'goal-3' && m.event === 'trained'), 'the event goal is met when the run ends');
    assert(first.met.filter((m) => m.id === 'small').length === 1, 'each goal is reported once');
    // A wider network meets the other goal.
    const second = await pg.el.evaluate(async (el) => {
      await el.update({ layers: [{ units: 8, activation: 'tanh', dropout: 0 }] });
      await el.train(150);
      return { met: el.met, status: el.goalStatus };
    });
    const wide = second.met.find((m) => m.id === 'wide');
    assert(wide && wide.settings.layers[0].units === 8, `with 8 neurons the wide goal is met (${JSON.stringify(second.status)})`);
    assert(second.status.every((s) => s.met), 'every goal is met now and stays met');
    noProblems(page);
  }],
  ['a goal that cannot be read is an error naming it; diverging training raises the diverged event', async (ctx) => {
    const { page, pg } = await withPlayground(ctx, {
      dataset: 'plane', seed: '1', layers: '8:relu,8:relu', optimizer: 'sgd', 'learning-rate': '10', pace: '0',
      goals: 'event diverged\nevent early-stopped',
    });
    const errors = await pg.el.evaluate(async (el) => {
      await el.train(200).catch(() => {});
      return el.errors;
    });
    assert(errors.some((m) => /training diverged/.test(m)), `learning rate 10 diverges (${errors.join(' | ')})`);
    const met = await pg.el.evaluate((el) => el.met.map((m) => m.id));
    assert(met.includes('goal-1') && !met.includes('goal-2'), `the diverged goal is met, early-stopped is not (${met})`);
    await pg.el.evaluate((el) => el.setAttribute('goals', 'test-loss <= low'));
    const after = await pg.el.evaluate((el) => el.errors.at(-1));
    assert(/goal 1 \("test-loss <= low"\): "low" is not a number/.test(after), `a bad goal is named: ${after}`);
    assert(/Error: the goals cannot be read/.test(await pg.status()), 'the status line says so');
    noProblems(page);
  }],
  ['locked settings disable their controls; the others stay usable', async (ctx) => {
    const { page, pg } = await withPlayground(ctx, { dataset: 'circle', locked: 'optimizer,learning-rate,layers' });
    const state = () => pg.el.evaluate((el) => Object.fromEntries([...el.shadowRoot.querySelectorAll('[data-setting]')]
      .map((c) => [`${c.dataset.setting}:${c.tagName}:${c.id || c.getAttribute('aria-label') || c.textContent}`, c.disabled])));
    let controls = await state();
    const locked = Object.entries(controls).filter(([k]) => /^(optimizer|learning-rate|layers):/.test(k));
    assert(locked.length >= 4 && locked.every(([, d]) => d), `the optimizer, learning-rate and network controls are disabled: ${JSON.stringify(locked)}`);
    assert(controls[Object.keys(controls).find((k) => k.startsWith('batch-size:'))] === false, 'batch size stays usable');
    await pg.el.evaluate((el) => el.setAttribute('locked', 'batch-size'));
    await pg.settled();
    controls = await state();
    assert(Object.entries(controls).filter(([k]) => k.startsWith('batch-size:')).every(([, d]) => d), 'a new lock takes effect');
    assert(Object.entries(controls).filter(([k]) => k.startsWith('optimizer:')).every(([, d]) => !d), 'an unlocked setting comes back');
    noProblems(page);
  }],
];
goalTests.push(['annotations: a note beside a neuron and at an epoch of the loss chart, kept across a new model; a bad one is refused', async (ctx) => {
  const { page, pg } = await withPlayground(ctx, { dataset: 'circle', seed: '1', layers: '4:tanh,2:tanh', pace: '0' });
  await pg.el.evaluate((el) => {
    el.annotations = [
      { target: 'neuron', layer: 0, unit: 2, text: 'This neuron finds one edge' },
      { target: 'loss-chart', epoch: 20, text: 'the loss levels off' },
    ];
  });
  await pg.el.evaluate((el) => el.train(40));
  // The charts redraw a frame or so after the run ends, as a person would see.
  const handle = await pg.el.elementHandle();
  const drawn = () => page.waitForFunction((el) => el.shadowRoot.querySelector('.note-mark:not([hidden])'), handle, { timeout: 5000 });
  const read = () => pg.el.evaluate((el) => {
    const note = el.shadowRoot.querySelector('.annotation');
    const neuron = el.shadowRoot.querySelector(`[aria-describedby="${note?.id}"]`);
    const mark = el.shadowRoot.querySelector('.note-mark');
    return { note: note?.textContent, neuron: neuron?.getAttribute('title') ?? neuron?.getAttribute('aria-label'), mark: mark?.textContent, markShown: mark && !mark.hidden, left: mark?.style.left };
  });
  await drawn();
  const first = await read();
  assert(first.note === 'This neuron finds one edge', `the neuron note shows: ${JSON.stringify(first)}`);
  assert(/layer 1 unit 3/.test(first.neuron), `it is described by the third unit of hidden layer 1: ${first.neuron}`);
  assert(first.mark === 'the loss levels off' && first.markShown, `the chart note shows at its epoch: ${JSON.stringify(first)}`);
  await pg.el.evaluate((el) => el.reset());
  await pg.el.evaluate((el) => el.train(30));
  await drawn();
  const again = await read();
  assert(again.note === first.note && again.mark === first.mark, `the notes come back on the new model: ${JSON.stringify(again)}`);
  const refused = await pg.el.evaluate((el) => {
    try {
      el.annotations = [{ target: 'neuron', layer: 0, text: 'no unit' }];
      return null;
    } catch (e) {
      return e.message;
    }
  });
  assert(/annotation 1: unit must be a whole number/.test(refused), `a bad note is refused: ${refused}`);
  noProblems(page);
}]);
