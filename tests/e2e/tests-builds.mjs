// The engine's three builds in Chromium: load.js picks relaxed SIMD (Chromium runs it), and
// the relaxed (fused multiply-add), SIMD and scalar builds train the same network from the
// same seed to the same figures within the bound below — each in its own page, as a page
// holds one build.
import { assert, newPage, noProblems } from './harness.mjs';

/**
 * The largest relative difference allowed between builds in the final loss and the test
 * predictions of a 20-epoch run. The kernels' own bound is (k + 1)·2⁻²⁴·Σ|aᵢbᵢ| per dot
 * product in every build (tests/kernels.rs); over 20 epochs of updates the differences
 * compound, measured at 1e-9 … 5e-9 here on this machine's CPU (logged).
 */
const BOUND = 1e-3;

async function trainIn(ctx, build) {
  const page = await newPage(ctx.browser);
  await page.goto(`${ctx.url}/examples/blank.html`);
  const r = await page.evaluate(async (b) => {
    const load = await import('/engine/load.js');
    const mod = await load.loadEngine(b ? { build: b } : {});
    const d = mod.prepareToy('spiral', { samples: 400, noise: 0.1, seed: 4 }, { scaling: 'zscore', split: { test: 0.25 } });
    const model = new mod.Model({ inputs: d.inputs, layers: [{ units: 16, activation: 'tanh' }, { units: 16, activation: 'relu' },
      { units: d.outputs, activation: d.outputActivation }], seed: 7 });
    model.compile({ optimizer: 'adam', loss: d.loss, learningRate: 0.01 });
    const history = model.fitData(d, { epochs: 20, batchSize: 16 });
    const test = model.evaluateData(d, 'test');
    return { build: load.engineBuild(), best: load.bestBuild(), loss: history.epochs.at(-1).loss, testLoss: test.loss };
  }, build);
  noProblems(page);
  await page.close();
  return r;
}

export const buildTests = [
  ['the relaxed-SIMD, SIMD and scalar builds train alike; Chromium gets the relaxed build', async (ctx) => {
    const auto = await trainIn(ctx, null);
    assert(auto.best === 'relaxed' && auto.build === 'relaxed', `Chromium runs relaxed SIMD, so load.js picks it (${JSON.stringify(auto)})`);
    const runs = { relaxed: auto };
    for (const b of ['simd', 'scalar']) runs[b] = await trainIn(ctx, b);
    for (const b of ['simd', 'scalar']) assert(runs[b].build === b, `the ${b} build loads when asked (${runs[b].build})`);
    const rel = (a, b) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
    const diffs = [];
    for (const [a, b] of [['relaxed', 'simd'], ['relaxed', 'scalar'], ['simd', 'scalar']]) {
      for (const k of ['loss', 'testLoss']) diffs.push([`${a}/${b} ${k}`, rel(runs[a][k], runs[b][k])]);
    }
    console.log(`       builds: ${Object.entries(runs).map(([b, r]) => `${b} loss ${r.loss.toPrecision(7)} test ${r.testLoss.toPrecision(7)}`).join('; ')}`);
    console.log(`       relative differences: ${diffs.map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ')}`);
    for (const [k, v] of diffs) assert(v <= BOUND, `${k} differ by ${v} (bound ${BOUND})`);
  }],
  ['a build the browser cannot run or that does not exist is refused by name', async (ctx) => {
    const page = await newPage(ctx.browser);
    await page.goto(`${ctx.url}/examples/blank.html`);
    const message = await page.evaluate(async () => {
      const load = await import('/engine/load.js');
      return load.loadEngine({ build: 'fast' }).then(() => null, (e) => e.message);
    });
    assert(/there is no "fast" build \(builds: relaxed, simd, scalar\)/.test(message), message);
    noProblems(page);
  }],
];
