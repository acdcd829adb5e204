// The page stays in step with the real state: the status line, the play button, the epoch
// counter and the output note say what is true after every kind of change.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, WWW, assert, newPage, noProblems } from './harness.mjs';
import { Playground } from './page.mjs';

async function open({ browser, url }, hash = '', viewport) {
  const page = await newPage(browser, viewport);
  await page.goto(`${url}/${hash}`);
  const pg = new Playground(page);
  await pg.ready();
  return { page, pg };
}

export const stateTests = [
  ['status, button and counter follow the run: a restarting change, a raised epoch limit, Step', async (ctx) => {
    const { page, pg } = await open(ctx, '#dataset=circle&epochs=3000&pace=50');
    const play = pg.part('button.play');
    await pg.play();
    await page.waitForFunction((el) => el.epoch > 5, await pg.el.elementHandle());
    // A change that needs a new model while training: epoch 0, stopped, and said so.
    for (const change of [() => pg.fill('Batch size', 20), () => pg.choose('Optimizer', 'sgd'), () => pg.part('button', { hasText: '+ Add hidden layer' }).click()]) {
      await pg.play();
      await page.waitForFunction((el) => el.epoch > 3, await pg.el.elementHandle());
      await change();
      await pg.settled();
      await page.waitForTimeout(400); // longer than the counters' redraw interval
      assert(await pg.epoch() === 0, `the counter starts again at 0, shows ${await pg.epoch()}`);
      assert(await play.textContent() === 'Play', `the button offers Play: ${await play.textContent()}`);
      assert(!/Training/.test(await pg.status()), `the status no longer says training: ${await pg.status()}`);
    }
    // A finished run whose limit is raised goes on from where it was, and says so.
    await pg.fill('Epochs limit', 5);
    await pg.play();
    await pg.trained();
    assert(await play.textContent() === 'Restart', 'a finished run offers Restart');
    await pg.fill('Epochs limit', 3000);
    assert(await play.textContent() === 'Play', `a raised limit offers Play: ${await play.textContent()}`);
    assert(/raised to 3000.*from epoch 5/.test(await pg.status()), `said: ${await pg.status()}`);
    await pg.play();
    await page.waitForFunction((el) => el.epoch > 8, await pg.el.elementHandle());
    await pg.play();
    await page.waitForFunction((el) => /Paused/.test(el.shadowRoot.querySelector('.status').textContent), await pg.el.elementHandle());
    const paused = await pg.epoch();
    assert(paused > 5, `went on from epoch 5 (now ${paused})`);
    assert((await pg.status()).includes(`Paused at epoch ${paused}`), await pg.status());
    await pg.part('button', { hasText: 'Step' }).click();
    await page.waitForFunction((n) => document.querySelector('nn-playground').epoch === n, paused + 1);
    assert((await pg.status()).includes(`Stepped to epoch ${paused + 1}`), `Step says where it is: ${await pg.status()}`);
    noProblems(page);
  }],

  ['a 3-class upload, then a 1-output upload; a loss change shows in the output note at once', async (ctx) => {
    const { page, pg } = await open(ctx, '#epochs=20&pace=0');
    const input = pg.part('input[type=file][accept^=".csv"]').first();
    await input.setInputFiles(join(WWW, 'datasets/iris.csv'));
    await pg.settled();
    await pg.play();
    await pg.trained();
    let rows = 'a,b,y\n';
    for (let i = 0; i < 60; i += 1) rows += `${i},${(i * 7) % 13},${(i * 0.5 + 1).toFixed(1)}\n`;
    const file = join(ARTIFACTS, 'one-output.csv');
    await writeFile(file, rows);
    await input.setInputFiles(file);
    await pg.settled();
    assert(await pg.el.evaluate((el) => el.info.task) === 'regression', 'one numeric target: regression');
    await page.waitForTimeout(500); // the first snapshots of the new network
    await pg.play();
    await pg.trained();
    const note = pg.part('p.note', { hasText: 'Output:' });
    assert(/loss mean_squared_error/.test(await note.textContent()), `the note names the loss: ${await note.textContent()}`);
    await pg.part('details summary', { hasText: 'Override output layer' }).click();
    await pg.choose('Loss', 'mean_absolute_error');
    assert(/loss mean_absolute_error/.test(await note.textContent()), `the note follows the loss: ${await note.textContent()}`);
    assert(await pg.el.evaluate((el) => el.settings.loss) === 'mean_absolute_error', 'the loss is taken');
    noProblems(page);
  }],
];
