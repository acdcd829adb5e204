// One task of a lesson: what to reach, a tick when the playground (or race) it is for
// emits the goal, with the epoch and the settings that reached it; hints shown one at a
// time; "Show me", which sets the solution through the element (the learner then trains).
import { h } from '../playground/dom.js';
import { fromHash, withActivation } from '../playground/settings.js';
import { pick, settingPairs, settingsHash } from './lesson-format.js';
import { markdown, setMarkup } from './markdown.js';
import { STRINGS, describeRun, settingsOf } from './strings.js';

const md = markdown();

export class GoalTask {
  /**
   * `goal`: a goal block; `el`: the element it is for; `progress`: its record from an
   * earlier visit, if met then; `onGoal(goalId, record)` when it is met now.
   */
  constructor(goal, el, { progress = null, onGoal = () => {} } = {}) {
    this.goal = goal;
    this.el = el;
    this.met = progress ? { ...progress, before: true } : null;
    this.hintsShown = 0;
    this.shown = null; // the settings "Show me" applied
    this.lang = 'en';
    const constraintKeys = goal.condition.constraints.map((c) => c.key);
    const solutionKeys = goal.solution ? settingPairs(goal.solution).map(([k]) => k) : [];
    this.names = settingsOf([...constraintKeys, ...solutionKeys.map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))]);
    this.build();
    el.addEventListener('goal', (e) => {
      if (e.detail.id !== goal.id || (this.met && !this.met.before)) return;
      this.met = { epoch: e.detail.epoch, value: e.detail.value, settings: e.detail.settings ?? null, event: e.detail.event ?? null };
      // What "Show me" set is history now: the tick says what reached the goal.
      this.shown = null;
      this.render();
      onGoal(goal.id, this.met);
    });
  }

  build() {
    const g = this.goal;
    this.mark = h('span', { class: 'mark', 'aria-hidden': 'true' });
    this.textNode = h('p', { class: 'goal-text' });
    this.stateNode = h('p', { class: 'goal-state', role: 'status' });
    this.hintList = h('ol', { class: 'hints', 'aria-live': 'polite' });
    this.hintButton = g.hints.length ? h('button', { type: 'button', class: 'hint', onclick: () => this.nextHint() }) : null;
    this.showButton = g.solution != null ? h('button', { type: 'button', class: 'show-me', onclick: () => this.showMe() }) : null;
    this.shownNode = h('p', { class: 'shown', role: 'status' });
    this.status = h('span', { class: 'visually-hidden' });
    this.node = h('li', { class: 'goal', 'data-goal': g.id, id: `goal-${g.id}` },
      this.mark,
      h('div', { class: 'goal-body' },
        h('div', { class: 'goal-head' }, this.status, this.textNode),
        this.stateNode, this.hintList,
        this.hintButton || this.showButton ? h('div', { class: 'goal-actions' }, this.hintButton, this.showButton) : null,
        this.shownNode));
  }

  setLang(lang) {
    this.lang = lang;
    this.render();
  }

  /** Puts every text in the current language and state. */
  render() {
    const s = STRINGS[this.lang];
    const text = pick(this.goal.text, this.lang);
    setMarkup(this.textNode, md.inline(text.text));
    this.textNode.lang = text.lang;
    this.node.classList.toggle('met', Boolean(this.met));
    this.mark.textContent = this.met ? '✓' : '';
    this.status.textContent = `${this.met ? s.done : s.todo}: `;
    this.stateNode.textContent = this.met ? this.metText(s) : s.notMet;
    this.hintList.replaceChildren(...this.goal.hints.slice(0, this.hintsShown).map((hint, i) => {
      const shown = pick(hint, this.lang);
      const body = h('span', { lang: shown.lang });
      setMarkup(body, md.inline(shown.text));
      return h('li', { tabindex: -1 }, h('span', { class: 'hint-label' }, s.hintOf(i + 1, this.goal.hints.length)), ' ', body);
    }));
    if (this.hintButton) {
      const left = this.goal.hints.length - this.hintsShown;
      this.hintButton.hidden = left === 0;
      this.hintButton.textContent = this.hintsShown === 0 ? s.hint : s.nextHint(this.hintsShown + 1, this.goal.hints.length);
    }
    if (this.showButton) this.showButton.textContent = s.showMe;
    this.shownNode.hidden = !this.shown;
    if (this.shown) {
      const what = describeRun(this.shown, this.names, this.lang);
      this.shownNode.textContent = this.goal.condition.condition.event ? s.shownEvent(what) : s.shown(what);
    }
  }

  metText(s) {
    const run = this.met.settings ? describeRun(this.met.settings, this.names, this.lang) : '';
    const text = this.met.event || this.met.epoch == null ? s.metEvent(run) : s.metAt(this.met.epoch, run);
    return this.met.before ? s.metBefore(text) : text;
  }

  nextHint() {
    this.hintsShown = Math.min(this.hintsShown + 1, this.goal.hints.length);
    this.render();
    // The last hint shown: the button goes, so the focus goes to that hint.
    if (this.hintsShown === this.goal.hints.length) this.hintList.lastElementChild.focus();
  }

  /** Sets the solution's settings through the element and says what it set. */
  async showMe() {
    const el = this.el;
    const patch = fromHash(settingsHash(this.goal.solution), {});
    const activation = settingPairs(this.goal.solution).find(([k]) => k === 'activation')?.[1];
    if (activation) patch.layers = withActivation({ layers: patch.layers ?? el.settings.layers }, activation).layers;
    await el.update(patch);
    await el.queue;
    this.shown = { ...el.settings };
    this.render();
  }
}
