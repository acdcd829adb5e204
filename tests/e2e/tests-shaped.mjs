// Convolution and embedding models built with the page's controls, as a learner builds
// them: the digits conv net reaches its accuracy within a minute, its filters and feature
// maps show for a test image and for a drawing, the pad predicts with it; the sentences'
// embedding model beats word counts and lists a word's nearest words.
import { assert, noProblems, screenshot } from './harness.mjs';
import { open } from './page.mjs';
import { axe, smallTargets } from './a11y.mjs';

/** Presses a button of the element by its text, and waits for the change to apply. */
async function press(pg, text, nth = 0) {
  await pg.el.getByRole('button', { name: text, exact: true }).nth(nth).click();
  await pg.settled();
}

/** Chooses `value` in the nth select labelled `label` (several layers share a label). */
async function chooseNth(pg, label, value, nth) {
  await pg.el.getByLabel(label, { exact: true }).nth(nth).selectOption(value);
  await pg.settled();
}

/** The model's layers as the worker built them (the element's `modelInfo`). */
async function shapedTypes(pg) {
  return pg.el.evaluate((el) => (el.controller.run.model?.shaped ?? []).map((l) => `${l.type} ${l.output.join('×')}`));
}

async function noSmallTargets(pg, label) {
  const small = await smallTargets(pg.el);
  assert(small.length === 0, `${label}: controls under 24 × 24 px: ${small.join(', ')}`);
}

