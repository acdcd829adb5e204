// Lesson 1's "why scale" picture in the data panel: a feature's histogram over the training
// rows as in the file and as the network sees it, with the scaler's parameters fitted on
// those rows. The engine counts and scales (the worker's `histogram` command,
// worker/histogram.js); this only draws the bars. Its strings are its own (English and
// Simplified Chinese), chosen by the element's `lang`.
import { withHelp } from './help.js';
import { h, newId, svg } from './dom.js';
import { BLUE, ORANGE, css } from './palette.js';

const BINS = 12;

const CSS = `
.feature-histogram { margin-top: 10px; }
.feature-histogram .histogram-title { font-size: 13px; margin: 0 0 4px; }
.histograms { display: flex; gap: 12px; }
.histogram { flex: 1 1 0; min-width: 0; margin: 0; }
.histogram figcaption { font-size: 12px; color: #5a6272; }
.histogram svg { display: block; forced-color-adjust: none; }
.histogram .range { display: flex; justify-content: space-between; font-size: 12px; font-variant-numeric: tabular-nums; }
`;

const STRINGS = {
  en: {
    title: 'Scaling, feature by feature',
    feature: 'Feature',
    file: 'As in the file',
    network: 'As the network sees it ({scaling})',
    zscore: 'z-score: mean {center}, std {spread}, fitted on the {rows} training rows.',
    minmax: 'min-max: minimum {center}, range {spread} (maximum {max}), fitted on the {rows} training rows.',
    none: 'No scaling: the network sees the values as in the file ({rows} training rows).',
    picture: '{what}: histogram of {feature} over {rows} training rows, {bins} bins from {lo} to {hi}; rows per bin: {counts}.',
    more: 'The first {shown} of {inputs} inputs are listed.',
  },
  zh: {
    title: '逐个特征看缩放',
    feature: '特征',
    file: '文件中的值',
    network: '网络看到的值（{scaling}）',
    zscore: 'z-score：均值 {center}，标准差 {spread}，在 {rows} 行训练数据上拟合。',
    minmax: 'min-max：最小值 {center}，范围 {spread}（最大值 {max}），在 {rows} 行训练数据上拟合。',
    none: '不缩放：网络看到的就是文件中的值（{rows} 行训练数据）。',
    picture: '{what}：{feature} 在 {rows} 行训练数据上的直方图，{bins} 个区间，从 {lo} 到 {hi}；每个区间的行数：{counts}。',
    more: '只列出 {inputs} 个输入中的前 {shown} 个。',
  },
};

/** How the engine's scaling names read. */
const SCALINGS = { zscore: 'z-score', minmax: 'min-max' };

function say(lang, key, params = {}) {
  return STRINGS[lang][key].replace(/\{(\w+)\}/g, (_, k) => String(params[k]));
}

/** Three significant digits, as the scaler's figures read. */
const fig = (v) => String(Number(Number(v).toPrecision(3)));

/** The feature last chosen, per data set, so a rebuilt panel keeps it. */
const chosen = new Map();

/**
 * The view, for the data panel: `ctx` as the panel's. It asks the element's worker for the
 * histogram once it is in the page.
 */
export function featureHistogram(ctx) {
  const box = h('section', { class: 'feature-histogram', 'aria-live': 'polite' });
  const dataset = ctx.settings.dataset;
  const load = async (feature) => {
    const host = box.getRootNode().host;
    const call = host?.controller?.call?.bind(host.controller);
    if (!call) return;
    const lang = String(host.getAttribute('lang') || document.documentElement.lang || navigator.language).toLowerCase().startsWith('zh') ? 'zh' : 'en';
    try {
      const hist = await call('histogram', { feature, bins: BINS });
      chosen.set(dataset, hist.feature);
      box.replaceChildren(...render(hist, lang, load).filter(Boolean));
    } catch (e) {
      box.replaceChildren(h('p', { class: 'note' }, e.message));
    }
  };
  // Connected after the panel is put in place.
  queueMicrotask(() => load(chosen.get(dataset) ?? 0));
  return box;
}

function render(hist, lang, load) {
  const id = newId();
  const menu = h('select', { id, onchange: () => load(menu.value) },
    hist.features.map((name) => h('option', { value: name, selected: name === hist.feature }, name)));
  const params = { center: fig(hist.center), spread: fig(hist.spread), max: fig(hist.edges.at(-1)), rows: hist.rows };
  const scaled = hist.center != null;
  return [
    h('style', {}, CSS),
    h('h3', { class: 'histogram-title' }, say(lang, 'title')),
    withHelp(h('div', { class: 'field' }, h('label', { for: id }, say(lang, 'feature')), menu), 'histogramFeature'),
    hist.inputs > hist.features.length ? h('p', { class: 'note' }, say(lang, 'more', { shown: hist.features.length, inputs: hist.inputs })) : null,
    h('div', { class: 'histograms' },
      bars(hist, hist.edges, say(lang, 'file'), BLUE, lang),
      scaled ? bars(hist, hist.scaledEdges, say(lang, 'network', { scaling: SCALINGS[hist.scaling] ?? hist.scaling }), ORANGE, lang) : null),
    h('p', { class: 'note scaler' }, say(lang, scaled ? hist.scaling : 'none', params)),
  ];
}

/** One histogram: bars of the counts over `edges`, its range under it, described in words. */
function bars(hist, edges, what, colour, lang) {
  const W = 160;
  const H = 60;
  const top = Math.max(...hist.counts, 1);
  const w = W / hist.counts.length;
  const lo = fig(edges[0]);
  const hi = fig(edges.at(-1));
  const label = say(lang, 'picture', { what, feature: hist.feature, rows: hist.rows, bins: hist.counts.length, lo, hi, counts: hist.counts.join(', ') });
  return h('figure', { class: 'histogram' },
    h('figcaption', {}, what),
    svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', height: H, role: 'img', 'aria-label': label, preserveAspectRatio: 'none' },
      hist.counts.map((c, i) => svg('rect', { x: i * w + 0.5, width: Math.max(w - 1, 0.5), y: H - (c / top) * H, height: (c / top) * H, fill: css(colour) })),
      svg('line', { x1: 0, x2: W, y1: H - 0.5, y2: H - 0.5, stroke: '#5a6272' })),
    h('div', { class: 'range', 'aria-hidden': 'true' }, h('span', {}, lo), h('span', {}, hi)));
}
