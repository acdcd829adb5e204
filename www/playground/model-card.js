// A model card as a person reads it: where the model came from (engine, data and its
// SHA-256, settings, seed, epochs), how it scored on the test part and the compression
// applied. Used by the playground (after an export or an import) and by the standalone
// predictor page (which inlines dom.js beside it).
import { h } from './dom.js';

/** `card` (from `Model.card` or a model file's `card`) as a `<details>` element. */
export function cardView(card, heading = 'Model card') {
  const num = (v, digits = 3) => (v == null ? '–' : Number(v).toFixed(digits));
  const m = card.metrics;
  const c = card.compression;
  const rows = [
    ['Engine', `nnplay ${card.nnplay}`],
    ['Data', `${card.data.name}, ${card.data.rows.toLocaleString('en-US')} rows`],
    ['Data SHA-256', card.data.sha256 ?? 'not computed (this page was not served from a secure origin)'],
    ['Seed', String(card.seed)],
    ['Epochs trained', String(card.epochs)],
    ['Test part', m ? `${m.rows.toLocaleString('en-US')} rows: loss ${num(m.loss, 4)}${m.accuracy == null ? '' : `, accuracy ${num(m.accuracy)}`}` : 'none'],
    ['Compression', c.pruned ? `${(c.sparsity * 100).toFixed(1)} % of the weights pruned (${c.pruned.toLocaleString('en-US')} of ${c.weights.toLocaleString('en-US')})` : 'none (dense)'],
    ['Settings', Object.entries(card.settings).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ')],
  ];
  return h('details', { class: 'model-card', 'data-model-card': '' },
    h('summary', {}, `${heading}: ${card.data.name}, ${m?.accuracy != null ? `test accuracy ${num(m.accuracy)}` : m ? `test loss ${num(m.loss, 4)}` : `${card.epochs} epochs`}`),
    h('table', { class: 'figures' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v))))));
}
