// The lesson file format (www/learn/README.md): front matter, Markdown prose with its
// Chinese translation in `:::zh` blocks, and fenced `playground`, `goal` and `race` blocks
// of `key: value` lines. `parseLesson` turns a file into a lesson or refuses it with every
// fault, each naming its line and key. Pure: no DOM, runs in node and in the browser.
import { PLAYGROUND_VOCABULARY, parseGoal } from '../playground/goals.js';
import { ALL_CONTROLS, ALL_PANELS, SETTING_ATTRIBUTES, parseSetting, settingOfAttr } from '../playground/settings.js';
import { checkChoices, settingsProblem } from './lesson-settings.js';

export { settingPairs, settingsHash } from './lesson-settings.js';

/** The languages a lesson is written in: English first, its translations after. */
export const LANGS = ['en', 'zh'];
const TRANSLATIONS = LANGS.slice(1);

/** A lesson file that cannot be used: `errors` is `[{ line, key, message }]`, in file order. */
export class LessonError extends Error {
  constructor(errors, file) {
    const where = file ? `${file}: ` : '';
    super(errors.map((e) => `${where}line ${e.line}: ${e.message}`).join('\n'));
    this.name = 'LessonError';
    this.errors = errors;
  }
}

const FRONT_MATTER = { required: ['id', 'title'], optional: ['summary'], text: ['title', 'summary'] };
const PLAYGROUND_OWN = ['id', 'panels', 'controls', 'locked'];
/** Attributes the lesson page sets itself: a lesson may not give them. */
const PAGE_ATTRIBUTES = { goals: 'the goal blocks below the playground give them', lang: 'the page\'s language switch sets it',
  hash: 'a lesson page holds several playgrounds', autosave: 'the lesson page keeps its own progress' };
const GOAL_KEYS = { required: ['id', 'goal', 'text'], optional: ['playground', 'solution', 'wrong', 'hint'], text: ['text', 'hint'] };
const ID = /^[a-z][a-z0-9-]*$/;
const SPECIAL = ['playground', 'goal', 'race'];

/**
 * Parses lesson text. `file` (e.g. `03-layers.md`) names the file in messages and, when it
 * has the `NN-<id>.md` form, must agree with the front matter's id. With the engine's
 * `catalog`, the names of choices (data sets, losses, optimizers, activations, …) in the
 * playgrounds, solutions, wrong settings and goals' constraints must be the engine's. Returns
 * `{ id, title, summary, blocks }` where texts are `{ en, zh }` (zh null when missing) and
 * blocks are, in order:
 * - `{ type: 'prose', line, en, zh }` (Markdown);
 * - `{ type: 'playground', line, id, attributes, goals }` (`goals`: the goal blocks for it);
 * - `{ type: 'race', line, id, attributes, translations, goals }` (`translations`: `{ zh: { key: text } }`);
 * - `{ type: 'goal', line, id, goal, condition, text, hints, solution, wrong, target }`
 *   (`condition`: parseGoal's result; `target`: the id of the playground or race it is for, `host`: that block's index in `blocks`).
 * Throws a LessonError listing every fault.
 */
export function parseLesson(text, { file, catalog = null } = {}) {
  const errors = [];
  const fail = (line, key, message) => errors.push({ line, key, message });
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const { meta, next } = frontMatter(lines, fail);
  const blocks = body(lines, next, fail);
  const lesson = { ...meta, blocks };
  attachGoals(lesson, fail);
  if (catalog) checkChoices(lesson, catalog, fail);
  const fileId = file?.match(/(?:^|\/)\d\d-([a-z0-9-]+)\.md$/)?.[1];
  if (fileId && meta.id && fileId !== meta.id) fail(meta.idLine, 'id', `the id "${meta.id}" is not the file's ("${fileId}" in ${file})`);
  delete lesson.idLine;
  if (errors.length) throw new LessonError(errors.sort((a, b) => a.line - b.line), file);
  return lesson;
}

