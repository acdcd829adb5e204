// The page stays in step with the real state: the status line, the play button, the epoch
// counter and the output note say what is true after every kind of change.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, WWW, assert, newPage, noProblems, screenshot } from './harness.mjs';
import { Playground, open } from './page.mjs';


export const stateTests = [
  ['status, button and counter follow the run: a restarting change, a raised epoch limit, Step', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=circle&epochs=3000&pace=50');
    const play = pg.part('button.play');
    await pg.play();
    await page.waitForFunction((el) => el.epoch > 5, await pg.el.elementHandle());
    // A change that needs a new model while training: epoch 0, stopped, and said so.
    for (const change of [() => pg.fill('Batch size', 20), () => pg.choose('Optimizer', 'sgd'), () => pg.part('button', { hasText: '+ Add hidden layer' }).click()]) {
      await pg.play();
      await page.waitForFunction((el) => el.epoch > 3, await pg.el.elementHandle());
      await change();
      await pg.settled();
      await page.waitForTimeout(400); // longer than the counters' redraw interval
      assert(await pg.epoch() === 0, `the counter starts again at 0, shows ${await pg.epoch()}`);
      assert(await play.textContent() === 'Play', `the button offers Play: ${await play.textContent()}`);
      assert(!/Training/.test(await pg.status()), `the status no longer says training: ${await pg.status()}`);
    }
    // A finished run whose limit is raised goes on from where it was, and says so.
    await pg.fill('Epochs limit', 5);
    await pg.play();
    await pg.trained();
    assert(await play.textContent() === 'Restart', 'a finished run offers Restart');
    await pg.fill('Epochs limit', 3000);
    assert(await play.textContent() === 'Play', `a raised limit offers Play: ${await play.textContent()}`);
    assert(/raised to 3000.*from epoch 5/.test(await pg.status()), `said: ${await pg.status()}`);
    await pg.play();
    await page.waitForFunction((el) => el.epoch > 8, await pg.el.elementHandle());
    await pg.play();
    await page.waitForFunction((el) => /Paused/.test(el.shadowRoot.querySelector('.status').textContent), await pg.el.elementHandle());
    const paused = await pg.epoch();
    assert(paused > 5, `went on from epoch 5 (now ${paused})`);
    assert((await pg.status()).includes(`Paused at epoch ${paused}`), await pg.status());
    await pg.part('button', { hasText: 'Step' }).click();
    await page.waitForFunction((n) => document.querySelector('nn-playground').epoch === n, paused + 1);
    assert((await pg.status()).includes(`Stepped to epoch ${paused + 1}`), `Step says where it is: ${await pg.status()}`);
    noProblems(page);
  }],

  ['a 3-class upload, then a 1-output upload; a loss change shows in the output note at once', async (ctx) => {
    const { page, pg } = await open(ctx, '#epochs=20&pace=0');
    const input = pg.part('input[type=file][accept^=".csv"]').first();
    await input.setInputFiles(join(WWW, 'datasets/iris.csv'));
    await pg.settled();
    await pg.play();
    await pg.trained();
    let rows = 'a,b,y\n';
    for (let i = 0; i < 60; i += 1) rows += `${i},${(i * 7) % 13},${(i * 0.5 + 1).toFixed(1)}\n`;
    const file = join(ARTIFACTS, 'one-output.csv');
    await writeFile(file, rows);
    await input.setInputFiles(file);
    await pg.settled();
    assert(await pg.el.evaluate((el) => el.info.task) === 'regression', 'one numeric target: regression');
    await page.waitForTimeout(500); // the first snapshots of the new network
    await pg.play();
    await pg.trained();
    const note = pg.part('p.note', { hasText: 'Output:' });
    assert(/loss mean_squared_error/.test(await note.textContent()), `the note names the loss: ${await note.textContent()}`);
    await pg.part('details summary', { hasText: 'Override output layer' }).click();
    await pg.choose('Loss', 'mean_absolute_error');
    assert(/loss mean_absolute_error/.test(await note.textContent()), `the note follows the loss: ${await note.textContent()}`);
    assert(await pg.el.evaluate((el) => el.settings.loss) === 'mean_absolute_error', 'the loss is taken');
    noProblems(page);
  }],
];

