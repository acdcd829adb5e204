// The network panel's layers before the hidden ones: for image data, convolution and
// pooling layers (a flatten follows them), and shifted copies of the training images; for
// text, word counts or token ids into an embedding. Every change goes through
// `ctx.update`; the engine checks the network and refuses an impossible one.
import { h, numberInput, select } from './dom.js';
import { msg } from './i18n/i18n.js';
import { withButtonHelp, withHelp } from './help.js';

const MAX_CONV_LAYERS = 6;
const FILTER_CHOICES = [1, 2, 4, 8, 16, 32, 64];
const KERNEL_CHOICES = [1, 2, 3, 5, 7];
const POOL_CHOICES = [2, 3, 4];
const EMBEDDING_CHOICES = [4, 8, 16, 32, 64];

/** Whether the data's features hold a text column. */
export function hasText(info) {
  return Boolean(info?.schema?.columns.some((c) => c.role === 'feature' && c.type === 'text'));
}

/** The image section (convolution, pooling, augmentation) or the text section, or null. */
export function shapedSection(ctx) {
  const { info } = ctx;
  if (info?.isImage) return imageSection(ctx);
  if (hasText(info)) return textSection(ctx);
  return null;
}

function imageSection(ctx) {
  const s = ctx.settings;
  const { catalog } = ctx;
  const hidden = catalog.activations.filter((a) => !a.outputOnly).map((a) => a.name);
  const layers = s.convLayers;
  const setLayers = (convLayers) => ctx.update({ convLayers });
  const rows = layers.map((layer, i) => {
    const change = (patch) => setLayers(layers.map((l, k) => (k === i ? { ...l, ...patch } : l)));
    const remove = h('button', {
      type: 'button', class: 'small', 'data-setting': 'conv-layers',
      'aria-label': msg('conv.removeLayer', { layer: i + 1 }),
      onclick: () => setLayers(layers.filter((_, k) => k !== i)),
    }, msg('network.remove'));
    const fields = layer.type === 'conv'
      ? [
        withHelp(select(msg('conv.filters'), withValue(FILTER_CHOICES, layer.filters).map(String), String(layer.filters),
          (v) => change({ filters: Number(v) })), 'convFilters', { setting: 'convLayers' }),
        withHelp(select(msg('conv.kernel'), withValue(KERNEL_CHOICES, layer.kernel).map((k) => [String(k), `${k}×${k}`]), String(layer.kernel),
          (v) => change({ kernel: Number(v) })), 'convKernel', { setting: 'convLayers' }),
        withHelp(select(msg('network.activation'), hidden, layer.activation, (v) => change({ activation: v })), 'convActivation', { setting: 'convLayers' }),
      ]
      : [
        withHelp(select(msg('conv.poolKind'), [['maxpool', msg('conv.max')], ['avgpool', msg('conv.average')]], layer.type,
          (v) => change({ type: v })), 'poolKind', { setting: 'convLayers' }),
        withHelp(select(msg('conv.poolSize'), withValue(POOL_CHOICES, layer.size).map((k) => [String(k), `${k}×${k}`]), String(layer.size),
          (v) => change({ size: Number(v) })), 'poolSize', { setting: 'convLayers' }),
      ];
    return h('fieldset', { class: 'conv-layer' },
      h('legend', {}, msg(layer.type === 'conv' ? 'conv.convLayer' : 'conv.poolLayer', { layer: i + 1 })),
      ...fields,
      withButtonHelp(remove, 'removeConvLayer', msg('network.remove')));
  });
  const full = layers.length >= MAX_CONV_LAYERS;
  const addConv = h('button', {
    type: 'button', class: 'small', disabled: full, 'data-setting': 'conv-layers',
    onclick: () => setLayers([...layers, { type: 'conv', filters: layers.filter((l) => l.type === 'conv').at(-1)?.filters ?? 8, kernel: 3, activation: 'relu' }]),
  }, msg('conv.addConv'));
  const addPool = h('button', {
    type: 'button', class: 'small', disabled: full || !layers.length, 'data-setting': 'conv-layers',
    onclick: () => setLayers([...layers, { type: 'maxpool', size: 2 }]),
  }, msg('conv.addPool'));
  const [width, height] = ctx.info.imageShape ?? [0, 0];
  return h('div', { class: 'shaped', role: 'group', 'aria-label': msg('conv.section') },
    h('h3', { class: 'sub' }, msg('conv.section')),
    h('p', { class: 'note' }, layers.length ? msg('conv.note', { width, height }) : msg('conv.none')),
    h('div', { class: 'layers' }, rows,
      h('div', { class: 'row' }, withButtonHelp(addConv, 'addConv', msg('conv.addConv')), withButtonHelp(addPool, 'addPool', msg('conv.addPool')))),
    layers.length ? h('p', { class: 'flatten' }, msg('conv.flatten')) : null,
    ctx.info.builtin
      ? withHelp(select(msg('conv.augment'), [0, 1, 2, 3].map((n) => [String(n), n ? msg('conv.copies', { count: n }) : msg('conv.noCopies')]),
        String(s.augment), (v) => ctx.update({ augment: Number(v) })), 'augment')
      : null);
}

function textSection(ctx) {
  const s = ctx.settings;
  const embedded = s.embedding > 0;
  const choices = [['0', msg('text.counts')], ...withValue(EMBEDDING_CHOICES, embedded ? s.embedding : 16).map((d) => [String(d), msg('text.embedding', { dim: d })])];
  return h('div', { class: 'shaped', role: 'group', 'aria-label': msg('text.section') },
    h('h3', { class: 'sub' }, msg('text.section')),
    withHelp(select(msg('text.as'), choices, String(s.embedding), (v) => ctx.update({ embedding: Number(v) })), 'embedding'),
    withHelp(numberInput(msg('text.length'), s.sequenceLength, (v) => ctx.update({ sequenceLength: v }), { min: 1, max: 1000, step: 1, disabled: !embedded }), 'sequenceLength'),
    h('p', { class: 'note' }, embedded ? msg('text.embeddingNote', { length: s.sequenceLength, dim: s.embedding }) : msg('text.countsNote')));
}

/** The choices, with `value` added in order when it is not one of them (e.g. from a link). */
function withValue(choices, value) {
  return choices.includes(value) ? choices : [...choices, value].sort((a, b) => a - b);
}
