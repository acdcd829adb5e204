// Accessibility checks of the end-to-end tests: axe-core (the npm package) run in the page,
// open shadow roots included (axe looks inside them on its own), and tap-target sizes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

let source = null;

/**
 * Runs axe-core on the whole page (WCAG 2.2 A and AA rules and axe's best practices) and
 * fails on any violation, listing each with its rule, impact, the elements and what to fix.
 * `label` names the state of the page in the message.
 */
export async function axe(page, label) {
  source ??= await readFile(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: source });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' >>> '), summary: n.failureSummary })),
    }));
  });
  if (violations.length === 0) return;
  const text = violations.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    at ${n.target}\n      ${n.summary.replace(/\n/g, '\n      ')}`).join('\n')}`);
  throw new Error(`axe found ${violations.length} violation${violations.length > 1 ? 's' : ''} (${label}):\n${text.join('\n')}`);
}

/**
 * The controls of the element `el` (a locator) smaller than `min` × `min` CSS pixels:
 * every visible button, select, input, summary and link. A visually hidden file input is
 * measured by its label (the part a person taps).
 */
export async function smallTargets(el, min = 24) {
  return el.evaluate((host, size) => {
    const root = host.shadowRoot;
    const small = [];
    for (const c of root.querySelectorAll('button, select, input, summary, a[href], [role=tab], label.button')) {
      const target = c.matches('input.file') ? c.labels?.[0] : c;
      if (!target || target.closest('[hidden]') || !target.getClientRects().length) continue;
      const r = target.getBoundingClientRect();
      if (r.width < size || r.height < size) {
        const name = target.getAttribute('aria-label') || target.textContent.trim() || target.labels?.[0]?.textContent || target.outerHTML.slice(0, 60);
        small.push(`${target.tagName.toLowerCase()} "${name.slice(0, 40)}" ${r.width.toFixed(0)}×${r.height.toFixed(0)}`);
      }
    }
    return small;
  }, min);
}