stateTests.push(['the network diagram as in TensorFlow Playground: +/− units, a neuron\'s output large, discretize, a link\'s weight edited', async (ctx) => {
  const { page, pg } = await open(ctx, '#dataset=circle&layers=4:tanh,2:tanh&epochs=40&pace=0&seed=2');
  const layer1 = () => pg.part('.diagram button.node.hidden');
  // One unit more, then two fewer: the setting, the diagram and the focus follow.
  const more = pg.el.getByRole('button', { name: 'One more unit in hidden layer 1' });
  await more.focus();
  await page.keyboard.press('Enter');
  await pg.settled();
  assert(await pg.el.evaluate((el) => el.settings.layers[0].units) === 5, 'a unit more');
  assert(await pg.el.evaluate((el) => el.shadowRoot.activeElement?.getAttribute('aria-label')) === 'One more unit in hidden layer 1', 'the focus stays on the button');
  for (let i = 0; i < 2; i += 1) {
    await pg.el.getByRole('button', { name: 'One unit fewer in hidden layer 1' }).click();
    await pg.settled();
  }
  assert(await pg.el.evaluate((el) => el.settings.layers.map((l) => l.units).join()) === '3,2', 'two units fewer');
  assert(await layer1().count() === 3 + 2, `the diagram shows 3 + 2 hidden neurons, got ${await layer1().count()}`);
  await pg.play();
  await pg.trained();
  await page.waitForTimeout(400);
  const canvas = pg.part('canvas.boundary');
  const output = await canvas.screenshot();

  // Hovering a neuron shows its output in the output view; a click keeps it there.
  const neuron = pg.el.getByRole('button', { name: 'layer 1 unit 2: show its output in the output view' });
  await neuron.hover();
  const note = pg.part('.view-note');
  await page.waitForFunction((el) => !el.shadowRoot.querySelector('.view-note').hidden, await pg.el.elementHandle());
  assert(/layer 1 unit 2/.test(await note.textContent()), await note.textContent());
  await page.waitForTimeout(300);
  const unitPicture = await canvas.screenshot();
  assert(!unitPicture.equals(output), 'the output view shows the neuron, not the model');
  await neuron.click();
  assert(await neuron.getAttribute('aria-pressed') === 'true', 'the click keeps the neuron');
  await page.mouse.move(5, 5);
  await page.waitForTimeout(300);
  assert(!(await note.isHidden()), 'still shown after the pointer left');
  await neuron.click();
  await page.waitForTimeout(300);
  assert(await note.isHidden(), 'a second click goes back to the model\'s output');
  assert((await canvas.screenshot()).equals(output), 'the same picture of the model as before');

  // Discretize: only the side of the boundary shows; unticked, the shading is back.
  await pg.el.getByLabel('Discretize output', { exact: true }).check();
  await page.waitForTimeout(300);
  const discrete = await canvas.screenshot();
  assert(!discrete.equals(output), 'the discretized picture differs');
  await pg.el.getByLabel('Discretize output', { exact: true }).uncheck();
  await page.waitForTimeout(300);
  assert((await canvas.screenshot()).equals(output), 'unticked: the shaded picture again');

  // A click on the link x₁ → layer 1 unit 1 (its midpoint) opens its weight.
  const at = await pg.el.evaluate((el) => {
    const d = el.view.diagram;
    const { x, y, root } = d.layout;
    const r = root.getBoundingClientRect();
    const mx = (x(0) + 15 + x(1) - 15) / 2;
    const my = (y(0, 0) + y(1, 0)) / 2;
    return { x: r.left + mx * d.scale, y: r.top + my * d.scale };
  });
  await page.mouse.click(at.x, at.y);
  const field = pg.el.getByLabel('Weight x₁ → layer 1 unit 1', { exact: true });
  assert(await field.isVisible(), 'the weight field opens');
  await field.fill('2.5');
  await field.press('Enter');
  await page.waitForFunction((el) => /set to 2\.5000/.test(el.shadowRoot.querySelector('.status').textContent), await pg.el.elementHandle());
  await page.waitForFunction((el) => el.view.diagram.weights?.[0].kernel[0] === 2.5, await pg.el.elementHandle());
  assert(!(await canvas.screenshot()).equals(output), 'the model\'s output changed with the weight');
  // A weight that is not a finite f32 is refused and said; the weight stays.
  await page.mouse.click(at.x, at.y);
  await field.fill('1e40');
  await field.press('Enter');
  await page.waitForFunction((el) => /^Error:.*finite/.test(el.shadowRoot.querySelector('.status').textContent), await pg.el.elementHandle());
  assert(await pg.el.evaluate((el) => el.view.diagram.weights[0].kernel[0]) === 2.5, 'the weight is unchanged');
  await field.press('Escape');
  assert(await field.count() === 0, 'Escape closes the field');
  noProblems(page);
}]);

