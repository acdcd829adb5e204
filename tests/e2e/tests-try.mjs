// The model's predictions for what the learner makes: a digit drawn on the pad (a bar per
// class), and a row or sentence typed into "Try your own row" — checked against the
// element's `predict()` and the engine's own `predictRows` on the exported model.
import { assert, noProblems, screenshot } from './harness.mjs';
import { open } from './page.mjs';
import { axe, smallTargets } from './a11y.mjs';

/** No axe violation and no tap target under 24 × 24 px in this state of the page. */
async function accessible(page, pg, label) {
  await axe(page, label);
  const small = await smallTargets(pg.el);
  assert(small.length === 0, `${label}: controls under 24 × 24 px: ${small.join(', ')}`);
}

/** The bars of a `.class-bars` list under `scope`: `[{ name, percent, best }]` as shown. */
async function bars(pg, scope) {
  return pg.part(`${scope} .class-bars li`).evaluateAll((items) => items.map((li) => ({
    name: li.querySelector('.name').textContent.replace(/: $/, ''),
    text: li.textContent,
    percent: li.querySelector('.value').textContent,
    best: li.classList.contains('best'),
    width: li.querySelector('.fill').getBoundingClientRect().width / li.querySelector('.track').getBoundingClientRect().width,
  })));
}

/** `12.3 %` of a probability, as the page writes it. */
const asPercent = (p) => `${(100 * p).toFixed(1)} %`;
const argmax = (v) => v.reduce((b, x, i) => (x > v[b] ? i : b), 0);

/** A stroke on the pad through `points` (fractions of its size). */
async function stroke(page, pad, points) {
  const box = await pad.boundingBox();
  const at = ([x, y]) => [box.x + box.width * x, box.y + box.height * y];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 3 });
  await page.mouse.up();
}

/** Waits until the pad's bars show the prediction of what is drawn now; returns it. */
async function padPrediction(pg) {
  const handle = await pg.el.elementHandle();
  // The bars follow the drawing within a frame or two; then nothing is pending.
  await pg.page.waitForFunction((el) => {
    const d = el.view.watch.digits;
    return d.pixels && !d.pending && el.shadowRoot.querySelector('.draw .class-bars li.best');
  }, handle);
  await pg.page.waitForTimeout(100);
  const pixels = await pg.el.evaluate((el) => Array.from(el.view.watch.digits.pixels));
  return { pixels, bars: await bars(pg, '.draw'), answer: await pg.part('.prediction').textContent() };
}

/** The pad's bars `r` (from padPrediction) against the element's predict() for its pixels. */
async function checkPad(pg, what, r) {
  const p = await pg.predict([r.pixels]);
  const best = r.bars.filter((b) => b.best);
  assert(r.bars.length === 10 && r.bars.map((b) => b.name).join('') === '0123456789', `${what}: a bar per class 0–9: ${r.bars.map((b) => b.name)}`);
  const sum = r.bars.reduce((s, b) => s + Number.parseFloat(b.percent), 0);
  assert(Math.abs(sum - 100) < 0.6, `${what}: the percentages sum to ~100: ${sum}`);
  r.bars.forEach((b, k) => {
    assert(b.percent === asPercent(p[k]), `${what}: class ${k} shows ${b.percent}, predict() gives ${p[k]}`);
    assert(Math.abs(b.width - p[k]) < 0.02, `${what}: class ${k}'s bar is ${b.width} of its track for ${p[k]}`);
    assert(/^\d: \d+\.\d %( \(predicted\))?$/.test(b.text), `${what}: the item reads as text: "${b.text}"`);
  });
  assert(best.length === 1 && best[0].name === String(argmax(p)) && r.answer === best[0].name,
    `${what}: the highlighted bar (${best.map((b) => b.name)}) is the answer (${r.answer}) and predict()'s argmax (${argmax(p)})`);
}

/** The try box's state: the predicted class or value, its bars, its error (or null). */
async function tryResult(pg) {
  const box = pg.part('.try');
  const error = box.locator('.error');
  return {
    predicted: await box.locator('[data-try]').textContent().catch(() => null),
    answer: await box.locator('.try-answer').textContent(),
    error: await error.isVisible() ? await error.textContent() : null,
    bars: await bars(pg, '.try'),
  };
}

/** Presses Predict and waits for the answer (or the error) to change; returns the box's state. */
async function predict(pg) {
  // Each prediction replaces the answer's nodes or the error's text: watch for either.
  await pg.part('.try').evaluate((t) => {
    t.changed = new Promise((resolve) => {
      const o = new MutationObserver(() => {
        o.disconnect();
        resolve();
      });
      o.observe(t, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['hidden'] });
    });
  });
  await pg.part('.try button[type=submit]').click();
  await pg.part('.try').evaluate((t) => t.changed);
  return tryResult(pg);
}

