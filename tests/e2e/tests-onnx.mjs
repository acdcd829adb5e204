// The ONNX export run where its users run it: ONNX Runtime Web (from npm) in the same
// Chromium. For every built-in set a model is trained in the engine, exported with
// `toOnnx()`, loaded by ONNX Runtime and fed the raw (unscaled) test rows; its outputs must
// equal the engine's `predictRaw` on the same rows within 1e-5. The playground's "Export
// ONNX" button is checked the same way on the file it downloads.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, NODE_MODULES, WWW, assert, newPage, noProblems } from './harness.mjs';
import { open } from './page.mjs';

/** Largest difference allowed between ONNX Runtime's outputs and the engine's. */
const TOLERANCE = 1e-5;
const ORT = `${NODE_MODULES}onnxruntime-web/dist/`;

/** Runs in the page: ONNX Runtime Web, wasm backend, one thread. */
async function loadOrt(dist) {
  const ort = await import(`${dist}ort.wasm.min.mjs`);
  ort.env.wasm.wasmPaths = dist;
  ort.env.wasm.numThreads = 1;
  globalThis.ort = ort;
  /** `bytes` run on `x` (`rows × inputs`): `{ inputNames, outputNames, output }`. */
  globalThis.runOnnx = async (bytes, x, inputs) => {
    const session = await ort.InferenceSession.create(bytes);
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', x, [x.length / inputs, inputs]) };
    const result = await session.run(feeds);
    const output = result[session.outputNames[0]];
    return { inputNames: session.inputNames, outputNames: session.outputNames, dims: output.dims, output: Array.from(output.data) };
  };
  /** A part's rows as the file has them: the prepared (scaled) rows, unscaled (token ids never are scaled). */
  globalThis.rawRows = (d, part) => {
    const x = d.x(part);
    const { scaler } = d.preprocessing;
    if (scaler.center.length) {
      for (let r = 0; r < x.length; r += d.inputs) {
        for (let j = 0; j < d.inputs; j += 1) x[r + j] = x[r + j] * scaler.spread[j] + scaler.center[j];
      }
    }
    return x;
  };
}

/**
 * Runs in the page: trains a small model on every built-in set (a different hidden
 * activation each, logit outputs on some), exports it and runs the export in ONNX Runtime.
 * Returns one report per set.
 */
async function everySet() {
  const { Model, DataTable, prepareToy, catalog } = await (await import('/engine/load.js')).loadEngine();
  const hidden = ['relu', 'tanh', 'leaky_relu', 'elu', 'sigmoid', 'linear'];
  const reports = [];
  const sets = catalog().datasets;
  for (const [i, set] of sets.entries()) {
    let d;
    if (set.kind === 'toy') {
      // The circle with TensorFlow Playground's derived features: the graph takes them raw.
      const transforms = set.name === 'circle' ? ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'] : ['x1', 'x2'];
      d = prepareToy(set.name, { samples: 200, noise: 0.1, seed: 1, transforms }, { scaling: i % 2 ? 'minmax' : 'zscore', split: { test: 0.5, validation: 0, seed: 1 } });
    } else {
      const text = await (await fetch(`/datasets/${set.file}`)).text();
      const table = DataTable.parseCsv(text, undefined);
      table.configure({ scaling: 'zscore', split: { test: 0.2, validation: 0, seed: 1 } });
      d = table.prepare();
    }
    const classes = d.loss.includes('crossentropy');
    // Every other classifier ends in a linear (logit) layer: the export adds the squashing.
    const logits = classes && i % 2 === 1;
    const model = new Model({
      inputs: d.inputs,
      layers: [
        { units: 8, activation: hidden[i % hidden.length], dropout: 0.1 },
        { units: 6, activation: hidden[(i + 1) % hidden.length] },
        { units: d.outputs, activation: logits ? 'linear' : d.outputActivation },
      ],
      seed: 7,
    });
    model.compile({ optimizer: 'adam', loss: d.loss, learningRate: 0.01 });
    model.fitData(d, { epochs: 3, batchSize: 32 });
    const x = rawRows(d, 'test');
    const { scaler } = d.preprocessing;
    const want = model.predictRaw(x);
    const scaled = model.predictData(d, 'test');
    const bytes = model.toOnnx();
    const again = model.toOnnx();
    const identical = bytes.length === again.length && bytes.every((b, k) => b === again[k]);
    const got = await runOnnx(bytes, x, d.inputs);
    let diff = 0;
    for (let k = 0; k < want.length; k += 1) diff = Math.max(diff, Math.abs(got.output[k] - want[k]));
    let scaledDiff = 0;
    for (let k = 0; k < want.length; k += 1) scaledDiff = Math.max(scaledDiff, Math.abs(scaled[k] - want[k]));
    reports.push({
      name: set.name, kind: set.kind, rows: x.length / d.inputs, inputs: d.inputs, outputs: d.outputs, loss: d.loss, logits,
      scaling: scaler.kind, bytes: bytes.length, identical, diff, scaledDiff, count: got.output.length, expected: want.length,
      dims: got.dims, inputNames: got.inputNames, outputNames: got.outputNames,
      inRange: !classes || got.output.every((p) => p >= 0 && p <= 1),
    });
    model.free();
    d.free();
  }
  return reports;
}

