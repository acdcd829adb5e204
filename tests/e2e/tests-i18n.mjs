// Two languages and the controls' explanations: switching to Chinese after training keeps
// every piece of state and speaks Chinese (axe clean), and back; every control of the panels
// has a "?" toggletip reachable by keyboard that links to a lesson of the course; the `lang`
// attribute (or the browser's language) holds from the start; the message keys the code
// uses all exist in English (and those Chinese lacks are listed).
import { assert, newPage, noProblems, screenshot } from './harness.mjs';
import { Playground, open } from './page.mjs';
import { axe } from './a11y.mjs';
import { check } from '../i18n/keys.mjs';

/** The course's lessons (the design's list, written out here so a wrong link fails). */
const COURSE = ['data', 'first-neuron', 'layers', 'losses', 'gradient-descent', 'optimizers', 'learning-rate',
  'evaluation', 'overfitting', 'learning-curves', 'images', 'text', 'compression', 'deployment'];

/** What a person sees of the element that can tell a language: headings, buttons, labels, captions, chart titles. */
async function visible(pg) {
  return pg.el.evaluate((el) => {
    const r = el.shadowRoot;
    const texts = (sel) => [...r.querySelectorAll(sel)].map((e) => e.textContent.trim());
    return {
      play: r.querySelector('button.play').textContent,
      step: r.querySelector('[data-control=step]').textContent,
      headings: texts('section.panel > h2'),
      labels: texts('label'),
      captions: texts('caption'),
      chartTitles: texts('.u-title'),
      metricNames: texts('table.figures th[scope=row]'),
      epoch: r.querySelector('[data-epoch]').textContent,
      describedLoss: r.querySelector('.chart .uplot')?.getAttribute('aria-label'),
      // Text that looks like a message key (`panel.data`): a message missing from every catalogue.
      keys: [...r.querySelectorAll('*')].flatMap((e) => [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data.trim()))
        .filter((s) => /^[a-z]+(\.[\w-]+)+$/.test(s) && !/^\d/.test(s)),
    };
  });
}

/** The state a language switch must keep. */
async function state(pg) {
  return pg.el.evaluate(async (el) => ({
    settings: JSON.stringify(el.settings),
    epoch: el.epoch,
    history: JSON.stringify(el.history),
    model: await el.exportModel(),
    accuracy: el.shadowRoot.querySelector('td[data-metric=Accuracy]')?.textContent,
    curvePoints: el.shadowRoot.querySelectorAll('.chart .uplot').length,
    lossPoints: el.view.watch.loss.length,
    finished: el.finished,
  }));
}

const setLang = (pg, lang) => pg.el.evaluate((el, l) => {
  if (l == null) el.removeAttribute('lang');
  else el.setAttribute('lang', l);
  return new Promise(requestAnimationFrame);
}, lang);

