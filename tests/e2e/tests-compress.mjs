// The Compress panel as a learner uses it on the digits: the accuracy-against-sparsity
// curve, pruning the model (the diagram leaves the pruned links out, the test metrics
// follow), fine-tuning with the mask held, and int8 quantisation — each figure checked
// against what the engine reports through other doors (the evaluation panel, the model
// file) and against hand-counted sizes.
import { join } from 'node:path';
import { ARTIFACTS, assert, noProblems, screenshot } from './harness.mjs';
import { open } from './page.mjs';
import { axe, smallTargets } from './a11y.mjs';

/** digits (64 inputs, 10 classes) with a 32-unit hidden layer: 64·32 + 32·10 = 2,368 kernel weights. */
const HASH = '#dataset=digits&layers=32:relu&epochs=40&seed=3';

/** The sparsity curve's table as shown: `[{ sparsity (fraction), value }]`. */
async function curveRows(pg) {
  await pg.part('[data-sparsity-curve]').waitFor({ state: 'attached' });
  return pg.part('[data-sparsity-curve] td').evaluateAll((tds) => tds.map((td) => ({ sparsity: Number(td.dataset.sparsity), value: Number(td.textContent) })));
}

/** Links the diagram draws and how many layers' masks it holds, from its own weights. */
async function drawnLinks(pg) {
  return pg.el.evaluate(async (el) => {
    const { links } = await import('/playground/diagram-layout.js');
    const d = el.view.diagram;
    let drawn = 0;
    for (const k of links(d.layout, d.weights)) drawn += k ? 1 : 0;
    const shown = d.layout.shown;
    let possible = 0;
    for (let l = 1; l < shown.length; l += 1) possible += shown[l - 1] * shown[l];
    return { drawn, possible, masks: d.weights.filter((w) => w.pruned).length };
  });
}