/** The front matter between `---` lines at the top: `{ meta, next }` (next: the body's first line index). */
function frontMatter(lines, fail) {
  const meta = { id: null, title: null, summary: null, idLine: 1 };
  if (lines[0]?.trim() !== '---') {
    fail(1, 'id', 'a lesson starts with front matter: a line "---", then "id: …" and "title: …", then "---"');
    return { meta, next: 0 };
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) {
    fail(1, 'id', 'the front matter is not closed by a line "---"');
    return { meta, next: lines.length };
  }
  const pairs = keyValues(lines, 1, end, 'the front matter', fail);
  const texts = {};
  for (const p of pairs) {
    // Quotes around a whole value, as YAML writes them, are not part of it.
    p.value = p.value.replace(/^"(.*)"$|^'(.*)'$/, (_, a, b) => a ?? b);
    const base = checkKey(p, [...FRONT_MATTER.required, ...FRONT_MATTER.optional], FRONT_MATTER.text, 'the front matter', fail);
    if (!base) continue;
    if (!p.lang && texts[base]) { fail(p.line, p.key, `"${p.key}" is given twice in the front matter`); continue; }
    if (p.lang && !texts[base]) { fail(p.line, p.key, `"${p.key}" comes before "${base}", the text it translates`); continue; }
    if (p.lang) texts[base][p.lang] = p.value;
    else texts[base] = { en: p.value, zh: null, line: p.line };
  }
  for (const key of FRONT_MATTER.required) if (!texts[key]) fail(end + 1, key, `the front matter has no "${key}"`);
  if (texts.id) {
    meta.id = texts.id.en;
    meta.idLine = texts.id.line;
    if (!ID.test(meta.id)) fail(texts.id.line, 'id', `the id "${meta.id}" is not a lower-case letter followed by letters, digits and dashes`);
  }
  for (const key of FRONT_MATTER.text) if (texts[key]) meta[key] = { en: texts[key].en, zh: texts[key].zh };
  return { meta, next: end + 1 };
}

/** `key: value` lines from `from` to `to` (exclusive); blank lines are skipped. */
function keyValues(lines, from, to, where, fail) {
  const pairs = [];
  for (let i = from; i < to; i += 1) {
    const raw = lines[i];
    if (!raw.trim()) continue;
    const m = raw.match(/^\s*([A-Za-z0-9_.-]+)\s*:(.*)$/);
    if (!m) {
      fail(i + 1, raw.trim().split(/\s/)[0], `"${raw.trim()}" in ${where} is not a "key: value" line`);
      continue;
    }
    const [base, lang, ...rest] = m[1].split('.');
    pairs.push({ line: i + 1, key: m[1], base, lang: lang ?? null, bad: rest.length > 0, value: m[2].trim() });
  }
  return pairs;
}

/**
 * The base key of `p` when it is allowed in `where` (translations only for text keys, a
 * value unless `emptyAllowed`), else null.
 */
function checkKey(p, allowed, textKeys, where, fail, emptyAllowed = false) {
  if (!allowed.includes(p.base) || p.bad) {
    fail(p.line, p.key, `unknown key "${p.key}" in ${where}`);
    return null;
  }
  if (p.lang && !(TRANSLATIONS.includes(p.lang) && textKeys.includes(p.base))) {
    fail(p.line, p.key, textKeys.includes(p.base)
      ? `unknown key "${p.key}" in ${where}: a translation is "${p.base}.${TRANSLATIONS.join('" or "')}"`
      : `unknown key "${p.key}" in ${where}: "${p.base}" is not a text to translate`);
    return null;
  }
  if (p.value === '' && !emptyAllowed) {
    fail(p.line, p.key, `the key "${p.key}" in ${where} has no value`);
    return null;
  }
  return p.base;
}

