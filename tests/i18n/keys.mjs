// The interface's message keys: those the playground's code uses (read from its source)
// against the catalogues. `node tests/i18n/keys.mjs` prints the keys Chinese lacks (they
// show in English) and exits non-zero when the code uses a key English lacks (it would
// show as the key itself).
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PLAYGROUND = fileURLToPath(new URL('../../www/playground/', import.meta.url));

/** Every `.js` file of the playground (and its worker), with its text. */
async function sources() {
  const files = [];
  for (const dir of ['', 'worker/']) {
    for (const name of await readdir(join(PLAYGROUND, dir))) {
      if (name.endsWith('.js')) files.push({ name: `${dir}${name}`, text: await readFile(join(PLAYGROUND, dir, name), 'utf8') });
    }
  }
  return files;
}

/**
 * The first argument of each call of `msg(`, `t(` and `pageError(` in `text`, as source text. (`msgOr`
 * names a name English already has elsewhere: only other languages need its key.)
 */
function firstArguments(text) {
  const out = [];
  for (const m of text.matchAll(/(?<![\w.])(?:msg|t|pageError)\(/g)) {
    let depth = 0;
    let i = m.index + m[0].length;
    const start = i;
    for (; i < text.length; i += 1) {
      const c = text[i];
      if ('([{'.includes(c)) depth += 1;
      else if (')]}'.includes(c)) {
        if (depth === 0) break;
        depth -= 1;
      } else if (c === ',' && depth === 0) break;
    }
    out.push(text.slice(start, i));
  }
  return out;
}

/**
 * The keys the code names: `{ exact, prefixes }` — quoted keys in the first argument, and
 * the fixed start of each template key (`help.${name}` → `help.`).
 */
export async function usedKeys() {
  const exact = new Map();
  const prefixes = new Map();
  for (const { name, text } of await sources()) {
    for (const arg of firstArguments(text)) {
      for (const [, key] of arg.matchAll(/'([a-z][\w-]*(?:\.[\w -]+)+)'/g)) exact.set(key, name);
      for (const [, prefix] of arg.matchAll(/`([a-z][\w.-]*\.)[^`]*\$\{/g)) prefixes.set(prefix, name);
    }
  }
  return { exact, prefixes };
}

export async function catalogues() {
  const en = (await import('../../www/playground/i18n/en.js')).default;
  const zh = (await import('../../www/playground/i18n/zh.js')).default;
  return { en, zh };
}

/** `{ undefinedKeys: [[key, file]], missingZh: [key], unusedPrefixes: [[prefix, file]] }`. */
export async function check() {
  const { en, zh } = await catalogues();
  const { exact, prefixes } = await usedKeys();
  const undefinedKeys = [...exact].filter(([key]) => en[key] === undefined);
  const unusedPrefixes = [...prefixes].filter(([p]) => !Object.keys(en).some((k) => k.startsWith(p)));
  const missingZh = Object.keys(en).filter((k) => zh[k] === undefined);
  return { used: exact.size, prefixes: prefixes.size, keys: Object.keys(en).length, undefinedKeys, missingZh, unusedPrefixes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await check();
  console.log(`${r.keys} English messages; the code names ${r.used} keys and ${r.prefixes} key families.`);
  console.log(r.missingZh.length ? `Not in Chinese (shown in English):\n  ${r.missingZh.join('\n  ')}` : 'Chinese has every key.');
  for (const [key, file] of r.undefinedKeys) console.log(`UNDEFINED: ${file} uses "${key}", which en.js lacks`);
  for (const [p, file] of r.unusedPrefixes) console.log(`UNDEFINED: ${file} builds keys "${p}…", and en.js has none`);
  process.exit(r.undefinedKeys.length || r.unusedPrefixes.length ? 1 : 0);
}
