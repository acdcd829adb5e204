// <nn-playground>: load this module to use the element (see README.md). It asks for every
// module the element needs at once, starts the element's worker — and so the engine's
// download — then loads the element's own code, so that all of it loads side by side.

/**
 * Every module the element imports, directly or not, relative to this file: fetched side
 * by side at once (`modulepreload`) where, found one import at a time, they would arrive
 * in seven rounds. tests/js/preload.test.mjs keeps the list equal to the import graph.
 */
const MODULES = [
  '../vendor/uplot/uPlot.min.esm.js',
  './annotations.js',
  './charts.js',
  './class-bars.js',
  './code-export.js',
  './code-shaped.js',
  './code-torch-optimizer.js',
  './code-weights.js',
  './compress-panel.js',
  './controller.js',
  './controls.js',
  './data-panel.js',
  './diagram-layout.js',
  './digits.js',
  './dom.js',
  './element.js',
  './eval-charts.js',
  './eval-panel.js',
  './feature-histogram.js',
  './frame-scheduler.js',
  './goals.js',
  './help.js',
  './i18n/en.js',
  './i18n/i18n.js',
  './i18n/zh.js',
  './layout.js',
  './model-card.js',
  './model-spec.js',
  './network-diagram.js',
  './palette.js',
  './run.js',
  './session.js',
  './settings.js',
  './shaped-controls.js',
  './shaped-view.js',
  './share-panel.js',
  './standalone.js',
  './storage.js',
  './styles.js',
  './try-panel.js',
  './view.js',
  './watch-panel.js',
  './worker-client.js',
];

for (const file of MODULES) {
  const link = document.createElement('link');
  link.rel = 'modulepreload';
  link.href = new URL(file, import.meta.url).href;
  document.head.append(link);
}

const { prestartWorker } = await import('./worker-client.js');
if (document.querySelector('nn-playground')) prestartWorker();
const { NnPlayground } = await import('./element.js');
if (!customElements.get('nn-playground')) customElements.define('nn-playground', NnPlayground);

export { NnPlayground };