export const i18nTests = [
  ['i18n: every message key the code uses is in English; the keys Chinese lacks are listed', async () => {
    const r = await check();
    console.log(`     ${r.keys} messages, ${r.used} keys named in the code; Chinese lacks ${r.missingZh.length}${r.missingZh.length ? `: ${r.missingZh.join(', ')}` : ''}`);
    assert(r.used > 250, `the code names ${r.used} keys: the scan of the sources found too few`);
    assert(r.undefinedKeys.length === 0, `keys the code uses that en.js lacks: ${r.undefinedKeys.map(([k, f]) => `${k} (${f})`).join(', ')}`);
    assert(r.unusedPrefixes.length === 0, `key families the code builds that en.js lacks: ${r.unusedPrefixes.map(([k]) => k).join(', ')}`);
  }],

  ['i18n: switching to Chinese after training keeps settings, model, epoch, curves and evaluation; Chinese on screen, axe clean; and back', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=xor&epochs=25&pace=0&seed=4&layers=6:tanh,3:tanh&valRatio=10');
    await pg.choose('Learning rate', '0.01');
    await pg.play();
    await pg.trained();
    await pg.part('td[data-metric=Accuracy]').waitFor();
    const before = await state(pg);
    const en = await visible(pg);
    assert(before.epoch === 25 && before.lossPoints === 25 && before.finished, `trained 25 epochs (${before.epoch}, ${before.lossPoints} points)`);
    assert(en.play === 'Restart' && en.headings.includes('Network') && en.headings.includes('Training'), `English first: ${en.play}, ${en.headings}`);

    await setLang(pg, 'zh');
    const zh = await visible(pg);
    const kept = await state(pg);
    for (const key of Object.keys(before)) assert(kept[key] === before[key], `the switch to Chinese keeps ${key}: ${String(before[key]).slice(0, 80)} → ${String(kept[key]).slice(0, 80)}`);
    assert(zh.play === '重新开始' && zh.step === '单步', `the transport buttons speak Chinese: ${zh.play}, ${zh.step}`);
    for (const h of ['数据', '网络', '训练', '输出', '评估（测试集）']) assert(zh.headings.includes(h), `panel heading ${h} in ${zh.headings}`);
    for (const l of ['学习率', '批大小', '优化器', '激活函数', '正则化', '早停', '验证集比例']) assert(zh.labels.includes(l), `label ${l} in ${zh.labels.join(' | ')}`);
    assert(zh.captions.includes('测试指标') && zh.metricNames.includes('准确率') && zh.metricNames.includes('精确率') && zh.metricNames.includes('召回率'),
      `the evaluation speaks Chinese: ${zh.captions} / ${zh.metricNames}`);
    assert(zh.chartTitles.includes('损失') && zh.chartTitles.includes('准确率') && zh.chartTitles.includes('ROC 曲线'), `chart titles: ${zh.chartTitles}`);
    assert(/^每轮的损失：训练集（实线），验证集（虚线），测试集（点线）/.test(zh.describedLoss), `the loss chart is described in Chinese: ${zh.describedLoss}`);
    assert(zh.keys.length === 0, `text shown as a raw key: ${zh.keys}`);
    const english = zh.labels.filter((l) => /^[A-Z][a-z]+( [a-z]+)*$/.test(l));
    assert(english.length === 0, `labels still in English: ${english}`);
    await axe(page, 'in Chinese after training');
    await screenshot(page, 'i18n-zh-1400');

    // A change made in Chinese works as in English, and the evaluation follows it.
    await pg.el.getByLabel('决策阈值', { exact: true }).fill('0.7');
    await pg.settled();

    await setLang(pg, 'en');
    const back = await visible(pg);
    const after = await state(pg);
    for (const key of ['settings', 'epoch', 'history', 'model', 'lossPoints']) assert(after[key] === before[key], `back in English, ${key} is kept`);
    assert(back.play === 'Restart' && back.headings.join() === en.headings.join() && back.labels.join() === en.labels.join(),
      `English again: ${back.play}; ${back.headings}`);
    assert(back.chartTitles.includes('Loss') && back.keys.length === 0, `charts in English again: ${back.chartTitles}`);
    noProblems(page);
    await page.context().close();
  }],

  ['i18n: every control in the panels has a "?" toggletip reached with Tab, shown on focus and hover, closed by Escape, linking to a lesson of the course', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=circle&epochs=5&pace=0');
    await pg.play();
    await pg.trained();
    await pg.part('.roc .uplot').waitFor();
    // Every control a person uses in the panels and the training bar (not the "?" buttons
    // and links themselves, the curves' legend, the code tabs, the diagram's neurons).
    const report = await pg.el.evaluate((el, course) => {
      const r = el.shadowRoot;
      const shown = (e) => e.getClientRects().length > 0;
      const controls = [...r.querySelectorAll('.bar button, section.panel select, section.panel input, section.panel button, section.panel label.button')]
        .filter((e) => !e.matches('.help-tip, .series-legend button, [role=tab], button.node, .confirm button, .code-bar button, .try button, .weight-editor *'))
        .filter((e) => !(e.type === 'file') && (shown(e) || e.closest('.with-tip, .field')?.getClientRects().length));
      const problems = [];
      const lessons = new Set();
      for (const c of controls) {
        const name = c.labels?.[0]?.textContent || c.getAttribute('aria-label') || c.textContent;
        const target = c.matches('label.button') ? r.getElementById(c.htmlFor) : c;
        const id = target.getAttribute('aria-describedby');
        const text = id && r.getElementById(id);
        const link = text?.closest('.tip-bubble')?.querySelector('a[data-lesson]');
        if (!text || !text.textContent.trim()) problems.push(`${name}: no explanation`);
        else if (!link) problems.push(`${name}: no lesson link`);
        else {
          const url = new URL(link.href);
          const lesson = url.searchParams.get('lesson');
          if (!url.pathname.endsWith('/learn/lesson.html') || !course.includes(lesson)) problems.push(`${name}: links to ${link.href}`);
          lessons.add(lesson);
        }
      }
      return { count: controls.length, problems, lessons: [...lessons] };
    }, COURSE);
    assert(report.count >= 45, `only ${report.count} controls found`);
    assert(report.problems.length === 0, `controls without a proper tooltip:\n${report.problems.join('\n')}`);
    console.log(`     ${report.count} controls, lessons linked: ${report.lessons.join(', ')}`);

    // Keyboard: Tab from the page's start reaches every "?" shown; each opens on focus, its
    // link comes next, Escape closes it and keeps the focus on the "?".
    // (A listener notes each "?" focused and whether its bubble was open then.)
    await pg.el.evaluate((el) => el.shadowRoot.addEventListener('focusin', (e) => {
      const a = e.target;
      if (a.matches?.('button.help-tip')) a.dataset.reached = getComputedStyle(a.nextElementSibling).display !== 'none' ? 'open' : 'closed';
    }));
    const tips = await pg.part('button.help-tip').evaluateAll((els) => els.filter((e) => e.checkVisibility()).length);
    await page.locator('body').focus();
    const count = () => pg.part('button.help-tip[data-reached]').count();
    for (let i = 0; i < 12 && (await count()) < tips; i += 1) {
      for (let k = 0; k < 50; k += 1) await page.keyboard.press('Tab');
    }
    const missed = await pg.part('button.help-tip:not([data-reached])').evaluateAll((els) => els.filter((e) => e.checkVisibility()).map((e) => e.getAttribute('aria-label')));
    assert(missed.length === 0 && (await count()) === tips, `Tab reached ${await count()} of ${tips} "?" buttons; not: ${missed}`);
    const shut = await pg.part('button.help-tip[data-reached=closed]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert(shut.length === 0, `bubbles that did not open on keyboard focus: ${shut}`);
    console.log(`     Tab reached all ${tips} "?" buttons shown, each bubble open on focus`);

    const tip = pg.part('button.help-tip[aria-label="About Learning rate"]');
    await tip.focus();
    const bubble = pg.part('.tip-bubble[data-help=learningRate]');
    assert(await bubble.isVisible(), 'the learning-rate bubble shows on focus');
    await page.keyboard.press('Tab');
    const onLink = await pg.el.evaluate((el) => el.shadowRoot.activeElement?.dataset.lesson);
    assert(onLink === 'learning-rate', `Tab goes to the bubble's link (${onLink})`);
    await page.keyboard.press('Escape');
    assert(!(await bubble.isVisible()), 'Escape closes the bubble');
    assert(await pg.el.evaluate((el) => el.shadowRoot.activeElement?.getAttribute('aria-label')) === 'About Learning rate', 'the focus goes back to the "?"');
    await page.keyboard.press('Tab');
    await page.mouse.move(0, 0);
    assert(!(await bubble.isVisible()), 'leaving the "?" closes the bubble');
    await pg.part('button.help-tip[aria-label="About Batch size"]').hover();
    assert(await pg.part('.tip-bubble[data-help=batchSize]').isVisible(), 'hovering a "?" shows its bubble');
    const box = await pg.part('.tip-bubble[data-help=batchSize]').boundingBox();
    assert(box.x >= 0 && box.x + box.width <= 1400, `the bubble stays in the window (${box.x}, ${box.width})`);
    await screenshot(page, 'i18n-tooltip-1400');
    // The setting's control says which setting it is (for lessons that lock controls).
    const settings = await pg.part('[data-setting]').evaluateAll((els) => [...new Set(els.map((e) => e.dataset.setting))]);
    for (const s of ['dataset', 'noise', 'transforms', 'layers', 'optimizer', 'learning-rate', 'batch-size', 'epochs', 'regularization', 'early-stopping', 'seed'])
      assert(settings.includes(s), `data-setting="${s}" is on its control (${settings})`);
    await axe(page, 'a bubble open');
    noProblems(page);
    await page.context().close();
  }],

  ['i18n: the page\'s language switch sets the playground\'s lang and the page\'s, and is remembered on reload', async (ctx) => {
    const { page, pg } = await open(ctx, '#epochs=3&pace=0');
    await pg.play();
    await pg.trained();
    await page.getByLabel('Language', { exact: true }).selectOption('zh');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    assert(await pg.el.getAttribute('lang') === 'zh', 'the switch sets lang="zh" on the playground');
    assert(await pg.part('button.play').textContent() === '重新开始' && await pg.epoch() === 3, 'the playground speaks Chinese and keeps its run');
    assert(await page.locator('#tagline').textContent() === '在玩具数据、真实数据集或你自己的 CSV 上训练神经网络，看着它学习。', 'the page\'s tagline too');
    await page.reload();
    await new Playground(page).ready();
    assert(await page.getByLabel('语言', { exact: true }).inputValue() === 'zh', 'the choice is remembered');
    assert(await pg.part('h2').first().textContent() === '输出' || await pg.part('h2').first().textContent() === '数据', 'Chinese after the reload');
    assert(await page.evaluate(() => document.documentElement.lang) === 'zh-CN', 'the page says it is Chinese after the reload');
    await page.getByLabel('语言', { exact: true }).selectOption('en');
    assert(await pg.part('button.play').textContent() !== '开始' && await page.title() === 'nnplay — train a neural network in your browser', 'back to English');
    noProblems(page);
    await page.context().close();
  }],

  ['i18n: the lang attribute holds from the start (zh-CN), else the browser\'s language; tooltips fit a 390 px phone in Chinese', async (ctx) => {
    const make = async (locale, attrs, viewport) => {
      const context = await ctx.browser.newContext({ locale, viewport: viewport ?? { width: 1400, height: 1000 } });
      const page = await context.newPage();
      page.problems = [];
      page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
      await page.goto(`${ctx.url}/examples/blank.html`);
      await page.evaluate((a) => {
        const el = document.createElement('nn-playground');
        for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
        const main = document.createElement('main');
        const title = document.createElement('h1');
        title.textContent = 'nnplay';
        main.append(title, el);
        document.body.append(main);
        return import('/playground/nn-playground.js');
      }, attrs);
      const pg = new Playground(page);
      await pg.ready();
      return { page, pg };
    };
    const said = async (pg) => pg.el.evaluate((el) => [el.shadowRoot.querySelector('button.play').textContent, el.shadowRoot.querySelector('h2').textContent]);

    let { page, pg } = await make('en-US', { lang: 'zh-CN', pace: '0' });
    assert((await said(pg)).join() === '开始,数据', `lang="zh-CN" at start: ${await said(pg)}`);
    await page.context().close();

    ({ page, pg } = await make('zh-CN', { pace: '0' }));
    assert((await said(pg)).join() === '开始,数据', `a Chinese browser without lang: ${await said(pg)}`);
    await setLang(pg, 'en');
    assert((await said(pg)).join() === 'Play,Data', `lang="en" over a Chinese browser: ${await said(pg)}`);
    await setLang(pg, null);
    assert((await said(pg)).join() === '开始,数据', `lang removed: the browser's language again: ${await said(pg)}`);
    assert(page.problems.length === 0, page.problems.join('\n'));
    await page.context().close();

    ({ page, pg } = await make('en-US', { lang: 'zh' }, { width: 390, height: 844 }));
    await pg.part('button.help-tip[aria-label="关于“学习率”"]').focus();
    const box = await pg.part('.tip-bubble[data-help=learningRate]').boundingBox();
    assert(box.x >= 0 && box.x + box.width <= 390, `the bubble fits the phone (${box.x} + ${box.width})`);
    await axe(page, 'Chinese on a 390 px phone, a bubble open');
    await screenshot(page, 'i18n-zh-390');
    await page.context().close();
  }],
];
