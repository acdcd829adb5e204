// nnplay's benchmark (`make bench`): the workloads through nnplay (wasm with relaxed SIMD,
// with SIMD, without, and native) and its JavaScript peers, in headless Chromium, in one
// run. Prints the table engine × workload → seconds warm and cold (the first run on a fresh
// page), samples/s, GFLOP/s, final loss, each ratio and wasm / native; writes it all to
// test-artifacts/bench.json.
//
// Options: --runs N (default 3; at least N runs, more while they add up to under a
// second, at most 25; the median is quoted), --workloads W1,W3,
// --engines "nnplay wasm simd,convnetjs", --no-native, --out FILE.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { WORKLOADS, flopsPerSample, makeData, parameterCount } from './workloads.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENGINES = [
  'nnplay wasm relaxed',
  'nnplay wasm simd',
  'nnplay wasm scalar',
  'tfjs wasm fit',
  'tfjs wasm minimize',
  'tfjs cpu fit',
  'tfjs cpu minimize',
  'convnetjs',
  'brain.js',
];
const TARGETS = {
  peer: { W1: 3, W2: 15, W3: 5, W4: 5 },
  /** nnplay wasm against TensorFlow.js's wasm backend (its faster API of the two). */
  tfjsWasm: { W3: 12 },
  native: { W1: 0.5, W2: 0.5, W3: 0.2, W4: 0.5 },
  /**
   * Final losses: every engine's within this fraction of nnplay native's. The engines
   * start from the same weights on the same data but shuffle differently, so the final
   * epoch's mean loss differs by the mini-batch noise of that order.
   */
  finalLoss: { W4: 0.1 },
  /**
   * The first step on the first mini-batch (unshuffled), every engine against nnplay:
   * the loss from the shared initial weights, and after one optimizer step (relative
   * difference). Checked before the workload is timed; a miss stops the benchmark.
   * TensorFlow.js's Adam adds epsilon to the bias-corrected √v̂, Keras's (nnplay's) to √v:
   * about 1e-5 apart after the first step, where that matters most.
   */
  firstStep: { W4: { before: 1e-5, after: 1e-4 } },
  /** Cold (the first run on a fresh page) against warm, and against ConvNetJS cold. */
  coldOverWarm: { W1: 2 },
  coldPeer: { W1: 10 },
};
/** The build the ratios are of: the fastest the run has. */
const OURS = ['nnplay wasm relaxed', 'nnplay wasm simd'];

function options(argv) {
  const opts = {
    runs: 3,
    workloads: Object.keys(WORKLOADS),
    engines: ENGINES,
    native: true,
    out: path.join(ROOT, 'test-artifacts/bench.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '--workloads') {
      const list = argv[++i];
      opts.workloads = list === 'none' ? [] : list.split(',');
    }
    else if (a === '--engines') opts.engines = argv[++i].split(',');
    else if (a === '--no-native') opts.native = false;
    else if (a === '--out') opts.out = path.resolve(argv[++i]);
    else throw new Error(`unknown option ${a}`);
  }
  if (!(opts.runs >= 1)) throw new Error('--runs needs a number ≥ 1');
  for (const w of opts.workloads) if (!WORKLOADS[w]) throw new Error(`unknown workload ${w}`);
  for (const e of opts.engines) if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e}`);
  return opts;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Writes the workloads' data for the native benchmark; returns the folder. */
function writeData(workloads) {
  const dir = path.join(ROOT, 'test-artifacts/bench-data');
  fs.mkdirSync(dir, { recursive: true });
  const index = workloads.map((name) => {
    const d = makeData(name);
    fs.writeFileSync(path.join(dir, `${name}.x.f32`), new Uint8Array(d.x.buffer));
    fs.writeFileSync(path.join(dir, `${name}.y.f32`), new Uint8Array(d.y.buffer));
    const w = WORKLOADS[name];
    return { name, ...w, outputs: d.outputs, parameters: parameterCount(w), flopsPerSample: flopsPerSample(w) };
  });
  fs.writeFileSync(path.join(dir, 'workloads.json'), JSON.stringify(index, null, 1));
  return dir;
}

/**
 * nnplay's core natively on one workload, built for this machine's CPU (its widest
 * vectors). Run just before the browser side of the same workload, so that both see the
 * same load on this shared machine.
 */
function native(dir, runs, workload) {
  process.stdout.write(`${workload} nnplay native (cargo bench, target-cpu=native)… `);
  const args = ['bench', '--quiet', '--bench', 'native', '--', dir, String(runs), workload];
  const r = spawnSync('cargo', args, {
    cwd: ROOT,
    env: {
      ...process.env,
      RUSTFLAGS: '-C target-cpu=native',
      CARGO_TARGET_DIR: path.join(ROOT, 'target/bench-native'),
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error('the native benchmark failed');
  const result = JSON.parse(r.stdout.split('\n').find((l) => l.startsWith('{')));
  console.log(`${result.seconds.toFixed(3)} s, loss ${result.loss.toFixed(4)}`);
  return result;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/** A static file server for the checkout on a free loopback port. */
function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const file = path.join(ROOT, decodeURIComponent(url.pathname));
    if (!file.startsWith(ROOT + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    const target = fs.existsSync(file) && fs.statSync(file).isDirectory()
      ? path.join(file, 'index.html')
      : file;
    fs.readFile(target, (err, body) => {
      if (err) {
        res.writeHead(404).end();
        return;
      }
      const type = TYPES[path.extname(target)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function inPage(browser, base, fn, arg) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${base}/tests/bench/index.html`);
    await page.waitForFunction(() => typeof window.bench === 'function');
    return await page.evaluate(fn, arg);
  } catch (e) {
    throw new Error(`${e.message}${errors.length ? `\npage errors: ${errors.join('; ')}` : ''}`);
  } finally {
    await page.close();
  }
}

