// The element's skeleton: the training bar (play, step, reset, epoch counter, samples per
// second, status line) and the panels, each shown or hidden by the element's attributes.
import { h } from './dom.js';
import { NetworkDiagram } from './network-diagram.js';
import { WatchPanel } from './watch-panel.js';
import { EvalPanel } from './eval-panel.js';
import { STYLES } from './styles.js';
import { UPLOT_CSS } from './charts.js';

/** The comma-separated attribute `name` as a set, or `all` when it is absent. */
export function listAttribute(el, name, all) {
  return new Set((el.getAttribute(name) ?? all.join(',')).split(',').map((p) => p.trim()));
}

/**
 * `options`: `{ panels, controls }` (sets of names) and the callbacks `toggle`, `step`,
 * `reset`, `setView(view)`, `call(type, args)` (a worker command), `labelNames()`.
 * Returns `{ nodes }` for the shadow root and `{ parts }`: the buttons, outputs, panel boxes
 * and the diagram, output and evaluation components.
 */
export function buildLayout(options) {
  const { panels, controls } = options;
  const section = (name, title, ...body) => h('section', {
    class: 'panel', 'data-panel': name, hidden: !panels.has(name), 'aria-label': title,
  }, h('h2', {}, title), ...body);
  const parts = {
    playButton: h('button', { type: 'button', class: 'play', hidden: !controls.has('play'), onclick: options.toggle }, 'Play'),
    stepButton: h('button', { type: 'button', hidden: !controls.has('step'), onclick: options.step, title: 'Train one epoch' }, 'Step'),
    resetButton: h('button', { type: 'button', hidden: !controls.has('reset'), onclick: options.reset }, 'Reset'),
    epochOut: h('span', { class: 'value', 'data-epoch': '' }, '0'),
    speedOut: h('span', { class: 'value' }, '–'),
    statusOut: h('div', { class: 'status', role: 'status', 'aria-live': 'polite' }, 'Loading the engine…'),
    dataBox: h('div'),
    networkBox: h('div'),
    diagramBox: h('div', { class: 'diagram-wrap', tabindex: 0, role: 'region', 'aria-label': 'Network diagram' }),
    trainingBox: h('div'),
    shareBox: h('div'),
  };
  parts.diagram = new NetworkDiagram(parts.diagramBox);
  parts.watch = new WatchPanel(options.setView, (x) => options.call('predict', { x }));
  parts.evaluation = new EvalPanel(options.call, options.labelNames);
  const nodes = [
    h('style', {}, STYLES),
    h('link', { rel: 'stylesheet', href: UPLOT_CSS }),
    h('div', { class: 'app' },
      h('div', { class: 'bar', role: 'toolbar', 'aria-label': 'Training' },
        h('div', { class: 'transport' }, parts.playButton, parts.stepButton, parts.resetButton),
        h('div', { class: 'counter' }, h('span', { class: 'label' }, 'Epoch'), parts.epochOut),
        h('div', { class: 'counter' }, h('span', { class: 'label' }, 'Samples/s'), parts.speedOut),
        parts.statusOut),
      h('div', { class: 'columns' },
        h('div', { class: 'stack data', hidden: !panels.has('data') }, section('data', 'Data', parts.dataBox)),
        h('div', { class: 'stack middle', hidden: !panels.has('network') && !panels.has('training') },
          section('network', 'Network', parts.networkBox, parts.diagramBox),
          section('training', 'Training', parts.trainingBox)),
        h('div', { class: 'stack output', hidden: !panels.has('watch') }, section('watch', 'Output', parts.watch.el))),
      h('div', { class: 'wide', hidden: !panels.has('evaluate') && !panels.has('share') },
        section('evaluate', 'Evaluation (test part)', parts.evaluation.el),
        section('share', 'Keep and share', parts.shareBox))),
  ];
  return { nodes, parts };
}
