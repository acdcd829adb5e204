// The race's strings in English and Simplified Chinese. Every string is a whole sentence
// or label with named slots (`{name}`), so a translation can put them in its own order.

const EN = {
  controls: 'Race controls',
  play: 'Play',
  pause: 'Pause',
  reset: 'Reset',
  epoch: 'Epoch',
  language: 'Language',
  loading: 'Loading the engine…',
  ready: 'Ready: every contestant starts from the same weights.',
  running: 'Racing…',
  paused: 'Paused at epoch {epoch}.',
  finished: 'Finished after {epoch} epochs: {winner} has the lowest training loss.',
  lossChart: 'Training loss',
  lossAxis: 'loss',
  epochAxis: 'epoch',
  chartText: 'Training loss per epoch of {count} contestants, overlaid: {curves}. Epoch 0 is the loss at the shared initial weights. The figures are in the table.',
  curveText: '{name} ({look}) from {first} to {last}',
  solid: 'solid',
  dashed: 'dashed',
  dotted: 'dotted',
  dashDot: 'dash-dot',
  noCurves: 'The curves appear when the race starts.',
  surfaceTitle: 'Loss surface',
  surfaceRandom: 'A slice through the weights of {center} (the lowest training loss at epoch {epoch}) along two random directions, scaled to each layer\'s weights; each path is a contestant\'s weights after every epoch, projected onto the slice.',
  surfaceParams: 'The loss over parameters {a} (across) and {b} (up), the other weights held at those of {center} (the lowest training loss at epoch {epoch}).',
  surfaceText: 'Loss surface: training loss from {min} (dark) to {max} (light) on a {res} by {res} grid. Every path starts at the shared initial weights (the ring). {ends}',
  pathEnd: '{name} ends at ({x}, {y}), {steps} epochs',
  scaleLow: 'low loss',
  scaleHigh: 'high loss',
  tableCaption: 'Each contestant\'s figures at epoch {epoch}',
  legendSame: 'learning rate {rate}, batch {batch}',
  legendOther: '{optimizer}, learning rate {rate}, batch {batch}',
  contestant: 'Contestant',
  optimizer: 'Optimizer',
  learningRate: 'Learning rate',
  batchSize: 'Batch size',
  batchAll: 'all ({rows})',
  loss: 'Training loss',
  accuracy: 'Training accuracy',
  testLoss: 'Test loss',
  testAccuracy: 'Test accuracy',
  goals: 'Goals',
  goalMet: 'met at epoch {epoch}',
  goalOpen: 'not yet',
  errorTitle: 'The race cannot run',
};

const ZH = {
  controls: '比赛控制',
  play: '开始',
  pause: '暂停',
  reset: '重置',
  epoch: '轮次',
  language: '语言',
  loading: '正在加载引擎…',
  ready: '就绪：每个参赛者都从相同的权重出发。',
  running: '比赛进行中…',
  paused: '已在第 {epoch} 轮暂停。',
  finished: '{epoch} 轮后结束：{winner} 的训练损失最低。',
  lossChart: '训练损失',
  lossAxis: '损失',
  epochAxis: '轮次',
  chartText: '{count} 个参赛者每轮的训练损失（叠加）：{curves}。第 0 轮是共同初始权重处的损失。具体数字见表格。',
  curveText: '{name}（{look}）从 {first} 到 {last}',
  solid: '实线',
  dashed: '虚线',
  dotted: '点线',
  dashDot: '点划线',
  noCurves: '比赛开始后显示曲线。',
  surfaceTitle: '损失曲面',
  surfaceRandom: '沿两个随机方向（按每层权重的大小缩放）穿过 {center} 的权重（第 {epoch} 轮训练损失最低）的切面；每条路径是一个参赛者每轮之后的权重在切面上的投影。',
  surfaceParams: '参数 {a}（横轴）和 {b}（纵轴）上的损失，其余权重取 {center} 的值（第 {epoch} 轮训练损失最低）。',
  surfaceText: '损失曲面：在 {res} × {res} 的网格上，训练损失从 {min}（深色）到 {max}（浅色）。每条路径都从共同的初始权重（圆环）出发。{ends}',
  pathEnd: '{name} 经过 {steps} 轮停在 ({x}, {y})',
  scaleLow: '损失低',
  scaleHigh: '损失高',
  tableCaption: '第 {epoch} 轮时各参赛者的数据',
  legendSame: '学习率 {rate}，批量 {batch}',
  legendOther: '{optimizer}，学习率 {rate}，批量 {batch}',
  contestant: '参赛者',
  optimizer: '优化器',
  learningRate: '学习率',
  batchSize: '批量大小',
  batchAll: '全部（{rows}）',
  loss: '训练损失',
  accuracy: '训练准确率',
  testLoss: '测试损失',
  testAccuracy: '测试准确率',
  goals: '目标',
  goalMet: '在第 {epoch} 轮达成',
  goalOpen: '尚未达成',
  errorTitle: '比赛无法进行',
};

export const LANGS = { en: EN, zh: ZH };

/** `en` or `zh` from an attribute, else from the browser's language. */
export function pickLang(attr) {
  const want = attr || globalThis.navigator?.language || 'en';
  return String(want).toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The string `key` in `lang` with its slots filled from `params`. */
export function t(lang, key, params = {}) {
  const s = LANGS[lang]?.[key] ?? EN[key];
  if (s === undefined) throw new Error(`no string "${key}"`);
  return s.replace(/\{(\w+)\}/g, (_, k) => (params[k] === undefined ? `{${k}}` : String(params[k])));
}

/** A list of parts in the language's way (English "a; b", Chinese "a；b"). */
export function joinList(lang, parts) {
  return parts.join(lang === 'zh' ? '；' : '; ');
}
