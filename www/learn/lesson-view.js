// One lesson on the page: its prose (Markdown and formulas), its playgrounds and races set
// up by the lesson's blocks, and its tasks (goal-task.js). `setLang` switches every text
// in place, and every embedded element's `lang`, so nothing is rebuilt and no playground
// loses its state.
import { h } from '../playground/dom.js';
import { pick } from './lesson-format.js';
import { markdown, setMarkup } from './markdown.js';
import { STRINGS } from './strings.js';
import { GoalTask } from './goal-task.js';

const md = markdown();

export class LessonView {
  /** `lesson`: parseLesson's result; `progress`: the goals met before (`{ [goalId]: record }`). */
  /** `raceError`: why `<nn-race>` could not be loaded (its blocks then say so), or null. */
  constructor(lesson, { lang, progress = {}, onGoal = () => {}, raceError = null }) {
    this.lesson = lesson;
    this.raceError = raceError;
    this.updaters = [];
    this.tasks = [];
    this.hosts = new Map();
    this.node = h('article', { class: 'lesson' });
    const heading = h('h1', {});
    this.plain(heading, lesson.title);
    const summary = lesson.summary ? h('p', { class: 'summary' }) : null;
    if (summary) this.plain(summary, lesson.summary);
    // How many of the lesson's goals are met, said again as each is met.
    this.count = h('p', { class: 'lesson-progress' });
    const showCount = (lang) => {
      const n = this.tasks.filter((t) => t.met).length;
      this.count.textContent = this.tasks.length ? STRINGS[lang].goalsMet(n, this.tasks.length) : '';
    };
    this.updaters.push(showCount);
    this.node.append(h('header', { class: 'lesson-head' }, heading, summary, this.count));
    const kept = onGoal;
    onGoal = (...args) => {
      kept(...args);
      showCount(this.lang);
    };
    let list = null;
    for (const [index, block] of lesson.blocks.entries()) {
      if (block.type !== 'goal') list = null;
      if (block.type === 'prose') this.node.append(this.prose(block));
      else if (block.type === 'playground' || block.type === 'race') this.node.append(this.host(block, index));
      else {
        if (!list) {
          const title = h('h2', { class: 'tasks-title' });
          this.label(title, (s) => s.tasks);
          list = h('ol', { class: 'tasks' });
          this.node.append(h('div', { class: 'tasks-box' }, title, list));
        }
        const task = new GoalTask(block, this.hosts.get(block.host), { progress: progress[block.id], onGoal });
        this.tasks.push(task);
        list.append(task.node);
      }
    }
    this.setLang(lang);
  }

  /** Shows every text in `lang` (English where the lesson has no translation). */
  setLang(lang) {
    this.lang = lang;
    for (const update of this.updaters) update(lang);
    for (const task of this.tasks) task.setLang(lang);
  }

  /** `node` shows the lesson's plain text `t` (`{ en, zh }`: the title, the summary). */
  plain(node, t) {
    this.updaters.push((lang) => {
      const shown = pick(t, lang);
      node.textContent = shown.text;
      node.lang = shown.lang;
    });
  }

  /** `node` shows one of the page's own strings: `get(STRINGS[lang])`. */
  label(node, get) {
    this.updaters.push((lang) => { node.textContent = get(STRINGS[lang]); });
  }

  prose(block) {
    const node = h('div', { class: 'prose' });
    this.updaters.push((lang) => {
      const shown = pick(block, lang);
      setMarkup(node, md.block(shown.text));
      node.lang = shown.lang;
      for (const wide of node.querySelectorAll('.formula, pre, table')) keyboardScroll(wide);
    });
    return node;
  }

  /** A playground or a race, with its attributes from the block and its goals. */
  host(block, index) {
    const tag = block.type === 'playground' ? 'nn-playground' : 'nn-race';
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(block.attributes)) el.setAttribute(key, value);
    // A lesson may hold several playgrounds: each one's landmarks are named apart.
    if (tag === 'nn-playground') el.setAttribute('label', block.id ?? String(index + 1));
    if (block.id) {
      el.id = `${block.type}-${block.id}`;
      el.dataset.block = block.id;
    }
    const goals = block.goals.filter((g) => g.condition).map((g) => `${g.id}: ${g.goal}`);
    if (goals.length) el.setAttribute('goals', goals.join('\n'));
    this.updaters.push((lang) => {
      el.setAttribute('lang', lang);
      // A race's own texts: the block's `key.zh` translations over its English keys.
      for (const [key, value] of Object.entries(block.translations?.zh ?? {})) {
        el.setAttribute(key, lang === 'zh' ? value : block.attributes[key] ?? '');
      }
    });
    this.hosts.set(index, el);
    const failed = block.type === 'race' && this.raceError ? h('p', { class: 'error', role: 'alert' }) : null;
    if (failed) this.label(failed, (s) => s.raceFailed(this.raceError));
    return h('div', { class: `figure ${block.type}` }, failed ?? el);
  }
}

const scrollWatch = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver((entries) => {
  for (const { target } of entries) focusableWhenScrolling(target);
});

/** A formula, code block or table wider than the column scrolls: then it takes the focus, so the keys scroll it. */
function keyboardScroll(node) {
  focusableWhenScrolling(node);
  scrollWatch?.observe(node);
}

function focusableWhenScrolling(node) {
  if (node.scrollWidth > node.clientWidth + 1) node.setAttribute('tabindex', '0');
  else node.removeAttribute('tabindex');
}
