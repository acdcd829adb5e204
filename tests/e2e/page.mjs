// Helpers that drive one <nn-playground> as a person would: press its buttons, read its
// counters and figures. Playwright's CSS locators pierce the element's open shadow root.
import { newPage } from './harness.mjs';

/** A fresh page at `url/hash`, its playground ready: `{ page, pg }`. */
export async function open({ browser, url }, hash = '', viewport) {
  const page = await newPage(browser, viewport);
  await page.goto(`${url}/${hash}`);
  const pg = new Playground(page);
  await pg.ready();
  return { page, pg };
}

export class Playground {
  constructor(page, index = 0) {
    this.page = page;
    this.el = page.locator('nn-playground').nth(index);
  }

  part(selector, options) {
    return this.el.locator(selector, options);
  }

  /** Waits until the element has loaded its data and says so. */
  async ready() {
    await this.page.evaluate(() => customElements.whenDefined('nn-playground'));
    await this.el.evaluate((el) => el.ready);
    await this.page.waitForFunction((el) => !/Loading/.test(el.shadowRoot.querySelector('.status').textContent), await this.el.elementHandle());
  }

  async status() {
    return this.part('.status').textContent();
  }

  async epoch() {
    return Number((await this.part('[data-epoch]').textContent()).replace(/,/g, ''));
  }

  async readout(key) {
    return Number(await this.part(`[data-readout="${key}"]`).textContent());
  }

  async metric(name) {
    return Number(await this.part(`td[data-metric="${name}"]`).textContent());
  }

  async play() {
    await this.part('button.play').click();
  }

  /** Waits for the `trained` event (or for one that already fired) and returns its detail. */
  async trained(timeout = 60000) {
    return this.el.evaluate((el, ms) => new Promise((resolve, reject) => {
      if (el.finished && el.lastTrained) {
        resolve(el.lastTrained);
        return;
      }
      const timer = setTimeout(() => reject(new Error(`not trained within ${ms} ms`)), ms);
      el.addEventListener('trained', (e) => {
        clearTimeout(timer);
        resolve(JSON.parse(JSON.stringify(e.detail)));
      }, { once: true });
    }), timeout);
  }

  /** Waits until the changes made so far have been applied (as a person waits to see them). */
  async settled() {
    await this.el.evaluate((el) => el.queue);
  }

  /**
   * Starts listening for the element's next `type` event and returns a function that
   * resolves with its detail. The listener is in place when this resolves, so an action
   * taken afterwards cannot fire the event unseen.
   */
  async nextEvent(type) {
    // The promise is wrapped in an object: a returned promise would be awaited here.
    const handle = await this.el.evaluateHandle((el, t) => ({
      next: new Promise((resolve) => {
        el.addEventListener(t, (e) => resolve(JSON.parse(JSON.stringify(e.detail))), { once: true });
      }),
    }), type);
    return () => handle.evaluate((h) => h.next);
  }

  /** Counts the element's `epoch` events until its next `trained` event. */
  async countEpochs() {
    const handle = await this.el.evaluateHandle((el) => ({
      count: new Promise((resolve) => {
        let n = 0;
        el.addEventListener('epoch', () => { n += 1; });
        el.addEventListener('trained', () => resolve(n), { once: true });
      }),
    }));
    return () => handle.evaluate((h) => h.count);
  }

  /** Chooses a value in the labelled select of this element. */
  async choose(label, value) {
    await this.el.getByLabel(label, { exact: true }).selectOption(value);
    await this.settled();
  }

  async fill(label, value) {
    const input = this.el.getByLabel(label, { exact: true });
    await input.fill(String(value));
    await input.dispatchEvent('change');
    await this.settled();
  }

  /** The model's outputs for `rows` (arrays of numbers), through the element's API. */
  async predict(rows) {
    return this.el.evaluate(async (el, r) => Array.from(await el.predict(new Float32Array(r.flat()))), rows);
  }
}
