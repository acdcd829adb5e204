// The course pages' own words in each language (the lessons carry theirs; the playground
// has its own). Each sentence is one function of its values, so a translation can order
// them as its language needs. The playground's own words (its Play button) come from its
// catalogues.
import { t as playgroundText } from '../playground/i18n/i18n.js';

export const STRINGS = {
  en: {
    course: 'Neural networks, hands on',
    courseIntro: 'Short lessons, each with a live playground and tasks the page checks as you train. Your progress stays in this browser.',
    lessons: 'Lessons',
    language: 'Language',
    allLessons: 'All lessons',
    playground: 'Open the playground',
    lessonOf: (n, total) => `Lesson ${n} of ${total}`,
    previous: 'Previous',
    next: 'Next',
    tasks: 'Tasks',
    goalsMet: (n, m) => `${n} of ${m} goals met`,
    noGoals: 'No tasks',
    notMet: 'Not met yet.',
    metAt: (epoch, run) => (run ? `Met at epoch ${epoch} with ${run}.` : `Met at epoch ${epoch}.`),
    metEvent: (run) => (run ? `Met with ${run}.` : 'Met.'),
    metBefore: (text) => `${text} (on an earlier visit)`,
    done: 'Done',
    todo: 'To do',
    hint: 'Hint',
    nextHint: (i, n) => `Hint ${i} of ${n}`,
    noMoreHints: 'No more hints',
    hintOf: (i, n) => `Hint ${i} of ${n}:`,
    showMe: 'Show me',
    shown: (what) => `Set ${what}. Press ${playgroundText('run.play', {}, 'en')} to train.`,
    shownEvent: (what) => (what ? `Set ${what}. Now do what the task asks.` : 'Nothing to set: do what the task asks.'),
    cannotShow: 'This lesson cannot be shown',
    indexFailed: (file, status) => `The lesson file ${file} cannot be read (${status}).`,
    indexRefused: (message) => `This lesson file is refused:\n${message}`,
    noLesson: (id) => `There is no lesson "${id}". The course index lists them all.`,
    forget: 'Forget my progress',
    forgotten: 'Your progress is forgotten.',
    confirmForget: 'Forget which goals you have met in every lesson?',
    list: (items) => items.join(', '),
    raceFailed: (message) => `The race cannot be shown: ${message}`,
  },
  zh: {
    course: '动手学神经网络',
    courseIntro: '简短的课程，每一课都有一个可以操作的演练场，以及页面在你训练时自动检查的任务。你的进度保存在这个浏览器里。',
    lessons: '课程',
    language: '语言',
    allLessons: '全部课程',
    playground: '打开演练场',
    lessonOf: (n, total) => `第 ${n} 课，共 ${total} 课`,
    previous: '上一课',
    next: '下一课',
    tasks: '任务',
    goalsMet: (n, m) => `已完成 ${n} / ${m} 个目标`,
    noGoals: '没有任务',
    notMet: '尚未达成。',
    metAt: (epoch, run) => (run ? `在第 ${epoch} 轮达成，设置：${run}。` : `在第 ${epoch} 轮达成。`),
    metEvent: (run) => (run ? `已达成，设置：${run}。` : '已达成。'),
    metBefore: (text) => `${text}（之前的访问中）`,
    done: '已完成',
    todo: '待完成',
    hint: '提示',
    nextHint: (i, n) => `提示 ${i} / ${n}`,
    noMoreHints: '没有更多提示',
    hintOf: (i, n) => `提示 ${i} / ${n}：`,
    showMe: '演示给我看',
    shown: (what) => `已设置：${what}。按“${playgroundText('run.play', {}, 'zh')}”训练。`,
    shownEvent: (what) => (what ? `已设置：${what}。现在按任务的要求操作。` : '无需设置：按任务的要求操作。'),
    cannotShow: '无法显示这一课',
    indexFailed: (file, status) => `无法读取课程文件 ${file}（${status}）。`,
    indexRefused: (message) => `这个课程文件未被接受：\n${message}`,
    noLesson: (id) => `没有名为“${id}”的课程。课程目录列出了全部课程。`,
    forget: '清除我的进度',
    forgotten: '你的进度已清除。',
    confirmForget: '清除你在所有课程中已达成的目标吗？',
    list: (items) => items.join('，'),
    raceFailed: (message) => `无法显示这场比赛：${message}`,
  },
};

/** The language names shown by the switch, each in its own language. */
export const LANG_NAMES = { en: 'English', zh: '中文' };

