// The course index, `index.html`: every lesson in order with its title, its summary and
// how many of its goals this browser has met.
import { h } from '../playground/dom.js';
import { lessonGoals, parseLesson, pick } from './lesson-format.js';
import { COURSE, chooseLang, fetchLesson, lessonFile, progress } from './course.js';
import { STRINGS } from './strings.js';
import { documentLang, topBar } from './page-chrome.js';

const main = document.querySelector('main');
let lang = chooseLang();
const bar = topBar(document.querySelector('header.top'), [['../index.html', 'playground']], (chosen) => {
  lang = chosen;
  render();
});
const heading = h('h1', {});
const intro = h('p', { class: 'summary' });
const list = h('ol', { class: 'course-list' });
main.replaceChildren(heading, intro, list);

/** Each lesson of the course: `{ id, file, lesson }` or `{ id, file, error }`. */
const entries = await Promise.all(COURSE.map(async (id) => {
  const file = lessonFile(id);
  try {
    return { id, file, lesson: parseLesson(await fetchLesson(file), { file: file.split('/').pop() }) };
  } catch (error) {
    return { id, file, error };
  }
}));
render();

function render() {
  const s = STRINGS[lang];
  documentLang(lang);
  bar.setLang(lang);
  document.title = `${s.course} — nnplay`;
  heading.textContent = s.course;
  intro.textContent = s.courseIntro;
  const met = progress();
  list.replaceChildren(...entries.map((entry, i) => item(entry, i, s, met[entry.id] ?? {})));
}

function item({ id, file, lesson, error }, i, s, met) {
  if (error) {
    return h('li', { class: 'lesson-item broken', 'data-lesson': id },
      h('span', { class: 'number', 'aria-hidden': 'true' }, String(i + 1)),
      h('p', { class: 'lesson-text' }, error.status ? s.indexFailed(file, error.status) : s.indexRefused(error.message)));
  }
  const goals = lessonGoals(lesson);
  const done = goals.filter((g) => met[g.id]).length;
  const title = pick(lesson.title, lang);
  const summary = lesson.summary ? pick(lesson.summary, lang) : null;
  const complete = goals.length > 0 && done === goals.length;
  return h('li', { class: `lesson-item${complete ? ' complete' : ''}`, 'data-lesson': id },
    h('span', { class: 'number', 'aria-hidden': 'true' }, String(i + 1)),
    h('div', { class: 'lesson-text' },
      h('h2', {}, h('a', { href: `./lesson.html?lesson=${id}`, lang: title.lang }, title.text)),
      summary ? h('p', { lang: summary.lang }, summary.text) : null),
    h('p', { class: 'met' }, goals.length ? s.goalsMet(done, goals.length) : s.noGoals));
}
