// "Show code" run as its reader runs it: the page's Keras script, copied unmodified beside
// its data file, executed by Keras 3 on the JAX backend (the virtual environment that
// scripts/setup.sh makes from tests/e2e/requirements.txt). Trained from scratch, its test
// score is set beside the page's own after the same settings. With the page's weights file
// beside it (Download script, Download weights), its predictions for every row and one
// training step from those weights must equal nnplay's within 1e-4; the PyTorch script's
// step is taken by torch_step.py (its rules in numpy, the gradient from JAX).
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
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

/**
 * Opens the page on case `c`, puts its data file in a new directory as its reader would
 * (copied from www/datasets, downloaded from the page, or the uploaded file) and trains.
 * Returns `{ page, pg, dir, done (the trained event's detail), dataFile }`.
 */
async function trainOnPage(ctx, c) {
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
  const dataFile = c.data?.upload ?? c.data?.download ?? c.data?.copy ?? null;
  return { page, pg, dir, done, dataFile };
}

const scratchTests = CASES.map((c) => [`Keras 3 (JAX) runs the page's script unmodified: ${c.name}`, async (ctx) => {
  const { page, pg, dir, done } = await trainOnPage(ctx, c);
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

/** Runs `script` in `dir` with `args` under the virtual environment's Python (JAX on the CPU). */
async function python(dir, script, args = []) {
  const { stdout } = await promisify(execFile)(PYTHON, [script, ...args], {
    cwd: dir, env: { ...process.env, KERAS_BACKEND: 'jax', JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3' }, maxBuffer: 64 << 20, timeout: 300000,
  });
  return stdout;
}

/** Clicks a button that downloads a file and saves it in `dir`; returns its name. */
async function saveDownload(page, button, dir) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const name = download.suggestedFilename();
  await download.saveAs(join(dir, name));
  return name;
}

/** The numbers of a CSV written by `np.savetxt` (a header line, then rows), flat. */
const csvNumbers = (text) => text.trim().split('\n').slice(1).flatMap((line) => line.split(',').map(Number));

/** Every kernel and bias of a model file's weights, flat, in layer order. */
const flatWeights = (file) => file.weights.flatMap((w) => [...w.kernel, ...w.bias]);

function maxDiff(a, b, what) {
  assert(a.length === b.length && a.length > 0, `${what}: ${a.length} values against ${b.length}`);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

/**
 * In a page of its own, nnplay with the exported model file: its predictions for every row of
 * the data file (read through the stored preprocessing), and the weights after one training
 * step on the file's first `batch` rows (in order, unshuffled), with the batch as the
 * network gets it. `toy`: the transforms that turn a 2-D set's x1, x2 into the features.
 */
async function nnplayRun(ctx, json, csv, toy, batch) {
  const api = await ctx.browser.newPage();
  await api.goto(`${ctx.url}/examples/blank.html`);
  const result = await api.evaluate(async ({ json, csv, toy, batch }) => {
    const { Model, DataTable, toyFeatures } = await (await import('/engine/load.js')).loadEngine();
    const model = Model.fromJSON(json);
    const table = DataTable.parseCsv(csv, undefined);
    const { columns, rows: cells } = table.preview(table.rows);
    const pre = model.preprocessing;
    const labels = cells.map((r) => r[columns.indexOf(pre.label.column)]);
    let rows = cells;
    if (toy) {
      // The 2-D sets' file holds x1, x2 and label; the network's features are the transforms.
      const points = Float32Array.from(cells.flatMap((r) => [Number(r[0]), Number(r[1])]));
      const f = toyFeatures(points, toy);
      rows = cells.map((_, i) => Array.from(f.subarray(i * toy.length, (i + 1) * toy.length)));
    }
    const predictions = Array.from(model.predictRows(rows));
    const classes = pre.label.classes;
    const y = labels.slice(0, batch).map((l) => (classes.length ? classes.indexOf(l) : Number(l)));
    const x = model.transformRows(rows.slice(0, batch));
    model.startTraining(x, Float32Array.from(y), { epochs: 1, batchSize: batch, shuffle: false });
    model.trainBatches(1);
    // Every layer with weights (convolutions and embeddings too), as the model file lists them.
    const weights = JSON.parse(model.toJSON()).weights.flatMap((w) => [...w.kernel, ...w.bias]);
    return { predictions, rows: rows.length, x: Array.from(x), y, inputs: model.inputs, weights };
  }, { json, csv, toy, batch });
  await api.close();
  return result;
}

/**
 * The weights matrix: each case above, and the optimizers and L2 penalty the cases above do
 * not take, on small sets.
 */
const WEIGHT_CASES = [
  ...CASES,
  { name: 'xor points, SGD and L2 (downloaded points)', hash: '#dataset=xor&layers=8:tanh&optimizer=sgd&learningRate=0.1&regularization=l2&regularizationRate=0.003&epochs=30&batchSize=10&seed=3&testRatio=30', data: { download: 'xor.csv' } },
  { name: 'iris, SGD with Nesterov momentum', hash: '#dataset=iris&layers=8:elu&optimizer=nesterov&learningRate=0.05&epochs=40&batchSize=16&seed=4&testRatio=20' },
  { name: 'wine, Adagrad', hash: '#dataset=wine&layers=12:sigmoid&optimizer=adagrad&learningRate=0.05&epochs=40&batchSize=16&seed=5&testRatio=20' },
  { name: 'plane, mean absolute error', hash: '#dataset=plane&layers=8:tanh&loss=mean_absolute_error&epochs=20&batchSize=10&learningRate=0.01&seed=7&testRatio=30', data: { download: 'plane.csv' } },
  { name: 'multi-Gaussian points, Huber loss', hash: '#dataset=multi_gaussian&layers=8:relu&loss=huber&epochs=20&batchSize=10&learningRate=0.01&seed=8&testRatio=30', data: { download: 'multi_gaussian.csv' } },
  { name: 'digits (8 × 8 images read by scikit-learn), SGD with momentum', hash: '#dataset=digits&layers=32:relu&optimizer=momentum&learningRate=0.05&epochs=5&batchSize=32&seed=2&testRatio=20' },
  { name: 'iris, AdamW, leaky ReLU', hash: '#dataset=iris&layers=8:leaky_relu&optimizer=adamw&learningRate=0.01&epochs=40&batchSize=16&seed=6&testRatio=20' },
];

const TOLERANCE = 1e-4;

const weightTests = WEIGHT_CASES.map((c) => [`Keras 3 (JAX) reproduces the page's model from its weights file: ${c.name}`, async (ctx) => {
  const { page, pg, dir, done, dataFile } = await trainOnPage(ctx, c);
  await pg.part('button', { hasText: 'Show code' }).click();
  const script = await saveDownload(page, pg.part('.code button', { hasText: 'Download script' }), dir);
  const weights = await saveDownload(page, pg.part('.code button', { hasText: 'Download weights' }), dir);
  const keras = await readFile(join(dir, script), 'utf8');
  assert(keras === await pg.part('.code pre').textContent(), 'the downloaded script is the one shown');
  assert(keras.includes(`WEIGHTS = Path("${weights}")`), `the script loads ${weights}:\n${keras}`);
  await pg.part('button[role=tab]', { hasText: 'PyTorch' }).click();
  const torchScript = await saveDownload(page, pg.part('.code button', { hasText: 'Download script' }), dir);
  assert(/-keras\.py$/.test(script) && /-pytorch\.py$/.test(torchScript), `script files ${script}, ${torchScript}`);
  await promisify(execFile)(PYTHON, ['-m', 'py_compile', torchScript], { cwd: dir });
  const settings = await pg.el.evaluate((el) => el.settings);

  // The predictions: the script with the weights file beside it, against nnplay's on the same rows.
  const json = await readFile(join(dir, weights), 'utf8');
  const out = await python(dir, script);
  assert(/predictions for \d+ rows in predictions\.csv/.test(out), `the script's output:\n${out}`);
  const csv = dataFile ? await readFile(join(dir, dataFile), 'utf8') : await readFile(join(WWW, 'datasets', (await builtinFile(ctx, settings.dataset))), 'utf8');
  const toy = c.data?.download ? settings.transforms : null;
  const nn = await nnplayRun(ctx, json, csv, toy, settings.batchSize);
  const keras1 = csvNumbers(await readFile(join(dir, 'predictions.csv'), 'utf8'));
  const predicted = maxDiff(keras1, nn.predictions, 'predictions');
  console.log(`     predictions of ${nn.rows} rows: max |Keras − nnplay| = ${predicted.toExponential(2)}`);
  assert(predicted <= TOLERANCE, `predictions differ by ${predicted}`);

  // One step from the same weights on the file's first batch: Keras's train_on_batch
  // (the script's --steps 1) and the PyTorch script's rules in numpy, against nnplay's.
  // The trained weights' file goes back into the page.
  await python(dir, script, ['--steps', '1']);
  const trainedFile = weights.replace(/\.json$/, '-trained.json');
  await pg.part('input[type=file][accept^=".json"]').setInputFiles(join(dir, trainedFile));
  await page.waitForFunction((el) => /Imported the model/.test(el.shadowRoot.querySelector('.status').textContent), await pg.el.elementHandle());
  noProblems(page);
  await page.context().close();
  if (keras.includes('Dropout(')) {
    // Each framework draws its own dropout masks: a training step cannot be compared.
    console.log('     (dropout: no training step compared)');
    return;
  }
  const trained = JSON.parse(await readFile(join(dir, trainedFile), 'utf8'));
  const before = flatWeights(JSON.parse(json));
  const moved = maxDiff(nn.weights, before, 'weights');
  const kerasStep = maxDiff(flatWeights(trained), nn.weights, 'Keras step');
  await writeFile(join(dir, 'batch.json'), JSON.stringify({ x: nn.x, y: nn.y, inputs: nn.inputs }));
  await promisify(execFile)(PYTHON, [join(ROOT, 'tests', 'e2e', 'torch_step.py'), torchScript, weights, 'batch.json', 'torch-step.json'], {
    cwd: dir, env: { ...process.env, JAX_PLATFORMS: 'cpu' }, timeout: 120000,
  });
  const reference = JSON.parse(await readFile(join(dir, 'torch-step.json'), 'utf8'));
  const torchStep = maxDiff(flatWeights(reference), nn.weights, 'PyTorch step');
  console.log(`     one step (${settings.optimizer}, batch ${settings.batchSize}; weights moved up to ${moved.toExponential(2)}): `
    + `max |Keras − nnplay| = ${kerasStep.toExponential(2)}, max |${reference.optimizer} in numpy − nnplay| = ${torchStep.toExponential(2)}`);
  assert(moved > TOLERANCE, `the step moved the weights by ${moved} only: nothing to compare`);
  assert(kerasStep <= TOLERANCE, `Keras's step differs by ${kerasStep} (${dir})`);
  assert(torchStep <= TOLERANCE, `the PyTorch step differs by ${torchStep} (${dir})`);
}]);

/** The file of a built-in set in www/datasets. */
async function builtinFile(ctx, dataset) {
  const api = await ctx.browser.newPage();
  await api.goto(`${ctx.url}/examples/blank.html`);
  const file = await api.evaluate(async (name) => {
    const { catalog } = await (await import('/engine/load.js')).loadEngine();
    return catalog().datasets.find((d) => d.name === name).file;
  }, dataset);
  await api.close();
  return file;
}

/**
 * Models with shaped layers, as a model configuration gives them (`inputShape`, typed
 * items): a conv net on the digits (uneven `same` padding of a convolution, a max and an
 * average pool, flatten)
 * and an embedding net on the sentences as token ids (conv1d, pooling along the
 * sequence, the mean over the positions). `data`: the data set and its configuration.
 */
const SHAPED_CASES = [
  { name: 'a conv net on the 8 × 8 digits', dataset: 'digits', task: 'multiclass', classes: 10, data: { scaling: 'zscore' }, inputShape: [8, 8, 1], layers: [
    { type: 'conv2d', filters: 6, kernelSize: 4, padding: 'same', activation: 'relu' }, { type: 'max_pool2d', poolSize: 3, strides: 2, padding: 'same' },
    { type: 'average_pool2d', poolSize: 3, strides: 2, padding: 'same' }, { type: 'conv2d', filters: 4, kernelSize: [1, 2], activation: 'tanh' },
    { type: 'flatten' }, { units: 12, activation: 'elu' }, { units: 10, activation: 'softmax' }] },
  { name: 'an embedding net on the sentences as token ids', dataset: 'text', file: 'sentences.csv', task: 'binary', classes: 2,
    data: { scaling: 'none', text: { method: 'sequence', length: 20, size: 300 } }, inputShape: [20], layers: [
      { type: 'embedding', inputDim: 302, outputDim: 8 }, { type: 'conv1d', filters: 6, kernelSize: 4, padding: 'same', activation: 'relu' },
      { type: 'max_pool2d', poolSize: [1, 2] }, { type: 'average_pool2d', poolSize: [1, 3], strides: [1, 2], padding: 'same' },
      { type: 'global_average_pool1d' }, { units: 1, activation: 'sigmoid' }] },
];

/**
 * In a page of its own: the case's model trained by the engine for 2 epochs (its model
 * file), and the page's Keras and PyTorch scripts for it, written from the model
 * configuration by code-export.js.
 */
async function shapedModel(ctx, c) {
  const api = await ctx.browser.newPage();
  await api.goto(`${ctx.url}/examples/blank.html`);
  const result = await api.evaluate(async (c) => {
    const { Model, DataTable, catalog: engineCatalog } = await (await import('/engine/load.js')).loadEngine();
    const { kerasScript, pytorchScript } = await import('/playground/code-export.js');
    const { defaults } = await import('/playground/settings.js');
    const { modelSpec, entry } = await import('/playground/model-spec.js');
    const catalog = engineCatalog();
    const set = entry(catalog.datasets, c.dataset);
    const s = { ...defaults(), dataset: c.dataset, seed: 3, testRatio: 20, valRatio: 0, epochs: 2, batchSize: 16, layers: [], earlyStopping: false,
      optimizer: 'adam', learningRate: 0.01, scaling: c.data.scaling, regularization: 'none' };
    const table = DataTable.parseCsv(await (await fetch(`/datasets/${set.file}`)).text(), undefined);
    table.configure({ split: { test: 0.2, validation: 0, seed: 3 }, ...c.data });
    const d = table.prepare();
    const schema = c.data.text
      ? { label: 1, text: c.data.text, columns: [{ name: 'text', role: 'feature', type: 'text' }, { name: 'label', role: 'label', type: 'categorical' }] }
      : undefined;
    const info = { isToy: false, sklearnLoader: set.sklearnLoader ?? null, file: set.file, scaling: c.data.scaling, inputs: d.inputs, task: c.task,
      classes: c.classes, labelNames: d.preprocessing.label.classes, schema };
    const spec = modelSpec(catalog, s, info);
    spec.model = { ...spec.model, inputShape: c.inputShape, layers: c.layers };
    const model = new Model(spec.model);
    model.compile(spec.compile);
    model.fitData(d, { epochs: 2, batchSize: 16 });
    const json = model.toJSON();
    model.free();
    d.free();
    return { json, keras: kerasScript(catalog, s, info, spec), torch: pytorchScript(catalog, s, info, spec), file: set.file, batch: s.batchSize };
  }, c);
  await api.close();
  return result;
}

const shapedTests = SHAPED_CASES.map((c) => [`Keras 3 (JAX) and the PyTorch rules reproduce a model with shaped layers from its weights file: ${c.name}`, async (ctx) => {
  const { json, keras, torch, file, batch } = await shapedModel(ctx, c);
  const dir = await mkdtemp(join(tmpdir(), 'nnplay-shaped-'));
  const weights = `nnplay-${c.dataset}.json`;
  await writeFile(join(dir, weights), json);
  await writeFile(join(dir, 'script.py'), keras);
  await writeFile(join(dir, 'torch_script.py'), torch);
  await copyFile(join(WWW, 'datasets', file), join(dir, file));
  await promisify(execFile)(PYTHON, ['-m', 'py_compile', 'torch_script.py'], { cwd: dir });
  const csv = await readFile(join(dir, file), 'utf8');
  const nn = await nnplayRun(ctx, json, csv, null, batch);

  const out = await python(dir, 'script.py');
  assert(/predictions for \d+ rows in predictions\.csv/.test(out), `the script's output:\n${out}`);
  const predicted = maxDiff(csvNumbers(await readFile(join(dir, 'predictions.csv'), 'utf8')), nn.predictions, 'predictions');

  await python(dir, 'script.py', ['--steps', '1']);
  const trainedText = await readFile(join(dir, weights.replace(/\.json$/, '-trained.json')), 'utf8');
  const trained = JSON.parse(trainedText);
  // The file Keras wrote loads back into the engine (as Import model… reads it).
  const api = await ctx.browser.newPage();
  await api.goto(`${ctx.url}/examples/blank.html`);
  const reloaded = await api.evaluate(async (text) => {
    const { Model } = await (await import('/engine/load.js')).loadEngine();
    const m = Model.fromJSON(text);
    return { parameters: m.parameterCount, inputs: m.inputs };
  }, trainedText);
  await api.close();
  assert(reloaded.inputs === nn.inputs && reloaded.parameters === flatWeights(trained).length, `the trained file reloads as ${JSON.stringify(reloaded)}`);
  const moved = maxDiff(nn.weights, flatWeights(JSON.parse(json)), 'weights');
  const kerasStep = maxDiff(flatWeights(trained), nn.weights, 'Keras step');
  await writeFile(join(dir, 'batch.json'), JSON.stringify({ x: nn.x, y: nn.y, inputs: nn.inputs }));
  await promisify(execFile)(PYTHON, [join(ROOT, 'tests', 'e2e', 'torch_step.py'), 'torch_script.py', weights, 'batch.json', 'torch-step.json'], {
    cwd: dir, env: { ...process.env, JAX_PLATFORMS: 'cpu' }, timeout: 120000,
  });
  const reference = JSON.parse(await readFile(join(dir, 'torch-step.json'), 'utf8'));
  const torchStep = maxDiff(flatWeights(reference), nn.weights, 'PyTorch step');
  console.log(`     predictions of ${nn.rows} rows: max |Keras − nnplay| = ${predicted.toExponential(2)}; one step (adam, batch ${batch}; `
    + `weights moved up to ${moved.toExponential(2)}): max |Keras − nnplay| = ${kerasStep.toExponential(2)}, `
    + `max |${reference.optimizer} in numpy − nnplay| = ${torchStep.toExponential(2)} (${dir})`);
  assert(predicted <= TOLERANCE, `predictions differ by ${predicted} (${dir})`);
  assert(moved > TOLERANCE, `the step moved the weights by ${moved} only: nothing to compare`);
  assert(kerasStep <= TOLERANCE, `Keras's step differs by ${kerasStep} (${dir})`);
  assert(torchStep <= TOLERANCE, `the PyTorch step differs by ${torchStep} (${dir})`);
}]);

export const kerasTests = [...scratchTests, ...weightTests, ...shapedTests];
