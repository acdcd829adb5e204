// The lesson file format (www/learn/lesson-format.js) and the Markdown of the lessons
// (www/learn/markdown.js), in node: good files read as the README says, each kind of bad
// file refused with its line and key, missing translations listed; every lesson file of the
// course and the README's example read and render. Run: node --test tests/learn/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { LessonError, lessonGoals, missingTranslations, parseLesson, pick, settingPairs, settingsHash } from '../../www/learn/lesson-format.js';
import { markdown } from '../../www/learn/markdown.js';
import { COURSE, lessonFile } from '../../www/learn/course.js';
import { describeRun, settingsOf } from '../../www/learn/strings.js';
import { fromHash } from '../../www/playground/settings.js';
import { readmeExample } from './readme-example.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The engine's catalog (data sets, losses, optimizers, …), from the wasm build in www/pkg. */
async function engineCatalog() {
  const wasm = join(ROOT, 'www/pkg/nnplay_bg.wasm');
  assert.ok(existsSync(wasm), 'www/pkg holds no wasm build: run scripts/build-wasm.sh');
  const engine = await import('../../www/pkg/nnplay.js');
  engine.initSync({ module: readFileSync(wasm) });
  return engine.catalog();
}
const FIXTURE = readFileSync(join(ROOT, 'tests/learn/fixtures/01-circles.md'), 'utf8');

const HEAD = '---\nid: t\ntitle: T\n---\n';
const PLAYGROUND = '```playground\ndataset: circle\n```\n';
const GOAL = (lines) => `\`\`\`goal\n${lines.join('\n')}\n\`\`\`\n`;
const OK_GOAL = ['id: g', 'goal: test-loss <= 0.2', 'text: Reach it.', 'solution: layers=4:tanh'];

/** The errors parseLesson gives for `text`: `[{ line, key, message }]`. */
function errors(text, options) {
  try {
    parseLesson(text, options);
  } catch (e) {
    assert.ok(e instanceof LessonError, `a LessonError, not ${e}`);
    return e.errors;
  }
  assert.fail('the lesson was accepted');
}

/** Asserts that `text` is refused with exactly one error, on `line` about `key`, its message matching `pattern`. */
function refused(text, line, key, pattern) {
  const list = errors(text);
  assert.equal(list.length, 1, `one error, not: ${JSON.stringify(list)}`);
  assert.equal(list[0].line, line, list[0].message);
  assert.equal(list[0].key, key, list[0].message);
  if (pattern) assert.match(list[0].message, pattern);
}

