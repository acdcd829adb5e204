// Makes www/docs/playground.png, the picture in the README: the page training the circle
// set. Run by hand after a visible change (`node tests/e2e/docs-screenshot.mjs`); the wasm
// must be built. Not part of the test run, so the committed picture changes only on purpose.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { WWW, launch, newPage, serve } from './harness.mjs';
import { Playground } from './page.mjs';

const server = await serve();
const browser = await launch();
try {
  const page = await newPage(browser, { width: 1400, height: 960 });
  await page.goto(`${server.url}/#dataset=circle&noise=10&layers=6:tanh,4:tanh&epochs=400&pace=0&seed=3`);
  const pg = new Playground(page);
  await pg.ready();
  await pg.play();
  await pg.trained();
  await page.waitForTimeout(500);
  await mkdir(join(WWW, 'docs'), { recursive: true });
  await page.screenshot({ path: join(WWW, 'docs', 'playground.png') });
  console.log('wrote www/docs/playground.png');
} finally {
  await browser.close();
  await server.close();
}