/** The lesson's body: prose, `:::zh` blocks and fenced blocks, from line index `start`. */
function body(lines, start, fail) {
  const blocks = [];
  let prose = null; // { line, text: [] } — English since the previous block
  const flush = () => {
    if (prose && prose.text.some((l) => l.trim())) blocks.push({ type: 'prose', line: prose.line, en: trimLines(prose.text), zh: null });
    prose = null;
  };
  for (let i = start; i < lines.length; i += 1) {
    const line = lines[i];
    const fence = line.match(/^(`{3,}|~{3,})\s*([A-Za-z0-9_-]*)/);
    if (fence && SPECIAL.includes(fence[2])) {
      flush();
      const end = closingFence(lines, i, fence[1]);
      if (end < 0) {
        fail(i + 1, fence[2], `the ${fence[2]} block is not closed by a line "${fence[1]}"`);
        return blocks;
      }
      const block = fenced(fence[2], lines, i, end, fail);
      if (block) blocks.push(block);
      i = end;
    } else if (fence) {
      // A code block of the prose: copied as it is (a ":::zh" in it is code).
      prose ??= { line: i + 1, text: [] };
      const end = closingFence(lines, i, fence[1]);
      const last = end < 0 ? lines.length - 1 : end;
      prose.text.push(...lines.slice(i, last + 1));
      i = last;
    } else if (line.trim().startsWith(':::')) {
      const lang = line.trim().slice(3).trim();
      const end = lines.findIndex((l, k) => k > i && l.trim() === ':::');
      if (!lang) {
        fail(i + 1, ':::', '":::" closes a translation block, but none is open');
        continue;
      }
      if (!TRANSLATIONS.includes(lang)) {
        fail(i + 1, line.trim(), `"${line.trim()}" opens no translation block: write ":::${TRANSLATIONS.join('" or ":::')}"`);
        if (end >= 0) i = end;
        continue;
      }
      if (end < 0) {
        fail(i + 1, `:::${lang}`, `the :::${lang} block is not closed by a line ":::"`);
        return blocks;
      }
      const english = prose && prose.text.some((l) => l.trim());
      flush();
      const last = blocks.at(-1);
      if (!english) fail(i + 1, `:::${lang}`, `the :::${lang} block has no English prose before it to translate`);
      else last[lang] = trimLines(lines.slice(i + 1, end));
      i = end;
    } else {
      prose ??= { line: i + 1, text: [] };
      prose.text.push(line);
    }
  }
  flush();
  return blocks;
}

function closingFence(lines, open, marker) {
  const close = new RegExp(`^${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
  return lines.findIndex((l, k) => k > open && close.test(l));
}

function trimLines(lines) {
  return lines.join('\n').replace(/^\s*\n/, '').replace(/\s+$/, '');
}

/** One fenced block from line index `open` to `close` (its fences). */
function fenced(type, lines, open, close, fail) {
  const where = `a ${type} block`;
  const pairs = keyValues(lines, open + 1, close, where, fail);
  const line = open + 1;
  if (type === 'playground') return playgroundBlock(pairs, line, where, fail);
  if (type === 'goal') return goalBlock(pairs, line, where, fail);
  return raceBlock(pairs, line, where, fail);
}

function playgroundBlock(pairs, line, where, fail) {
  const block = { type: 'playground', line, id: null, attributes: {}, goals: [], lines: {} };
  for (const p of pairs) {
    if (PAGE_ATTRIBUTES[p.key]) { fail(p.line, p.key, `the key "${p.key}" is not for ${where}: ${PAGE_ATTRIBUTES[p.key]}`); continue; }
    const base = checkKey(p, [...SETTING_ATTRIBUTES, ...PLAYGROUND_OWN], [], where, fail, true);
    if (!base) continue;
    if (p.key in block.attributes || (p.key === 'id' && block.id)) {
      fail(p.line, p.key, `"${p.key}" is given twice in ${where}`);
      continue;
    }
    const problem = playgroundValue(p.key, p.value);
    if (problem) { fail(p.line, p.key, `${problem} (key "${p.key}" in ${where})`); continue; }
    if (p.key === 'id') block.id = p.value;
    else block.attributes[p.key] = p.value;
    block.lines[p.key] = p.line;
  }
  return block;
}

/** What is wrong with `value` for the playground key `key`, or null. */
function playgroundValue(key, value) {
  if (key === 'id') return ID.test(value) ? null : `the id "${value}" is not a lower-case letter followed by letters, digits and dashes`;
  const lists = { panels: ALL_PANELS, controls: ALL_CONTROLS, locked: SETTING_ATTRIBUTES.filter((k) => k !== 'pace') };
  if (lists[key]) {
    const bad = value.split(',').map((v) => v.trim()).filter((v) => !lists[key].includes(v));
    return bad.length ? `"${bad.join('", "')}" is not one of ${lists[key].join(', ')}` : null;
  }
  if (key === 'activation') return null;
  const setting = settingOfAttr(key);
  return parseSetting(setting, value) === undefined ? `"${value}" is not a valid value` : null;
}

function goalBlock(pairs, line, where, fail) {
  const block = { type: 'goal', line, id: null, goal: null, condition: null, text: null, hints: [], solution: null, wrong: null, target: null, lines: {} };
  const seen = new Set();
  for (const p of pairs) {
    const base = checkKey(p, [...GOAL_KEYS.required, ...GOAL_KEYS.optional], GOAL_KEYS.text, where, fail);
    if (!base) continue;
    if (base === 'hint') {
      if (!p.lang) block.hints.push({ en: p.value, zh: null, line: p.line });
      else if (block.hints.length && block.hints.at(-1)[p.lang] === null) block.hints.at(-1)[p.lang] = p.value;
      else fail(p.line, p.key, `"${p.key}" does not follow a "hint" without its translation`);
      continue;
    }
    if (seen.has(p.key)) { fail(p.line, p.key, `"${p.key}" is given twice in ${where}`); continue; }
    seen.add(p.key);
    if (base === 'text') {
      if (!p.lang) block.text = { en: p.value, zh: block.text?.zh ?? null };
      else if (!block.text) fail(p.line, p.key, `"${p.key}" comes before "text", the text it translates`);
      else block.text[p.lang] = p.value;
    } else if (base === 'goal') {
      block.goal = p.value;
      block.goalLine = p.line;
    } else if (base === 'solution' || base === 'wrong') {
      const problem = settingsProblem(p.value);
      if (problem) fail(p.line, p.key, `${problem} (key "${p.key}" in ${where})`);
      block[base] = problem ? false : p.value;
      block.lines[base] = p.line;
    } else if (base === 'id') {
      if (!ID.test(p.value)) fail(p.line, 'id', `the id "${p.value}" is not a lower-case letter followed by letters, digits and dashes`);
      else block.id = p.value;
    } else {
      block[base === 'playground' ? 'target' : base] = p.value;
    }
  }
  for (const key of GOAL_KEYS.required) if (!seen.has(key)) fail(line, key, `${where} has no "${key}"`);
  return block;
}

function raceBlock(pairs, line, where, fail) {
  const block = { type: 'race', line, id: null, attributes: {}, translations: {}, goals: [] };
  for (const p of pairs) {
    if (p.bad) { fail(p.line, p.key, `unknown key "${p.key}" in ${where}`); continue; }
    if (p.lang && !TRANSLATIONS.includes(p.lang)) { fail(p.line, p.key, `unknown key "${p.key}" in ${where}: a translation is "${p.base}.${TRANSLATIONS.join('" or "')}"`); continue; }
    if (p.key === 'id') {
      if (!ID.test(p.value)) fail(p.line, 'id', `the id "${p.value}" is not a lower-case letter followed by letters, digits and dashes`);
      else block.id = p.value;
    } else if (p.lang) {
      (block.translations[p.lang] ??= {})[p.base] = p.value;
    } else {
      block.attributes[p.key] = p.value;
    }
  }
  if (!block.id) fail(line, 'id', `${where} has no "id"`);
  return block;
}

/** Gives each goal its playground or race (the one above it, or the one it names). */
function attachGoals(lesson, fail) {
  const hosts = new Map();
  const goalIds = new Set();
  let above = null;
  for (const b of lesson.blocks) {
    if (b.type === 'playground' || b.type === 'race') {
      if (b.id && hosts.has(b.id)) fail(b.line, 'id', `the id "${b.id}" is given to two blocks`);
      if (b.id) hosts.set(b.id, b);
      above = b;
    } else if (b.type === 'goal') {
      if (b.id && goalIds.has(b.id)) fail(b.line, 'id', `the goal id "${b.id}" is given to two goals`);
      goalIds.add(b.id);
      const host = b.target ? hosts.get(b.target) : above;
      if (!host) {
        fail(b.line, b.target ? 'playground' : 'goal', b.target
          ? `no playground or race with the id "${b.target}" above this goal`
          : 'this goal has no playground or race above it');
        continue;
      }
      b.target = host.id;
      b.host = lesson.blocks.indexOf(host);
      host.goals.push(b);
      if (b.goal) readGoal(b, host, fail);
    }
  }
}

/**
 * The goal's condition, read with the vocabulary of its host (a playground's metrics,
 * events and keys; a race's are its own). A playground's goal on a metric needs a solution.
 */
function readGoal(b, host, fail) {
  try {
    b.condition = parseGoal(b.goal, host.type === 'playground' ? PLAYGROUND_VOCABULARY : null);
  } catch (e) {
    fail(b.goalLine, 'goal', `bad goal "${b.goal}": ${e.message}`);
    return;
  }
  if (b.condition.id) fail(b.goalLine, 'goal', `the goal "${b.goal}" names an id: give it as "id: ${b.condition.id}" on its own line`);
  if (host.type === 'playground' && !b.condition.condition.event && b.solution === null) fail(b.line, 'solution', 'a goal block has no "solution" (the settings "Show me" applies)');
}

/**
 * The texts a lesson lacks in `lang` (English is then shown): `[{ line, key, text }]` —
 * the front matter's keys, the prose before each block with no `:::zh` after it, goals'
 * `text` and each `hint`.
 */
export function missingTranslations(lesson, lang = 'zh') {
  const missing = [];
  for (const key of FRONT_MATTER.text) {
    if (lesson[key] && lesson[key][lang] == null) missing.push({ line: 1, key: `${key}.${lang}`, text: lesson[key].en });
  }
  for (const b of lesson.blocks) {
    if (b.type === 'prose' && b[lang] == null) missing.push({ line: b.line, key: `:::${lang}`, text: b.en.split('\n')[0] });
    if (b.type === 'goal') {
      if (b.text[lang] == null) missing.push({ line: b.line, key: `text.${lang}`, text: b.text.en });
      for (const hint of b.hints) if (hint[lang] == null) missing.push({ line: hint.line, key: `hint.${lang}`, text: hint.en });
    }
  }
  return missing;
}

/** The text of `t` (`{ en, zh }`) in `lang`, English when it is missing there: `{ text, lang }`. */
export function pick(t, lang) {
  return t[lang] != null ? { text: t[lang], lang } : { text: t.en, lang: 'en' };
}

/** Every goal of the lesson, in order. */
export function lessonGoals(lesson) {
  return lesson.blocks.filter((b) => b.type === 'goal');
}
