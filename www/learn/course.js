// The course: its lessons in order, where their files are, the reader's language and the
// progress kept in this browser (localStorage).
import { LANGS } from './lesson-format.js';
import { LANGUAGE_KEY as LANG_KEY } from '../playground/i18n/i18n.js';

/** The lessons' ids in the course's order; lesson n's file is `lessons/NN-<id>.md`. */
export const COURSE = ['data', 'first-neuron', 'layers', 'losses', 'gradient-descent', 'optimizers', 'learning-rate',
  'evaluation', 'overfitting', 'learning-curves', 'images', 'text', 'compression', 'deployment'];

/** The file of a lesson of the course, relative to www/learn/ (null for an id not in it). */
export function lessonFile(id) {
  const i = COURSE.indexOf(id);
  return i < 0 ? null : `lessons/${String(i + 1).padStart(2, '0')}-${id}.md`;
}

const PROGRESS_KEY = 'nnplay-learn-progress';

/**
 * The reader's language: `?lang=` (kept for the next pages), else the one chosen before,
 * else the browser's.
 */
export function chooseLang(search = location.search) {
  const asked = new URLSearchParams(search).get('lang');
  if (LANGS.includes(asked)) {
    keepLang(asked);
    return asked;
  }
  const kept = safeGet(LANG_KEY);
  if (LANGS.includes(kept)) return kept;
  return (navigator.languages ?? [navigator.language]).some((l) => /^zh\b/i.test(l ?? '')) ? 'zh' : 'en';
}

/** Keeps the reader's choice, and puts it in the address when the address names one (a reload keeps it). */
export function keepLang(lang) {
  safeSet(LANG_KEY, lang);
  const url = new URL(location.href);
  if (url.searchParams.has('lang') && url.searchParams.get('lang') !== lang) {
    url.searchParams.set('lang', lang);
    history.replaceState(history.state, '', url);
  }
}

/** The goals met so far: `{ [lessonId]: { [goalId]: { epoch, value, settings, at } } }`. */
export function progress() {
  try {
    const p = JSON.parse(safeGet(PROGRESS_KEY) ?? '{}');
    return p && typeof p === 'object' ? p : {};
  } catch {
    return {};
  }
}

/** Keeps a goal as met (the first time only: met goals stay met). */
export function recordGoal(lessonId, goalId, record) {
  const p = progress();
  p[lessonId] ??= {};
  if (p[lessonId][goalId]) return;
  p[lessonId][goalId] = { ...record, at: new Date().toISOString() };
  safeSet(PROGRESS_KEY, JSON.stringify(p));
}

export function forgetProgress() {
  try {
    localStorage.removeItem(PROGRESS_KEY);
  } catch {
    // Storage refused (private mode): there was nothing kept.
  }
}

function safeGet(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function safeSet(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage full or refused: the page works on, without remembering.
  }
}

/** Fetches a lesson file's text; throws with the address and the status (also as `status`) when it fails. */
export async function fetchLesson(file) {
  const res = await fetch(new URL(file, import.meta.url));
  if (!res.ok) {
    const error = new Error(`${file}: ${res.status} ${res.statusText}`.trim());
    error.status = `${res.status} ${res.statusText}`.trim();
    throw error;
  }
  return res.text();
}