test('a good lesson reads as front matter, prose with its translation, a playground and its goal', () => {
  const lesson = parseLesson(FIXTURE, { file: '01-circles.md' });
  assert.equal(lesson.id, 'circles');
  assert.deepEqual(lesson.title, { en: 'Two circles', zh: '两个圆环' });
  assert.equal(lesson.summary.zh, '一条直线分不开两个圆环；一个隐藏层就可以。');
  assert.deepEqual(lesson.blocks.map((b) => b.type), ['prose', 'playground', 'goal', 'prose']);
  const [prose, playground, goal, last] = lesson.blocks;
  assert.match(prose.en, /^## Lines and circles/);
  assert.match(prose.zh, /^## 直线与圆环/);
  assert.equal(prose.line, 8);
  assert.equal(last.zh, null);
  assert.equal(playground.id, 'circles');
  assert.deepEqual(playground.attributes, {
    dataset: 'circle', layers: '', 'learning-rate': '0.03', epochs: '300', pace: '0', panels: 'network,training,watch', locked: 'dataset',
  });
  assert.deepEqual(playground.goals.map((g) => g.id), ['hidden']);
  assert.equal(goal.target, 'circles');
  assert.equal(goal.host, 1);
  assert.deepEqual(goal.condition.condition, { metric: 'test-accuracy', op: '>=', value: 0.9 });
  assert.deepEqual(goal.condition.constraints, [{ key: 'hidden-layers', op: '>=', value: 1 }]);
  assert.equal(goal.text.zh, '用至少一个隐藏层达到 90% 的测试准确率。');
  assert.deepEqual(goal.hints.map((h) => [h.en, h.zh]), [
    ['A line cannot do it: add a hidden layer.', '直线做不到：加一个隐藏层。'],
    ['Four tanh neurons are enough.', null],
  ]);
  assert.equal(goal.solution, 'layers=4:tanh&learning-rate=0.03');
  assert.equal(goal.wrong, 'layers=');
  assert.deepEqual(lessonGoals(lesson), [goal]);
});

test('quotes around a whole front-matter value, as YAML has them, are dropped', () => {
  const lesson = parseLesson('---\nid: t\ntitle: "Gradient descent: batch"\ntitle.zh: \'梯度下降：批量\'\nsummary: He said "no"\n---\n');
  assert.deepEqual(lesson.title, { en: 'Gradient descent: batch', zh: '梯度下降：批量' });
  assert.equal(lesson.summary.en, 'He said "no"');
});

test('missing translations are listed with their lines, not refused', () => {
  const lesson = parseLesson(FIXTURE);
  assert.deepEqual(missingTranslations(lesson).map((m) => [m.line, m.key]), [[46, 'hint.zh'], [50, ':::zh']]);
  const bare = parseLesson(`${HEAD}Some prose.\n\n${PLAYGROUND}${GOAL(OK_GOAL)}`);
  assert.deepEqual(missingTranslations(bare).map((m) => [m.line, m.key, m.text]), [
    [1, 'title.zh', 'T'], [5, ':::zh', 'Some prose.'], [10, 'text.zh', 'Reach it.'],
  ]);
  assert.deepEqual(pick(bare.title, 'zh'), { text: 'T', lang: 'en' });
  assert.deepEqual(pick(lesson.title, 'zh'), { text: '两个圆环', lang: 'zh' });
});

test('goals take the playground above, or the one they name; race blocks pass their keys through', () => {
  const text = `${HEAD}\`\`\`playground\nid: a\ndataset: xor\n\`\`\`\n\`\`\`race\nid: r\ncontestants: sgd 0.1; adam 0.01\ntitle: Two\ntitle.zh: 二\n\`\`\`\n`
    + `${GOAL(['id: on-race', 'goal: adam-loss <= 0.2', 'text: Adam wins.'])}${GOAL([...OK_GOAL.map((l) => l.replace('id: g', 'id: on-a')), 'playground: a'])}`;
  const lesson = parseLesson(text);
  const [a, race] = lesson.blocks;
  assert.deepEqual(a.goals.map((g) => g.id), ['on-a']);
  assert.deepEqual(race.goals.map((g) => g.id), ['on-race']);
  assert.deepEqual(race.attributes, { contestants: 'sgd 0.1; adam 0.01', title: 'Two' });
  assert.deepEqual(race.translations, { zh: { title: '二' } });
  // A race's goals use the race's own names, so no solution is needed.
  assert.equal(lesson.blocks[2].solution, null);
});

test('an event goal needs no solution; layers may be empty (no hidden layer)', () => {
  const lesson = parseLesson(`${HEAD}\`\`\`playground\nlayers:\n\`\`\`\n${GOAL(['id: e', 'goal: event diverged', 'text: Make it diverge.', 'wrong: learning-rate=0.001'])}`);
  assert.deepEqual(lesson.blocks[1].condition.condition, { event: 'diverged' });
  assert.equal(lesson.blocks[0].attributes.layers, '');
});

test('each fault is refused with its line and key', () => {
  refused('id: t\n', 1, 'id', /starts with front matter/);
  refused('---\nid: t\ntitle: T\n', 1, 'id', /not closed/);
  refused('---\nid: t\n---\n', 3, 'title', /no "title"/);
  refused('---\nid: t\ntitle: T\nauthor: me\n---\n', 4, 'author', /unknown key "author" in the front matter/);
  refused('---\nid: t\ntitle: T\ntitle.fr: T\n---\n', 4, 'title.fr', /a translation is "title.zh"/);
  refused('---\nid: t\ntitle.zh: 题\ntitle: T\n---\n', 3, 'title.zh', /comes before "title"/);
  refused('---\nid: T_1\ntitle: T\n---\n', 2, 'id', /lower-case/);
  refused('---\nid: t\ntitle: T\nid: u\n---\n', 4, 'id', /twice/);
  const unknown = errors(`${HEAD}\n\`\`\`playground\ndataset: circle\nlerning-rate: 0.1\n\`\`\`\n`);
  assert.deepEqual(unknown.map((e) => [e.line, e.key, e.message]), [[8, 'lerning-rate', 'unknown key "lerning-rate" in a playground block']]);
  refused(`${HEAD}\`\`\`playground\nlearning-rate: fast\n\`\`\`\n`, 6, 'learning-rate', /"fast" is not a valid value/);
  refused(`${HEAD}\`\`\`playground\npanels: watch, chart\n\`\`\`\n`, 6, 'panels', /"chart" is not one of data, network/);
  refused(`${HEAD}\`\`\`playground\nlocked: dataset, lerning-rate\n\`\`\`\n`, 6, 'locked', /"lerning-rate" is not one of/);
  refused(`${HEAD}\`\`\`playground\ngoals: loss < 1\n\`\`\`\n`, 6, 'goals', /goal blocks below the playground give them/);
  refused(`${HEAD}\`\`\`playground\ndataset circle\n\`\`\`\n`, 6, 'dataset', /not a "key: value" line/);
  refused(`${HEAD}\`\`\`playground\ndataset: circle\n`, 5, 'playground', /not closed/);
  refused(`${HEAD}${PLAYGROUND}${GOAL(['id: g', 'goal: test-loss << 0.2', 'text: x', 'solution: seed=2'])}`, 10, 'goal', /bad goal "test-loss << 0.2"/);
  refused(`${HEAD}${PLAYGROUND}${GOAL(['id: g', 'goal: tset-loss <= 0.2', 'text: x', 'solution: seed=2'])}`, 10, 'goal', /unknown metric "tset-loss"/);
  refused(`${HEAD}${PLAYGROUND}${GOAL(['id: g', 'goal: test-loss <= 0.2 with nuerons <= 4', 'text: x', 'solution: seed=2'])}`, 10, 'goal', /unknown constraint key "nuerons"/);
  refused(`${HEAD}${PLAYGROUND}${GOAL(['id: g', 'goal: event dived', 'text: x'])}`, 10, 'goal', /unknown event "dived"/);
  refused(`${HEAD}${PLAYGROUND}${GOAL(['id: g', 'goal: test-loss <= 0.2', 'solution: seed=2'])}`, 8, 'text', /a goal block has no "text"/);
  refused(`${HEAD}${PLAYGROUND}${GOAL(['id: g', 'goal: test-loss <= 0.2', 'text: x'])}`, 8, 'solution', /no "solution"/);
  refused(`${HEAD}${PLAYGROUND}${GOAL([...OK_GOAL.slice(0, 3), 'solution: lerning-rate=0.1'])}`, 12, 'solution', /unknown setting "lerning-rate"/);
  refused(`${HEAD}${PLAYGROUND}${GOAL([...OK_GOAL, 'wrong: batch-size=many'])}`, 13, 'wrong', /"many" is not a valid value of batch-size/);
  refused(`${HEAD}${PLAYGROUND}${GOAL([...OK_GOAL, 'hint.zh: 提示'])}`, 13, 'hint.zh', /does not follow a "hint"/);
  refused(`${HEAD}${PLAYGROUND}${GOAL([...OK_GOAL, 'goal.zh: x'])}`, 13, 'goal.zh', /"goal" is not a text to translate/);
  refused(`${HEAD}${PLAYGROUND}${GOAL([...OK_GOAL, 'text: again'])}`, 13, 'text', /twice/);
  refused(`${HEAD}${GOAL(OK_GOAL)}`, 5, 'goal', /no playground or race above it/);
  refused(`${HEAD}${PLAYGROUND}${GOAL([...OK_GOAL, 'playground: b'])}`, 8, 'playground', /no playground or race with the id "b"/);
  refused(`${HEAD}${PLAYGROUND}${GOAL(OK_GOAL)}${GOAL(OK_GOAL)}`, 14, 'id', /goal id "g" is given to two goals/);
  refused(`${HEAD}\`\`\`race\ncontestants: sgd 0.1\n\`\`\`\n`, 5, 'id', /a race block has no "id"/);
  refused(`${HEAD}:::zh\n你好\n:::\n`, 5, ':::zh', /no English prose before it/);
  refused(`${HEAD}Hello.\n:::zh\n你好\n`, 6, ':::zh', /not closed/);
  refused(`${HEAD}Hello.\n:::fr\nBonjour\n:::\n`, 6, ':::fr', /opens no translation block/);
  refused(`${HEAD}Hello.\n:::\n`, 6, ':::', /none is open/);
});

test('the file name and the id agree; every fault of a file is listed, in line order', () => {
  assert.deepEqual(errors('---\nid: circle\ntitle: T\n---\n', { file: '01-circles.md' }).map((e) => [e.line, e.key]), [[2, 'id']]);
  const many = errors(`${HEAD}\`\`\`playground\nlerning-rate: 0.1\nnoise: loud\n\`\`\`\n${GOAL(['id: g', 'goal: loss <', 'text: x'])}`, { file: '02-t.md' });
  assert.deepEqual(many.map((e) => [e.line, e.key]), [[6, 'lerning-rate'], [7, 'noise'], [11, 'goal']]);
  assert.throws(() => parseLesson(`${HEAD}\`\`\`playground\nlerning-rate: 0.1\n\`\`\`\n`, { file: '02-t.md' }),
    { message: '02-t.md: line 6: unknown key "lerning-rate" in a playground block' });
});

test('code fences in the prose stay prose, a ":::zh" inside them included', () => {
  const lesson = parseLesson(`${HEAD}Code:\n\n\`\`\`js\n:::zh\nlet x = 1;\n\`\`\`\n`);
  assert.equal(lesson.blocks.length, 1);
  assert.match(lesson.blocks[0].en, /:::zh\nlet x = 1;/);
});

test('solutions read as settings through settings.js, in kebab-case or the hash\'s names', () => {
  assert.deepEqual(settingPairs('layers=4:tanh&learning-rate=0.03&batchSize=1&activation=relu'),
    [['layers', '4:tanh'], ['learningRate', '0.03'], ['batchSize', '1'], ['activation', 'relu']]);
  assert.equal(settingsHash('layers=4:tanh&learning-rate=0.03&activation=relu'), '#layers=4%3Atanh&learningRate=0.03');
  assert.deepEqual(fromHash(settingsHash('layers=4:tanh&learning-rate=0.03'), {}),
    { layers: [{ units: 4, activation: 'tanh', dropout: 0 }], learningRate: 0.03 });
  assert.deepEqual(fromHash(settingsHash('layers='), {}), { layers: [] });
});

test('a run is described in both languages by the settings the goal speaks of', () => {
  const settings = { layers: [{ units: 4, activation: 'tanh', dropout: 0 }], learningRate: 0.03, optimizer: 'sgd', batchSize: 1 };
  const names = settingsOf(['neurons', 'layers', 'learning-rate']);
  assert.deepEqual(names, ['layers', 'learningRate']);
  assert.equal(describeRun(settings, names, 'en'), '4 neurons, tanh, learning rate 0.03');
  assert.equal(describeRun(settings, names, 'zh'), '4 个神经元，tanh，学习率 0.03');
  assert.equal(describeRun({ layers: [] }, ['layers'], 'en'), 'no hidden layer');
  assert.equal(describeRun({ layers: [{ units: 4, activation: 'relu' }, { units: 2, activation: 'relu', dropout: 0.2 }] }, ['layers'], 'en'),
    '6 neurons in 2 layers (4, 2), relu, dropout 0.2');
  assert.equal(describeRun(settings, settingsOf(['optimizer', 'batch-size']), 'en'), 'optimizer sgd, batch size 1');
});

test('Markdown: formulas become MathML, raw HTML and script links do not get through', () => {
  const md = markdown({ throwOnError: true });
  const html = md.block('An $x_1$ and\n\n$$\\frac{a}{b}$$\n\n`$5` costs $5 and $6. <script>alert(1)</script> <img src=x onerror=alert(1)> '
    + '[bad](javascript:alert(1)) [good](./index.html) ![p](javascript:x)');
  assert.match(html, /<math><semantics><msub><mi>x<\/mi><mn>1<\/mn><\/msub>/);
  assert.match(html, /<div class="formula"><math display="block"[^>]*><semantics><mfrac>/);
  assert.match(html, /<code>\$5<\/code> costs \$5 and \$6\./);
  assert.ok(!/<script|<img src=x|onerror=alert/i.test(html.replace(/&lt;[^&]*&gt;/g, '')), html);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.ok(!html.includes('javascript:'), html);
  assert.match(html, /<a href="\.\/index\.html">good<\/a>/);
  assert.match(md.block('# Title\n\n## Part\n\n### Sub'), /^<h2>Title<\/h2>\n<h2>Part<\/h2>\n<h3>Sub<\/h3>/);
  assert.match(md.block('| $f(z)$ | b |\n|---|---|\n| $y$ | 1 |'), /<th><math aria-label="f\(z\)"><semantics>[\s\S]*<td><math><semantics>/);
  assert.throws(() => md.block('$\\frac{a$'), /Temml|expected|end of input/i);
  assert.ok(!markdown().block('$\\frac{a$').includes('<script'));
});

/** The lesson files of the course (www/learn/lessons/NN-<id>.md) present so far. */
function lessonFiles() {
  try {
    return readdirSync(join(ROOT, 'www/learn/lessons')).filter((f) => f.endsWith('.md')).sort();
  } catch {
    return [];
  }
}

test('with the engine\'s catalog, names of choices outside it are refused with their line and key', async () => {
  const catalog = await engineCatalog();
  const text = `${HEAD}\`\`\`playground\ndataset: circles\nlayers: 4:tanh,2:swish\nloss: auto\n\`\`\`\n`
    + GOAL(['id: g', 'goal: test-loss <= 0.2 with loss = mse', 'text: x', 'solution: loss=mse&optimizer=adam', 'wrong: optimizer=adma']);
  assert.doesNotThrow(() => parseLesson(text), 'without the catalog the names are not checked');
  const list = errors(text, { catalog });
  assert.deepEqual(list.map((e) => [e.line, e.key]), [[6, 'dataset'], [7, 'layers'], [12, 'goal'], [14, 'solution'], [15, 'wrong']]);
  assert.match(list[0].message, /"circles" is not one of the engine's circle, xor/);
  assert.match(list[1].message, /"swish" is not one of the engine's linear, relu/);
  assert.match(list[2].message, /"mse" is not one of the engine's auto, mean_squared_error/);
  assert.doesNotThrow(() => parseLesson(FIXTURE, { catalog }));
});

test('every lesson file of the course reads (its names of choices the engine\'s), is in the course at its number, and its formulas render', async (t) => {
  const md = markdown({ throwOnError: true });
  const catalog = await engineCatalog();
  const files = lessonFiles();
  if (!files.length) t.diagnostic('no lesson file in www/learn/lessons/ yet');
  for (const file of files) {
    await t.test(file, (t2) => {
      const text = readFileSync(join(ROOT, 'www/learn/lessons', file), 'utf8');
      const lesson = parseLesson(text, { file, catalog });
      assert.equal(`lessons/${file}`, lessonFile(lesson.id), `${file}: the course (www/learn/course.js) has "${lesson.id}" as lesson ${COURSE.indexOf(lesson.id) + 1}`);
      for (const b of lesson.blocks) {
        if (b.type === 'prose') for (const lang of ['en', 'zh']) if (b[lang]) assert.doesNotThrow(() => md.block(b[lang]), `${file} line ${b.line} (${lang})`);
        if (b.type === 'goal') for (const text2 of [b.text, ...b.hints]) for (const lang of ['en', 'zh']) if (text2[lang]) md.inline(text2[lang]);
      }
      const missing = missingTranslations(lesson);
      t2.diagnostic(`${lessonGoals(lesson).length} goals; ${missing.length ? `missing Chinese: ${missing.map((m) => `line ${m.line} ${m.key}`).join(', ')}` : 'fully translated'}`);
    });
  }
});

test('the README\'s example lesson reads and is fully translated', async () => {
  const lesson = parseLesson(readmeExample(), { catalog: await engineCatalog() });
  assert.ok(lessonGoals(lesson).length >= 1);
  assert.deepEqual(missingTranslations(lesson), []);
  markdown({ throwOnError: true }).block(lesson.blocks.filter((b) => b.type === 'prose').map((b) => b.en).join('\n\n'));
});