export const shapedTests = [
  ['a conv net built with the controls reaches 98.5 % on the digits within 60 s, and shows its filters and maps', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=digits');
    // The digits' suggested dense net: take its hidden layer out, add the convolutions.
    await press(pg, 'Remove hidden layer 1');
    assert(await pg.el.getByText(/^No convolution layers/).count() === 1, 'the conv section says what no convolution means');
    await press(pg, '+ Convolution');
    await press(pg, '+ Convolution');
    await chooseNth(pg, 'Filters', '16', 1);
    await press(pg, '+ Pooling');
    await pg.choose('Scaling', 'minmax');
    await pg.choose('Shifted copies of each training image', '1');
    await pg.el.getByLabel('Validation part', { exact: true }).fill('0');
    await pg.settled();
    await pg.choose('Learning rate', '0.003');
    await pg.fill('Epochs limit', 30);
    const early = pg.el.getByLabel('Early stopping', { exact: true });
    if (await early.isChecked()) await early.uncheck();
    await pg.choose('Speed', '0');
    await pg.settled();
    const types = await shapedTypes(pg);
    assert(types.join(', ') === 'conv2d 8×8×8, conv2d 8×8×16, max_pool2d 4×4×16, flatten 256', `layers: ${types}`);
    const t0 = Date.now();
    const trained = pg.trained(90000);
    await pg.play();
    const detail = await trained;
    const seconds = (Date.now() - t0) / 1000;
    console.log(`    digits conv net: test accuracy ${detail.metrics.accuracy.toFixed(4)} after ${detail.epoch} epochs in ${seconds.toFixed(1)} s`);
    assert(detail.metrics.accuracy >= 0.985, `test accuracy ${detail.metrics.accuracy}`);
    assert(seconds < 60, `${seconds} s from Play to the end of training`);
    // The view: one row of filters per convolution and one of maps per layer.
    await page.waitForFunction((el) => el.shadowRoot.querySelectorAll('.shaped-view .map-row').length === 5, await pg.el.elementHandle(), { timeout: 10000 });
    const captions = await pg.part('.shaped-view figcaption').allTextContents();
    assert(/^filters: 8 of 3×3 over 1 channel/.test(captions[0]) && /^conv2d: 8×8×8/.test(captions[1]) && /^filters: 16 of 3×3 over 8/.test(captions[2])
      && /^conv2d: 8×8×16/.test(captions[3]) && /^max_pool2d: 4×4×16/.test(captions[4]), `captions: ${captions.join(' | ')}`);
    assert(await pg.part('.shaped-view .filters').first().locator('canvas').count() === 8, 'eight first-layer filters');
    // The maps' prediction is the model's prediction of that test image.
    const said = await pg.part('.shaped-view p.note').first().textContent();
    assert(/^Predicted: \d \(\d+ %\)/.test(said), said);
    await screenshot(page, 'conv-view-1400');
    await axe(page, 'conv view');
    await noSmallTargets(pg, 'conv view');
    // Another image: the maps change.
    const before = await pg.part('.shaped-view .map-row canvas').nth(9).evaluate((c) => c.toDataURL());
    await pg.choose('Image', '3');
    await page.waitForTimeout(500);
    const after = await pg.part('.shaped-view .map-row canvas').nth(9).evaluate((c) => c.toDataURL());
    assert(before !== after, 'a different image gives different feature maps');
    // A drawing: the pad predicts with the conv net, and its maps show.
    const pad = pg.part('.draw canvas');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.85, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction((el) => /sure/.test(el.shadowRoot.querySelector('.draw .note').textContent), await pg.el.elementHandle());
    const pixels = await pg.el.evaluate((el) => Array.from(el.view.watch.digits.pixels));
    const p = await pg.el.evaluate(async (el, px) => Array.from(await el.predict(new Float32Array(px))), pixels);
    await pg.choose('Image', 'drawing');
    await page.waitForTimeout(500);
    const drawn = await pg.part('.shaped-view p.note').first().textContent();
    const best = p.indexOf(Math.max(...p));
    assert(drawn.startsWith(`Predicted: ${best} `), `the maps' prediction "${drawn}" is the model's ${best}`);
    noProblems(page);
    await page.context().close();
  }],

  ['the conv editor fits a phone and works by keyboard', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=digits&convLayers=conv:8:3:relu,maxpool:2&layers=&epochs=2&pace=0', { width: 390, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `the page is ${overflow} px wider than the phone`);
    // Keyboard: focus the pooling window, pick 3×3 with the arrow keys.
    const windowSelect = pg.el.getByLabel('Window', { exact: true });
    await windowSelect.focus();
    await page.keyboard.press('ArrowDown');
    await pg.settled();
    const types = await shapedTypes(pg);
    assert(types.includes('max_pool2d 2×2×8'), `a 3×3 window on 8×8 gives 2×2: ${types}`);
    const trained = pg.trained(60000);
    await pg.play();
    await trained;
    await pg.part('.shaped-view').scrollIntoViewIfNeeded();
    await screenshot(page, 'conv-view-390');
    await axe(page, 'conv view at 390 px');
    noProblems(page);
    await page.context().close();
  }],

  ['an impossible pooling is refused before training, the network in force kept, and the page keeps working', async (ctx) => {
    // Three 2×2 poolings take an 8×8 image to 1×1; a fourth has nothing to pool.
    const { page, pg } = await open(ctx, '#dataset=digits&convLayers=conv:4:3:relu,maxpool:2,maxpool:2,maxpool:2&layers=&pace=0&epochs=2');
    const before = await shapedTypes(pg);
    assert(before.join(', ') === 'conv2d 8×8×4, max_pool2d 4×4×4, max_pool2d 2×2×4, max_pool2d 4, flatten 4', `layers: ${before}`);
    await press(pg, '+ Pooling');
    const status = await pg.status();
    assert(/max_pool2d pools an image, but its input here is 1×1×4: one pixel, nothing to pool/.test(status), `status: ${status}`);
    const settings = await pg.el.evaluate((el) => el.settings.convLayers.length);
    assert(settings === 4, `the refused layer is not kept in the settings (${settings} layers)`);
    assert(await pg.part('fieldset.conv-layer').count() === 4, 'the editor shows the network in force');
    assert((await shapedTypes(pg)).join() === before.join(), 'the model in force is kept');
    const trained = pg.trained(60000);
    await pg.play();
    await trained;
    noProblems(page);
    await page.context().close();
  }],

  ['a link whose network cannot be built loads its data with the default network and says why', async (ctx) => {
    // Four 2×2 poolings of an 8×8 image: the fourth has nothing to pool.
    const { page, pg } = await open(ctx, '#dataset=digits&convLayers=conv:4:3:relu,maxpool:2,maxpool:2,maxpool:2,maxpool:2&layers=&pace=0&epochs=2');
    const status = await pg.status();
    assert(/This link's network \(convolution conv:4:3:relu,maxpool:2,maxpool:2,maxpool:2,maxpool:2, layers none\) cannot be built on its data: .*layers\[4\].*max_pool2d pools an image, but its input here is 1×1×4: one pixel, nothing to pool.*\. The data set's default network is in force/.test(status), `status: ${status}`);
    const { convLayers, dataset, name } = await pg.el.evaluate((el) => ({ convLayers: el.settings.convLayers, dataset: el.settings.dataset, name: el.info?.name }));
    assert(dataset === 'digits' && name && convLayers.length === 0, `settings: ${JSON.stringify({ convLayers, dataset, name })}`);
    // The editor is there to try again, and the default network trains.
    await press(pg, '+ Convolution');
    assert(await pg.part('fieldset.conv-layer').count() === 1, 'the conv editor adds a layer');
    const trained = pg.trained(60000);
    await pg.play();
    await trained;
    noProblems(page);
    await page.context().close();
  }],

  ['an embedding of the sentences beats word counts and lists nearest words', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=text');
    await pg.choose('Words as', '16');
    await press(pg, 'Remove hidden layer 1');
    await pg.choose('Scaling', 'none').catch(() => {});
    await pg.el.getByLabel('Validation part', { exact: true }).fill('0');
    await pg.settled();
    await pg.choose('Learning rate', '0.01');
    await pg.fill('Batch size', 16);
    await pg.fill('Epochs limit', 30);
    const early = pg.el.getByLabel('Early stopping', { exact: true });
    if (await early.isChecked()) await early.uncheck();
    await pg.choose('Speed', '0');
    const types = await shapedTypes(pg);
    assert(types.join(', ') === 'embedding 20×16, global_average_pool1d 16', `layers: ${types}`);
    const trained = pg.trained(90000);
    await pg.play();
    const detail = await trained;
    console.log(`    sentences embedding: test accuracy ${detail.metrics.accuracy.toFixed(4)} (word counts: 0.787)`);
    assert(detail.metrics.accuracy > 0.787, `test accuracy ${detail.metrics.accuracy}`);
    // Nearest words: a chip fills the word in and lists its neighbours with similarities.
    await pg.part('button.chip', { hasText: /^the$/ }).click();
    await page.waitForFunction((el) => el.shadowRoot.querySelectorAll('ol.nearest li').length === 8, await pg.el.elementHandle());
    const items = await pg.part('ol.nearest li').allTextContents();
    assert(items.every((t) => /^[\p{L}]+-?\d\.\d\d$/u.test(t.replace(/\s/g, ''))), `items: ${items.join(' | ')}`);
    // A word outside the vocabulary is named, and the view keeps working.
    await pg.el.getByLabel('Word', { exact: true }).fill('zzzyx');
    await press(pg, 'Find nearest');
    const note = await pg.part('.shaped-view p.note').last().textContent();
    assert(/"zzzyx" is not one of the 1000 words/.test(note), note);
    // "Try your own sentence" goes through the same model (token ids and all).
    await screenshot(page, 'embedding-view-1400');
    await axe(page, 'embedding view');
    noProblems(page);
    await page.context().close();
  }],
];
