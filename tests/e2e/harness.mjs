// Shared pieces of the end-to-end tests: a static server for www/, headless Chromium, and
// a tiny test runner that prints `N passed, M failed`.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const WWW = join(ROOT, 'www');
export const ARTIFACTS = join(ROOT, 'test-artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** npm packages the tests load in the page (ONNX Runtime Web), served under this path. */
export const NODE_MODULES = '/node_modules/';

/**
 * Serves `dir` on a free loopback port, and the npm packages under `/node_modules/`;
 * `extra` maps URL paths to [type, body] (test pages).
 */
export async function serve(dir = WWW, extra = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (extra[path]) {
      res.writeHead(200, { 'Content-Type': extra[path][0], 'Cache-Control': 'no-store' });
      res.end(extra[path][1]);
      return;
    }
    const packages = path.startsWith(NODE_MODULES);
    const base = packages ? join(ROOT, 'node_modules') : dir;
    const rest = packages ? path.slice(NODE_MODULES.length) : path;
    const file = normalize(join(base, rest.endsWith('/') ? `${rest}index.html` : rest));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh page (own storage) that records console errors and uncaught exceptions. */
export async function newPage(browser, viewport = { width: 1400, height: 1000 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push(`console error: ${m.text()}`);
  });
  return page;
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Fails on any console error or uncaught exception the page produced. */
export function noProblems(page) {
  assert(page.problems.length === 0, `the page reported problems:\n${page.problems.join('\n')}`);
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** The longest a test may take; then it fails and its browser is closed. */
const TEST_TIMEOUT_MS = 120_000;

/**
 * Runs `tests` ([name, fn]) one after another, each with its own browser (so one test's
 * crash cannot take the next ones down), and prints the tally; returns the failures.
 * `fn` gets `{ ...context, browser }`.
 */
export async function run(tests, context) {
  let passed = 0;
  let failed = 0;
  // E2E_ONLY=<text> runs only the tests whose names contain it (for working on one test).
  const only = process.env.E2E_ONLY;
  for (const [name, fn] of tests) {
    if (only && !name.includes(only)) continue;
    const t0 = Date.now();
    const browser = await launch();
    let timer;
    try {
      const limit = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not finish within ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS);
      });
      await Promise.race([fn({ ...context, browser }), limit]);
      passed += 1;
      console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL ${name}\n     ${String(e.stack ?? e).split('\n').join('\n     ')}`);
    } finally {
      clearTimeout(timer);
      await browser.close().catch(() => {});
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}

export { readFile };
