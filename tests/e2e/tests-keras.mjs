// "Show code" run as its reader runs it: the page's Keras script, copied unmodified beside
// its data file, executed by Keras 3 on the JAX backend (the virtual environment that
// scripts/setup.sh makes from tests/e2e/requirements.txt). Its test score is set beside
// the page's own after the same settings.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, WWW, assert, noProblems } from './harness.mjs';
import { open } from './page.mjs';
import { fruitCsv } from './tests-try.mjs';

const PYTHON = join(ROOT, '.venv', 'bin', 'python');

/** Reviews: a price, a shop (categorical), the review's words (text) and its verdict. */
function reviewsCsv() {
  let seed = 11;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const pick = (list) => list[Math.floor(random() * list.length)];
  const good = ['great', 'lovely', 'excellent', 'sturdy', 'happy'];
  const bad = ['awful', 'broken', 'poor', 'flimsy', 'sad'];
  const filler = ['the', 'chair', 'arrived', 'and', 'it', 'was', 'very', 'really', 'quite', 'table', 'lamp'];
  const lines = ['price,shop,review,verdict'];
  for (let i = 0; i < 300; i += 1) {
    const positive = random() < 0.5;
    const words = [pick(filler), pick(filler), pick(positive ? good : bad), pick(filler), pick(positive ? good : bad), pick(filler)];
    lines.push(`${(10 + 90 * random()).toFixed(2)},${pick(['north', 'south', 'online'])},"${words.join(' ')}",${positive ? 'good' : 'bad'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Runs `script.py` in `dir`; its last line is what `print(model.evaluate(...))` printed. */
async function runKeras(dir) {
  const { stdout } = await promisify(execFile)(PYTHON, ['script.py'], {
    cwd: dir, env: { ...process.env, KERAS_BACKEND: 'jax', JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3' }, maxBuffer: 64 << 20, timeout: 300000,
  });
  const last = stdout.trim().split('\n').at(-1);
  const values = JSON.parse(last.trim().startsWith('[') ? last : `[${last}]`);
  return { loss: values[0], accuracy: values[1] ?? null };
}

/**
 * The cases: each loss, logit outputs, L1/L2, dropout, a validation part with early
 * stopping, a non-default optimizer, a 2-D set downloaded from the page, and an upload with
 * a categorical column and named classes. `data`: how the script's data file is made.
 */
const CASES = [
  { name: 'docs example (sigmoid, binary cross-entropy)', hash: '#dataset=example&layers=16:relu&epochs=20&batchSize=32&seed=42&testRatio=20', data: { copy: 'data.csv' } },
  { name: 'iris, linear output (logits, categorical cross-entropy)', hash: '#dataset=iris&layers=8:relu&outputActivation=linear&epochs=60&batchSize=8&learningRate=0.01&seed=3&testRatio=20&earlyStopping=0&valRatio=0' },
  { name: 'breast cancer, linear output (logits, binary), L2 and dropout', hash: '#dataset=breast_cancer&layers=16:relu:0.2&outputActivation=linear&regularization=l2&regularizationRate=0.001&epochs=30&batchSize=16&learningRate=0.003&seed=5&testRatio=20&earlyStopping=0&valRatio=0' },
  { name: 'wine, RMSprop, a validation part and early stopping, L1', hash: '#dataset=wine&layers=16:tanh&optimizer=rmsprop&learningRate=0.005&regularization=l1&regularizationRate=0.0005&epochs=80&batchSize=8&valRatio=20&testRatio=20&earlyStopping=1&patience=8&seed=2' },
  { name: 'sentences (a text column, words counted), early stopping on the training loss', hash: '#dataset=text&layers=16:relu&epochs=15&batchSize=16&learningRate=0.003&seed=2&testRatio=20&valRatio=0&earlyStopping=1&patience=3', data: { copy: 'sentences.csv' } },
  { name: 'plane, downloaded points (regression, mean squared error)', hash: '#dataset=plane&layers=8:tanh&epochs=40&batchSize=10&learningRate=0.01&seed=4&testRatio=30', data: { download: 'plane.csv' } },
  { name: 'fruit.csv upload (a categorical column, named classes, softmax)', hash: '#layers=16:relu&epochs=80&batchSize=10&learningRate=0.01&seed=6&testRatio=25', data: { upload: 'fruit.csv', text: fruitCsv } },
  { name: 'reviews.csv upload (numbers, a category and a text column)', hash: '#layers=8:relu&epochs=30&batchSize=10&learningRate=0.01&seed=8&testRatio=25&valRatio=15', data: { upload: 'reviews.csv', text: reviewsCsv } },
];

export const kerasTests = CASES.map((c) => [`Keras 3 (JAX) runs the page's script unmodified: ${c.name}`, async (ctx) => {
  const { page, pg } = await open(ctx, `${c.hash}&pace=0`);
  const dir = await mkdtemp(join(tmpdir(), 'nnplay-keras-'));
  if (c.data?.upload) {
    const text = c.data.text();
    await pg.part('input[type=file][accept^=".csv"]').setInputFiles({ name: c.data.upload, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.waitForFunction((el) => el.settings.dataset === 'csv' && /Loaded/.test(el.shadowRoot.querySelector('.status').textContent), await pg.el.elementHandle());
    await writeFile(join(dir, c.data.upload), text);
  } else if (c.data?.download) {
    const [download] = await Promise.all([page.waitForEvent('download'), pg.part('button', { hasText: 'Download data' }).click()]);
    assert(download.suggestedFilename() === c.data.download, `the points download as ${download.suggestedFilename()}`);
    await download.saveAs(join(dir, c.data.download));
  } else if (c.data?.copy) {
    await copyFile(join(WWW, 'datasets', c.data.copy), join(dir, c.data.copy));
  }
  await pg.play();
  const done = await pg.trained(120000);
  await pg.part('button', { hasText: 'Show code' }).click();
  const script = await pg.part('.code pre').textContent();
  await writeFile(join(dir, 'script.py'), script);
  // PyTorch is not installed (its wheels are gigabytes): its script is compiled.
  await pg.part('button[role=tab]', { hasText: 'PyTorch' }).click();
  await writeFile(join(dir, 'pytorch_script.py'), await pg.part('.code pre').textContent());
  await promisify(execFile)(PYTHON, ['-m', 'py_compile', 'pytorch_script.py'], { cwd: dir });
  const keras = await runKeras(dir);
  const m = done.metrics;
  const rows = await pg.el.evaluate((el) => el.info.rows.test);
  if (m.accuracy !== undefined && m.accuracy !== null) {
    console.log(`     test accuracy: Keras ${keras.accuracy.toFixed(3)}, nnplay ${m.accuracy.toFixed(3)} (${rows} test rows); Keras test loss ${keras.loss.toFixed(4)} (${dir})`);
    // Each splits and shuffles with its own generator: the scores agree within 0.1, or
    // within 4 rows of a small test part (iris: 30 rows, 0.133). A script that gets the
    // loss or its logits wrong lands near chance (iris 0.33).
    const slack = Math.max(0.1, 4 / rows);
    assert(keras.accuracy >= m.accuracy - slack, `Keras reaches ${keras.accuracy}, nnplay ${m.accuracy}:\n${script}`);
  } else {
    console.log(`     test MSE: Keras ${keras.loss.toExponential(3)}, nnplay ${m.mse.toExponential(3)} (${dir})`);
    assert(keras.accuracy === null && keras.loss <= 3 * m.mse + 0.01, `Keras's test MSE ${keras.loss}, nnplay's ${m.mse}:\n${script}`);
  }
  noProblems(page);
  await page.context().close();
}]);
