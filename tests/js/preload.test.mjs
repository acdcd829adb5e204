// www/playground/nn-playground.js asks for the element's modules up front (`modulepreload`):
// its list must be exactly the modules its import graph reaches, or a new module would load
// late (a round trip more) and a removed one would be downloaded for nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../www/playground/nn-playground.js');

/** Relative specifiers of a module's static imports and re-exports and its `import('…')`s. */
function imports(source) {
  const found = [];
  const patterns = [
    /^\s*(?:import|export)\s[^'";]*?\sfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gm,
    /^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm,
    /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]);
  return found;
}

/** Every file reachable from `entry`, but `entry` itself. */
function graph(entry) {
  const seen = new Set([entry]);
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop();
    for (const spec of imports(fs.readFileSync(file, 'utf8'))) {
      const dep = path.resolve(path.dirname(file), spec);
      if (!seen.has(dep)) {
        seen.add(dep);
        todo.push(dep);
      }
    }
  }
  seen.delete(entry);
  return seen;
}

test('the preload list is the import graph of <nn-playground>', () => {
  const source = fs.readFileSync(ENTRY, 'utf8');
  const list = source.match(/const MODULES = \[([^\]]*)\]/);
  assert.ok(list, 'nn-playground.js has a MODULES list');
  const listed = [...list[1].matchAll(/'([^']+)'/g)].map((m) => path.resolve(path.dirname(ENTRY), m[1]));
  assert.equal(new Set(listed).size, listed.length, 'no module is listed twice');
  const rel = (files) => [...files].map((f) => path.relative(path.dirname(ENTRY), f)).sort();
  const reached = graph(ENTRY);
  assert.deepEqual(rel(listed), rel(reached));
  // The graph is the element's whole code: its entry's own imports and the deep ones.
  for (const f of ['worker-client.js', 'element.js', 'charts.js', 'i18n/en.js']) {
    assert.ok(rel(reached).includes(f), f);
  }
});
