// Taking the model elsewhere: "Download as a web page" gives one HTML file that predicts
// offline — opened from file:// with the network cut, it must give the playground's own
// predictions for a typed row and for a dropped CSV — and every export carries a model card
// (engine, data SHA-256, settings, seed, epochs, test figures, compression) that importing
// shows; two exports of one run are identical byte for byte.
import { createHash } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, WWW, assert, newPage, noProblems, screenshot } from './harness.mjs';
import { open } from './page.mjs';
import { axe } from './a11y.mjs';

/** Clicks the button named `name` and returns the downloaded file's bytes and name. */
async function downloaded(page, pg, name) {
  const [d] = await Promise.all([page.waitForEvent('download'), pg.part('button', { hasText: name }).click()]);
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
}

/** The JSON object that starts with `start` in `text` (its braces balanced; no braces in its strings). */
function jsonAt(text, start) {
  const from = text.indexOf(start);
  let depth = 0;
  for (let i = from; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}' && --depth === 0) return JSON.parse(text.slice(from, i + 1));
  }
  return null;
}

export const deployTests = [
  ['"Download as a web page": one file that predicts offline from file:// as the playground does, with its model card', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=iris&epochs=60&seed=4');
    await pg.play();
    await pg.trained();
    const first = await downloaded(page, pg, 'Download as a web page');
    const second = await downloaded(page, pg, 'Download as a web page');
    assert(first.name === 'nnplay-iris.html', `file name: ${first.name}`);
    assert(first.bytes.equals(second.bytes), 'two downloads of one run are identical byte for byte');
    console.log(`    web page: ${(first.bytes.length / 1e6).toFixed(2)} MB`);
    await mkdir(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, first.name);
    await writeFile(file, first.bytes);
    // The playground's answers for the first rows of the file, through its stored preprocessing.
    const csv = await readFile(join(WWW, 'datasets/iris.csv'), 'utf8');
    const rows = csv.trim().split('\n').slice(1).map((l) => l.split(','));
    const want = await pg.el.evaluate((el, r) => el.controller.call('predictRows', { rows: r }).then((p) => Array.from(p)), rows.slice(0, 5));
    const names = await pg.el.evaluate((el) => el.controller.info.labelNames);
    const argmax = (v) => v.reduce((b, x, i) => (x > v[b] ? i : b), 0);

    // Offline, from the file itself.
    const standalone = await newPage(ctx.browser, { width: 1400, height: 1000 });
    await standalone.context().setOffline(true);
    await standalone.goto(pathToFileURL(file).href);
    await standalone.locator('form button').waitFor();
    const card = await standalone.locator('[data-model-card]').textContent();
    const sha = createHash('sha256').update(await readFile(join(WWW, 'datasets/iris.csv'))).digest('hex');
    assert(card.includes(sha) && /Seed4/.test(card) && /150 rows/.test(card), `the card names the data by its SHA-256 (${sha}) and the seed: ${card}`);
    // A typed row: the first one of the file.
    const inputs = standalone.locator('form .field input, form .field select');
    assert(await inputs.count() === 4, `a field per feature column: ${await inputs.count()}`);
    for (let j = 0; j < 4; j += 1) await inputs.nth(j).fill(rows[0][j]);
    await standalone.locator('form button').click();
    const bars = await standalone.locator('.answer .bars .value').allTextContents();
    const shown = bars.map((t) => Number.parseFloat(t) / 100);
    const expected = want.slice(0, 3);
    assert(shown.length === 3 && shown.every((v, k) => Math.abs(v - expected[k]) <= 0.0005),
      `the page's probabilities ${shown} are the playground's ${expected}`);
    assert(await standalone.locator('[data-prediction]').textContent() === names[argmax(expected)], 'the predicted class');
    // A bad cell gets the engine's message naming the column.
    await inputs.nth(1).fill('wide');
    await standalone.locator('form button').click();
    const error = await standalone.locator('.answer .error').textContent();
    assert(/sepal_width|wide/.test(error), `a bad value is named: ${error}`);
    // The whole file, as a person would choose it.
    await standalone.locator('input[type=file]').setInputFiles(join(WWW, 'datasets/iris.csv'));
    await standalone.locator('[data-file-predictions]').waitFor();
    const predicted = await standalone.locator('[data-file-predictions] tbody tr td:nth-child(2)').allTextContents();
    assert(predicted.length === 150, `every row predicted: ${predicted.length}`);
    for (let i = 0; i < 5; i += 1) {
      assert(predicted[i] === names[argmax(want.slice(3 * i, 3 * i + 3))], `row ${i + 2}: ${predicted[i]}`);
    }
    await axe(standalone, 'the standalone predictor');
    await screenshot(standalone, 'standalone-1400');
    await standalone.setViewportSize({ width: 390, height: 900 });
    await screenshot(standalone, 'standalone-390');
    const wide = await standalone.evaluate(() => document.documentElement.scrollWidth <= 391);
    assert(wide, 'the page fits a phone');
    noProblems(standalone);
    noProblems(page);
  }],

  ['every export carries the model card; importing shows it; the same run exports the same bytes', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=circle&epochs=30&seed=6');
    await pg.play();
    await pg.trained();
    const a = await downloaded(page, pg, 'Export model');
    const b = await downloaded(page, pg, 'Export model');
    assert(a.bytes.equals(b.bytes), 'two model exports of one run are identical byte for byte');
    const card = JSON.parse(a.bytes.toString('utf8')).card;
    // The 2-D set's data is its CSV (Download data); its SHA-256 names it.
    const data = await downloaded(page, pg, 'Download data');
    const sha = createHash('sha256').update(data.bytes).digest('hex');
    const accuracy = await pg.metric('Accuracy');
    assert(card.data.sha256 === sha && card.seed === 6 && card.epochs === 30, `card: ${JSON.stringify(card)}`);
    assert(Math.abs(card.metrics.accuracy - accuracy) < 5e-4 && card.compression.pruned === 0, `figures: ${JSON.stringify(card.metrics)} vs ${accuracy}`);
    assert(card.settings.dataset === 'circle' && card.settings.seed === 6, 'the settings of the run');
    assert(/Exported/.test(await pg.part('[data-model-card] summary').textContent()), 'the export shows its card');
    const onnx = await downloaded(page, pg, 'Export ONNX');
    const onnxAgain = await downloaded(page, pg, 'Export ONNX');
    assert(onnx.bytes.equals(onnxAgain.bytes), 'two ONNX exports of one run are identical');
    const inOnnx = jsonAt(onnx.bytes.toString('latin1'), '{"nnplay"');
    assert(JSON.stringify(inOnnx) === JSON.stringify(card), `the ONNX metadata holds the same card: ${JSON.stringify(inOnnx)}`);
    // A new model forgets the card; importing the file shows the card it carries.
    await pg.part('button', { hasText: 'Reset' }).click();
    await pg.settled();
    assert(await pg.part('[data-model-card]').count() === 0, 'a new model has no card shown');
    const file = join(ARTIFACTS, 'nnplay-circle-card.json');
    await writeFile(file, a.bytes);
    await pg.part('input[type=file][accept*=json]').setInputFiles(file);
    await pg.part('[data-model-card]').waitFor({ state: 'attached' });
    const summary = await pg.part('[data-model-card] summary').textContent();
    assert(/Imported model: .*test accuracy/.test(summary), `import shows the card: ${summary}`);
    await pg.part('[data-model-card] summary').click();
    const shown = await pg.part('[data-model-card]').textContent();
    assert(shown.includes(sha) && shown.includes('Epochs trained30'), `the card's figures: ${shown}`);
    await axe(page, 'a model card shown');
    noProblems(page);
  }],
];

