// The complete example lesson of www/learn/README.md: the body of its ````markdown block
// (shared by the unit test, which reads it, and the end-to-end test, which renders it).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function readmeExample() {
  const readme = readFileSync(fileURLToPath(new URL('../../www/learn/README.md', import.meta.url)), 'utf8');
  const m = /^````markdown\n([\s\S]*?)\n````$/m.exec(readme);
  if (!m) throw new Error('www/learn/README.md holds no example lesson in a ````markdown block');
  return m[1];
}
