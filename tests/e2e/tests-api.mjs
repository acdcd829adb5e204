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
];