/**
 * Runs in the page: shaped models exported and run in ONNX Runtime. Conv nets on the 8×8
 * digits (convolutions with `same` padding that is uneven, strides, max and average pools,
 * flatten), embedding nets on the sentences as token ids (conv1d, pooling along the
 * sequence, the mean over the positions, flatten). Returns one report per model.
 */
async function shapedModels() {
  const { Model, DataTable } = await (await import('/engine/load.js')).loadEngine();
  const load = async (file, config) => {
    const table = DataTable.parseCsv(await (await fetch(`/datasets/${file}`)).text(), undefined);
    table.configure({ split: { test: 0.2, validation: 0, seed: 1 }, ...config });
    return table.prepare();
  };
  const digits = await load('digits.csv', { scaling: 'zscore' });
  const sentences = await load('sentences.csv', { scaling: 'none', text: { method: 'sequence', length: 20, size: 300 } });
  const conv = (filters, kernelSize, more = {}) => ({ type: 'conv2d', filters, kernelSize, padding: 'same', activation: 'relu', ...more });
  const cases = [
    { name: 'conv net: conv 4×4 same (pads 1 | 2), max pool 3 / 2 same (0 | 1), average pool 3 / 2 same, flatten', data: digits, inputShape: [8, 8, 1], layers: [
      conv(6, 4), { type: 'max_pool2d', poolSize: 3, strides: 2, padding: 'same' }, { type: 'average_pool2d', poolSize: 3, strides: 2, padding: 'same' },
      { type: 'flatten' }, { units: 12, activation: 'tanh' }, { units: 10, activation: 'softmax' }] },
    { name: 'conv net: conv 3×3 stride 2 same, conv [2, 3] valid elu, linear output (logits), flatten', data: digits, inputShape: [8, 8, 1], logits: true, layers: [
      conv(5, 3, { strides: 2 }), conv(7, [2, 3], { padding: 'valid', activation: 'elu' }), { type: 'average_pool2d', poolSize: 2 },
      { type: 'flatten' }, { units: 10, activation: 'linear' }] },
    { name: 'embedding net: embedding, conv1d 4 same (pads 1 | 2), max pool [1, 2], global average pool', data: sentences, inputShape: [20], layers: [
      { type: 'embedding', inputDim: 302, outputDim: 8 }, { type: 'conv1d', filters: 6, kernelSize: 4, padding: 'same', activation: 'leaky_relu' },
      { type: 'max_pool2d', poolSize: [1, 2] }, { type: 'global_average_pool1d' }, { units: 1, activation: 'sigmoid' }] },
    { name: 'embedding net: embedding, conv1d 3 stride 2 valid, flatten', data: sentences, inputShape: [20], layers: [
      { type: 'embedding', inputDim: 302, outputDim: 5 }, { type: 'conv1d', filters: 4, kernelSize: 3, strides: 2, activation: 'tanh' },
      { type: 'flatten' }, { units: 1, activation: 'sigmoid' }] },
  ];
  const reports = [];
  for (const c of cases) {
    const d = c.data;
    const model = new Model({ inputs: d.inputs, inputShape: c.inputShape, layers: c.layers, seed: 5 });
    model.compile({ optimizer: 'adam', loss: d.loss, learningRate: 0.01 });
    model.fitData(d, { epochs: 2, batchSize: 32 });
    const x = rawRows(d, 'test');
    const want = model.predictRaw(x);
    const bytes = model.toOnnx();
    const got = await runOnnx(bytes, x, d.inputs);
    let diff = 0;
    for (let k = 0; k < want.length; k += 1) diff = Math.max(diff, Math.abs(got.output[k] - want[k]));
    reports.push({ name: c.name, rows: x.length / d.inputs, inputs: d.inputs, outputs: d.outputs, bytes: bytes.length, diff,
      dims: got.dims, count: got.output.length, expected: want.length, spread: Math.max(...want) - Math.min(...want) });
    model.free();
  }
  digits.free();
  sentences.free();
  return reports;
}

/** The bound measured for shaped models (float32 sums in another order: ~1e-7 seen). */
const SHAPED_TOLERANCE = 1e-6;

