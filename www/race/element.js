// The <nn-race> element (defined by nn-race.js): contestants trained in lockstep from the
// same initial weights in the element's own worker (worker.js), their loss curves overlaid
// (curves.js), their paths on a slice of the loss surface (surface.js), a table of their
// figures, and goals in the playground's grammar (goals.js). Attributes: README.md.
import { UPLOT_CSS } from '../playground/charts.js';
import { h } from '../playground/dom.js';
import { GoalTracker } from '../playground/goals.js';
import { RaceClient } from './client.js';
import { LossCurves } from './curves.js';
import { SurfaceView } from './surface.js';
import { ATTRIBUTES, readSettings } from './settings.js';
import { parseRaceGoals, raceFacts, raceMetrics } from './goals.js';
import { pickLang, t } from './strings.js';
import { swatch } from './look.js';
import { figure, percent } from './format.js';
import { STYLES } from './styles.js';

export class NnRace extends HTMLElement {
  static get observedAttributes() {
    return [...ATTRIBUTES, 'goals', 'lang'];
  }

  connectedCallback() {
    if (this.client) return;
    this.lang = pickLang(this.getAttribute('lang'));
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    this.build(root);
    this.running = false;
    this.finished = false;
    this.epoch = 0;
    this.results = null;
    this.figures = [];
    this.tracker = new GoalTracker();
    this.client = new RaceClient({
      epoch: (m) => this.onEpoch(m),
      surface: (m) => this.info && this.surfaceView.show(m.surface),
      error: (message) => this.fail(message),
    });
    this.ready = this.client.ready.then((catalog) => {
      this.catalog = catalog;
      return this.setup();
    }, (e) => this.fail(e.message));
    this.texts();
  }

  disconnectedCallback() {
    queueMicrotask(() => {
      if (this.isConnected || !this.client) return;
      this.client.terminate();
      this.client = null;
      this.curves.destroy();
      this.surfaceView.destroy();
    });
  }

  attributeChangedCallback(name, old, value) {
    if (!this.client || old === value) return;
    if (name === 'lang') {
      this.lang = pickLang(value);
      this.texts();
    } else if (name === 'goals') {
      this.readGoals();
      this.renderGoals();
    } else if (this.catalog) {
      this.ready = this.setup();
    }
  }

  build(root) {
    this.playButton = h('button', { type: 'button', class: 'play', 'aria-pressed': 'false', disabled: true, onclick: () => this.toggle() });
    this.resetButton = h('button', { type: 'button', disabled: true, onclick: () => this.reset() });
    this.epochLabel = h('span', { class: 'label' });
    this.epochOut = h('output', { class: 'value' }, '0');
    this.statusOut = h('p', { class: 'status', role: 'status' });
    this.errorBox = h('div', { class: 'error', role: 'alert', hidden: true });
    this.curvesTitle = h('h3', {});
    this.curvesBox = h('div', { class: 'chart' });
    this.legend = h('ul', { class: 'legend' });
    this.surfaceTitle = h('h3', {});
    this.surfaceBox = h('div', { class: 'surface' });
    this.table = h('table', {});
    this.tableWrap = h('div', { class: 'table-wrap', role: 'region', tabindex: '0' }, this.table);
    this.goalsTitle = h('h3', {});
    this.goalsList = h('ul', { class: 'goals' });
    this.goalsBox = h('section', { class: 'goals-box', hidden: true }, this.goalsTitle, this.goalsList);
    root.append(
      h('style', {}, STYLES),
      h('link', { rel: 'stylesheet', href: UPLOT_CSS }),
      h('div', { class: 'app' },
        h('div', { class: 'bar', role: 'toolbar' },
          this.playButton, this.resetButton,
          h('div', { class: 'counter' }, this.epochLabel, this.epochOut),
          this.statusOut),
        this.errorBox,
        h('div', { class: 'panels' },
          h('section', { class: 'panel' }, this.curvesTitle, this.curvesBox, this.legend),
          h('section', { class: 'panel' }, this.surfaceTitle, this.surfaceBox)),
        this.tableWrap,
        this.goalsBox));
    this.curves = new LossCurves(this.curvesBox);
    this.surfaceView = new SurfaceView(this.surfaceBox);
  }

