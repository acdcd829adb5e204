// Accessibility and small screens: axe-core finds nothing on every state of the page;
// reduced motion, forced colours and spoken progress; the 390 px phone (sticky bar, output
// first, diagram and tap targets); the loss chart's log scale and best-epoch mark.
import { join } from 'node:path';
import { ROOT, assert, newPage, noProblems, readFile, screenshot } from './harness.mjs';
import { Playground, open } from './page.mjs';
import { axe, smallTargets } from './a11y.mjs';

const PHONE = { width: 390, height: 844 };


/** Waits until the element's epoch counter passes `n` (it is training). */
async function pastEpoch(pg, n) {
  await pg.page.waitForFunction(([el, k]) => el.epoch > k, [await pg.el.elementHandle(), n]);
}

/** The uPlot instance of the loss (or accuracy) chart and what the test reads from it. */
function chartState(pg, which = 'loss') {
  return pg.el.evaluate((el, w) => {
    const chart = el.view.watch[w];
    const mark = chart.mark;
    const over = chart.plot.over.getBoundingClientRect();
    return {
      distr: chart.plot.scales.y.distr,
      yLabel: chart.plot.axes[1].label,
      best: chart.best,
      markShown: !mark.hidden && mark.getClientRects().length > 0,
      markText: mark.textContent,
      markX: mark.getBoundingClientRect().left - over.left,
      expectedX: chart.best == null ? null : chart.plot.valToPos(chart.best, 'x'),
      label: chart.plot.root.getAttribute('aria-label'),
      note: chart.bestNote.hidden ? '' : chart.bestNote.textContent,
    };
  }, which);
}

