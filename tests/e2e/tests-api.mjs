// The JavaScript API under hostile arguments, in the browser: every export of the module —
// found by walking it, so a new export is covered without a new line here — is called with
// wrong types, NaN, negative and huge sizes, and on freed handles. Each call returns or
// throws an `Error`; none may trap (a panic would make the module unusable), and afterwards
// the same module still trains.
import { assert, newPage, noProblems } from './harness.mjs';

/** Runs in the page: calls everything, returns what went wrong. */
async function hostileCalls() {
  const mod = await (await import('/engine/load.js')).loadEngine();
  const HOSTILE = [undefined, null, 'x', '', NaN, -1, 2 ** 40, 1e308, {}, [1, 2], [[NaN]], new Float32Array(3),
    new Float32Array(0), { inputs: -1, layers: [{ units: 2 ** 33 }] }, { epochs: NaN, batchSize: -3 }, () => 1, true];
  const SKIP = new Set(['default', 'initSync', 'failForTest', 'constructor', 'free', '__destroy_into_raw', '__wrap']);
  const failures = [];
  let calls = 0;
  const attempt = (what, fn) => {
    calls += 1;
    try {
      const r = fn();
      if (r && typeof r.free === 'function' && r !== mod) r.free();
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError || !(e instanceof Error)) failures.push(`${what}: ${e}`);
    }
    if (mod.lastPanic()) failures.push(`${what}: panicked: ${mod.lastPanic()}`);
  };
  // Handles of every class, in states worth probing: a model before and after compile and
  // training, a table, prepared data.
  const table = () => mod.DataTable.parseCsv('a,b,y\n1,2,p\n3,4,q\n5,6,p\n7,8,q\n9,1,p\n2,3,q\n', undefined);
  const prepared = () => mod.prepareToy('xor', { samples: 40 }, undefined);
  const model = (stage) => {
    const m = new mod.Model({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] });
    if (stage > 0) m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    if (stage > 1) m.startTraining(new Float32Array([0, 0, 1, 1]), new Float32Array([0, 1]), { epochs: 2 });
    return m;
  };
  const makers = { Model: [() => model(0), () => model(1), () => model(2)], DataTable: [table], PreparedData: [prepared] };
  const methods = (proto) => Object.getOwnPropertyNames(proto).filter((k) => !SKIP.has(k));
  for (const [name, value] of Object.entries(mod)) {
    if (SKIP.has(name)) continue;
    if (typeof value !== 'function') continue;
    const isClass = /^[A-Z]/.test(name);
    for (const a of HOSTILE) for (const b of HOSTILE.slice(0, 6)) {
      if (isClass) {
        if (name === 'Model') attempt(`new Model(${String(a)})`, () => new mod.Model(a));
        for (const k of methods(value)) attempt(`${name}.${k}(${String(a)}, ${String(b)})`, () => value[k](a, b, a));
      } else {
        attempt(`${name}(${String(a)}, ${String(b)})`, () => value(a, b, a));
      }
    }
    if (!isClass) continue;
    for (const make of makers[name] ?? []) {
      for (const k of methods(value.prototype)) {
        for (const a of HOSTILE) {
          for (const b of HOSTILE.slice(0, 6)) {
            const h = make();
            attempt(`${name}#${k}(${String(a)}, ${String(b)})`, () => {
              const d = Object.getOwnPropertyDescriptor(value.prototype, k);
              if (d.get) return d.get.call(h);
              return h[k](a, b, a);
            });
            h.free();
            // A freed handle: every method refuses.
            attempt(`freed ${name}#${k}`, () => {
              const d = Object.getOwnPropertyDescriptor(value.prototype, k);
              return d.get ? d.get.call(h) : h[k](a, b);
            });
          }
        }
      }
    }
  }
  // After all that, the same module trains XOR.
  const m = model(0);
  m.compile({ optimizer: 'adam', loss: 'binary_crossentropy', learningRate: 0.05 });
  m.fit(new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]), new Float32Array([0, 1, 1, 0]), { epochs: 400, batchSize: 4 });
  const accuracy = m.evaluate(new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]), new Float32Array([0, 1, 1, 0])).accuracy;
  // A part's arrays: 40 XOR points split 80/20 by default (train 32, test 8) — sizes
  // follow from the split, 2 inputs each.
  const p = prepared();
  const parts = { x: p.x('train').length, y: p.y('test').length, rows: p.rows.train.length, test: p.rows.test.length, inputs: p.inputs };
  let badPart = '';
  try { p.x('valid'); } catch (e) { badPart = e.message; }
  return { failures: failures.slice(0, 20), count: failures.length, calls, accuracy, parts, badPart };
}

