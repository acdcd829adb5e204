// "Download as a web page": one self-contained HTML file holding the model file (with its
// preprocessing and model card), the engine's scalar WebAssembly build and its glue, the
// predictor (../predictor/predictor.js), the card view and the DOM helpers they share. It predicts offline, from
// file:// too: every script is inline and the engine starts from the bytes inside.

import en from './i18n/en.js';
import { pageError } from './i18n/i18n.js';
import { CARD_KEYS } from './model-card.js';

const ENGINE = new URL('../pkg-scalar/', import.meta.url);

/** The model card's words on the page: the English of the playground's catalogue. */
const CARD_SAY = `const cardWords = ${JSON.stringify(Object.fromEntries(CARD_KEYS.map((k) => [k, en[k]])))};
const cardSay = (key, params = {}) => cardWords[key].replace(/\\{(\\w+)\\}/g, (all, name) => {
  const v = params[name];
  return typeof v === 'number' ? v.toLocaleString('en-US') : String(v ?? '');
});`;

async function text(url) {
  const r = await fetch(url);
  if (!r.ok) throw pageError('standalone.readFailed', { url: String(url), status: r.status });
  return r.text();
}

/**
 * A module's source as statements for one inline module: its `export` keywords dropped, and
 * its imports of the page's own modules (inlined beside it) too.
 */
const unexported = (source) => source
  .replace(/^import \{[^}]*\} from '\.\.?\/[^']*';\n/gm, '')
  .replace(/^export (?=(async )?function|const|class|let)/gm, '');

/** The engine's glue with its snippet imports put inline. */
async function inlineGlue() {
  let glue = await text(new URL('nnplay.js', ENGINE));
  const imports = [...glue.matchAll(/^import \{[^}]*\} from '(\.\/snippets\/[^']+)';$/gm)];
  for (const [line, path] of imports) glue = glue.replace(line, unexported(await text(new URL(path, ENGINE))));
  return glue;
}

function base64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** `<` in inline script text cannot close the script: JSON and code keep it escaped. */
const scriptSafe = (s) => s.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

const STYLE = `body { font: 14px/1.45 system-ui, sans-serif; color: #1d2330; margin: 0 auto; padding: 16px; max-width: 960px; }
h1 { font-size: 20px; margin: 0 0 4px; }
.note { color: #5a6270; font-size: 12px; }
fieldset { border: 1px solid #d5dae3; border-radius: 6px; }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px 10px; }
.field { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.field.wide { grid-column: 1 / -1; }
.field label { font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
input, select, textarea, button { font: inherit; min-height: 28px; }
button { margin: 8px 0; padding: 4px 16px; background: #0072b2; color: #fff; border: 0; border-radius: 4px; }
.bars { list-style: none; padding: 0; margin: 0; display: grid; gap: 2px; max-width: 480px; }
.bars li { display: grid; grid-template-columns: 8em 1fr 4.5em; gap: 6px; align-items: center; }
.bars .track { background: #eef1f6; height: 10px; border-radius: 5px; overflow: hidden; }
.bars .fill { display: block; height: 100%; background: #0072b2; }
.bars li.best { font-weight: 600; }
.bars .value { text-align: right; font-variant-numeric: tabular-nums; }
.drop { margin: 16px 0 8px; padding: 12px; border: 2px dashed #b9c0cc; border-radius: 6px; }
.error { color: #a04000; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border: 1px solid #d5dae3; padding: 3px 6px; text-align: left; overflow-wrap: anywhere; }
.table-wrap { max-height: 320px; overflow: auto; }
.model-card { margin: 8px 0 12px; }`;

/**
 * The web page for the model file `modelJson` (stamped with its card): resolves with the
 * HTML text. The same model gives the same page, byte for byte.
 */
export async function standalonePage(modelJson) {
  const [glue, wasm, predictor, card, dom] = await Promise.all([
    inlineGlue(),
    fetch(new URL('nnplay_bg.wasm', ENGINE)).then((r) => r.arrayBuffer()),
    text(new URL('../predictor/predictor.js', import.meta.url)),
    text(new URL('./model-card.js', import.meta.url)),
    text(new URL('./dom.js', import.meta.url)),
  ]);
  const name = JSON.parse(modelJson).card?.data?.name ?? 'nnplay model';
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nnplay">
<title>${escape(name)}: predictions</title>
<style>${STYLE}</style>
</head>
<body>
<main id="app"><p>Starting the model…</p></main>
<script type="application/json" id="nnplay-model">${scriptSafe(modelJson)}</script>
<script type="application/octet-stream" id="nnplay-engine">${base64(new Uint8Array(wasm))}</script>
<script type="module">
${scriptSafe(glue)}
{
${scriptSafe(unexported(dom))}
${scriptSafe(unexported(card))}
${scriptSafe(CARD_SAY)}
${scriptSafe(unexported(predictor))}
const app = document.getElementById('app');
try {
  const wasmText = atob(document.getElementById('nnplay-engine').textContent);
  initSync({ module: Uint8Array.from(wasmText, (c) => c.charCodeAt(0)) });
  window.nnplayModel = startPredictor({ Model }, document.getElementById('nnplay-model').textContent, (c) => cardView(c, cardSay), app);
} catch (e) {
  app.textContent = \`The model could not start: \${e.message}\`;
}
}
</script>
</body>
</html>
`;
}
