// A model card as a person reads it: where the model came from (engine, data and its
// SHA-256, settings, seed, epochs), how it scored on the test part and the compression
// applied. Used by the playground (after an export or an import) and by the standalone
// predictor page (which inlines dom.js beside it). Its words come from `say(key, params)`
// (the playground's `msg`; the page's English from the same catalogue, see standalone.js).
import { h } from './dom.js';

/** The catalogue keys the card uses (their English goes into the standalone page). */
export const CARD_KEYS = ['card.heading', 'card.summary', 'card.summaryAccuracy', 'card.summaryLoss', 'card.summaryEpochs',
  'card.engine', 'card.data', 'card.dataValue', 'card.sha', 'card.shaMissing', 'card.seed', 'card.epochs', 'card.test',
  'card.testLoss', 'card.testLossAccuracy', 'card.none', 'card.compression', 'card.pruned', 'card.dense', 'card.settings'];

/**
 * `card` (from `Model.card` or a model file's `card`) as a `<details>` element; `heading`
 * says what happened to the model (default: "Model card").
 */
export function cardView(card, say, heading = say('card.heading')) {
  const num = (v, digits = 3) => (v == null ? '–' : Number(v).toFixed(digits));
  const m = card.metrics;
  const c = card.compression;
  const rows = [
    [say('card.engine'), `nnplay ${card.nnplay}`],
    [say('card.data'), say('card.dataValue', { name: card.data.name, count: card.data.rows })],
    [say('card.sha'), card.data.sha256 ?? say('card.shaMissing')],
    [say('card.seed'), String(card.seed)],
    [say('card.epochs'), String(card.epochs)],
    [say('card.test'), m ? say(m.accuracy == null ? 'card.testLoss' : 'card.testLossAccuracy', { count: m.rows, loss: num(m.loss, 4), accuracy: num(m.accuracy) }) : say('card.none')],
    [say('card.compression'), c.pruned ? say('card.pruned', { percent: (c.sparsity * 100).toFixed(1), pruned: c.pruned, count: c.weights }) : say('card.dense')],
    [say('card.settings'), Object.entries(card.settings).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ')],
  ];
  const score = m?.accuracy != null ? say('card.summaryAccuracy', { accuracy: num(m.accuracy) })
    : m ? say('card.summaryLoss', { loss: num(m.loss, 4) }) : say('card.summaryEpochs', { epochs: String(card.epochs) });
  return h('details', { class: 'model-card', 'data-model-card': '' },
    h('summary', {}, say('card.summary', { heading, name: card.data.name, score })),
    h('table', { class: 'figures' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v))))));
}
