// Helpers that drive one <nn-playground> as a person would: press its buttons, read its
// counters and figures. Playwright's CSS locators pierce the element's open shadow root.

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