  /** Reads the attributes and starts a new race from the shared initial weights. */
  async setup() {
    this.running = false;
    this.finished = false;
    let read;
    try {
      read = readSettings(this, this.catalog);
    } catch (e) {
      this.fail(e.message);
      return;
    }
    this.settings = read.settings;
    this.layersText = read.layersText;
    this.readGoals();
    this.playButton.disabled = this.resetButton.disabled = true;
    this.info = null;
    let info;
    try {
      info = await this.client.call('setup', this.settings);
    } catch (e) {
      this.fail(e.message);
      return;
    }
    this.errorBox.hidden = true;
    if (this.goalError) this.fail(`goals: ${this.goalError}`);
    this.info = info;
    this.epoch = 0;
    this.results = null;
    this.figures = this.settings.contestants.map((c, i) => ({ name: c.name, ...info.figures[i] }));
    this.curves.reset(this.settings.contestants.map((c) => c.name), info.figures.map((f) => f.loss));
    this.surfaceView.clear();
    this.playButton.disabled = this.resetButton.disabled = false;
    this.status = 'ready';
    this.texts();
    this.surfaceView.show(await this.client.call('surface'));
  }

  readGoals() {
    this.goals = [];
    this.goalError = null;
    if (!this.settings) return;
    try {
      this.goals = parseRaceGoals(this.getAttribute('goals') ?? '', this.settings.contestants);
    } catch (e) {
      this.goalError = e.message;
      this.fail(`goals: ${e.message}`);
    }
    this.tracker = new GoalTracker(this.goals, (goal, record) => {
      const c = goal.condition;
      this.dispatchEvent(new CustomEvent('goal', { detail: { id: goal.id, text: goal.text, metric: c.metric ?? c.event, value: record.value, epoch: record.epoch, settings: record.settings } }));
      this.renderGoals();
    });
  }

  toggle() {
    if (this.running) this.pause();
    else this.play();
  }

  async play() {
    await this.ready;
    if (this.finished || !this.info) return;
    this.running = true;
    this.status = 'running';
    this.texts();
    await this.client.call('start');
  }

  async pause() {
    await this.ready;
    this.running = false;
    await this.client.call('pause');
    if (!this.finished) this.status = 'paused';
    this.texts();
  }

  reset() {
    this.ready = this.setup();
    return this.ready;
  }

  onEpoch({ epoch, runs, finished }) {
    // (Epochs of the race before a new setup's reply belong to the old race.)
    if (!this.info) return;
    this.epoch = epoch;
    this.figures = runs.map((r) => ({ ...r }));
    this.curves.push(epoch, runs.map((r) => r.loss));
    const contestants = this.contestantDetails();
    this.dispatchEvent(new CustomEvent('epoch', { detail: { epoch, contestants: runs.map((r) => ({ ...r })) } }));
    const facts = raceFacts(this.settings, this.layersText, this.info.trainRows);
    const report = { metrics: raceMetrics(epoch, runs), events: [], facts, epoch, settings: facts };
    if (finished) {
      this.running = false;
      this.finished = true;
      const winner = contestants.reduce((a, b) => (b.loss < a.loss ? b : a)).name;
      this.results = { epoch, winner, contestants };
      this.status = 'finished';
      report.events = ['finished', `${winner}-won`];
      this.dispatchEvent(new CustomEvent('finished', { detail: this.results }));
    }
    this.tracker.observe(report);
    this.texts();
  }

  /** Each contestant's settings and latest figures. */
  contestantDetails() {
    return this.settings.contestants.map((c, i) => ({
      name: c.name, optimizer: c.optimizer, learningRate: c.learningRate,
      batchSize: c.batch === 'all' ? this.info.trainRows : c.batch ?? this.settings.batchSize,
      loss: this.figures[i].loss, accuracy: this.figures[i].accuracy, testLoss: this.figures[i].testLoss, testAccuracy: this.figures[i].testAccuracy,
    }));
  }

  get goalStatus() {
    return this.tracker.status();
  }