export const compressTests = [
  ['the compress panel: accuracy against sparsity, pruning (the diagram drops links), fine-tuning with the mask held, int8', async (ctx) => {
    const { page, pg } = await open(ctx, HASH);
    await pg.play();
    await pg.trained();
    const dense = await pg.metric('Accuracy');
    const before = await drawnLinks(pg);
    assert(before.masks === 0 && before.drawn === before.possible, `a dense network draws every link: ${JSON.stringify(before)}`);

    await pg.part('button', { hasText: 'Measure accuracy against sparsity' }).click();
    const curve = await curveRows(pg);
    console.log(`    one-shot curve: ${curve.map((p) => `${(p.sparsity * 100).toFixed(0)}% ${p.value.toFixed(3)}`).join(', ')}`);
    // The engine's default levels: 0, 10 … 90, 95, 99 %.
    assert(curve.length === 12, `12 levels: ${curve.length}`);
    assert(curve[0].sparsity === 0 && Math.abs(curve[0].value - dense) < 1e-9, `0 % is the model itself (${dense}): ${curve[0].value}`);
    assert(curve[11].value < dense - 0.3, `99 % one-shot loses most of the accuracy: ${curve[11].value} vs ${dense}`);
    assert(await pg.part('.sparsity-chart .uplot').count() === 1, 'the curve is drawn');

    // Prune the model itself to 90 % per layer: round(0.9 · 2048) + round(0.9 · 320) = 1843 + 288.
    await pg.el.getByLabel('Sparsity', { exact: true }).fill('90');
    await pg.part('button', { hasText: 'Prune the model' }).click();
    await pg.page.waitForFunction((el) => /Pruned to/.test(el.shadowRoot.querySelector('[data-prune-result]').textContent), await pg.el.elementHandle());
    const said = await pg.part('[data-prune-result]').textContent();
    assert(said.includes('2,131 of 2,368 weights are zero'), `the pruned count: ${said}`);
    const [, was, now] = said.match(/Test accuracy (\d+\.\d+) → (\d+\.\d+)/) ?? [];
    const at90 = curve.find((p) => p.sparsity > 0.89 && p.sparsity < 0.91);
    assert(Number(was) === Number(dense.toFixed(3)), `before pruning: ${was} vs ${dense}`);
    assert(Math.abs(Number(now) - at90.value) < 1e-9, `pruning the model gives what the curve measured on a copy: ${now} vs ${at90.value}`);
    // The readout under the output follows too.
    await pg.page.waitForFunction(([el, want]) => Number(el.shadowRoot.querySelector('[data-readout="test-accuracy"]').textContent) === want,
      [await pg.el.elementHandle(), Number(now)]);
    // The evaluation panel follows the pruned weights.
    await pg.page.waitForFunction(([el, want]) => Number(el.shadowRoot.querySelector('td[data-metric="Accuracy"]').textContent) === want,
      [await pg.el.elementHandle(), Number(now)]);
    // The diagram leaves the pruned links out (the snapshot carries the engine's mask).
    await pg.page.waitForFunction((el) => el.view.diagram.weights?.some((w) => w.pruned), await pg.el.elementHandle());
    const after = await drawnLinks(pg);
    assert(after.masks === 2 && after.drawn < before.drawn * 0.2, `pruned links are not drawn: ${JSON.stringify(after)} of ${before.drawn}`);
    await screenshot(page, 'compress-pruned-1400');

    // Fine-tune 10 epochs: the weights that are left retrain, the pruned ones stay zero.
    const epoch = await pg.epoch();
    const fineTuned = await pg.nextEvent('trained');
    await pg.choose('Fine-tune for', '10');
    await pg.part('button', { hasText: 'Fine-tune' }).click();
    await fineTuned();
    assert(await pg.epoch() > epoch && await pg.epoch() <= epoch + 10, `trained on from epoch ${epoch}: ${await pg.epoch()}`);
    await pg.part('[data-fine-tuned]').waitFor();
    const tunedText = await pg.part('[data-fine-tuned]').textContent();
    const tuned = Number(tunedText.match(/test accuracy (\d+\.\d+)/)[1]);
    console.log(`    digits 32 relu: dense ${dense.toFixed(3)}, 90 % one-shot ${Number(now).toFixed(3)}, after fine-tuning ${tuned.toFixed(3)} (epoch ${epoch} → ${await pg.epoch()})`);
    assert(tuned > Number(now) + 0.05, `fine-tuning wins back accuracy: ${now} → ${tuned}`);
    assert(await pg.el.getByLabel('Epochs limit', { exact: true }).inputValue() === '40', 'fine-tuning leaves the epoch limit setting alone');
    const file = JSON.parse(await pg.el.evaluate((el) => el.controller.call('exportModel')));
    const pruned = file.weights.map((w) => w.pruned?.length ?? 0);
    assert(pruned.join() === '1843,288', `the model file keeps the mask: ${pruned}`);
    const zero = file.weights.every((w) => (w.pruned ?? []).every((k) => w.kernel[k] === 0));
    assert(zero, 'every pruned weight is still zero after fine-tuning');

    // int8: (2,368 weights + 42 biases) × 4 bytes in float32.
    await pg.part('button', { hasText: 'Quantise to int8' }).click();
    await pg.part('[data-quantized]').waitFor();
    const q = await pg.part('[data-quantize-result]').textContent();
    console.log(`    int8: ${q.replace(/\s+/g, ' ')}`);
    assert(q.includes('9,640 bytes'), `float32 size: ${q}`);
    assert(/sparse\)/.test(q), `a pruned model's int8 size is given sparse too: ${q}`);
    const [, f32, i8] = q.match(/Test accuracy(\d+\.\d{3})(\d+\.\d{3})/) ?? [];
    assert(Math.abs(Number(f32) - tuned) < 1e-9 && Math.abs(Number(i8) - Number(f32)) <= 0.03, `int8 accuracy ${i8} near float32 ${f32}`);
    const agree = Number(q.match(/on (\d+\.\d) % of the test rows/)[1]);
    assert(agree >= 95, `int8 gives the same class on most rows: ${agree} %`);

    await axe(page, 'compress panel with results');
    await screenshot(page, 'compress-1400');
    noProblems(page);
  }],

  ['the compress panel at 390 px, keyboard only, and a regression set measured by its loss', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=plane&epochs=20&seed=2', { width: 390, height: 900 });
    await pg.play();
    await pg.trained();
    // Keyboard only: focus the button and press Enter.
    await pg.part('button', { hasText: 'Measure test loss against sparsity' }).focus();
    await page.keyboard.press('Enter');
    await pg.part('[data-sparsity-curve]').waitFor({ state: 'attached' });
    assert(await pg.part('button', { hasText: 'Measure test loss against sparsity' }).count() === 1, 'the button names the loss for regression');
    const header = await pg.part('[data-sparsity-curve] thead').textContent();
    assert(/test loss/.test(header), `regression is measured by its loss: ${header}`);
    const curve = await curveRows(pg);
    assert(curve.at(-1).value > curve[0].value, `pruning 99 % raises the loss: ${curve[0].value} → ${curve.at(-1).value}`);
    await pg.part('button', { hasText: 'Quantise to int8' }).focus();
    await page.keyboard.press('Enter');
    await pg.part('[data-quantized]').waitFor();
    const q = await pg.part('[data-quantize-result]').textContent();
    assert(!/Test accuracy/.test(q) && /differ by at most/.test(q), `regression has no accuracy row: ${q}`);
    // The sizes as shown, and the wording that follows from them.
    const [f32, i8] = [...q.matchAll(/([\d,]+) bytes/g)].slice(0, 2).map((m) => Number(m[1].replace(/,/g, '')));
    assert(i8 < f32 ? /× smaller/.test(q) : /No smaller/.test(q), `${i8} int8 bytes against ${f32}: ${q}`);
    // Distillation needs classes: said, and the button does nothing.
    assert(/Distillation needs classes/.test(await pg.part('[data-panel="compress"]').textContent()), 'why distillation is off for regression');
    const distil = pg.part('button', { hasText: /^Distil$/ });
    assert(await distil.getAttribute('aria-disabled') === 'true', 'the Distil button says it is off');
    await distil.dispatchEvent('click');
    assert(await pg.part('[data-distill-table]').count() === 0 && (await pg.part('[data-distill-result] .error').count()) === 0, 'nothing runs');
    const small = await smallTargets(pg.el);
    assert(small.length === 0, `controls under 24 × 24 px: ${small.join(', ')}`);
    const wide = await pg.part('[data-panel="compress"]').evaluate((s) => s.scrollWidth <= s.clientWidth + 1);
    assert(wide, 'the panel fits the phone width');
    await axe(page, 'compress panel at 390 px');
    await pg.part('[data-panel="compress"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'compress-390');
    await pg.part('[data-panel="compress"]').screenshot({ path: join(ARTIFACTS, 'compress-panel-390.png') });
    noProblems(page);
  }],

  ['distillation in the compress panel: a student a quarter of the size beside its twin from scratch, then used in the playground', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=digits&layers=32:relu&epochs=40&seed=3');
    await pg.play();
    await pg.trained();
    const teacher = await pg.metric('Accuracy');
    await pg.fill('Student hidden units', 8);
    await pg.fill('Student epochs', 60);
    await pg.part('button', { hasText: /^Distil$/ }).click();
    await pg.part('[data-distill-table]').waitFor({ timeout: 90000 });
    const table = await pg.part('[data-distill-table] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent)));
    console.log(`    distillation: ${table.map((r) => r.join(' ')).join('; ')}`);
    // Parameters by hand: teacher 64·32 + 32 + 32·10 + 10 = 2,410; student 64·8 + 8 + 8·10 + 10 = 610.
    assert(table[0][1] === '2,410' && table[1][1] === '610' && table[2][1] === '610', `parameters: ${JSON.stringify(table)}`);
    assert(Math.abs(Number(table[0][2]) - teacher) < 1e-9, `the teacher's test accuracy is the evaluation panel's: ${table[0][2]} vs ${teacher}`);
    const distilled = Number(table[1][2]);
    const scratch = Number(table[2][2]);
    assert(distilled > 0.5 && scratch > 0.5, `both students learn: ${distilled}, ${scratch}`);
    const said = await pg.part('[data-distill-result]').textContent();
    assert(/25\.3 % of the teacher's parameters/.test(said) && /points (better|worse)/.test(said), `the comparison in words: ${said}`);
    assert(await pg.part('[data-panel="compress"] .uplot').count() >= 1, 'the students\' curves are drawn');
    await axe(page, 'distillation results');
    await pg.part('[data-panel="compress"]').screenshot({ path: join(ARTIFACTS, 'compress-distil-1400.png') });
    // The distilled student becomes the playground's model: 8 hidden units, its own score.
    await pg.part('button', { hasText: 'Use the distilled student here' }).click();
    await pg.page.waitForFunction((el) => el.view.diagram.layout?.sizes?.[1] === 8, await pg.el.elementHandle());
    await pg.page.waitForFunction(([el, want]) => Number(el.shadowRoot.querySelector('td[data-metric="Accuracy"]')?.textContent) === want,
      [await pg.el.elementHandle(), distilled]);
    // The settings follow the student: the units field, the link, and the readout's test figure.
    assert(await pg.el.getByLabel('Units', { exact: true }).first().inputValue() === '8', 'the Units field shows the student\'s 8');
    assert(/Now using the distilled student \(8 relu\)/.test(await pg.status()), `status: ${await pg.status()}`);
    assert(await pg.readout('test-accuracy') === distilled, `the readout shows the student's test accuracy: ${await pg.readout('test-accuracy')}`);
    assert(await pg.part('button', { hasText: /^Distil$/ }).evaluate((b) => b === b.getRootNode().activeElement), 'the keyboard goes on from Distil');
    noProblems(page);
  }],
];
