// The "Show code" scripts' layers for a model with shaped layers (convolutions, pooling,
// flatten, embeddings) before its dense ones, read from the model's configuration (the
// `inputShape` and the `type` of each item, as `new Model(config)` and the model file take
// them). Both scripts take the rows flat, as the page does: Keras reshapes them to its
// channels-last images (the engine's order); PyTorch to its channels-first ones, pads
// `same` windows as Keras does (the odd cell after) and permutes back to channels-last
// before a flatten, so that the dense kernels read the values in the page's order.

/** The item types that are shaped layers. */
const SHAPED = new Set(['conv2d', 'conv1d', 'max_pool2d', 'average_pool2d', 'flatten', 'embedding', 'global_average_pool1d']);
/** The engine's other names for them (its `LayerType`). */
const ALIASES = { maxpool2d: 'max_pool2d', max_pooling2d: 'max_pool2d', avg_pool2d: 'average_pool2d', average_pooling2d: 'average_pool2d', global_average_pooling1d: 'global_average_pool1d' };

const pair = (v, fallback) => (v == null ? fallback : Array.isArray(v) ? v : [v, v]);
const py = (s) => JSON.stringify(String(s));

/** Whether the model configuration has shaped layers. */
export function isShaped(model) {
  return model.inputShape != null && model.layers.some((l) => SHAPED.has(ALIASES[l.type] ?? l.type));
}

/**
 * Keras's `same` padding along one axis: `[before, after]` cells and the output length.
 */
function axis(input, size, stride, padding) {
  if (padding !== 'same') return { pads: [0, 0], out: Math.floor((input - size) / stride) + 1 };
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + size - input, 0);
  return { pads: [Math.floor(total / 2), total - Math.floor(total / 2)], out };
}

/**
 * The configuration's shaped layers with their defaults filled in, each with the shape it
 * takes (`[height, width, channels]`) and its pads, and the dense layers after them
 * (dropout items folded into the layer before, as the engine does). Throws naming the
 * item for what the scripts cannot write.
 */
export function resolve(model) {
  const dims = model.inputShape;
  let shape = dims.length === 3 ? [...dims] : [1, dims[0], dims[1] ?? 1];
  const shaped = [];
  const dense = [];
  model.layers.forEach((item, i) => {
    const type = ALIASES[item.type] ?? item.type ?? 'dense';
    if (type === 'dropout') {
      if (dense.length) dense.at(-1).dropout = item.rate ?? item.dropout;
      return;
    }
    if (!SHAPED.has(type)) {
      if (type !== 'dense') throw new Error(`layers[${i}]: the scripts cannot write a ${type} layer`);
      dense.push({ units: item.units, activation: item.activation ?? 'linear', dropout: item.dropout ?? 0 });
      return;
    }
    const [h, w, c] = shape;
    const l = { type, input: shape };
    if (type === 'conv2d' || type === 'conv1d') {
      const one = type === 'conv1d';
      l.filters = item.filters;
      l.kernel = one ? [1, item.kernelSize] : pair(item.kernelSize);
      l.strides = one ? [1, item.strides ?? 1] : pair(item.strides, [1, 1]);
      l.padding = item.padding ?? 'valid';
      l.activation = item.activation ?? 'linear';
      if (item.alpha != null) l.alpha = item.alpha;
    } else if (type === 'max_pool2d' || type === 'average_pool2d') {
      l.kernel = pair(item.poolSize, [2, 2]);
      l.strides = pair(item.strides, l.kernel);
      l.padding = item.padding ?? 'valid';
    } else if (type === 'embedding') {
      l.inputDim = item.inputDim;
      l.outputDim = item.outputDim;
    }
    if (l.kernel) {
      const y = axis(h, l.kernel[0], l.strides[0], l.padding);
      const x = axis(w, l.kernel[1], l.strides[1], l.padding);
      l.pads = { top: y.pads[0], bottom: y.pads[1], left: x.pads[0], right: x.pads[1] };
      shape = [y.out, x.out, l.filters ?? c];
    } else if (type === 'flatten') {
      shape = [1, 1, h * w * c];
    } else if (type === 'embedding') {
      shape = [1, w, l.outputDim];
    } else {
      shape = [1, 1, c];
    }
    shaped.push(l);
  });
  return { shaped, dense, inputs: shape[0] * shape[1] * shape[2] };
}

/** A Python tuple of numbers. */
const tuple = (v) => (v.length === 1 ? `(${v[0]},)` : `(${v.join(', ')})`);

/**
 * The Keras layers up to the first dense one: the input, the reshape to the engine's
 * channels-last rows, each shaped layer. A sequence is a 3-D tensor (rows × length ×
 * channels), an image a 4-D one; a 2-D window on a sequence is Keras's 1-D layer.
 */