/** The engine's own outputs for raw `rows`, from the element's exported model (in the page, not the worker). */
async function engineRows(pg, rows) {
  return pg.el.evaluate(async (el, r) => {
    const { Model } = await (await import('/engine/load.js')).loadEngine();
    const model = Model.fromJSON(await el.exportModel());
    try {
      return Array.from(model.predictRows(r));
    } finally {
      model.free();
    }
  }, rows);
}

/** Per-class probabilities of one row of outputs (one sigmoid output is the second class's). */
const probabilities = (o) => (o.length === 1 ? [1 - o[0], o[0]] : o);

/** A small fruit file: a number, a categorical column, the class. */
export function fruitCsv() {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const lines = ['weight,colour,fruit'];
  const colours = ['red', 'yellow', 'green'];
  for (let i = 0; i < 240; i += 1) {
    const colour = colours[Math.floor(3 * random())];
    const weight = Math.round(5 + 245 * random());
    const fruit = colour === 'yellow' ? 'banana' : weight < 60 ? (colour === 'red' ? 'cherry' : 'grape') : 'apple';
    lines.push(`${weight},${colour},${fruit}`);
  }
  return `${lines.join('\n')}\n`;
}

export const tryTests = [
  ['try: the digits pad shows a bar per class, summing to 100 %, the highlighted one the argmax of predict(), after training too', async (ctx) => {
    // The set's own defaults (128 relu units, adam, early stopping).
    const { page, pg } = await open(ctx, '#dataset=digits&pace=0');
    const pad = pg.part('.draw canvas');
    const empty = await bars(pg, '.draw');
    assert(empty.length === 10 && empty.every((b) => b.percent === '–' && !b.best), `before drawing: 10 empty bars: ${JSON.stringify(empty)}`);
    // A "1" drawn on the untrained model…
    await stroke(page, pad, [[0.5, 0.15], [0.5, 0.5], [0.5, 0.85]]);
    const untrained = await padPrediction(pg);
    await checkPad(pg, 'untrained', untrained);
    const done = await pg.play().then(() => pg.trained(90000));
    // …is predicted again by the trained one, without a new stroke.
    await page.waitForFunction(async (el) => {
      const d = el.view.watch.digits;
      const p = await el.predict(new Float32Array(d.pixels));
      const li = el.shadowRoot.querySelectorAll('.draw .class-bars li')[0];
      return li.querySelector('.value').textContent === `${(100 * p[0]).toFixed(1)} %`;
    }, await pg.el.elementHandle(), { polling: 200, timeout: 10000 });
    const one = await padPrediction(pg);
    await checkPad(pg, 'trained', one);
    assert(JSON.stringify(one.bars) !== JSON.stringify(untrained.bars), 'training changed the bars');
    assert(one.answer === '1', `the drawn 1 is predicted as 1 by the trained model: ${one.answer} (${JSON.stringify(one.bars.map((b) => b.percent))})`);
    // After training: a "0" drawn anew.
    await pg.part('.draw button', { hasText: 'Clear' }).click();
    assert((await bars(pg, '.draw')).every((b) => b.percent === '–'), 'Clear empties the bars');
    const ring = Array.from({ length: 17 }, (_, i) => [0.5 + 0.22 * Math.sin((2 * Math.PI * i) / 16), 0.5 - 0.33 * Math.cos((2 * Math.PI * i) / 16)]);
    await stroke(page, pad, ring);
    const zero = await padPrediction(pg);
    const p0 = await pg.predict([zero.pixels]);
    assert(zero.bars.find((b) => b.best).name === String(argmax(p0)) && zero.bars.every((b, k) => b.percent === asPercent(p0[k])),
      `the drawn 0's bars are predict()'s: ${JSON.stringify(zero.bars.map((b) => b.percent))} vs ${p0}`);
    console.log(`     digits: test accuracy ${done.metrics.accuracy.toFixed(3)} after ${done.epoch} epochs; drawn 1 → ${one.answer} (${one.bars.find((b) => b.best).percent}), drawn 0 → ${zero.answer} (${zero.bars.find((b) => b.best).percent})`);
    await accessible(page, pg, 'digits, the pad drawn on with its bars');
    await screenshot(page, 'try-digits-1400');
    await page.setViewportSize({ width: 390, height: 900 });
    await pg.part('.draw').scrollIntoViewIfNeeded();
    await screenshot(page, 'try-digits-390');
    noProblems(page);
    await page.context().close();
  }],

  ['try: a typed sentence is predicted through the stored preprocessing, the same as the engine\'s predictRows', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=text&pace=0');
    const box = pg.part('.try');
    assert(await box.locator('h3').textContent() === 'Try your own sentence', 'the sentence set has a sentence box');
    // Example sentences from the test part, one of each class.
    const examples = box.locator('.try-examples button');
    assert(await examples.count() === 2, `two example sentences: ${await examples.count()}`);
    const done = await pg.play().then(() => pg.trained(90000));
    const field = box.getByLabel('Your sentence', { exact: true });
    const shown = {};
    for (const [sentence, want] of [
      ['The staff were wonderful, friendly and helpful, and the food was excellent.', 'positive'],
      ['The room was dirty, the staff were rude and the food was awful.', 'negative'],
    ]) {
      await field.fill(sentence);
      const r = await predict(pg);
      const engine = probabilities(await engineRows(pg, [[sentence]]));
      assert(r.error === null, `no error: ${r.error}`);
      assert(r.bars.map((b) => b.name).join(',') === 'negative,positive', `a bar per class: ${r.bars.map((b) => b.name)}`);
      r.bars.forEach((b, k) => assert(b.percent === asPercent(engine[k]), `${b.name}: shows ${b.percent}, the engine gives ${engine[k]}`));
      assert(r.predicted === ['negative', 'positive'][argmax(engine)] && r.bars.find((b) => b.best).name === r.predicted,
        `the prediction (${r.predicted}) is the engine's argmax (${engine})`);
      assert(r.predicted === want, `"${sentence}" is ${want}: ${r.answer}`);
      assert(r.answer.includes(asPercent(engine[argmax(engine)])), `the answer says the probability: ${r.answer}`);
      shown[want] = r.answer;
    }
    // Typing alone predicts, after a pause (no button pressed).
    const typed = 'What a lovely, beautiful and friendly place.';
    await field.fill(typed);
    const live = probabilities(await engineRows(pg, [[typed]]));
    await page.waitForFunction((want) => {
      const root = document.querySelector('nn-playground').shadowRoot;
      return [...root.querySelectorAll('.try .class-bars .value')].map((v) => v.textContent).join('|') === want;
    }, live.map(asPercent).join('|'), { timeout: 5000 });
    // An example button fills the field and predicts.
    await examples.first().click();
    await page.waitForFunction((el) => el.shadowRoot.querySelector('.try textarea').value.length > 10, await pg.el.elementHandle());
    const example = await field.inputValue();
    await page.waitForTimeout(300);
    const r = await tryResult(pg);
    const engine = probabilities(await engineRows(pg, [[example]]));
    assert(r.bars.every((b, k) => b.percent === asPercent(engine[k])), `the example's bars are the engine's: ${JSON.stringify(r.bars)} vs ${engine}`);
    console.log(`     sentences: test accuracy ${done.metrics.accuracy.toFixed(3)}; ${shown.positive} / ${shown.negative}; example "${example}" → ${r.answer}`);
    await accessible(page, pg, 'sentences, the try box showing a prediction');
    await screenshot(page, 'try-text-1400');
    noProblems(page);
    await page.context().close();
  }],

  ['try: iris — a setosa row typed in is predicted setosa; a bad value shows the engine\'s error, a good one predicts again', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=iris&pace=0');
    const box = pg.part('.try');
    assert(await box.locator('h3').textContent() === 'Try your own row', 'a row box for a table');
    // Filled in with the first test row at once: Predict works before anything is typed.
    const names = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];
    const first = await pg.el.evaluate((el) => el.info.tryRow.examples[0].cells);
    for (const [i, n] of names.entries()) assert(await box.getByLabel(n, { exact: true }).inputValue() === first[i], `${n} starts at the first test row's ${first[i]}`);
    const done = await pg.play().then(() => pg.trained(60000));
    // Row 2 of iris.csv, a setosa: 5.1, 3.5, 1.4, 0.2.
    for (const [n, v] of [['sepal length (cm)', '5.1'], ['sepal width (cm)', '3.5'], ['petal length (cm)', '1.4'], ['petal width (cm)', '0.2']]) {
      await box.getByLabel(n, { exact: true }).fill(v);
    }
    const setosa = await predict(pg);
    const engine = await engineRows(pg, [['5.1', '3.5', '1.4', '0.2']]);
    assert(setosa.predicted === 'setosa' && setosa.error === null, `a setosa row is predicted setosa: ${setosa.answer}`);
    assert(setosa.bars.map((b) => b.name).join(',') === 'setosa,versicolor,virginica', `a bar per class: ${setosa.bars.map((b) => b.name)}`);
    assert(setosa.bars.every((b, k) => b.percent === asPercent(engine[k])), `the bars are the engine's: ${JSON.stringify(setosa.bars.map((b) => b.percent))} vs ${engine}`);
    // Not a number: the engine's message beside the form; the page goes on.
    await box.getByLabel('petal length (cm)', { exact: true }).fill('long');
    const bad = await predict(pg);
    assert(bad.error && /petal length/.test(bad.error) && /long/.test(bad.error), `the engine's error names the column and the value: ${bad.error}`);
    assert(!(await box.locator('.try-result').isVisible()), 'no stale prediction beside the error');
    await accessible(page, pg, 'iris, the try box showing an error');
    await screenshot(page, 'try-iris-error-1400');
    // A virginica row (row 101: 6.3, 3.3, 6.0, 2.5) after the error.
    for (const [n, v] of [['sepal length (cm)', '6.3'], ['sepal width (cm)', '3.3'], ['petal length (cm)', '6.0'], ['petal width (cm)', '2.5']]) {
      await box.getByLabel(n, { exact: true }).fill(v);
    }
    const virginica = await predict(pg);
    assert(virginica.error === null && virginica.predicted === 'virginica', `a good row predicts again: ${virginica.answer} (error ${virginica.error})`);
    // The example buttons: a test row of each class.
    const labels = await box.locator('.try-examples button').allTextContents();
    assert(labels.join(',') === 'setosa,virginica,versicolor' || labels.length === 3, `a test row per class: ${labels}`);
    console.log(`     iris: test accuracy ${done.metrics.accuracy.toFixed(3)}; setosa row → ${setosa.answer}; "long" → ${bad.error}; virginica row → ${virginica.answer}`);
    await screenshot(page, 'try-iris-1400');
    noProblems(page);
    await page.context().close();
  }],

  ['try: an uploaded CSV with a categorical column — a select of its categories, predictions through its preprocessing (390 px)', async (ctx) => {
    const { page, pg } = await open(ctx, '#epochs=150&pace=0&layers=16:relu&learningRate=0.01', { width: 390, height: 900 });
    await pg.part('input[type=file][accept^=".csv"]').setInputFiles({ name: 'fruit.csv', mimeType: 'text/csv', buffer: Buffer.from(fruitCsv()) });
    await page.waitForFunction((el) => el.settings.dataset === 'csv' && /Loaded/.test(el.shadowRoot.querySelector('.status').textContent), await pg.el.elementHandle());
    const box = pg.part('.try');
    const colour = box.getByLabel('colour', { exact: true });
    const options = await colour.locator('option').allTextContents();
    assert(options.join(',') === 'green,red,yellow', `the colour select offers the file's categories: ${options}`);
    const done = await pg.play().then(() => pg.trained(60000));
    const cases = [['120', 'yellow', 'banana'], ['30', 'red', 'cherry'], ['30', 'green', 'grape'], ['200', 'red', 'apple']];
    const seen = [];
    for (const [weight, c, want] of cases) {
      await box.getByLabel('weight', { exact: true }).fill(weight);
      await colour.selectOption(c);
      const r = await predict(pg);
      const engine = await engineRows(pg, [[weight, c]]);
      assert(r.error === null && r.predicted === want, `${weight} g, ${c}: ${want} expected, shown ${r.answer} (error ${r.error})`);
      assert(r.bars.every((b, k) => b.percent === asPercent(engine[k])), `${c}: the bars are the engine's: ${JSON.stringify(r.bars.map((b) => b.percent))} vs ${engine}`);
      seen.push(`${weight} g ${c} → ${r.answer}`);
    }
    await box.getByLabel('weight', { exact: true }).fill('heavy');
    const bad = await predict(pg);
    assert(bad.error && /weight/.test(bad.error) && /heavy/.test(bad.error), `a non-number weight: the engine's error: ${bad.error}`);
    await box.getByLabel('weight', { exact: true }).fill('100');
    await colour.selectOption('yellow');
    const again = await predict(pg);
    assert(again.error === null && again.predicted === 'banana', `the page keeps working after the error: ${again.answer}`);
    console.log(`     fruit.csv: test accuracy ${done.metrics.accuracy.toFixed(3)}; ${seen.join('; ')}; "heavy" → ${bad.error}`);
    await box.scrollIntoViewIfNeeded();
    await accessible(page, pg, 'an uploaded CSV at 390 px, the try box showing a prediction');
    await screenshot(page, 'try-csv-390');
    noProblems(page);
    await page.context().close();
  }],
];
