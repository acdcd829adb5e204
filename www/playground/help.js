// The short explanation beside every control, and the lesson that covers it. One table:
// control name → lesson id; the explanation is the message `help.<name>` (i18n/en.js,
// zh.js). A control shows it as a toggletip: a small "?" button beside the label whose
// bubble (the text and a link to the lesson) shows on hover and on keyboard focus, Escape
// closes it, and the link is reachable with Tab. The control itself is described by the
// text (`aria-describedby`).
import { h, newId } from './dom.js';
import { msg } from './i18n/i18n.js';
import { attrName, SETTINGS } from './settings.js';

/** The lessons of the course, in order (their pages are `../learn/lesson.html?lesson=<id>`). */
export const LESSONS = ['data', 'first-neuron', 'layers', 'losses', 'gradient-descent', 'optimizers', 'learning-rate',
  'evaluation', 'overfitting', 'learning-curves', 'images', 'text', 'compression', 'deployment'];

/** control → the lesson that covers it. A setting's control has the setting's name. */
export const HELP = {
  // The training bar.
  play: 'gradient-descent', step: 'gradient-descent', reset: 'gradient-descent',
  // Data.
  dataset: 'data', upload: 'data', noise: 'data', transforms: 'first-neuron', testRatio: 'data', valRatio: 'data',
  testFile: 'data', scaling: 'data', missing: 'data', histogramFeature: 'data',
  // Network.
  units: 'layers', activation: 'layers', dropout: 'overfitting', removeLayer: 'layers', addLayer: 'layers',
  outputActivation: 'losses', loss: 'losses',
  convFilters: 'images', convKernel: 'images', convActivation: 'images', poolKind: 'images', poolSize: 'images',
  removeConvLayer: 'images', addConv: 'images', addPool: 'images', augment: 'images',
  embedding: 'text', sequenceLength: 'text', mapInput: 'images', nearWord: 'text',
  // Training.
  optimizer: 'optimizers', learningRate: 'learning-rate', momentum: 'optimizers', beta1: 'optimizers', beta2: 'optimizers',
  rho: 'optimizers', weightDecay: 'optimizers', batchSize: 'gradient-descent', epochs: 'gradient-descent',
  regularization: 'overfitting', regularizationRate: 'overfitting', earlyStopping: 'overfitting', patience: 'overfitting',
  seed: 'gradient-descent', pace: 'gradient-descent',
  // Output.
  featureX: 'data', featureY: 'data', showTest: 'evaluation', discretize: 'first-neuron', logScale: 'learning-rate',
  // Evaluation.
  threshold: 'evaluation', folds: 'learning-curves', crossValidate: 'learning-curves', learningCurve: 'learning-curves',
  // Compress.
  pruneScope: 'compression', measureSparsity: 'compression', sparsity: 'compression', prune: 'compression',
  fineTuneEpochs: 'compression', fineTune: 'compression', quantise: 'compression', studentUnits: 'compression',
  temperature: 'compression', alpha: 'compression', studentEpochs: 'compression', distil: 'compression',
  useStudent: 'compression',
  // Keep and share.
  copyLink: 'deployment', exportModel: 'deployment', exportOnnx: 'deployment', downloadPage: 'deployment',
  importModel: 'deployment', downloadData: 'data', showCode: 'deployment', startFresh: 'deployment',
};

/** The address of lesson `id`'s page. */
export function lessonUrl(id) {
  return new URL(`../learn/lesson.html?lesson=${id}`, import.meta.url).href;
}

/**
 * The toggletip of control `name` (a key of HELP), `label` its name on screen (text or a
 * message): the "?" button and its bubble. `control` (one element or several) is
 * described by the explanation.
 */
export function helpTip(name, label, control = []) {
  return helpTipOf([{ name, control }], label);
}

/**
 * One toggletip for several controls of the same lesson (`items`: `{ name, label,
 * control }`; the training bar's Play, Step and Reset): the bubble says each control's
 * explanation after its name, and each control is described by its own sentence. `about`:
 * the name the "?" is about.
 */
