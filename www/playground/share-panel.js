// Keeping and sharing: the link that replays this run, model export and import as JSON,
// export as ONNX, the data as CSV, and "Show code" with the equivalent Keras and PyTorch scripts.
import { h, newId } from './dom.js';
import { kerasScript, pytorchScript } from './code-export.js';
import { scriptFile, weightsFile } from './code-weights.js';
import { msg, setText } from './i18n/i18n.js';
import { withButtonHelp } from './help.js';

/** Offers `text` (or bytes) as a file download. */
export function download(fileName, text, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * `ctx`: `{ settings, info, catalog, link() (resolves with `{ url, note }`), exportModel(),
 * exportOnnx(), downloadPage(), importModel(file), downloadData(), startFresh(), status(text) }`.
 */
export function sharePanel(ctx) {
  const importId = newId();
  const importInput = h('input', { id: importId, type: 'file', accept: '.json,application/json', class: 'file' });
  importInput.addEventListener('change', () => {
    if (importInput.files[0]) ctx.importModel(importInput.files[0]);
    importInput.value = '';
  });
  const importLabel = h('label', { for: importId, class: 'button' }, msg('share.importModel'));
  const importButton = withButtonHelp(importLabel, 'importModel', msg('share.importModel'), [importLabel, importInput]);
  const copyLink = async () => {
    const { url, note } = await ctx.link();
    try {
      await navigator.clipboard.writeText(url);
      ctx.status(msg('share.copied', { note }));
    } catch {
      ctx.status(msg('share.link', { note, url }));
    }
  };
  // Forgetting the session is asked for twice: the second press (or Cancel) answers.
  const confirmBox = h('div', { class: 'confirm', hidden: true, role: 'group', 'aria-label': msg('share.freshQuestion') },
    h('span', {}, msg('share.freshConfirm')),
    h('button', { type: 'button', class: 'danger', onclick: () => { confirmBox.hidden = true; ctx.startFresh(); } }, msg('share.freshYes')),
    h('button', { type: 'button', onclick: () => { confirmBox.hidden = true; fresh.focus(); } }, msg('share.cancel')));
  const fresh = h('button', {
    type: 'button', onclick: () => { confirmBox.hidden = false; confirmBox.querySelector('button').focus(); },
  }, msg('share.fresh'));
  const codeBox = h('div', { class: 'code', hidden: true });
  const showCode = h('button', { type: 'button', 'aria-expanded': 'false', onclick: () => toggleCode() }, msg('share.showCode'));
  const toggleCode = () => {
    const open = codeBox.hidden;
    codeBox.hidden = !open;
    showCode.setAttribute('aria-expanded', String(open));
    setText(showCode, msg(open ? 'share.hideCode' : 'share.showCode'));
    if (open) renderCode(codeBox, ctx);
  };
  const button = (name, text, onclick) => withButtonHelp(h('button', { type: 'button', onclick }, msg(text)), name, msg(text));
  const panel = h('div', { class: 'panel-body' },
    h('div', { class: 'buttons' },
      button('copyLink', 'share.copyLink', copyLink),
      button('exportModel', 'share.exportModel', () => ctx.exportModel()),
      button('exportOnnx', 'share.exportOnnx', () => ctx.exportOnnx()),
      button('downloadPage', 'share.downloadPage', () => ctx.downloadPage()),
      importButton, importInput,
      ctx.info?.isToy ? button('downloadData', 'share.downloadData', () => ctx.downloadData()) : null,
      withButtonHelp(showCode, 'showCode', msg('share.showCode')), withButtonHelp(fresh, 'startFresh', msg('share.fresh'))),
    confirmBox,
    codeBox);
  /** Shows the scripts of the current settings when the code is open. */
  panel.refresh = () => {
    if (!codeBox.hidden) renderCode(codeBox, ctx);
  };
  return panel;
}

/**
 * The scripts as tabs (the WAI-ARIA tabs pattern: arrow keys, Home and End move between
 * them), the script as the tab panel, and beside the tab list: Copy, the script as a file,
 * and the weights file it loads (the model file of Export model).
 */
function renderCode(box, ctx) {
  if (!ctx.info) return;
  const scripts = { Keras: kerasScript(ctx.catalog, ctx.settings, ctx.info), PyTorch: pytorchScript(ctx.catalog, ctx.settings, ctx.info) };
  let current = box.dataset.tab || 'Keras';
  const panelId = newId('code');
  const tabId = (name) => `${panelId}-${name}`;
  const pre = h('pre', { id: panelId, role: 'tabpanel', tabindex: 0, 'aria-labelledby': tabId(current) }, h('code', {}, scripts[current]));
  const choose = (name, focus) => {
    current = name;
    box.dataset.tab = name;
    pre.firstChild.textContent = scripts[name];
    pre.setAttribute('aria-labelledby', tabId(name));
    for (const t of tabs) {
      const on = t.dataset.name === name;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      if (on && focus) t.focus();
    }
  };
  const names = Object.keys(scripts);
  const tabs = names.map((name) => h('button', {
    type: 'button', role: 'tab', id: tabId(name), 'aria-controls': panelId, 'aria-selected': String(name === current),
    tabindex: name === current ? 0 : -1, class: 'tab', 'data-name': name, onclick: () => choose(name, false),
  }, name));
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': msg('share.framework') }, tabs);
  tablist.addEventListener('keydown', (e) => {
    const i = names.indexOf(current);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1 + names.length, Home: 0, End: names.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    choose(names[to % names.length], true);
  });
  const copy = h('button', {
    type: 'button', class: 'small',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(scripts[current]);
        ctx.status(msg('share.scriptCopied', { framework: current }));
      } catch {
        ctx.status(msg('share.copyByHand'));
      }
    },
  }, msg('share.copy'));
  const saveScript = h('button', {
    type: 'button', class: 'small', title: msg('share.downloadScriptTitle'),
    onclick: () => download(scriptFile(ctx.settings, current.toLowerCase()), scripts[current], 'text/x-python'),
  }, msg('share.downloadScript'));
  const saveWeights = h('button', {
    type: 'button', class: 'small', onclick: () => ctx.exportModel(),
    title: msg('share.downloadWeightsTitle', { file: weightsFile(ctx.settings) }),
  }, msg('share.downloadWeights'));
  box.replaceChildren(h('div', { class: 'code-bar' }, tablist, copy, saveScript, saveWeights), pre);
}
