// Removes the JSDoc blocks (`/** ... */` on lines of their own) from a generated JavaScript
// file, in place. Used on wasm-bindgen's bindings, whose blocks repeat the Rust docs.
// Refuses (and leaves the file alone) if a block does not look like one it wrote.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const lines = readFileSync(file, 'utf8').split('\n');
const kept = [];
let inBlock = false;
for (const [i, line] of lines.entries()) {
  const t = line.trim();
  if (!inBlock && t.startsWith('/**')) inBlock = !t.endsWith('*/');
  else if (inBlock && t.endsWith('*/')) inBlock = false;
  else if (inBlock && !t.startsWith('*')) throw new Error(`${file}:${i + 1}: unexpected line inside a doc comment`);
  else if (!inBlock) kept.push(line);
}
if (inBlock) throw new Error(`${file}: a doc comment is not closed`);
writeFileSync(file, kept.join('\n'));
