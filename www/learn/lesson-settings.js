// Settings as lessons write them: the URL-hash syntax of solutions and wrong settings
// (`layers=4:tanh&learning-rate=0.03`, kebab-case or the hash's own camelCase names), and
// the names of choices checked against the engine's catalog. Pure, as lesson-format.js.
import { SETTING_ATTRIBUTES, parseSetting, settingOfAttr } from '../playground/settings.js';

/** Keys a solution or wrong setting may give beside the settings: all hidden layers' activation. */
const EXTRA_SETTING_KEYS = ['activation'];

/**
 * What is wrong with settings in the URL-hash syntax (`layers=4:tanh&learning-rate=0.03`;
 * kebab-case or the hash's own camelCase names), or null.
 */
export function settingsProblem(text) {
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (eq < 0) return `"${part}" is not "setting=value"`;
    const name = settingName(key);
    if (!name) return `unknown setting "${key}"`;
    const value = decodeURIComponent(part.slice(eq + 1));
    if (name !== 'activation' && parseSetting(name, value) === undefined) return `"${value}" is not a valid value of ${key}`;
  }
  return null;
}

/** The setting a solution key names (`learning-rate` or `learningRate` → `learningRate`), or null. */
export function settingName(key) {
  if (EXTRA_SETTING_KEYS.includes(key)) return key;
  if (SETTING_ATTRIBUTES.includes(key)) return settingOfAttr(key);
  return settingOfAttr(key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)) === key ? key : null;
}

/**
 * Settings in the URL-hash syntax as `[[setting, rawValue]]` in their order, with the
 * settings' own names (`learningRate`); `activation` stays as it is.
 */
export function settingPairs(text) {
  return text.split('&').map((part) => {
    const eq = part.indexOf('=');
    return [settingName(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1))];
  });
}

/** The same settings as a URL hash for settings.js's `fromHash` (camelCase names). */
export function settingsHash(text) {
  return `#${settingPairs(text).filter(([k]) => k !== 'activation').map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

/** The names the engine's catalog allows for each choice setting (`null`: any). */
function choiceLists(catalog) {
  const hidden = catalog.activations.filter((a) => !a.outputOnly).map((a) => a.name);
  return {
    dataset: catalog.datasets.map((d) => d.name),
    loss: ['auto', ...catalog.losses.map((l) => l.name)],
    outputActivation: ['auto', ...catalog.activations.map((a) => a.name)],
    optimizer: catalog.optimizers.map((o) => o.name),
    scaling: catalog.scalings,
    missing: catalog.missingPolicies,
    activation: hidden,
    layers: hidden,
    transforms: catalog.transforms.map((t) => t.name),
  };
}

/** What is wrong with the setting `name` = `raw` (text) against the catalog's names, or null. */
function choiceProblem(lists, name, raw) {
  const allowed = lists[name];
  if (!allowed || raw === '' || raw == null) return null;
  const names = name === 'layers' ? raw.split(',').map((l) => l.split(':')[1] || 'relu')
    : name === 'transforms' ? raw.split(',').map((t) => t.trim()) : [raw];
  const bad = names.filter((n) => !allowed.includes(n));
  return bad.length ? `"${bad.join('", "')}" is not one of the engine's ${allowed.join(', ')}` : null;
}

/**
 * Refuses (through `fail(line, key, message)`) the names of choices in a parsed lesson's
 * playgrounds, solutions, wrong settings and `=` constraints that are not the catalog's.
 */
export function checkChoices(lesson, catalog, fail) {
  const lists = choiceLists(catalog);
  for (const b of lesson.blocks) {
    if (b.type === 'playground') {
      for (const [key, value] of Object.entries(b.attributes)) {
        const problem = choiceProblem(lists, key === 'activation' ? 'activation' : settingOfAttr(key), value);
        if (problem) fail(b.lines[key], key, `${problem} (key "${key}" in a playground block)`);
      }
    }
    if (b.type !== 'goal' || lesson.blocks[b.host]?.type !== 'playground') continue;
    for (const key of ['solution', 'wrong']) {
      for (const [name, value] of b[key] ? settingPairs(b[key]) : []) {
        const problem = choiceProblem(lists, name, value);
        if (problem) fail(b.lines[key], key, `${problem} (key "${key}" in a goal block)`);
      }
    }
    for (const c of b.condition?.constraints ?? []) {
      const name = c.key === 'activation' ? 'activation' : settingOfAttr(c.key);
      const problem = c.op === '=' && typeof c.value === 'string' ? choiceProblem(lists, name, c.value) : null;
      if (problem) fail(b.goalLine, 'goal', `${problem} (the constraint "${c.key} = ${c.value}" of the goal)`);
    }
  }
}