export function kerasShapedLines(model) {
  const { shaped } = resolve(model);
  const dims = model.inputShape;
  const inputs = dims.reduce((a, b) => a * b, 1);
  const lines = [];
  let rank;
  if (shaped[0]?.type === 'embedding') {
    lines.push(`keras.Input(shape=(${inputs},))`);
    rank = 2;
  } else {
    const [h, w, c] = shaped[0].input;
    rank = h === 1 && dims.length < 3 ? 3 : 4;
    lines.push(`keras.Input(shape=(${inputs},))`, `keras.layers.Reshape(${tuple(rank === 3 ? [w, c] : [h, w, c])})  # each row as the page holds it: channels last`);
  }
  for (const l of shaped) {
    const [h, w, c] = l.input;
    const oneD = l.kernel && l.kernel[0] === 1 && rank === 3;
    if (l.kernel && !oneD && rank === 3) {
      lines.push(`keras.layers.Reshape(${tuple([1, w, c])})`);
      rank = 4;
    }
    if (l.type === 'global_average_pool1d' && rank === 4) {
      lines.push(`keras.layers.Reshape(${tuple([w, c])})`);
      rank = 3;
    }
    const win = (v) => (oneD ? v[1] : tuple(v));
    const d = oneD ? '1D' : '2D';
    // A slope or scale of its own: the activation as a layer of its own after the window.
    const own = l.alpha != null && { leaky_relu: `keras.layers.LeakyReLU(negative_slope=${l.alpha})`, elu: `keras.layers.ELU(alpha=${l.alpha})` }[l.activation];
    const act = l.activation && !own ? `, activation=${py(l.activation)}` : '';
    switch (l.type) {
      case 'conv2d': case 'conv1d':
        lines.push(`keras.layers.Conv${d}(${l.filters}, ${win(l.kernel)}, strides=${win(l.strides)}, padding=${py(l.padding)}${act})`);
        if (own) lines.push(own);
        break;
      case 'max_pool2d': case 'average_pool2d':
        lines.push(`keras.layers.${l.type === 'max_pool2d' ? 'Max' : 'Average'}Pooling${d}(${win(l.kernel)}, strides=${win(l.strides)}, padding=${py(l.padding)})`);
        break;
      case 'flatten': lines.push('keras.layers.Flatten()'); rank = 2; break;
      case 'embedding': lines.push(`keras.layers.Embedding(${l.inputDim}, ${l.outputDim})`); rank = 3; break;
      default: lines.push('keras.layers.GlobalAveragePooling1D()'); rank = 2;
    }
  }
  // A window that leaves one value a row (1 × 1 × n): the dense layers take it flat.
  if (rank !== 2) lines.push('keras.layers.Flatten()');
  return lines;
}

/**
 * The PyTorch modules up to the first dense one, and the helper classes they use.
 * `activation(name, alpha)`: a module's text. The rows come flat; tensors are PyTorch's
 * channels-first (rows × channels × height × width, or × length for a sequence).
 */
export function torchShapedModules(model, activation) {
  const { shaped, inputs } = resolve(model);
  const dims = model.inputShape;
  const modules = [];
  let rank;
  if (shaped[0]?.type === 'embedding') {
    rank = 2;
  } else {
    const [h, w, c] = shaped[0].input;
    rank = h === 1 && dims.length < 3 ? 3 : 4;
    modules.push(`nn.Unflatten(1, ${tuple(rank === 3 ? [w, c] : [h, w, c])})  # each row as the page holds it: channels last`,
      rank === 3 ? 'Permute(0, 2, 1)  # to channels first' : 'Permute(0, 3, 1, 2)  # to channels first');
  }
  for (const l of shaped) {
    const [, w, c] = l.input;
    const oneD = l.kernel && l.kernel[0] === 1 && rank === 3;
    if (l.kernel && !oneD && rank === 3) {
      modules.push(`nn.Unflatten(2, (1, ${w}))`);
      rank = 4;
    }
    if (l.type === 'global_average_pool1d' && rank === 4) {
      modules.push('nn.Flatten(2)  # one pixel high: a sequence');
      rank = 3;
    }
    modules.push(...torchLayer(l, oneD, c, activation, rank));
    if (l.type === 'embedding') rank = 3;
    if (l.type === 'flatten' || l.type === 'global_average_pool1d') rank = 2;
  }
  if (rank !== 2) modules.push('nn.Flatten()');
  const classes = [];
  if (modules.some((m) => m.startsWith('Permute('))) classes.push(...PERMUTE);
  if (modules.some((m) => m.startsWith('AveragePoolSame('))) classes.push(...AVERAGE_POOL_SAME);
  return { modules, classes, inputs };
}

/**
 * One shaped layer's PyTorch modules; `oneD`: on a sequence, `c`: its input channels,
 * `rank`: its input tensor's (2 flat, 3 a sequence, 4 an image).
 */