  fail(message) {
    this.running = false;
    this.errorBox.hidden = false;
    this.errorBox.replaceChildren(h('strong', {}, t(this.lang, 'errorTitle')), ' ', message);
    this.dispatchEvent(new CustomEvent('error', { detail: { message } }));
    this.texts();
  }

  /** Every string in the element's language, from the current state. */
  texts() {
    const L = this.lang;
    this.setAttribute('data-lang', L);
    this.shadowRoot.querySelector('.bar').setAttribute('aria-label', t(L, 'controls'));
    this.playButton.textContent = t(L, this.running ? 'pause' : 'play');
    if (this.info) this.playButton.disabled = this.finished;
    this.playButton.setAttribute('aria-pressed', String(this.running));
    this.resetButton.textContent = t(L, 'reset');
    this.epochLabel.textContent = t(L, 'epoch');
    this.epochOut.textContent = this.settings ? `${this.epoch} / ${this.settings.epochs}` : '0';
    const winner = this.results?.winner;
    const status = { ready: 'ready', running: 'running', paused: 'paused', finished: 'finished' }[this.status] ?? 'loading';
    this.statusOut.textContent = t(L, status, { epoch: this.epoch, winner });
    this.curvesTitle.textContent = t(L, 'lossChart');
    this.surfaceTitle.textContent = t(L, 'surfaceTitle');
    this.curves.setLang(L);
    this.surfaceView.setLang(L);
    this.renderLegend();
    this.renderTable();
    this.renderGoals();
  }

  renderLegend() {
    const cs = this.settings?.contestants ?? [];
    this.legend.setAttribute('aria-label', t(this.lang, 'contestant'));
    this.legend.replaceChildren(...cs.map((c, i) => h('li', {}, swatch(i), h('span', { class: 'name' }, c.name), ' ', h('span', { class: 'what' }, this.describeContestant(c)))));
  }

  describeContestant(c) {
    const params = { optimizer: c.optimizer, rate: c.learningRate, batch: this.batchText(c) };
    return t(this.lang, c.name === c.optimizer ? 'legendSame' : 'legendOther', params);
  }

  batchText(c) {
    if (c.batch === 'all') return t(this.lang, 'batchAll', { rows: this.info?.trainRows ?? '' });
    return String(c.batch ?? this.settings.batchSize);
  }

  renderTable() {
    const L = this.lang;
    this.tableWrap.setAttribute('aria-label', t(L, 'tableCaption', { epoch: this.epoch }));
    const cs = this.settings?.contestants ?? [];
    const cols = ['contestant', 'optimizer', 'learningRate', 'batchSize', 'loss', 'accuracy', 'testLoss', 'testAccuracy'];
    const winner = this.results?.winner;
    this.table.replaceChildren(
      h('caption', {}, t(L, 'tableCaption', { epoch: this.epoch })),
      h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col' }, t(L, k))))),
      h('tbody', {}, cs.map((c, i) => {
        const f = this.figures[i] ?? {};
        return h('tr', { class: c.name === winner ? 'winner' : null, 'data-name': c.name },
          h('th', { scope: 'row' }, swatch(i), c.name),
          h('td', {}, c.optimizer), h('td', { class: 'num' }, String(c.learningRate)), h('td', { class: 'num' }, this.batchText(c)),
          h('td', { class: 'num', 'data-figure': 'loss' }, figure(f.loss)), h('td', { class: 'num' }, percent(f.accuracy)),
          h('td', { class: 'num', 'data-figure': 'test-loss' }, figure(f.testLoss)), h('td', { class: 'num' }, percent(f.testAccuracy)));
      })));
  }

  renderGoals() {
    const status = this.tracker?.status() ?? [];
    this.goalsBox.hidden = status.length === 0;
    this.goalsTitle.textContent = t(this.lang, 'goals');
    this.goalsList.replaceChildren(...status.map((g) => h('li', { class: g.met ? 'met' : null, 'data-goal': g.id },
      h('span', { class: 'tick', 'aria-hidden': 'true' }, g.met ? '✓' : '○'),
      h('code', {}, g.text), ' — ',
      g.met ? t(this.lang, 'goalMet', { epoch: g.epoch }) : t(this.lang, 'goalOpen'))));
  }
}
