// <nn-race> as a lesson uses it: contestants raced from the same initial weights (their
// epoch-0 losses equal), overlaid curves, the loss surface with every path, the table, the
// goals, the two languages, a bad attribute named, axe and 390 px; and lesson 1's feature
// histogram in the playground's data panel, checked against counts and scaler figures
// computed here from the iris file itself.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WWW, assert, newPage, noProblems, screenshot } from './harness.mjs';
import { axe, smallTargets } from './a11y.mjs';
import { open } from './page.mjs';

const OPTIMIZERS = 'sgd 0.1; momentum 0.1; rmsprop 0.01; adam 0.01';

/** A test page with one race (attributes as given) under a heading, as a lesson has it. */
export const RACE_PAGE = (attrs) => `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Race</title><script type="module" src="/race/nn-race.js"></script>
<style>body{margin:0;padding:8px;font:15px system-ui}</style>
<main><h1>Race</h1><h2>Optimizers</h2><nn-race ${attrs}></nn-race></main></html>`;

async function openRace({ browser, url }, attrs, viewport) {
  const page = await newPage(browser, viewport);
  const body = RACE_PAGE(attrs);
  await page.route('**/race-test.html', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body }));
  await page.goto(`${url}/race-test.html`);
  const el = page.locator('nn-race');
  await page.evaluate(() => customElements.whenDefined('nn-race'));
  await el.evaluate((e) => e.ready);
  await page.waitForFunction((e) => e.info && !e.shadowRoot.querySelector('.surface-picture').hidden, await el.elementHandle(), { timeout: 30000 });
  return { page, el };
}

/** The table's figures: `{ name: { loss, testLoss } }` as shown. */
async function tableFigures(el) {
  return el.locator('tbody tr').evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.dataset.name, {
    loss: r.querySelector('[data-figure=loss]').textContent, testLoss: r.querySelector('[data-figure=test-loss]').textContent,
  }])));
}