export const apiTests = [
  ['every export, called with hostile arguments, throws an Error; the module still trains', async ({ browser, url }) => {
    const page = await newPage(browser);
    await page.goto(`${url}/examples/blank.html`);
    const r = await page.evaluate(hostileCalls);
    assert(r.count === 0, `${r.count} of ${r.calls} calls went wrong:\n${r.failures.join('\n')}`);
    assert(r.calls > 5000, `every export was called: ${r.calls} calls`);
    assert(r.accuracy === 1, `XOR trains afterwards: accuracy ${r.accuracy}`);
    const { parts } = r;
    assert(parts.x === parts.rows * parts.inputs && parts.inputs === 2 && parts.rows === 32 && parts.y === parts.test && parts.test === 8,
      `a part's arrays: ${JSON.stringify(parts)}`);
    assert(/valid/.test(r.badPart) && /train/.test(r.badPart), `an unknown part is named, with the choices: ${r.badPart}`);
    console.log(`     ${r.calls} hostile calls, every one an Error or a result`);
    noProblems(page);
    await page.context().close();
  }],

  ['pruning from JavaScript: prune, fine-tune with the mask held, save and load, a gradual schedule', async ({ browser, url }) => {
    const page = await newPage(browser);
    await page.goto(`${url}/examples/blank.html`);
    const r = await page.evaluate(async () => {
      const { Model, prepareToy } = await (await import('/engine/load.js')).loadEngine();
      const d = prepareToy('circle', { samples: 300, noise: 0, seed: 2, transforms: ['x1', 'x2'] }, { split: { test: 0.3, validation: 0, seed: 2 } });
      const model = new Model({ inputs: 2, layers: [{ units: 16, activation: 'tanh' }, { units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 4 });
      model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', learningRate: 0.03 });
      model.fitData(d, { epochs: 60, batchSize: 16 });
      const dense = model.evaluateData(d, 'test').accuracy;
      const reached = model.prune(0.7, 'global');
      const zeros = (m) => [0, 1, 2].map((i) => Array.from(m.kernel(i)).filter((w) => w === 0).length);
      const atOnce = zeros(model);
      model.fitData(d, { epochs: 20, batchSize: 16 });
      const tuned = model.evaluateData(d, 'test').accuracy;
      const loaded = Model.fromJSON(model.toJSON());
      const errors = [];
      for (const bad of [() => model.prune(1), () => model.prune(0.5, 'sideways'), () => model.setPruning({ finalSparsity: 0.5, endStep: 0 })]) {
        try { bad(); errors.push(null); } catch (e) { errors.push(e.message); }
      }
      const gradual = new Model({ inputs: 2, layers: [{ units: 16, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 4 });
      gradual.compile({ optimizer: 'adam', loss: 'binary_crossentropy', learningRate: 0.03 });
      gradual.setPruning({ finalSparsity: 0.5, beginStep: 0, endStep: 100, frequency: 10 });
      gradual.fitData(d, { epochs: 20, batchSize: 16 });
      return {
        dense, tuned, reached, atOnce, after: zeros(model), loadedZeros: zeros(loaded), sparsity: model.sparsity, loadedSparsity: loaded.sparsity,
        same: JSON.stringify(Array.from(loaded.predictData(d, 'test'))) === JSON.stringify(Array.from(model.predictData(d, 'test'))),
        errors, gradual: gradual.sparsity,
      };
    });
    // Kernels of 2×16, 16×8, 8×1 = 168 weights; round(0.7 × 168) = 118 pruned.
    assert(r.reached.pruned === 118 && r.reached.weights === 168, JSON.stringify(r.reached));
    assert(r.atOnce.reduce((a, b) => a + b) === 118 && JSON.stringify(r.after) === JSON.stringify(r.atOnce), `zeros ${r.atOnce} → ${r.after} after fine-tuning`);
    assert(JSON.stringify(r.loadedSparsity) === JSON.stringify(r.sparsity) && JSON.stringify(r.loadedZeros) === JSON.stringify(r.after) && r.same, 'the file keeps the mask');
    assert(r.tuned >= r.dense - 0.05, `fine-tuned ${r.tuned}, dense ${r.dense}`);
    assert(/sparsity/.test(r.errors[0]) && /sideways/.test(r.errors[1]) && /endStep/.test(r.errors[2]), JSON.stringify(r.errors));
    // 2×16 + 16×1 = 48 weights, 0.5 of each layer: 16 + 8.
    assert(r.gradual.pruned === 24 && r.gradual.layers.map((l) => l.pruned).join() === '16,8', JSON.stringify(r.gradual));
    console.log(`     circle: dense test accuracy ${r.dense.toFixed(3)}; 70 % pruned (global, ${r.atOnce.join('/')} per layer) and fine-tuned ${r.tuned.toFixed(3)}`);
    noProblems(page);
    await page.context().close();
  }],

  ['int8 from JavaScript: digits quantised in the browser agree with f32 in a third of the bytes', async ({ browser, url }) => {
    const page = await newPage(browser);
    await page.goto(`${url}/examples/blank.html`);
    const r = await page.evaluate(async () => {
      const { DataTable, Model } = await (await import('/engine/load.js')).loadEngine();
      const table = DataTable.parseCsv(await (await fetch('/datasets/digits.csv')).text(), undefined);
      table.configure({ split: { test: 0.2, validation: 0, seed: 1 } });
      const d = table.prepare();
      const model = new Model({ inputs: d.inputs, layers: [{ units: 32, activation: 'relu' }, { units: d.outputs, activation: 'softmax' }], seed: 2 });
      model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', learningRate: 0.003 });
      model.fitData(d, { epochs: 15, batchSize: 32 });
      const q = model.quantizeData(d);
      const c = model.compareQuantized(q, d, 'test');
      const probabilities = q.predictData(d, 'test');
      const sums = [];
      for (let i = 0; i < probabilities.length; i += d.outputs) sums.push(probabilities.slice(i, i + d.outputs).reduce((a, b) => a + b));
      let refused = '';
      const other = new Model({ inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }] });
      try { other.compareQuantized(q, d, 'test'); } catch (e) { refused = e.message; }
      return { c, bytes: q.bytes, floatBytes: q.floatBytes, sums: [Math.min(...sums), Math.max(...sums)], refused };
    });
    const { c } = r;
    console.log(`     digits: f32 test accuracy ${c.floatAccuracy.toFixed(3)}, int8 ${c.int8Accuracy.toFixed(3)}, agreement ${c.agreement.toFixed(3)} over ${c.rows} rows; ${c.int8Bytes} bytes instead of ${c.floatBytes}`);
    assert(c.rows === 359 && c.int8Accuracy >= c.floatAccuracy - 0.01 && c.agreement >= 0.99, JSON.stringify(c));
    // 64·32 + 32·10 = 2,368 weights and 42 biases: 9,640 bytes in f32; int8: 2,368 bytes of
    // weights + 4 × (42 scales + 42 biases + 64 + 32 input ranges) = 3,088.
    // Unpruned, sparse storage costs more than dense int8 (an index per weight).
    assert(r.floatBytes === 9640 && r.bytes === 3088 && c.int8Bytes === 3088 && c.sparseBytes > c.int8Bytes, `${r.bytes} / ${r.floatBytes}`);
    assert(r.sums[0] > 0.9999 && r.sums[1] < 1.0001, `softmax rows sum to 1: ${r.sums}`);
    assert(/data inputs/.test(r.refused), r.refused);
    noProblems(page);
    await page.context().close();
  }],
];