export function helpTipGroup(items, about) {
  return helpTipOf(items, about);
}

function helpTipOf(items, about) {
  const lessons = new Set(items.map((i) => HELP[i.name]));
  const missing = items.find((i) => !HELP[i.name]);
  if (missing) throw new Error(`no help for the control "${missing.name}"`);
  if (lessons.size !== 1) throw new Error(`one toggletip links to one lesson, not ${[...lessons]}`);
  const [lesson] = lessons;
  const texts = items.map(({ name, label, control }) => {
    const id = newId('help');
    for (const el of [control].flat()) el.setAttribute('aria-describedby', id);
    const text = msg(`help.${name}`);
    return h('span', { id, class: items.length > 1 ? 'tip-item' : null }, items.length > 1 ? msg('help.item', { name: label, text }) : text);
  });
  const link = h('a', { href: lessonUrl(lesson), 'data-lesson': lesson, target: '_blank' },
    msg('help.lesson', { title: msg(`lesson.${lesson}`) }));
  const bubble = h('span', { class: 'tip-bubble', 'data-help': items.map((i) => i.name).join(' ') }, texts, ' ', link);
  const button = h('button', { type: 'button', class: 'help-tip', 'aria-label': msg('help.about', { name: about }), 'aria-expanded': 'false' }, '?');
  const wrap = h('span', { class: 'tip-wrap' }, button, bubble);
  const open = () => {
    wrap.classList.remove('closed');
    button.setAttribute('aria-expanded', 'true');
    place(wrap, bubble);
  };
  const close = () => {
    wrap.classList.add('closed');
    button.setAttribute('aria-expanded', 'false');
  };
  wrap.addEventListener('mouseenter', open);
  wrap.addEventListener('focusin', open);
  wrap.addEventListener('mouseleave', () => { if (!wrap.contains(wrap.getRootNode().activeElement)) close(); });
  wrap.addEventListener('focusout', (e) => { if (!wrap.contains(e.relatedTarget)) close(); });
  // A touch opens and closes it too.
  button.addEventListener('click', () => (wrap.classList.contains('closed') ? open() : close()));
  wrap.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || wrap.classList.contains('closed')) return;
    e.stopPropagation();
    button.focus();
    close();
  });
  wrap.classList.add('closed');
  return wrap;
}

/** Keeps the bubble inside the window (it opens under the "?", shifted left near the right edge). */
function place(wrap, bubble) {
  bubble.style.left = '0px';
  const width = Math.min(260, document.documentElement.clientWidth - 16);
  bubble.style.width = `${width}px`;
  const left = wrap.getBoundingClientRect().left;
  const overflow = left + width - (document.documentElement.clientWidth - 8);
  bubble.style.left = `${-Math.max(0, Math.min(overflow, left - 8))}px`;
}

/**
 * Puts the toggletip of `name` beside the label of `field` (a `.field` from dom.js) and
 * marks its control: `data-setting` (kebab-case) when `name` is a setting. Returns `field`.
 */
export function withHelp(field, name, { setting = SETTINGS[name] ? name : null } = {}) {
  const label = field.querySelector('label, legend');
  const controls = [...field.querySelectorAll('input, select, button:not(.help-tip)')];
  if (setting) for (const c of controls) c.setAttribute('data-setting', attrName(setting));
  const tip = helpTip(name, [...label.childNodes].find((n) => n.i18n)?.i18n ?? label.textContent, controls);
  if (field.classList.contains('check')) label.after(tip);
  else if (label.tagName === 'LEGEND') label.append(' ', tip);
  else {
    const row = h('span', { class: 'label-row' });
    label.replaceWith(row);
    row.append(label, tip);
  }
  return field;
}

/**
 * A button (or file-picker label) with its toggletip after it, in one inline box; the
 * explanation describes `described` (the button, and a file picker's input).
 */
export function withButtonHelp(button, name, label, described = button) {
  return h('span', { class: 'with-tip' }, button, helpTip(name, label, described));
}
