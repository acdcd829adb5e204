// The lesson page, `lesson.html?lesson=<id>`: reads the lesson's file, refuses it with its
// faults if it is bad, shows it (lesson-view.js) with the links to the lessons before and
// after, and keeps the goals met. `lesson.html?file=<path>.md` shows a lesson file that is
// not in the course yet (a draft, relative to www/learn/), for its author.
import { h } from '../playground/dom.js';
import { parseLesson } from './lesson-format.js';
import { COURSE, chooseLang, fetchLesson, lessonFile, progress, recordGoal } from './course.js';
import { STRINGS } from './strings.js';
import { LessonView } from './lesson-view.js';
import { documentLang, topBar } from './page-chrome.js';

const main = document.querySelector('main');
const pager = document.querySelector('nav.pager');
let lang = chooseLang();
let view = null;
let pagerUpdate = () => {};

const bar = topBar(document.querySelector('header.top'), [['./index.html', 'allLessons'], ['../index.html', 'playground']], (chosen) => {
  lang = chosen;
  applyLang();
});
applyLang();
show().catch((e) => fail(e.message));

function applyLang() {
  documentLang(lang);
  bar.setLang(lang);
  view?.setLang(lang);
  pagerUpdate();
  if (view) document.title = `${view.lesson.title[lang] ?? view.lesson.title.en} — nnplay`;
}

async function show() {
  const params = new URLSearchParams(location.search);
  const draft = params.get('file');
  const id = params.get('lesson');
  const file = draft && /^[\w./-]+\.md$/.test(draft) && !draft.includes('..') && !draft.startsWith('/') ? draft : lessonFile(id);
  if (!file) {
    fail(STRINGS[lang].noLesson(draft ?? id ?? ''));
    return;
  }
  const text = await fetchLesson(file);
  const lesson = parseLesson(text, { file: file.split('/').pop() });
  // A race that cannot load says so in its place; the rest of the lesson works on.
  const raceError = lesson.blocks.some((b) => b.type === 'race')
    ? await import('../race/nn-race.js').then(() => null, (e) => e.message) : null;
  view = new LessonView(lesson, {
    lang,
    raceError,
    progress: progress()[lesson.id] ?? {},
    onGoal: (goalId, record) => recordGoal(lesson.id, goalId, { epoch: record.epoch, value: record.value, settings: record.settings }),
  });
  main.replaceChildren(view.node);
  await showPager(lesson.id);
  applyLang();
}

/** Links to the lessons before and after this one in the course, named by their titles. */
async function showPager(id) {
  const i = COURSE.indexOf(id);
  if (i < 0) return;
  const neighbour = async (j, key) => {
    if (j < 0 || j >= COURSE.length) return null;
    const title = await fetchLesson(lessonFile(COURSE[j])).then((t) => parseLesson(t).title).catch(() => ({ en: COURSE[j] }));
    const name = h('span', { class: 'title' });
    const word = h('span', { class: 'word' });
    const a = h('a', { href: `./lesson.html?lesson=${COURSE[j]}`, class: key, rel: key === 'previous' ? 'prev' : 'next' }, word, name);
    return { a, update: () => { word.textContent = STRINGS[lang][key]; name.textContent = title[lang] ?? title.en; } };
  };
  const links = (await Promise.all([neighbour(i - 1, 'previous'), neighbour(i + 1, 'next')])).filter(Boolean);
  const count = h('span', { class: 'count' });
  pager.replaceChildren(...links.map((l) => l.a), count);
  pager.hidden = false;
  pagerUpdate = () => {
    for (const l of links) l.update();
    count.textContent = STRINGS[lang].lessonOf(i + 1, COURSE.length);
    pager.setAttribute('aria-label', STRINGS[lang].lessons);
  };
}

/** Shows why the lesson cannot be shown (a bad lesson file names each line and key). */
function fail(message) {
  main.replaceChildren(h('h1', {}, STRINGS[lang].cannotShow), h('div', { class: 'error', role: 'alert' }, h('pre', {}, message)));
}