/** Presses "Copy link" and returns `{ url, status }` (the clipboard is the browser's own). */
async function copyLink(page, pg) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await pg.part('button', { hasText: 'Copy link' }).click();
  await page.waitForFunction((el) => /^Link/.test(el.shadowRoot.querySelector('.status').textContent), await pg.el.elementHandle());
  return { url: await page.evaluate(() => navigator.clipboard.readText()), status: await pg.status() };
}

stateTests.push(['a link made after an upload carries a small file and replays the run; a big one is named and asked for', async (ctx) => {
  const { page, pg } = await open(ctx, '#epochs=15&pace=0&seed=4');
  const input = pg.part('input[type=file][accept^=".csv"]').first();
  await input.setInputFiles(join(WWW, 'datasets/iris.csv'));
  await pg.settled();
  await pg.play();
  const original = await pg.trained();
  const { url, status } = await copyLink(page, pg);
  assert(/iris\.csv, which it holds/.test(status), `the status says the file is in the link: ${status}`);
  assert(url.length < 40_000 && /[#&]file=/.test(url), `a link of ${url.length} characters with the file`);
  await page.context().close();

  // Someone else opens it: the same file, settings and curve.
  const other = await newPage(ctx.browser);
  await other.goto(url);
  const replay = new Playground(other);
  await replay.ready();
  assert(await replay.el.evaluate((el) => el.info.name) === 'iris.csv', 'the file from the link is loaded');
  await replay.play();
  const again = await replay.trained();
  assert(JSON.stringify(again.history.map((h) => h.loss)) === JSON.stringify(original.history.map((h) => h.loss)), 'the same loss curve');
  noProblems(other);
  await other.context().close();

  // A file too big for a link: the link names it, and opening it says so.
  const big = await newPage(ctx.browser);
  await big.goto(`${ctx.url}/#epochs=15&pace=0&seed=4&layers=5:relu`);
  const bg = new Playground(big);
  await bg.ready();
  let rows = 'a,b,c,label\n';
  for (let i = 0; i < 20000; i += 1) rows += `${Math.sin(i * 1.7).toFixed(6)},${Math.cos(i * 0.31).toFixed(6)},${(i * 7919 % 10007) / 10007},${i % 2}\n`;
  const file = join(ARTIFACTS, 'too-big-for-a-link.csv');
  await writeFile(file, rows);
  await bg.part('input[type=file][accept^=".csv"]').first().setInputFiles(file);
  await bg.settled();
  const bigLink = await copyLink(big, bg);
  assert(/not too-big-for-a-link\.csv.*too big for a link.*asked for the file/.test(bigLink.status), bigLink.status);
  assert(!/[#&]file=/.test(bigLink.url) && /fileName=too-big-for-a-link\.csv/.test(bigLink.url), 'the link names the file only');
  await big.context().close();
  const asked = await newPage(ctx.browser);
  await asked.goto(bigLink.url);
  const ak = new Playground(asked);
  await ak.ready();
  assert(/made with the file too-big-for-a-link\.csv, which it does not hold: upload that file/.test(await ak.status()), await ak.status());
  assert(await ak.el.evaluate((el) => el.settings.layers.map((l) => `${l.units}:${l.activation}`).join()) === '5:relu', 'the link\'s settings are kept');
  await ak.part('input[type=file][accept^=".csv"]').first().setInputFiles(file);
  await ak.settled();
  assert(await ak.el.evaluate((el) => [el.info.name, el.settings.layers[0].units].join()) === 'too-big-for-a-link.csv,5', 'the file given, the link\'s settings apply');
  noProblems(asked);
}]);

stateTests.push(['"Start fresh" forgets the autosaved session; a short link pasted into the open page gets its set\'s defaults', async ({ browser, url }) => {
  const page = await newPage(browser);
  await page.goto(`${url}/`);
  let pg = new Playground(page);
  await pg.ready();
  await pg.choose('Dataset', 'xor');
  await pg.fill('Seed', 77);
  await pg.play();
  await pg.trained();
  await page.waitForTimeout(600); // the autosave settles
  await page.goto(`${url}/`);
  await page.reload();
  pg = new Playground(page);
  await pg.ready();
  assert(await pg.el.evaluate((el) => [el.settings.dataset, el.settings.seed].join()) === 'xor,77', 'the session came back');
  await pg.part('button', { hasText: 'Start fresh…' }).click();
  await pg.part('button', { hasText: 'Forget and start fresh' }).click();
  await page.waitForFunction((el) => /Started fresh/.test(el.shadowRoot.querySelector('.status').textContent), await pg.el.elementHandle());
  assert(await pg.el.evaluate((el) => [el.settings.dataset, el.settings.seed, el.epoch].join()) === 'circle,1,0', 'the defaults and a new model');
  await page.waitForTimeout(600);
  await page.goto(`${url}/`);
  await page.reload();
  pg = new Playground(page);
  await pg.ready();
  assert(await pg.el.evaluate((el) => [el.settings.dataset, el.settings.seed, el.history.length].join()) === 'circle,1,0', 'nothing restored after a reload');

  // A hand-written link pasted into the open page: digits with its own suggested settings.
  await page.evaluate(() => { location.hash = '#dataset=digits'; });
  await page.waitForFunction((el) => el.info?.name?.startsWith('Digits'), await pg.el.elementHandle());
  await pg.settled();
  const layers = await pg.el.evaluate((el) => el.settings.layers.map((l) => l.units).join());
  assert(layers !== '4,2', `digits' own layers, not the page's 4,2: ${layers}`);
  noProblems(page);
}]);

stateTests.push(['a long epoch shows its batches, the samples per second and the time left', async (ctx) => {
  const { page, pg } = await open(ctx, '#epochs=3&pace=0&batchSize=1&layers=128:relu,128:relu&testRatio=10');
  let rows = 'a,b,c,d,label\n';
  for (let i = 0; i < 30000; i += 1) rows += `${Math.sin(i).toFixed(5)},${Math.cos(i * 0.7).toFixed(5)},${(i % 97) / 97},${(i % 13) / 13},${i % 3}\n`;
  const file = join(ARTIFACTS, 'long-epochs.csv');
  await writeFile(file, rows);
  await pg.part('input[type=file][accept^=".csv"]').first().setInputFiles(file);
  await pg.settled();
  await pg.play();
  const progress = pg.part('[data-progress]');
  await progress.waitFor({ state: 'visible', timeout: 20000 });
  const text = await progress.textContent();
  const m = /^batch ([\d,]+)\/([\d,]+) · (\d+) (s|min) left at most$/.exec(text);
  assert(m, `batch and time left: "${text}"`);
  assert(Number(m[2].replace(/,/g, '')) === 27000, `27,000 batches of one row per epoch: ${m[2]}`);
  assert(await pg.epoch() === 0, 'still in the first epoch');
  const speed = Number((await pg.part('.counter .value').nth(1).textContent()).replace(/,/g, ''));
  assert(speed > 0, `samples per second shown during the first epoch: ${speed}`);
  await page.waitForTimeout(1200);
  const later = await progress.textContent();
  assert(later !== text, `it moves on: "${text}" then "${later}"`);
  await pg.play(); // pause
  await page.waitForFunction((el) => /Paused/.test(el.shadowRoot.querySelector('.status').textContent), await pg.el.elementHandle());
  await page.waitForTimeout(300);
  assert(await progress.isHidden(), 'paused: no time left is claimed');
  noProblems(page);
}]);

stateTests.push(['every built-in set trains with its own settings; pictures at 1400 px and 390 px', async (ctx) => {
  const { page, pg } = await open(ctx, '#pace=0');
  const sets = await pg.el.evaluate((el) => [...el.shadowRoot.querySelectorAll('select')].find((s) => s.labels?.[0]?.textContent === 'Dataset').options.length);
  assert(sets >= 10, `the menu lists the sets (${sets})`);
  // The floor of each set's test accuracy (regression: none), from the suggested-settings
  // test (tests/suggested_settings.rs) less a margin for the page's own seed and split.
  const floors = { circle: 0.9, xor: 0.9, gaussians: 0.9, iris: 0.9, wine: 0.85, breast_cancer: 0.9, digits: 0.95, example: 0.85, text: 0.7 };
  for (const name of Object.keys(floors)) {
    await page.setViewportSize({ width: 1400, height: 1000 });
    await pg.choose('Dataset', name);
    await pg.play();
    const done = await pg.trained(90000);
    const acc = done.metrics.accuracy;
    assert(acc >= floors[name], `${name}: test accuracy ${acc} after ${done.epoch} epochs, floor ${floors[name]}`);
    await page.waitForTimeout(300);
    await screenshot(page, `set-${name}-1400`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= 390, `${name} at 390 px: the page is ${wide} px wide`);
    await screenshot(page, `set-${name}-390`);
  }
  noProblems(page);
}]);