function torchLayer(l, oneD, c, activation, rank) {
  const win = (v) => (oneD ? v[1] : tuple(v));
  const d = oneD ? '1d' : '2d';
  const { top, bottom, left, right } = l.pads ?? {};
  const pads = oneD ? [left, right] : [left, right, top, bottom];
  const padded = pads.some((p) => p > 0);
  const even = oneD ? left === right : top === bottom && left === right;
  const symmetric = oneD ? left : tuple([top, left]);
  switch (l.type) {
    case 'conv2d': case 'conv1d': {
      const out = [];
      let padding = '';
      if (padded && even) padding = `, padding=${symmetric}`;
      else if (padded) out.push(`nn.ConstantPad${d}(${tuple(pads)}, 0.0)  # Keras's "same": the odd cell after`);
      out.push(`nn.Conv${d}(${c}, ${l.filters}, ${win(l.kernel)}, stride=${win(l.strides)}${padding})`);
      const a = activation(l.activation, l.alpha);
      return a ? [...out, a] : out;
    }
    case 'max_pool2d':
      return [...(padded ? [`nn.ConstantPad${d}(${tuple(pads)}, float("-inf"))  # Keras's "same": padded cells never win`] : []),
        `nn.MaxPool${d}(${win(l.kernel)}, stride=${win(l.strides)})`];
    case 'average_pool2d':
      return padded
        ? [`AveragePoolSame(${tuple(oneD ? [l.kernel[1]] : l.kernel)}, ${tuple(oneD ? [l.strides[1]] : l.strides)}, ${tuple(pads)})`]
        : [`nn.AvgPool${d}(${win(l.kernel)}, stride=${win(l.strides)})`];
    case 'flatten':
      if (rank === 2) return ['nn.Flatten()'];
      return [`Permute(${rank === 4 ? '0, 2, 3, 1' : '0, 2, 1'})  # back to channels last: the page's order`, 'nn.Flatten()'];
    case 'embedding':
      return [`nn.Embedding(${l.inputDim}, ${l.outputDim})`, 'Permute(0, 2, 1)  # to channels first'];
    default:
      return ['nn.AdaptiveAvgPool1d(1)  # the mean over the positions', 'nn.Flatten()'];
  }
}

const PERMUTE = [
  'class Permute(nn.Module):',
  '    """Reorders the axes: the page\'s channels-last rows to PyTorch\'s channels-first, and back before a flatten."""',
  '',
  '    def __init__(self, *dims):',
  '        super().__init__()',
  '        self.dims = dims',
  '',
  '    def forward(self, x):',
  '        return x.permute(*self.dims)',
  '',
  '',
];

const AVERAGE_POOL_SAME = [
  'class AveragePoolSame(nn.Module):',
  '    """Keras\'s average pooling with "same" padding: each window\'s mean over the cells inside the input only."""',
  '',
  '    def __init__(self, size, stride, pads):',
  '        super().__init__()',
  '        self.pool = (nn.AvgPool2d if len(size) == 2 else nn.AvgPool1d)(size, stride)',
  '        self.pads = pads',
  '',
  '    def forward(self, x):',
  '        ones = torch.ones_like(x[:1, :1])',
  '        return self.pool(nn.functional.pad(x, self.pads)) / self.pool(nn.functional.pad(ones, self.pads))',
  '',
  '',
];

/** Whether the text column is read as token ids (the `sequence` method), for an embedding. */
export function sequenceText(info) {
  return info.schema?.text?.method === 'sequence';
}

/**
 * The token ids of a text column, as the engine makes them: the vocabulary (the `size`
 * words in most training rows, ties alphabetical), then each text's first `length` words as
 * ids; `token_ids` serves the page's vocabulary too, in the weights branch.
 */
export function tokenLines(info, val) {
  const { size = 1000, length = 20 } = info.schema.text;
  return ['', '# Token ids, as the playground makes them: words are runs of letters, lowercased; 0 after a',
    "# text's last word, 1 a word outside the vocabulary, 2 + i the vocabulary's word i.",
    'def words_of(text):',
    '    return [w.lower() for w in re.findall(r"[^\\W\\d_]+", text)] if isinstance(text, str) else []',
    '',
    '',
    'def token_ids(texts, vocabulary, length):',
    '    ids = {w: i + 2 for i, w in enumerate(vocabulary)}',
    '    rows = [[ids.get(w, 1) for w in words_of(text)][:length] for text in texts]',
    '    return np.array([row + [0] * (length - len(row)) for row in rows], np.float32)',
    '',
    '',
    `# The vocabulary: the ${size} words in most training rows.`,
    'counts = Counter(w for text in X_train for w in set(words_of(text)))',
    `vocabulary = sorted(counts, key=lambda w: (-counts[w], w))[:${size}]`,
    `X_train = token_ids(X_train, vocabulary, ${length})`,
    ...(val ? [`X_val = token_ids(X_val, vocabulary, ${length})`] : []),
    `X_test = token_ids(X_test, vocabulary, ${length})`];
}
