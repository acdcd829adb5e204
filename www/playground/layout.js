// The element's skeleton: the training bar (play, step, reset, epoch counter, samples per
// second, status line) and the panels, each shown or hidden by the element's attributes.
import { h } from './dom.js';
import { landmarkName, msg } from './i18n/i18n.js';
import { helpTipGroup } from './help.js';
import { NetworkDiagram } from './network-diagram.js';
import { WatchPanel } from './watch-panel.js';
import { EvalPanel } from './eval-panel.js';
import { CompressPanel } from './compress-panel.js';
import { STYLES } from './styles.js';
import { UPLOT_CSS } from './charts.js';

/** The comma-separated attribute `name` as a set, or `all` when it is absent. */
export function listAttribute(el, name, all) {
  return new Set((el.getAttribute(name) ?? all.join(',')).split(',').map((p) => p.trim()));
}

/**
 * Shows the panels and transport buttons named in `panels` and `controls` (sets of names),
 * hiding the others, and the columns that hold no visible panel.
 */
export function applyVisibility(parts, panels, controls) {
  for (const [name, button] of [['play', parts.playButton], ['step', parts.stepButton], ['reset', parts.resetButton]]) {
    button.hidden = !controls.has(name);
  }
  parts.transportTip.hidden = !['play', 'step', 'reset'].some((n) => controls.has(n));
  for (const [name, section] of Object.entries(parts.sections)) section.hidden = !panels.has(name);
  for (const [column, names] of parts.columns) column.hidden = !names.some((n) => panels.has(n));
}

/**
 * `options`: the callbacks `toggle`, `step`, `reset`, `fineTune(epochs)`, `useModel(json)`, `setView(view)`, `call(type, args)`
 * (a worker command), `labelNames()`, and `label` (names the landmarks apart when a page
 * holds several playgrounds). Returns `{ nodes }` for the shadow root and
 * `{ parts }`: the buttons, outputs, panel boxes and the diagram, output and evaluation
 * components; everything shows until `applyVisibility` says otherwise.
 */
export function buildLayout(options) {
  const sections = {};
  const section = (name, ...body) => {
    const title = msg(`panel.${name}`);
    sections[name] = h('section', { class: 'panel', 'data-panel': name, 'aria-label': landmarkName(options.label, title) }, h('h2', {}, title), ...body);
    return sections[name];
  };
  const parts = {
    sections,
    playButton: h('button', { type: 'button', class: 'play', onclick: options.toggle, 'data-control': 'play' }, msg('run.play')),
    stepButton: h('button', { type: 'button', onclick: options.step, 'data-control': 'step' }, msg('run.step')),
    resetButton: h('button', { type: 'button', onclick: options.reset, 'data-control': 'reset' }, msg('run.reset')),
    epochOut: h('span', { class: 'value', 'data-epoch': '' }, '0'),
    speedOut: h('span', { class: 'value' }, '–'),
    // Within a long epoch: how far it is, and the time the run has left.
    progressOut: h('span', { class: 'detail', 'data-progress': '', hidden: true }),
    statusOut: h('div', { class: 'status', role: 'status', 'aria-live': 'polite' }, msg('status.loadingEngine')),
    // Progress for screen readers, said every few seconds while training (view.js).
    announceOut: h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-announce': '' }),
    dataBox: h('div'),
    networkBox: h('div'),
    diagramBox: h('div', { class: 'diagram-wrap', tabindex: 0, role: 'region', 'aria-label': landmarkName(options.label, msg('diagram.region')) }),
    trainingBox: h('div'),
    shareBox: h('div'),
    // The model card of the last export or import.
    cardBox: h('div', { class: 'card-box', 'aria-live': 'polite' }),
  };
  // One "?" for the three (their lesson is the same): the bar stays one line on a phone.
  parts.transportTip = helpTipGroup([
    { name: 'play', label: msg('run.play'), control: parts.playButton },
    { name: 'step', label: msg('run.step'), control: parts.stepButton },
    { name: 'reset', label: msg('run.reset'), control: parts.resetButton }], msg('bar.transport'));
  parts.diagram = new NetworkDiagram(parts.diagramBox);
  parts.watch = new WatchPanel(options.setView, (x) => options.call('predict', { x }), options.call, options.label);
  parts.evaluation = new EvalPanel(options.call, options.labelNames, options.label);
  parts.compress = new CompressPanel(options.call, {
    fineTune: options.fineTune,
    useModel: options.useModel,
    status: (text) => { parts.statusOut.textContent = text; },
    // Pruned weights: the test figures shown were of the network before.
    weightsChanged: (test) => {
      parts.evaluation.refresh();
      parts.watch.setTestFigures(test);
    },
  });
  const columns = [
    [h('div', { class: 'stack data' }, section('data', parts.dataBox)), ['data']],
    [h('div', { class: 'stack middle' },
      section('network', parts.networkBox, parts.diagramBox),
      section('training', parts.trainingBox)), ['network', 'training']],
    [h('div', { class: 'stack output' }, section('watch', parts.watch.el)), ['watch']],
    [h('div', { class: 'wide' },
      section('evaluate', parts.evaluation.el),
      section('compress', parts.compress.el),
      section('share', parts.shareBox, parts.cardBox)), ['evaluate', 'compress', 'share']],
  ];
  const nodes = [
    h('style', {}, STYLES),
    h('link', { rel: 'stylesheet', href: UPLOT_CSS }),
    h('div', { class: 'app' },
      h('div', { class: 'bar', role: 'toolbar', 'aria-label': msg('bar.label') },
        h('div', { class: 'transport' }, parts.playButton, parts.stepButton, parts.resetButton, parts.transportTip),
        h('div', { class: 'counter' }, h('span', { class: 'label' }, msg('bar.epoch')), parts.epochOut, parts.progressOut),
        h('div', { class: 'counter' }, h('span', { class: 'label' }, msg('bar.samplesPerSecond')), parts.speedOut),
        parts.statusOut, parts.announceOut),
      h('div', { class: 'columns' }, ...columns.slice(0, 3).map(([el]) => el)),
      columns[3][0]),
  ];
  parts.columns = columns;
  return { nodes, parts };
}