/**
 * The playground (www/index.html) from a cold load to its first epoch drawn: a script in
 * the page presses Play the moment the status says it is ready, and notes when the epoch
 * counter first shows an epoch. Returns `{ readyMs, firstEpochMs }` since navigation start
 * (measured in the page, so the harness's own delays are not counted).
 */
async function pageLoad(browser, base) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.startup = customElements.whenDefined('nn-playground').then(() => new Promise((resolve) => {
        const root = document.querySelector('nn-playground').shadowRoot;
        const status = root.querySelector('.status');
        const epoch = root.querySelector('[data-epoch]');
        let readyMs = null;
        const watch = new MutationObserver(() => {
          if (readyMs === null && /^Ready/.test(status.textContent)) {
            readyMs = performance.now();
            root.querySelector('button.play').click();
          }
          if (readyMs !== null && epoch.textContent !== '0') {
            watch.disconnect();
            resolve({ readyMs, firstEpochMs: performance.now() });
          }
        });
        watch.observe(root, { subtree: true, childList: true, characterData: true });
      }));
    });
    await page.goto(`${base}/www/index.html#dataset=circle&seed=1`);
    return await page.evaluate(() => window.startup);
  } finally {
    await context.close();
  }
}

/** The page's code: every script and style sheet the playground loads (not the data). */
function pageCode() {
  const under = (dir) => fs.readdirSync(path.join(ROOT, dir), { recursive: true })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.(js|css|html)$/.test(f));
  return ['www/index.html', ...under('www/playground'), ...under('www/engine'), ...under('www/vendor'), ...under('www/pkg-relaxed')]
    .filter((f) => !f.endsWith('.md'));
}

function fmt(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (Math.abs(x) >= 1000) return x.toExponential(2);
  return x.toPrecision(digits);
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ').trimEnd())
    .join('\n');
}

/** A CSV of `rows` × `cols` numbers (two decimals, seeded) and a class label. */
function wideCsv(rows, cols) {
  let seed = 3;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const lines = [[...Array(cols).keys()].map((i) => `f${i}`).concat('y').join(',')];
  for (let r = 0; r < rows; r += 1) {
    const v = [];
    for (let c = 0; c < cols; c += 1) v.push((random() * 10).toFixed(2));
    lines.push(`${v.join(',')},${r % 2 ? 'a' : 'b'}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A wide file (2,000 columns × 300 rows), in milliseconds: the API's parse, configure and
 * prepare in a page; and on the playground, from the file input's change to the loaded file
 * drawn (its name in the data menu and a frame after), measured in the page.
 */
async function wideFile(browser, base) {
  const text = wideCsv(300, 2000);
  const api = await inPage(browser, base, async (csv) => {
    const { loadEngine } = await import('/www/engine/load.js');
    const { DataTable } = await loadEngine();
    const times = [];
    for (let i = 0; i < 5; i += 1) {
      const t0 = performance.now();
      const table = DataTable.parseCsv(csv, undefined);
      table.configure({});
      const prepared = table.prepare();
      times.push(performance.now() - t0);
      prepared.free();
      table.free();
    }
    return times.sort((a, b) => a - b)[2];
  }, text);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/www/index.html#epochs=5&pace=0`);
    await page.waitForFunction(() => document.querySelector('nn-playground')?.info);
    const input = page.locator('nn-playground').locator('input[type=file][accept^=".csv"]');
    await input.evaluate((el) => el.addEventListener('change', () => { window.changed = performance.now(); }, { capture: true }));
    await input.setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    const pageMs = await page.evaluate(() => new Promise((resolve) => {
      const el = document.querySelector('nn-playground');
      const check = () => {
        if (el.info?.fileName === 'wide.csv') requestAnimationFrame(() => resolve(performance.now() - window.changed));
        else setTimeout(check, 5);
      };
      check();
    }));
    return { bytes: text.length, apiMs: api, pageMs };
  } finally {
    await context.close();
  }
}