/** How settings read in a description of a run, per language: name → (value) → text. */
const SETTING_WORDS = {
  en: {
    dataset: (v) => `data set ${v}`,
    noise: (v) => `noise ${v} %`,
    testRatio: (v) => `test part ${v} %`,
    valRatio: (v) => `validation part ${v} %`,
    transforms: (v) => `inputs ${v.join(', ')}`,
    scaling: (v) => `scaling ${v ?? 'default'}`,
    seed: (v) => `seed ${v}`,
    outputActivation: (v) => `output activation ${v}`,
    loss: (v) => `loss ${v}`,
    optimizer: (v) => `optimizer ${v}`,
    momentum: (v) => `momentum ${v ?? 'default'}`,
    batchSize: (v) => `batch size ${v}`,
    regularization: (v) => (v === 'none' ? 'no regularisation' : `${v.toUpperCase()} regularisation`),
    regularizationRate: (v) => `regularisation rate ${v}`,
    earlyStopping: (v) => (v ? 'early stopping' : 'no early stopping'),
    patience: (v) => `patience ${v}`,
    learningRate: (v) => `learning rate ${v}`,
    epochs: (v) => `an epoch limit of ${v}`,
    noHidden: 'no hidden layer',
    neurons: (n) => (n === 1 ? '1 neuron' : `${n} neurons`),
    neuronsInLayers: (n, k, sizes) => `${n} neurons in ${k} layers (${sizes})`,
    dropout: (v) => `dropout ${v}`,
  },
  zh: {
    dataset: (v) => `数据集 ${v}`,
    noise: (v) => `噪声 ${v}%`,
    testRatio: (v) => `测试集 ${v}%`,
    valRatio: (v) => `验证集 ${v}%`,
    transforms: (v) => `输入 ${v.join('、')}`,
    scaling: (v) => `缩放 ${v ?? '默认'}`,
    seed: (v) => `随机种子 ${v}`,
    outputActivation: (v) => `输出激活 ${v}`,
    loss: (v) => `损失 ${v}`,
    optimizer: (v) => `优化器 ${v}`,
    momentum: (v) => `动量 ${v ?? '默认'}`,
    batchSize: (v) => `批量大小 ${v}`,
    regularization: (v) => (v === 'none' ? '无正则化' : `${v.toUpperCase()} 正则化`),
    regularizationRate: (v) => `正则化率 ${v}`,
    earlyStopping: (v) => (v ? '提前停止' : '不提前停止'),
    patience: (v) => `耐心 ${v}`,
    learningRate: (v) => `学习率 ${v}`,
    epochs: (v) => `最多 ${v} 轮`,
    noHidden: '没有隐藏层',
    neurons: (n) => `${n} 个神经元`,
    neuronsInLayers: (n, k, sizes) => `${k} 层共 ${n} 个神经元（${sizes}）`,
    dropout: (v) => `dropout ${v}`,
  },
};

/** Which settings a goal's constraint key speaks of. */
const KEY_SETTINGS = { neurons: ['layers'], 'hidden-layers': ['layers'], activation: ['layers'], dropout: ['layers'], features: ['transforms'] };

/** The settings named by constraint keys and solution keys (`learning-rate`, `neurons`, …). */
export function settingsOf(keys) {
  const names = new Set();
  for (const k of keys) {
    for (const n of KEY_SETTINGS[k] ?? [k.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase())]) names.add(n === 'activation' ? 'layers' : n);
  }
  return [...names];
}

/**
 * `settings` (as the playground has them) told in `lang`, only the `names` given: "4
 * neurons, tanh, learning rate 0.03".
 */
export function describeRun(settings, names, lang) {
  const w = SETTING_WORDS[lang] ?? SETTING_WORDS.en;
  const parts = [];
  for (const name of names) {
    if (name === 'layers') parts.push(...(Array.isArray(settings.layers) ? describeLayers(settings.layers, w) : []));
    else if (w[name] && name in settings) parts.push(w[name](settings[name]));
  }
  return STRINGS[lang].list(parts);
}

function describeLayers(layers, w) {
  if (!layers.length) return [w.noHidden];
  const n = layers.reduce((sum, l) => sum + l.units, 0);
  const parts = [layers.length === 1 ? w.neurons(n) : w.neuronsInLayers(n, layers.length, layers.map((l) => l.units).join(', '))];
  const activations = [...new Set(layers.map((l) => l.activation))];
  parts.push(activations.join('/'));
  const dropout = Math.max(...layers.map((l) => l.dropout || 0));
  if (dropout) parts.push(w.dropout(dropout));
  return parts;
}
