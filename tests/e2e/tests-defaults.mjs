// Tests of each built-in set's own defaults (the settings the engine's catalog suggests for
// it) and of the output view's first two features, as a person sees them on the page.
import { assert, newPage, noProblems, screenshot } from './harness.mjs';
import { Playground } from './page.mjs';

async function open({ browser, url }, hash = '') {
  const page = await newPage(browser);
  await page.goto(`${url}/${hash}`);
  const pg = new Playground(page);
  await pg.ready();
  return { page, pg };
}

/** A page holding one element with these attributes (and no saved session, no hash). */
async function element({ browser, url }, attributes) {
  const page = await newPage(browser);
  await page.goto(`${url}/examples/blank.html`);
  await page.evaluate(async (attrs) => {
    const el = document.createElement('nn-playground');
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.body.append(el);
    await import('/playground/nn-playground.js');
  }, attributes);
  const pg = new Playground(page);
  await pg.ready();
  return { page, pg };
}

const settingsOf = (pg) => pg.el.evaluate((el) => JSON.parse(JSON.stringify(el.settings)));

export const defaultsTests = [
  ['set defaults: picking Digits applies its suggested settings, says so, and reaches ≥ 95 % test accuracy', async (ctx) => {
    const { page, pg } = await open(ctx);
    await pg.choose('Dataset', 'digits');
    const status = await pg.status();
    // The values come from the engine's catalog (src/suggested.rs), not from this test.
    const suggested = await pg.el.evaluate((el) => el.controller.catalog.datasets.find((d) => d.name === 'digits').settings);
    const s = await settingsOf(pg);
    for (const key of ['layers', 'optimizer', 'learningRate', 'epochs', 'batchSize', 'valRatio', 'testRatio', 'earlyStopping', 'patience']) {
      assert(JSON.stringify(s[key]) === JSON.stringify(suggested[key]), `${key}: ${JSON.stringify(s[key])}, suggested ${JSON.stringify(suggested[key])}`);
    }
    assert(/^Digits.*: its suggested settings applied \(layers 128:relu, adam 0\.003, 100 epochs, .*early stopping/.test(status), `the status says what changed: ${status}`);
    // The training panel shows them.
    assert(await pg.el.getByLabel('Epochs limit', { exact: true }).inputValue() === '100', 'the epochs field shows 100');
    const started = Date.now();
    await pg.play();
    const done = await pg.trained();
    const seconds = (Date.now() - started) / 1000;
    const accuracy = done.metrics.accuracy;
    // Reached: 0.967 (347 of 359), as natively (tests/suggested_settings.rs).
    assert(accuracy >= 0.95, `test accuracy ${accuracy} should be ≥ 0.95 (${done.epoch} epochs, ${seconds.toFixed(1)} s)`);
    assert(/Early stopping after/.test(await pg.status()), await pg.status());
    console.log(`    digits: test accuracy ${accuracy.toFixed(3)} after ${done.epoch} epochs, ${seconds.toFixed(1)} s`);
    await screenshot(page, 'defaults-digits');
    // Back to a 2-D set: the page's own defaults return, and the status says so too.
    await pg.choose('Dataset', 'circle');
    const back = await pg.status();
    assert(/^Circle: the page's default settings applied \(layers 4:tanh,2:tanh, adam 0\.03, 500 epochs, .*no early stopping/.test(back), back);
    noProblems(page);
    await page.context().close();
  }],

  ['set defaults: the sentence set stops early, its test loss does not climb, test accuracy within 0.3 of train', async (ctx) => {
    const { page, pg } = await open(ctx);
    await pg.choose('Dataset', 'text');
    const status = await pg.status();
    assert(/^Sentences: its suggested settings applied \(layers 16:relu:0\.5, .*early stopping/.test(status), status);
    await pg.play();
    const done = await pg.trained();
    const final = await pg.status();
    assert(done.stopped?.earlyStopped && /Early stopping after \d+ epochs: no improvement since epoch \d+, whose weights are kept/.test(final), `the early-stopping message: ${final}`);
    const history = done.history;
    const testLosses = history.map((h) => h.testLoss);
    const best = Math.min(...testLosses);
    const last = testLosses.at(-1);
    // With the page's global defaults the test loss climbed to 2.4 while train accuracy
    // reached 0.997 and test 0.707. Reached: lowest 0.497, last epoch 0.518.
    assert(last <= best + 0.1, `the test loss stays near its lowest: ${best.toFixed(3)} → ${last.toFixed(3)}`);
    const test = done.metrics.accuracy;
    const train = history.at(-1).accuracy;
    // Reached: test 0.754 with the best weights; train (the last epoch's, with dropout)
    // near 1. Any network learns these 488 training sentences by heart; 0.3 bounds the
    // gap that leaves (0.707 against 0.997 would pass it, but not the two checks above).
    assert(test >= 0.7 && test >= train - 0.3, `test accuracy ${test} against train ${train}`);
    console.log(`    text: test accuracy ${test.toFixed(3)}, train ${train.toFixed(3)}, ${done.epoch} epochs, test loss ${best.toFixed(3)} → ${last.toFixed(3)}`);
    noProblems(page);
    await page.context().close();
  }],

  ['set defaults: Iris\'s output view starts on the petal features and says why', async (ctx) => {
    const { page, pg } = await open(ctx);
    await pg.choose('Dataset', 'iris');
    const horizontal = pg.el.getByLabel('Horizontal feature', { exact: true });
    const vertical = pg.el.getByLabel('Vertical feature', { exact: true });
    const shown = [await horizontal.locator('option:checked').textContent(), await vertical.locator('option:checked').textContent()];
    assert(JSON.stringify(shown) === JSON.stringify(['petal length (cm)', 'petal width (cm)']), `the pickers show ${shown}`);
    const axis = await pg.part('.axis-y').textContent();
    assert(/petal width/.test(axis), `the vertical axis reads ${axis}`);
    const note = await pg.part('[data-note="plot-features"]').textContent();
    assert(/separate the classes best \(F-score/.test(note) && /held at their mean/.test(note), note);
    // The pickers keep working.
    await horizontal.selectOption('0');
    await pg.settled();
    assert(/sepal length/.test(await pg.part('.axis-x').textContent()), 'the horizontal axis follows the picker');
    await screenshot(page, 'defaults-iris-petals');
    noProblems(page);
    await page.context().close();
  }],

  ['set defaults: an attribute or a link wins over the set\'s suggestion', async (ctx) => {
    // No other attribute: digits' own defaults.
    const plain = await element(ctx, { dataset: 'digits' });
    const p = await settingsOf(plain.pg);
    assert(p.layers.map((l) => `${l.units}:${l.activation}`).join(',') === '128:relu' && p.epochs === 100, `digits' defaults: ${JSON.stringify(p)}`);
    assert(/its suggested settings applied/.test(await plain.pg.status()), await plain.pg.status());
    await plain.page.context().close();
    // `layers` given: kept; the rest suggested.
    const given = await element(ctx, { dataset: 'digits', layers: '8:relu' });
    const g = await settingsOf(given.pg);
    assert(JSON.stringify(g.layers) === JSON.stringify([{ units: 8, activation: 'relu', dropout: 0 }]), `the attribute's layers: ${JSON.stringify(g.layers)}`);
    assert(g.epochs === 100 && g.earlyStopping === true, `the others suggested: ${JSON.stringify(g)}`);
    assert(!/layers 128/.test(await given.pg.status()), `the status names only what applied: ${await given.pg.status()}`);
    noProblems(given.page);
    await given.page.context().close();
    // A link's values win the same way.
    const link = await open(ctx, '#dataset=digits&layers=8:relu&epochs=7');
    const l = await settingsOf(link.pg);
    assert(l.layers.length === 1 && l.layers[0].units === 8 && l.epochs === 7, `the link's values: ${JSON.stringify(l)}`);
    assert(l.batchSize === 32 && l.valRatio === 10, `the rest suggested: ${JSON.stringify(l)}`);
    noProblems(link.page);
    await link.page.context().close();
  }],
];