export const onnxTests = [
  [`ONNX export: conv nets on the digits and embedding nets on the sentences run in ONNX Runtime Web, equal to the engine within ${SHAPED_TOLERANCE}`, async (ctx) => {
    const page = await newPage(ctx.browser);
    await page.goto(`${ctx.url}/examples/blank.html`);
    await page.evaluate(loadOrt, ORT);
    const reports = await page.evaluate(shapedModels);
    for (const r of reports) {
      console.log(`     ${r.name}: ${r.rows} test rows × ${r.inputs} → ${r.outputs}, ${r.bytes} bytes, largest difference ${r.diff.toExponential(2)}`);
      assert(r.count === r.expected && r.dims.join('×') === `${r.rows}×${r.outputs}`, `${r.name}: ONNX Runtime gave ${r.dims.join('×')}, not ${r.rows}×${r.outputs}`);
      assert(r.diff <= SHAPED_TOLERANCE, `${r.name}: ONNX Runtime differs from the engine by ${r.diff}`);
      // A model that predicts one value for every row would hide a wrong layout.
      assert(r.spread > 0.05, `${r.name}: the predictions hardly vary (${r.spread})`);
    }
    noProblems(page);
    await page.context().close();
  }],


  ['ONNX export: every built-in set runs in ONNX Runtime Web on raw features, equal to the engine within 1e-5', async (ctx) => {
    const page = await newPage(ctx.browser);
    await page.goto(`${ctx.url}/examples/blank.html`);
    await page.evaluate(loadOrt, ORT);
    const reports = await page.evaluate(everySet);
    const tables = reports.filter((r) => r.kind !== 'toy');
    assert(reports.length >= 12 && tables.length >= 6, `every built-in set is covered: ${reports.map((r) => r.name).join(', ')}`);
    for (const r of reports) {
      console.log(`     ${r.name}: ${r.rows} test rows × ${r.inputs} → ${r.outputs} (${r.loss}${r.logits ? ', logits' : ''}, ${r.scaling}), ${r.bytes} bytes, largest difference ${r.diff.toExponential(2)}`);
      assert(r.count === r.expected && r.dims.join('×') === `${r.rows}×${r.outputs}`, `${r.name}: ONNX Runtime gave ${r.dims.join('×')}, not ${r.rows}×${r.outputs}`);
      assert(r.diff <= TOLERANCE, `${r.name}: ONNX Runtime differs from the engine by ${r.diff}`);
      // The unscaled rows are the prepared ones: the engine agrees with itself on them.
      assert(r.scaledDiff <= TOLERANCE, `${r.name}: predictRaw(unscaled) differs from predictData by ${r.scaledDiff}`);
      assert(r.inRange, `${r.name}: a probability outside [0, 1]`);
      assert(r.identical, `${r.name}: two exports of the same model differ`);
      assert(r.inputNames.join() === 'features', `${r.name}: input ${r.inputNames}`);
      const output = r.loss.includes('crossentropy') ? 'probabilities' : 'predictions';
      assert(r.outputNames.join() === output, `${r.name}: output ${r.outputNames}, not ${output}`);
    }
    assert(reports.some((r) => r.logits) && reports.some((r) => r.scaling === 'minmax') && reports.some((r) => !r.loss.includes('crossentropy')),
      'the matrix covers logit outputs, min-max scaling and a regression');
    noProblems(page);
    await page.context().close();
  }],

  ['ONNX export: the playground\'s "Export ONNX" file predicts the raw iris rows as the page does', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=iris&epochs=30&pace=0&seed=3');
    await pg.play();
    await pg.trained();
    const [download] = await Promise.all([page.waitForEvent('download'), pg.part('button', { hasText: 'Export ONNX' }).click()]);
    assert(download.suggestedFilename() === 'nnplay-iris.onnx', `file name ${download.suggestedFilename()}`);
    const file = join(ARTIFACTS, 'nnplay-iris.onnx');
    await download.saveAs(file);
    const bytes = [...await readFile(file)];
    // Raw rows from the file itself: the first ten flowers' four measurements.
    const rows = (await readFile(join(WWW, 'datasets', 'iris.csv'), 'utf8')).trim().split('\n').slice(1, 11)
      .map((line) => line.split(',').slice(0, 4).map(Number));
    const want = await pg.predict(rows);
    await page.evaluate(loadOrt, ORT);
    const got = await page.evaluate(([b, x]) => runOnnx(new Uint8Array(b), new Float32Array(x), 4), [bytes, rows.flat()]);
    assert(got.output.length === 30 && want.length === 30, `3 probabilities per row: ${got.output.length}, ${want.length}`);
    const diff = Math.max(...want.map((w, k) => Math.abs(w - got.output[k])));
    console.log(`     ${bytes.length} bytes; largest difference from the page's predictions ${diff.toExponential(2)}`);
    assert(diff <= TOLERANCE, `the downloaded model differs from the page by ${diff}`);
    const status = await pg.status();
    assert(!/error|failed/i.test(status), `status after the export: ${status}`);
    noProblems(page);
    await page.context().close();
  }],
];