export const a11yTests = [
  ['a11y: axe finds no violation on first load, mid-run, after training (evaluation) and with "Show code" open', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=circle&epochs=300&pace=40&seed=2');
    await axe(page, 'first load');
    await pg.play();
    await pastEpoch(pg, 5);
    await axe(page, 'training');
    assert(!(await pg.el.evaluate((el) => el.finished)), 'axe ran while the model was still training');
    await pg.trained();
    await pg.part('table.figures').waitFor();
    await pg.part('.roc .uplot').waitFor();
    await axe(page, 'evaluation after training');
    await pg.part('button', { hasText: 'Show code' }).click();
    await pg.part('.code pre').waitFor();
    await axe(page, '"Show code" open');
    // The tabs as the ARIA pattern has them: the arrow key moves to PyTorch and shows it.
    await pg.part('[role=tab]', { hasText: 'Keras' }).focus();
    await page.keyboard.press('ArrowRight');
    const selected = await pg.part('[role=tab][aria-selected=true]').textContent();
    const focused = await pg.el.evaluate((el) => el.shadowRoot.activeElement?.textContent);
    assert(selected === 'PyTorch' && focused === 'PyTorch', `ArrowRight selects and focuses PyTorch (selected ${selected}, focus ${focused})`);
    assert((await pg.part('.code pre').textContent()).includes('import torch'), 'the panel shows the PyTorch script');
    const labelledBy = await pg.part('.code pre').getAttribute('aria-labelledby');
    assert(labelledBy === await pg.part('[role=tab][aria-selected=true]').getAttribute('id'), 'the tab panel is labelled by its tab');
    await axe(page, '"Show code" on the PyTorch tab');
    noProblems(page);
    await page.context().close();
  }],

  ['a11y: axe finds no violation with a CSV loaded (iris.csv) and on digits drawn on', async (ctx) => {
    const { page, pg } = await open(ctx, '#epochs=5&pace=0');
    const iris = await readFile(join(ROOT, 'www/datasets/iris.csv'));
    await pg.part('input[type=file][accept^=".csv"]').setInputFiles({ name: 'iris.csv', mimeType: 'text/csv', buffer: iris });
    await page.waitForFunction((el) => el.settings.dataset === 'csv' && el.info?.fileName === 'iris.csv', await pg.el.elementHandle());
    await pg.part('table.preview').waitFor();
    await axe(page, 'iris.csv loaded');
    await pg.play();
    await pg.trained();
    await pg.part('table.confusion').waitFor();
    await axe(page, 'iris.csv trained');

    await page.goto('about:blank');
    await page.goto(`${ctx.url}/#dataset=digits&epochs=5&pace=0&layers=32:relu&learningRate=0.01`);
    const digits = new Playground(page);
    await digits.ready();
    await digits.play();
    await digits.trained();
    const pad = digits.part('.draw canvas');
    const box = await pad.boundingBox();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i += 1) await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.2 + i * 0.06));
    await page.mouse.up();
    await page.waitForFunction((el) => /\d/.test(el.shadowRoot.querySelector('.prediction').textContent), await digits.el.elementHandle());
    await axe(page, 'digits drawn on');
    noProblems(page);
    await page.context().close();
  }],

  ['a11y: axe finds no violation on a 390 px phone, loaded and training', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=spiral&epochs=2000&pace=40', PHONE);
    await axe(page, 'phone, first load');
    await pg.play();
    await pastEpoch(pg, 5);
    await axe(page, 'phone, training');
    noProblems(page);
    await page.context().close();
  }],

  ['a11y: reduced motion stops every animation and transition, and training still shows', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=circle&epochs=5000&pace=40');
    const moving = () => pg.el.evaluate((el) => {
      const out = [];
      for (const e of el.shadowRoot.querySelectorAll('*')) {
        for (const pseudo of [null, '::before', '::after']) {
          const st = getComputedStyle(e, pseudo);
          const seconds = (v) => v.split(',').reduce((a, t) => a + parseFloat(t), 0);
          if (st.animationName !== 'none' && seconds(st.animationDuration) > 0) out.push(`${e.className || e.tagName}${pseudo ?? ''}: animation ${st.animationName}`);
          if (seconds(st.transitionDuration) > 0) out.push(`${e.className || e.tagName}${pseudo ?? ''}: transition ${st.transitionProperty}`);
        }
      }
      return out;
    });
    await pg.play();
    await pastEpoch(pg, 2);
    // Without the preference the page moves: buttons fade between their states.
    const normal = await moving();
    assert(normal.some((m) => /button|series|tab/.test(m) && /transition/.test(m)), `the page animates by default: ${normal.slice(0, 5)}`);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const reduced = await moving();
    assert(reduced.length === 0, `nothing moves under prefers-reduced-motion: ${reduced.slice(0, 8).join('; ')}`);
    // Training is still seen: the counter and the loss chart change, the light is on.
    const chart = pg.part('.chart').first();
    const before = await chart.screenshot();
    const epoch = await pg.epoch();
    await page.waitForTimeout(800);
    assert(await pg.epoch() > epoch, 'the epoch counter still advances');
    assert(!before.equals(await chart.screenshot()), 'the loss chart still changes');
    const light = await pg.el.evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.status'), '::before').content);
    assert(light !== 'none' && light !== 'normal', `the training light stays (steady): ${light}`);
    noProblems(page);
    await page.context().close();
  }],

  ['a11y: forced colours keep the curves and swatches apart (colour, border, dash)', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=circle&epochs=30&pace=0&valRatio=20');
    await page.emulateMedia({ forcedColors: 'active' });
    assert(await page.evaluate(() => matchMedia('(forced-colors: active)').matches), 'forced colours are on');
    await pg.play();
    await pg.trained();
    const legend = await pg.el.evaluate((el) => [...el.shadowRoot.querySelectorAll('.chart')].filter((c) => !c.hidden).map((c) => ({
      background: getComputedStyle(c.querySelector('.uplot')).backgroundColor,
      items: [...c.querySelectorAll('.series-legend button.series')].map((b) => {
        const sw = b.querySelector('.series-swatch');
        const line = sw.querySelector('line');
        const st = getComputedStyle(sw);
        return {
          name: b.textContent,
          stroke: getComputedStyle(line).stroke,
          dash: getComputedStyle(line).strokeDasharray,
          border: `${st.borderTopWidth} ${st.borderTopStyle} ${st.borderTopColor}`,
          swatchBackground: st.backgroundColor,
        };
      }),
    })));
    assert(legend.length === 2, `two curve charts: ${legend.length}`);
    for (const { background, items } of legend) {
      assert(items.length === 3, `three curves in the legend: ${JSON.stringify(items)}`);
      assert(background === 'rgb(255, 255, 255)', `the chart keeps its white ground under its black axes: ${background}`);
      assert(new Set(items.map((i) => i.stroke)).size === 3, `three colours: ${items.map((i) => i.stroke)}`);
      assert(new Set(items.map((i) => i.dash)).size === 3, `three dash patterns: ${items.map((i) => i.dash)}`);
      for (const i of items) {
        assert(/^1px solid/.test(i.border) && i.border.split(' ').slice(2).join(' ') !== i.swatchBackground, `${i.name}'s swatch has a border: ${i.border} on ${i.swatchBackground}`);
      }
    }
    // The class swatches of the output view keep the colours the points are painted in.
    const swatches = await pg.el.evaluate((el) => [...el.shadowRoot.querySelectorAll('.legend .swatch')].map((s) => getComputedStyle(s).backgroundColor));
    assert(new Set(swatches).size === swatches.length, `the class swatches differ: ${swatches}`);
    await screenshot(page, 'a11y-forced-colours');
    noProblems(page);
    await page.context().close();
  }],

  ['a11y: progress is said politely every ~5 s while training, and at the end', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=circle&epochs=640&pace=40');
    const region = pg.part('[data-announce]');
    assert(await region.getAttribute('aria-live') === 'polite' && await region.getAttribute('role') === 'status', 'a polite status region');
    await pg.play();
    const t0 = Date.now();
    const changes = [];
    let last = await region.textContent();
    // 40 epochs/s for 640 epochs: 16 s of training, read every 100 ms.
    while (!(await pg.el.evaluate((el) => el.finished)) && Date.now() - t0 < 40000) {
      const text = await region.textContent();
      if (text !== last) {
        changes.push({ at: Date.now() - t0, text });
        last = text;
      }
      await page.waitForTimeout(100);
    }
    await page.waitForTimeout(300);
    const end = await region.textContent();
    if (end !== last) changes.push({ at: Date.now() - t0, text: end });
    const during = changes.slice(0, -1);
    const said = changes.map((c) => `${(c.at / 1000).toFixed(1)} s: ${c.text}`).join('\n');
    assert(during.length >= 2 && during.length <= 4, `2 to 4 reports in 16 s of training:\n${said}`);
    assert(during.every((c) => /^Epoch \d+: loss \d\.\d{3}, test accuracy \d\.\d{3}\.$/.test(c.text)), `each says the epoch and the loss:\n${said}`);
    assert(during[0].at >= 4000, `the first report comes after ~5 s, not at once:\n${said}`);
    for (let i = 1; i < during.length; i += 1) assert(during[i].at - during[i - 1].at >= 4500, `reports at least ~5 s apart:\n${said}`);
    const epoch = await pg.epoch();
    assert(new RegExp(`^Training ended at epoch ${epoch}: loss \\d\\.\\d{3}`).test(changes.at(-1).text), `the end is said:\n${said}`);
    noProblems(page);
    await page.context().close();
  }],

  ['a11y: phone 390 px: sticky bar, output right after it, diagram fits, tap targets ≥ 24 px (and at 1400 px)', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=circle&epochs=3000&pace=40', PHONE);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `no sideways scrolling (page ${width} px wide)`);
    const diagram = await pg.part('.diagram-wrap').evaluate((d) => ({ scroll: d.scrollWidth, client: d.clientWidth, right: d.getBoundingClientRect().right }));
    assert(diagram.scroll <= diagram.client + 1 && diagram.right <= 390, `the network diagram fits the screen: ${JSON.stringify(diagram)}`);
    // The output panel comes right under the bar.
    const order = await pg.el.evaluate((el) => [...el.shadowRoot.querySelectorAll('section.panel')]
      .filter((s) => !s.hidden).sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((s) => s.dataset.panel));
    assert(order[0] === 'watch', `the Output panel is first on a phone: ${order}`);
    const small = await smallTargets(pg.el);
    assert(small.length === 0, `tap targets under 24 × 24 px on a phone:\n${small.join('\n')}`);
    await pg.play();
    await pastEpoch(pg, 2);
    await screenshot(page, 'a11y-phone-training');
    // Scrolled down to the training settings, the bar is still at the top, and works.
    await pg.part('[data-panel=training]').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 300));
    const bar = await pg.part('.bar').boundingBox();
    assert(await page.evaluate(() => window.scrollY) > 800, 'the page is scrolled down');
    assert(bar.y >= -1 && bar.y <= 1, `the bar stays at the top of the screen: y = ${bar.y}`);
    await page.screenshot({ path: join(ROOT, 'test-artifacts', 'a11y-phone-scrolled.png') });
    await pg.part('button.play').click();
    await page.waitForFunction((el) => /Paused/.test(el.shadowRoot.querySelector('.status').textContent), await pg.el.elementHandle());
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'a11y-phone');
    // Every panel open (advanced settings, the code) at phone and desktop widths.
    for (const summary of await pg.part('details summary').all()) await summary.click();
    await pg.part('button', { hasText: 'Show code' }).click();
    const phoneOpen = await smallTargets(pg.el);
    assert(phoneOpen.length === 0, `tap targets under 24 × 24 px, panels open:\n${phoneOpen.join('\n')}`);
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.waitForTimeout(200);
    const desk = await smallTargets(pg.el);
    assert(desk.length === 0, `targets under 24 × 24 px at 1400 px:\n${desk.join('\n')}`);
    await screenshot(page, 'a11y-desktop');
    noProblems(page);
    await page.context().close();
  }],

  ['charts: the loss chart\'s "Log scale" switches its y axis and is kept when the chart is made again', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=circle&epochs=60&pace=0');
    await pg.play();
    await pg.trained();
    let state = await chartState(pg);
    assert(state.distr === 1, `a linear y axis at first: distr ${state.distr}`);
    const box = pg.el.getByLabel('Log scale', { exact: true });
    // By keyboard: Tab from the legend's last curve button reaches it, Space ticks it.
    await pg.part('.chart').first().locator('button.series').last().focus();
    await page.keyboard.press('Tab');
    assert(await box.evaluate((b) => b.getRootNode().activeElement === b), 'Tab reaches the Log scale checkbox');
    await page.keyboard.press('Space');
    state = await chartState(pg);
    assert(await box.isChecked() && state.distr === 3 && /log scale/.test(state.yLabel) && /log scale/.test(state.label), `a log axis: ${JSON.stringify(state)}`);
    const points = await pg.el.evaluate((el) => el.view.watch.loss.plot.data[0].length);
    assert(points === 60, `the chart made again keeps its 60 epochs: ${points}`);
    // A validation part changes the curves, so the charts are made again: still log.
    await pg.el.getByLabel('Validation part', { exact: true }).fill('20');
    await pg.settled();
    await page.waitForFunction((el) => el.view.watch.loss.names.includes('validation'), await pg.el.elementHandle());
    state = await chartState(pg);
    assert(await box.isChecked() && state.distr === 3, `still log after the rebuild: ${state.distr}`);
    await box.uncheck();
    assert((await chartState(pg)).distr === 1, 'unticked: linear again');
    noProblems(page);
    await page.context().close();
  }],

  ['charts: early stopping marks its best epoch on the loss and accuracy curves, in words too', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=circle&noise=50&epochs=400&earlyStopping=1&patience=5&valRatio=20&pace=0');
    await pg.play();
    const done = await pg.trained();
    const early = done.stopped?.earlyStopped;
    assert(early && done.epoch < 400 && early.bestEpoch < done.epoch, `stopped early: ${JSON.stringify(done.stopped)} at ${done.epoch}`);
    await page.waitForTimeout(100);
    for (const which of ['loss', 'acc']) {
      const s = await chartState(pg, which);
      assert(s.best === early.bestEpoch && s.markShown && s.markText === `best epoch ${early.bestEpoch}`, `${which}: the mark says the best epoch: ${JSON.stringify(s)}`);
      assert(Math.abs(s.markX - s.expectedX) <= 2, `${which}: the line is at epoch ${early.bestEpoch} (${s.markX} vs ${s.expectedX} px)`);
      assert(s.label.includes(`best epoch ${early.bestEpoch} marked`), `${which}: the description says it: ${s.label}`);
    }
    const note = (await chartState(pg)).note;
    assert(note.includes(`Best epoch ${early.bestEpoch}`) && note.includes(`epoch ${done.epoch}`), `said in words under the chart: ${note}`);
    await pg.part('[data-panel=watch]').screenshot({ path: join(ROOT, 'test-artifacts', 'a11y-best-epoch.png') });
    // A new model clears the mark.
    await pg.part('button', { hasText: 'Reset' }).click();
    await pg.settled();
    await page.waitForFunction((el) => el.view.watch.loss.best === null, await pg.el.elementHandle());
    assert(!(await chartState(pg)).markShown, 'reset clears the mark');
    noProblems(page);
    await page.context().close();
  }],
];