deployTests.push(['a learning curve in the evaluation panel: five sizes, three seeds, mean ± std drawn and tabled', async (ctx) => {
  const { page, pg } = await open(ctx, '#dataset=example&layers=16:relu&epochs=30&seed=1');
  await pg.play();
  await pg.trained();
  await pg.part('button', { hasText: 'Learning curve' }).click();
  await pg.part('[data-learning-curve] table').waitFor({ timeout: 100000 });
  const rows = await pg.part('[data-learning-curve] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  console.log(`    learning curve: ${rows.map((r) => r.join(' ')).join('; ')}`);
  // 700 training rows (1,000 less the 20 % test and 10 % validation parts) at 0.1, 0.325,
  // 0.55, 0.775 and 1, floored as scikit-learn counts: 70, 227, 385, 542, 700.
  assert(rows.map((r) => r[0]).join() === '70,227,385,542,700', `sizes: ${rows.map((r) => r[0])}`);
  const mean = (text) => Number(text.split(' ± ')[0]);
  assert(mean(rows[4][2]) > mean(rows[0][2]), `more rows, better test accuracy: ${rows[0][2]} → ${rows[4][2]}`);
  assert(mean(rows[0][1]) >= mean(rows[0][2]), `few rows: the training score is above the test score: ${rows[0]}`);
  const title = await pg.part('.learning-curve .u-title').textContent();
  assert(title === 'Learning curve: accuracy', `the chart: ${title}`);
  await axe(page, 'a learning curve');
  await pg.part('[data-panel="evaluate"]').screenshot({ path: join(ARTIFACTS, 'learning-curve-1400.png') });
  noProblems(page);
}]);