/** How many distinct colours the surface canvas holds (a drawn map has many). */
async function surfaceColours(el) {
  return el.evaluate((e) => {
    const c = e.shadowRoot.querySelector('.surface-canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  });
}

export const raceTests = [
  ['race: four optimizers from the same weights, curves, surface with paths, table, goals, languages, axe, keyboard', async (ctx) => {
    const goals = 'fast: adam-loss <= 0.3; all: event finished with contestants >= 4; never: sgd-loss <= 0.000001; won: event adam-won';
    const { page, el } = await openRace(ctx, `dataset="circle" noise="10" seed="2" layers="4:tanh" epochs="30" contestants="${OPTIMIZERS}" goals="${goals}"`);
    // Epoch 0: every contestant measured at the weights they share, by the engine, one by one.
    const start = await el.evaluate((e) => e.figures.map((f) => f.loss));
    assert(start.length === 4 && start.every((v) => v === start[0]) && start[0] > 0.3, `epoch-0 losses equal: ${start}`);
    const shown0 = await tableFigures(el);
    assert(new Set(Object.values(shown0).map((f) => f.loss)).size === 1, `the table shows one epoch-0 loss: ${JSON.stringify(shown0)}`);
    assert(await surfaceColours(el) > 8, 'the surface is drawn at the start');

    const epochs = await el.evaluate((e) => {
      const seen = [];
      e.addEventListener('epoch', (ev) => seen.push(ev.detail.epoch));
      e.epochsSeen = seen;
      return seen.length;
    });
    assert(epochs === 0, 'no epoch before Play');
    const finished = el.evaluate((e) => new Promise((resolve) => e.addEventListener('finished', (ev) => resolve(JSON.parse(JSON.stringify(ev.detail))), { once: true })));
    const met = el.evaluate((e) => {
      const ids = [];
      e.addEventListener('goal', (ev) => ids.push(ev.detail.id));
      e.goalsSeen = ids;
    });
    await met;
    // Keyboard only: Tab to Play, Enter.
    await el.locator('button.play').focus();
    await page.keyboard.press('Enter');
    const t0 = Date.now();
    const result = await finished;
    console.log(`    race of 4 × 30 epochs: ${((Date.now() - t0) / 1000).toFixed(1)} s; final training loss ${result.contestants.map((c) => `${c.name} ${c.loss.toFixed(4)}`).join(', ')}; winner ${result.winner}`);
    assert(result.contestants.length === 4 && result.epoch === 30, `finished detail: ${JSON.stringify(result)}`);
    assert(new Set(result.contestants.map((c) => c.loss)).size === 4, 'four optimizers, four final losses');
    const best = result.contestants.reduce((a, b) => (b.loss < a.loss ? b : a));
    assert(result.winner === best.name, `the winner has the lowest loss: ${result.winner} vs ${best.name}`);
    const seen = await el.evaluate((e) => e.epochsSeen);
    assert(seen.length === 30 && seen[0] === 1 && seen.at(-1) === 30, `an epoch event per epoch: ${seen}`);
    // The curves: one uPlot chart with the four series and epochs 0…30.
    await page.waitForTimeout(100);
    const chart = await el.evaluate((e) => ({ charts: e.shadowRoot.querySelectorAll('.uplot').length, series: e.curves.plot.series.length, points: e.curves.plot.data[0].length, label: e.curves.plot.root.getAttribute('aria-label') }));
    assert(chart.charts === 1 && chart.series === 5 && chart.points === 31, `the curves: ${JSON.stringify(chart)}`);
    assert(/4 contestants/.test(chart.label) && chart.label.includes('adam'), `the chart is described: ${chart.label}`);
    // The table carries the final figures of the event.
    const shown = await tableFigures(el);
    for (const c of result.contestants) {
      assert(Number(shown[c.name].loss) === Number(c.loss.toPrecision(4)), `${c.name}'s loss in the table: ${shown[c.name].loss} vs ${c.loss}`);
    }
    // The surface at the end: every path from the shared start, 31 points each.
    await page.waitForFunction((e) => e.surfaceView.surface?.epoch === 30, await el.elementHandle());
    const surface = await el.evaluate((e) => ({ paths: e.surfaceView.surface.paths.map((p) => p.points), label: e.shadowRoot.querySelector('.surface-picture').getAttribute('aria-label') }));
    assert(surface.paths.length === 4 && surface.paths.every((p) => p.length === 31), 'four paths of 31 points');
    const starts = surface.paths.map((p) => p[0].join());
    assert(new Set(starts).size === 1, `the paths share their start: ${starts}`);
    assert(/adam ends at/.test(surface.label), `the surface is described: ${surface.label}`);
    assert(await surfaceColours(el) > 8, 'the surface is drawn at the end');
    // Goals: met ones tick, the impossible one does not.
    const status = await el.evaluate((e) => e.goalStatus);
    const byId = Object.fromEntries(status.map((g) => [g.id, g]));
    console.log(`    goals: ${status.map((g) => `${g.id} ${g.met ? `met at epoch ${g.epoch}` : 'not met'}`).join(', ')}`);
    assert(byId.all.met && byId.all.epoch === 30, `event finished with contestants >= 4: ${JSON.stringify(byId.all)}`);
    assert(!byId.never.met, 'an impossible loss is not met');
    assert(byId.won.met === (result.winner === 'adam'), `adam-won follows the winner (${result.winner})`);
    const adamBest = Math.min(...(await el.evaluate((e) => e.curves.plot.data[4].slice(1))));
    assert(byId.fast.met === (adamBest <= 0.3), `adam-loss <= 0.3 met iff some epoch reached it (${adamBest})`);
    const ticks = await el.locator('.goals li.met').count();
    assert(ticks === status.filter((g) => g.met).length, 'the ticks shown are the goals met');
    assert((await el.evaluate((e) => e.goalsSeen)).length === ticks, 'a goal event per goal met');

    await axe(page, 'race finished, 1400 px');
    assert((await smallTargets(el)).length === 0, 'no control under 24 px');
    await screenshot(page, 'race-1400');

    // Chinese, without losing the race.
    await el.evaluate((e) => e.setAttribute('lang', 'zh'));
    assert((await el.locator('button.play').textContent()) === '开始', 'the button in Chinese');
    assert((await el.locator('caption').textContent()).includes('第 30 轮'), 'the table in Chinese, epoch kept');
    assert(JSON.stringify(await tableFigures(el)) === JSON.stringify(shown), 'the figures kept');
    await axe(page, 'race in Chinese');
    await screenshot(page, 'race-zh');
    await el.evaluate((e) => e.setAttribute('lang', 'en'));

    // Reset: back to the shared start, same epoch-0 loss.
    await el.locator('button', { hasText: 'Reset' }).click();
    await page.waitForFunction((e) => e.epoch === 0 && e.figures.length === 4 && e.shadowRoot.querySelector('.play:not([disabled])'), await el.elementHandle());
    const again = await el.evaluate((e) => e.figures.map((f) => f.loss));
    assert(again.every((v) => v === start[0]), `reset starts from the same weights: ${again} vs ${start[0]}`);
    noProblems(page);
  }],

  ['race: batch, stochastic and mini-batch gradient descent at 390 px, the surface over two parameters, a bad contestant named', async (ctx) => {
    const { page, el } = await openRace(ctx, 'dataset="gaussians" noise="20" layers="" epochs="8" surface="params" pace="5" contestants="batch: sgd 0.3 batch all; stochastic: sgd 0.3 batch 1; mini-batch: sgd 0.3 batch 10" goals="event finished with stochastic-batch-size = 1"', { width: 390, height: 900 });
    const start = await el.evaluate((e) => e.figures.map((f) => f.loss));
    assert(start.every((v) => v === start[0]), `epoch-0 losses equal: ${start}`);
    const rows = await el.evaluate((e) => e.info.trainRows);
    assert((await el.locator('tr[data-name=batch] td').nth(2).textContent()) === `all (${rows})`, 'batch all: every training row');
    const done = el.evaluate((e) => new Promise((resolve) => e.addEventListener('finished', (ev) => resolve(ev.detail), { once: true })));
    // Play, Pause (the race stops where it is), Play again to the end.
    await el.locator('button.play').click();
    await page.waitForFunction((e) => e.epoch >= 2, await el.elementHandle());
    await el.locator('button.play').click();
    // (An epoch already on its way when Pause was pressed still arrives, before the reply.)
    await page.waitForFunction((e) => /Paused/.test(e.shadowRoot.querySelector('.status').textContent), await el.elementHandle());
    const paused = await el.evaluate((e) => e.epoch);
    await page.waitForTimeout(600);
    assert(await el.evaluate((e) => e.epoch) === paused && paused < 8, `paused at ${paused}`);
    assert((await el.locator('.status').textContent()) === `Paused at epoch ${paused}.`, 'the status says so');
    assert((await el.locator('button.play').getAttribute('aria-pressed')) === 'false', 'Play is not pressed');
    await el.locator('button.play').click();
    const result = await done;
    console.log(`    gradient descent: ${result.contestants.map((c) => `${c.name} (batch ${c.batchSize}) ${c.loss.toFixed(4)}`).join(', ')}`);
    assert(result.contestants.find((c) => c.name === 'batch').batchSize === rows, 'the full batch is the training part');
    // Two parameters: the path coordinates are those weights, the start shared.
    await page.waitForFunction((e) => e.surfaceView.surface?.epoch === 8, await el.elementHandle());
    const s = await el.evaluate((e) => e.surfaceView.surface);
    assert(s.plane === 'parameters' && s.paths.every((p) => p.points[0].join() === s.paths[0].points[0].join()), 'parameters plane, shared start');
    assert((await el.evaluate((e) => e.goalStatus[0].met)), 'the constraint on a contestant holds');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= 390, `nothing wider than the phone: ${wide}`);
    await axe(page, 'race at 390 px');
    await screenshot(page, 'race-390');
    // A misspelt optimizer is refused by name.
    await el.evaluate((e) => e.setAttribute('contestants', 'sgd 0.1; adma 0.01'));
    await page.waitForFunction((e) => !e.shadowRoot.querySelector('.error').hidden, await el.elementHandle());
    const message = await el.locator('.error').textContent();
    assert(message.includes('contestants') && message.includes('no optimizer "adma"'), `the error names it: ${message}`);
    // A goal on a contestant the race does not have is refused by name.
    await el.evaluate((e) => { e.setAttribute('contestants', 'sgd 0.1; adam 0.01'); e.setAttribute('goals', 'momentum-loss <= 0.1'); });
    await page.waitForFunction((e) => /unknown metric "momentum-loss"/.test(e.shadowRoot.querySelector('.error').textContent), await el.elementHandle());
  }],

  ['feature histogram on iris: z-score and min-max, counts and scaler figures from the training rows', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=iris&testRatio=50&valRatio=0&scaling=zscore&seed=1');
    const box = pg.part('.feature-histogram');
    await box.locator('select').waitFor();
    await box.locator('select').selectOption('sepal width (cm)');
    await page.waitForFunction((el) => /z-score: mean/.test(el.shadowRoot.querySelector('.feature-histogram .scaler')?.textContent) && el.shadowRoot.querySelector('.feature-histogram select').value === 'sepal width (cm)', await pg.el.elementHandle());
    // The training rows by the engine's split; their values read from the file here.
    const train = await pg.el.evaluate(async (el) => {
      const { loadEngine } = await import('/engine/load.js');
      const { DataTable } = await loadEngine();
      const bytes = new Uint8Array(await (await fetch('/datasets/iris.csv')).arrayBuffer());
      const t = DataTable.parseCsvBytes(bytes, undefined);
      const s = el.controller.settings;
      t.configure({ split: { test: s.testRatio / 100, validation: s.valRatio / 100, seed: s.seed } });
      const p = t.prepare();
      return Array.from(p.rows.train);
    });
    const lines = (await readFile(join(WWW, 'datasets/iris.csv'), 'utf8')).trim().split('\n').slice(1);
    const values = train.map((r) => Number(lines[r].split(',')[1]));
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const counts = Array(12).fill(0);
    for (const v of values) counts[Math.min(11, Math.floor(((v - lo) / (hi - lo)) * 12))] += 1;
    const r3 = (v) => String(Number(v.toPrecision(3)));
    const text = await box.locator('.scaler').textContent();
    console.log(`    iris sepal width, ${n} training rows: ${text}; counts ${counts.join(' ')}`);
    assert(n === 75, `75 training rows: ${n}`);
    assert(text === `z-score: mean ${r3(mean)}, std ${r3(std)}, fitted on the 75 training rows.`, `z-score figures: ${text} (mean ${mean}, std ${std})`);
    const pictures = await box.locator('svg[role=img]').evaluateAll((s) => s.map((x) => x.getAttribute('aria-label')));
    assert(pictures.length === 2, 'two histograms');
    assert(pictures.every((p) => p.includes(`rows per bin: ${counts.join(', ')}`)), `the counts: ${pictures[0]} vs ${counts}`);
    assert(pictures[0].includes(`from ${r3(lo)} to ${r3(hi)}`), `as in the file: ${pictures[0]}`);
    assert(pictures[1].includes(`from ${r3((lo - mean) / std)} to ${r3((hi - mean) / std)}`), `as the network sees it: ${pictures[1]}`);
    await axe(page, 'histogram, z-score');

    // Min-max: the training minimum and range; the scaled axis 0 to 1.
    await pg.el.getByLabel('Scaling', { exact: true }).selectOption('minmax');
    await page.waitForFunction((el) => /min-max: minimum/.test(el.shadowRoot.querySelector('.feature-histogram .scaler')?.textContent), await pg.el.elementHandle());
    const mm = await box.locator('.scaler').textContent();
    assert(mm === `min-max: minimum ${r3(lo)}, range ${r3(hi - lo)} (maximum ${r3(hi)}), fitted on the 75 training rows.`, `min-max figures: ${mm}`);
    const scaled = await box.locator('svg[role=img]').nth(1).getAttribute('aria-label');
    assert(scaled.includes('from 0 to 1') && scaled.includes(counts.join(', ')), `min-max axis and the same counts: ${scaled}`);
    await box.screenshot({ path: join(WWW, '..', 'test-artifacts', 'histogram-minmax.png') });
    await screenshot(page, 'histogram-1400');
    await page.setViewportSize({ width: 390, height: 900 });
    await box.scrollIntoViewIfNeeded();
    const right = await box.evaluate((b) => b.getBoundingClientRect().right);
    assert(right <= 390, `the histograms fit the phone: ${right}`);
    await box.screenshot({ path: join(WWW, '..', 'test-artifacts', 'histogram-390.png') });
    noProblems(page);
  }],
];