async function main() {
  const opts = options(process.argv.slice(2));
  const results = [];
  const dataDir = writeData(opts.workloads);
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const extra = { firstStep: {} };
  try {
    extra.chromium = browser.version();
    for (const workload of opts.workloads) {
      const w = WORKLOADS[workload];
      const samples = w.rows * w.epochs;
      if (TARGETS.firstStep[workload]) {
        const steps = await inPage(browser, base, (wl) => window.firstStep(wl), workload);
        extra.firstStep[workload] = checkFirstStep(workload, steps);
      }
      const runs = Math.min(opts.runs, w.maxRuns ?? opts.runs);
      if (opts.native) results.push(native(dataDir, runs, workload));
      for (const engine of opts.engines) {
        process.stdout.write(`${workload} ${engine}… `);
        const timed = await inPage(browser, base, ([e, wl, n]) => window.bench(e, wl, n), [engine, workload, runs]);
        if (timed.notApplicable) {
          console.log(`not applicable: ${timed.notApplicable}`);
          results.push({ engine, workload, notApplicable: timed.notApplicable });
          continue;
        }
        const { cold, loadMs, warmMs } = timed;
        const seconds = median(timed.runs.map((r) => r.seconds));
        const { loss, subsetRows } = timed.runs.find((r) => r.seconds === seconds);
        const load = engine.startsWith('nnplay') ? ` (loadEngine ${loadMs.toFixed(0)} ms, warm-up tail to ${warmMs.toFixed(0)} ms)` : '';
        const subset = subsetRows ? ` (on ${subsetRows} rows, seconds scaled to ${w.rows})` : '';
        console.log(`${seconds.toFixed(3)} s warm, ${cold.seconds.toFixed(3)} s cold${load}, loss ${loss.toFixed(4)}${subset}`);
        results.push({
          engine,
          workload,
          ...(subsetRows ? { subsetRows } : {}),
          seconds,
          cold: cold.seconds,
          loadMs,
          warmMs,
          runs: timed.runs.map((r) => r.seconds),
          samplesPerSecond: samples / seconds,
          gflops: (flopsPerSample(w) * samples) / seconds / 1e9,
          loss,
        });
      }
    }
    if (opts.engines.some((e) => OURS.includes(e))) {
      try {
        extra.memory = await inPage(browser, base, (n) => window.memoryOverSteps(n), 10000);
      } catch (e) {
        extra.memory = { error: e.message };
      }
      try {
        const loads = [];
        for (let i = 0; i < opts.runs; i++) loads.push(await pageLoad(browser, base));
        const first = loads.map((l) => l.firstEpochMs);
        extra.pageLoadMs = { median: median(first), runs: loads };
      } catch (e) {
        extra.pageLoadMs = { error: e.message };
      }
      try {
        extra.wideFile = await wideFile(browser, base);
      } catch (e) {
        extra.wideFile = { error: e.message };
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  report(results, extra, opts);
}

/**
 * The first step's losses against nnplay's (the first entry) within the workload's
 * tolerances; prints them, and stops the benchmark if one is off (a weight conversion
 * or a peer's layer set up wrong would make every figure after it meaningless).
 */
function checkFirstStep(workload, steps) {
  const tol = TARGETS.firstStep[workload];
  const [ours] = steps;
  const rel = (a, b) => Math.abs(a - b) / Math.abs(b);
  const rows = [['engine', 'loss before', 'after one step', 'Δ before', 'Δ after']];
  let worst = { before: 0, after: 0 };
  for (const s of steps) {
    const d = { before: rel(s.before, ours.before), after: rel(s.after, ours.after) };
    worst = { before: Math.max(worst.before, d.before), after: Math.max(worst.after, d.after) };
    rows.push([s.engine, s.before.toFixed(7), s.after.toFixed(7), d.before.toExponential(1), d.after.toExponential(1)]);
  }
  const met = worst.before <= tol.before && worst.after <= tol.after;
  console.log(`${workload} first step on the first mini-batch, every engine from the same weights ` +
    `(relative Δ to ${ours.engine}; ≤ ${tol.before} before, ≤ ${tol.after} after):\n${table(rows)}`);
  if (!met) throw new Error(`${workload}: the engines' first steps disagree (worst Δ ${worst.before} before, ${worst.after} after)`);
  return { steps, worst, met };
}

function report(results, extra, opts) {
  const find = (engine, workload) => results.find((r) => r.engine === engine && r.workload === workload);
  const lines = [];
  const ratios = [];
  for (const workload of opts.workloads) {
    const ours = OURS.map((e) => find(e, workload)).find(Boolean);
    const nat = find('nnplay native', workload);
    const rows = [['engine', 'seconds (warm)', 'cold', 'samples/s', 'GFLOP/s', 'final loss', `× ${ours?.engine ?? 'nnplay wasm'}`, 'wasm / native']];
    for (const r of results.filter((x) => x.workload === workload)) {
      if (r.notApplicable) {
        rows.push([r.engine, 'not applicable', '', '', '', '', '', '']);
        continue;
      }
      rows.push([
        r.subsetRows ? `${r.engine} ‡` : r.engine,
        r.seconds.toFixed(4),
        r.cold == null ? '—' : r.cold.toFixed(4),
        fmt(r.samplesPerSecond),
        fmt(r.gflops),
        r.loss.toFixed(5),
        ours ? (r.seconds / ours.seconds).toFixed(2) : '—',
        nat && r.engine.startsWith('nnplay wasm') ? (nat.seconds / r.seconds).toFixed(2) : '—',
      ]);
    }
    const w = WORKLOADS[workload];
    lines.push(`\n${workload}: ${w.title} (${w.rows} rows, batch ${w.batchSize}, ${w.epochs} epoch(s) timed after one warm-up epoch)`, table(rows));
    for (const r of results.filter((x) => x.workload === workload && x.notApplicable)) {
      lines.push(`  ${r.engine} not applicable: ${r.notApplicable}`);
    }
    const subsets = results.filter((x) => x.workload === workload && x.subsetRows);
    if (subsets.length) {
      lines.push(`  ‡ trained on the first ${subsets[0].subsetRows} of the ${w.rows} rows (too slow for all of them), ` +
        'seconds scaled to the full set; its loss (of those rows) is not compared');
    }
    const timed = results.filter((r) => r.workload === workload && !r.notApplicable);
    const compared = timed.filter((r) => !r.subsetRows);
    if (TARGETS.finalLoss[workload] && nat && compared.length > 1) {
      const off = compared.reduce((a, r) => {
        const d = Math.abs(r.loss - nat.loss) / nat.loss;
        return d > a.d ? { d, engine: r.engine } : a;
      }, { d: 0, engine: nat.engine });
      ratios.push({
        workload,
        target: `final losses within ${TARGETS.finalLoss[workload] * 100} % of nnplay native's ${nat.loss.toFixed(4)} (furthest: ${off.engine})`,
        value: off.d,
        met: off.d <= TARGETS.finalLoss[workload],
      });
    }
    if (!ours) continue;
    const tfWasm = ['tfjs wasm fit', 'tfjs wasm minimize'].map((e) => find(e, workload)).filter(Boolean);
    if (TARGETS.tfjsWasm[workload] && tfWasm.length) {
      const best = tfWasm.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
      const ratio = best.seconds / ours.seconds;
      ratios.push({ workload, target: `${ours.engine} vs TensorFlow.js wasm (${best.engine}) ≥ ${TARGETS.tfjsWasm[workload]}×`, value: ratio, met: ratio >= TARGETS.tfjsWasm[workload] });
    }
    if (TARGETS.coldOverWarm[workload] && ours.cold != null) {
      const ratio = ours.cold / ours.seconds;
      ratios.push({ workload, target: `${ours.engine} cold / warm ≤ ${TARGETS.coldOverWarm[workload]}`, value: ratio, met: ratio <= TARGETS.coldOverWarm[workload] });
    }
    const convCold = find('convnetjs', workload);
    if (TARGETS.coldPeer[workload] && convCold?.cold != null && ours.cold != null) {
      const ratio = convCold.cold / ours.cold;
      ratios.push({ workload, target: `${ours.engine} cold vs ConvNetJS cold ≥ ${TARGETS.coldPeer[workload]}×`, value: ratio, met: ratio >= TARGETS.coldPeer[workload] });
    }
    const peers = timed.filter((r) => !r.engine.startsWith('nnplay'));
    if (peers.length) {
      const best = peers.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
      const ratio = best.seconds / ours.seconds;
      ratios.push({
        workload,
        target: `${ours.engine} vs best peer (${best.engine}) ≥ ${TARGETS.peer[workload]}×`,
        value: ratio,
        met: ratio >= TARGETS.peer[workload],
      });
    }
    if (nat) {
      const ratio = nat.seconds / ours.seconds;
      ratios.push({
        workload,
        target: `${ours.engine} / native speed ≥ ${TARGETS.native[workload]}`,
        value: ratio,
        met: ratio >= TARGETS.native[workload],
      });
    }
  }
  lines.push('\nTargets');
  for (const [workload, f] of Object.entries(extra.firstStep)) {
    lines.push(`  ${workload} first step agrees with nnplay (loss before, after one step; relative): ` +
      `worst ${f.worst.before.toExponential(1)}, ${f.worst.after.toExponential(1)} — ${f.met ? 'met' : 'NOT met'}`);
  }
  for (const t of ratios) lines.push(`  ${t.workload} ${t.target}: ${t.value.toFixed(2)} — ${t.met ? 'met' : 'NOT met'}`);
  if (extra.memory?.error) lines.push(`  wasm memory check failed: ${extra.memory.error}`);
  else if (extra.memory) {
    const m = extra.memory;
    const flat = m.bytesAfter === m.bytesBefore;
    lines.push(
      `  wasm memory over ${m.steps} steps (${m.build}): ${m.bytesBefore} → ${m.bytesAfter} bytes — ${flat ? 'flat' : 'GREW'}`,
    );
  }
  if (extra.pageLoadMs?.error) lines.push(`  page load check failed: ${extra.pageLoadMs.error}`);
  else if (extra.pageLoadMs) {
    const ms = extra.pageLoadMs.median;
    const ready = median(extra.pageLoadMs.runs.map((l) => l.readyMs));
    lines.push(
      `  playground (www/index.html) cold load to first epoch drawn: ${ms.toFixed(0)} ms ` +
        `(ready to train at ${ready.toFixed(0)} ms) — ${ms <= 1000 ? 'met' : 'NOT met'} (≤ 1000 ms)`,
    );
  }
  if (extra.wideFile?.error) lines.push(`  wide file check failed: ${extra.wideFile.error}`);
  else if (extra.wideFile) {
    const w = extra.wideFile;
    lines.push(`  2,000-column CSV (${(w.bytes / 1e6).toFixed(1)} MB, 300 rows): parse and prepare in the API ${w.apiMs.toFixed(0)} ms; ` +
      `on the page, choosing it to drawn ${w.pageMs.toFixed(0)} ms — ${w.pageMs <= 1000 ? 'met' : 'NOT met'} (≤ 1000 ms)`);
  }
  // What the playground downloads: the engine (the build the browser runs; both listed)
  // and the page's own code, each file gzipped as a server would send it.
  const gzip = (file) => spawnSync('gzip', ['-9c'], { input: fs.readFileSync(file), maxBuffer: 1 << 26 }).stdout.length;
  const code = pageCode();
  const codeGz = code.reduce((sum, f) => sum + gzip(path.join(ROOT, f)), 0);
  extra.pageCode = { files: code, gzip: codeGz };
  for (const dir of ['www/pkg-relaxed', 'www/pkg', 'www/pkg-scalar']) {
    const file = path.join(ROOT, dir, 'nnplay_bg.wasm');
    if (!fs.existsSync(file)) continue;
    const raw = fs.statSync(file).size;
    const gz = gzip(file);
    extra[`${dir}/nnplay bytes`] = { raw, gzip: gz };
    const total = gz + codeGz;
    lines.push(`  ${dir}/nnplay_bg.wasm ${raw} bytes, ${gz} gzipped; with the page's code (${code.length} files, ` +
      `${codeGz} gzipped): ${total} — ${total <= 400_000 ? 'met' : 'NOT met'} (≤ 400 KB)`);
  }
  console.log(lines.join('\n'));
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, JSON.stringify({ results, targets: ratios, ...extra }, null, 1));
  console.log(`\nwrote ${path.relative(ROOT, opts.out)}`);
}

await main();
