// Keeping and sharing: the link that replays this run, model export and import as JSON,
// the data as CSV, and "Show code" with the equivalent Keras and PyTorch scripts.
import { h, newId } from './dom.js';
import { kerasScript, pytorchScript } from './code-export.js';

/** Offers `text` as a file download. */
export function download(fileName, text, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * `ctx`: `{ settings, info, catalog, link(), exportModel(), importModel(file), downloadData(), status(text) }`.
 */
export function sharePanel(ctx) {
  const importId = newId();
  const importInput = h('input', { id: importId, type: 'file', accept: '.json,application/json', class: 'file' });
  importInput.addEventListener('change', () => {
    if (importInput.files[0]) ctx.importModel(importInput.files[0]);
    importInput.value = '';
  });
  const copyLink = async () => {
    const url = ctx.link();
    try {
      await navigator.clipboard.writeText(url);
      ctx.status('Link copied: it replays these settings and seed.');
    } catch {
      ctx.status(`Link: ${url}`);
    }
  };
  const codeBox = h('div', { class: 'code', hidden: true });
  const showCode = h('button', { type: 'button', 'aria-expanded': 'false', onclick: () => toggleCode() }, 'Show code');
  const toggleCode = () => {
    const open = codeBox.hidden;
    codeBox.hidden = !open;
    showCode.setAttribute('aria-expanded', String(open));
    showCode.textContent = open ? 'Hide code' : 'Show code';
    if (open) renderCode(codeBox, ctx);
  };
  const panel = h('div', { class: 'panel-body' },
    h('div', { class: 'buttons' },
      h('button', { type: 'button', onclick: copyLink }, 'Copy link'),
      h('button', { type: 'button', onclick: () => ctx.exportModel() }, 'Export model'),
      h('label', { for: importId, class: 'button' }, 'Import model…'), importInput,
      ctx.info?.isToy ? h('button', { type: 'button', onclick: () => ctx.downloadData() }, 'Download data') : null,
      showCode),
    codeBox);
  /** Shows the scripts of the current settings when the code is open. */
  panel.refresh = () => {
    if (!codeBox.hidden) renderCode(codeBox, ctx);
  };
  return panel;
}

function renderCode(box, ctx) {
  if (!ctx.info) return;
  const scripts = { Keras: kerasScript(ctx.catalog, ctx.settings, ctx.info), PyTorch: pytorchScript(ctx.catalog, ctx.settings, ctx.info) };
  let current = box.dataset.tab || 'Keras';
  const pre = h('pre', { tabindex: 0, 'aria-label': 'Script' }, h('code', {}, scripts[current]));
  const tabs = Object.keys(scripts).map((name) => h('button', {
    type: 'button', role: 'tab', 'aria-selected': String(name === current), class: 'tab',
    onclick: (e) => {
      current = name;
      box.dataset.tab = name;
      pre.firstChild.textContent = scripts[name];
      for (const t of tabs) t.setAttribute('aria-selected', String(t === e.currentTarget));
    },
  }, name));
  const copy = h('button', {
    type: 'button', class: 'small',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(scripts[current]);
        ctx.status(`${current} script copied.`);
      } catch {
        ctx.status('Select the script and copy it by hand.');
      }
    },
  }, 'Copy');
  box.replaceChildren(h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Framework' }, tabs, copy), pre);
}
