// The four benchmark workloads and their seeded data. The one source of the data: the
// browser pages import this module and the native benchmark reads the files that
// `writeData` makes from it, so every engine trains on the same numbers.

/** mulberry32: a small seeded generator of uniforms in [0, 1). */
export function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand) {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * Workload settings. `layers` are nnplay layers as its `Model` takes them (dense, or shaped
 * layers on an `inputShape` before them); `loss`, `optimizer`, `learningRate`, `batchSize`
 * and `epochs` (timed, after one warm-up epoch) are the issue's.
 */
export const WORKLOADS = {
  W1: {
    title: 'playground: 2 → 8 tanh → 8 tanh → 1 tanh, two circles, SGD',
    inputs: 2,
    layers: [
      { units: 8, activation: 'tanh' },
      { units: 8, activation: 'tanh' },
      { units: 1, activation: 'tanh' },
    ],
    loss: 'mean_squared_error',
    optimizer: 'sgd',
    learningRate: 0.03,
    batchSize: 10,
    epochs: 50,
    rows: 500,
    seed: 1,
  },
  W2: {
    title: 'seed model: 10 → 100 relu → 100 relu → 1 sigmoid, binary cross-entropy, Adam',
    inputs: 10,
    layers: [
      { units: 100, activation: 'relu' },
      { units: 100, activation: 'relu' },
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'binary_crossentropy',
    optimizer: 'adam',
    learningRate: 0.001,
    batchSize: 32,
    epochs: 100,
    rows: 800,
    seed: 2,
  },
  W3: {
    title: 'MNIST-size: 784 → 128 relu → 10 softmax, categorical cross-entropy, Adam',
    inputs: 784,
    layers: [
      { units: 128, activation: 'relu' },
      { units: 10, activation: 'softmax' },
    ],
    loss: 'categorical_crossentropy',
    optimizer: 'adam',
    learningRate: 0.001,
    batchSize: 64,
    epochs: 2,
    rows: 10000,
    seed: 3,
  },
  W4: {
    title: 'conv net: 28×28×1 → conv 5×5×8 relu → max-pool 2 → conv 5×5×16 relu → max-pool 2 → 10 softmax, Adam',
    inputs: 784,
    inputShape: [28, 28, 1],
    layers: [
      { type: 'conv2d', filters: 8, kernelSize: 5, strides: 1, padding: 'same', activation: 'relu' },
      { type: 'max_pool2d', poolSize: 2 },
      { type: 'conv2d', filters: 16, kernelSize: 5, strides: 1, padding: 'same', activation: 'relu' },
      { type: 'max_pool2d', poolSize: 2 },
      { type: 'flatten' },
      { units: 10, activation: 'softmax' },
    ],
    loss: 'categorical_crossentropy',
    optimizer: 'adam',
    learningRate: 0.001,
    batchSize: 32,
    // One timed epoch after the warm-up one, and one timed run after the cold one (its runs
    // take seconds to minutes; more of them would double the benchmark's time).
    epochs: 1,
    maxRuns: 1,
    rows: 2000,
    seed: 4,
    // TensorFlow.js's cpu backend takes about 90 s an epoch here (its conv2d and its
    // gradients are plain JavaScript loops): it trains on the first tenth of the rows,
    // its seconds scaled ×10 to the full set; its loss (of that tenth) is not compared.
    subset: { rows: 200, engines: ['tfjs cpu fit', 'tfjs cpu minimize'] },
  },
};

const pair = (v) => (Array.isArray(v) ? v : [v, v]);

/** Output length along one axis, Keras's rule (`same`: ceil(input / stride)). */
function outLength(input, size, stride, padding) {
  return padding === 'same' ? Math.ceil(input / stride) : Math.floor((input - size) / stride) + 1;
}

/**
 * The workload's layers walked with their shapes: per layer `{ layer, input, output }`
 * (`[h, w, c]` or `[n]`), and for layers with weights `kernel` (its Keras shape: `kh × kw ×
 * cin × cout` or `in × out`) and `uses` (how many times a sample uses each weight: the
 * output positions of a convolution, 1 for a dense layer). The one description of the
 * networks that the peers' builders, the parameter count and the FLOP count share.
 */
export function layerShapes(w) {
  let shape = w.inputShape ?? [w.inputs];
  return w.layers.map((layer) => {
    const input = shape;
    const out = { layer, input };
    const type = layer.type ?? 'dense';
    if (type === 'conv2d') {
      const [kh, kw] = pair(layer.kernelSize);
      const [sh, sw] = pair(layer.strides ?? 1);
      const [h, wd, c] = input;
      shape = [outLength(h, kh, sh, layer.padding), outLength(wd, kw, sw, layer.padding), layer.filters];
      out.kernel = [kh, kw, c, layer.filters];
      out.uses = shape[0] * shape[1];
    } else if (type === 'max_pool2d' || type === 'average_pool2d') {
      const [ph, pw] = pair(layer.poolSize);
      const [sh, sw] = pair(layer.strides ?? layer.poolSize);
      const [h, wd, c] = input;
      shape = [outLength(h, ph, sh, layer.padding), outLength(wd, pw, sw, layer.padding), c];
    } else if (type === 'flatten') {
      shape = [input.reduce((a, b) => a * b, 1)];
    } else if (type === 'dense') {
      out.kernel = [input[0], layer.units];
      out.uses = 1;
      shape = [layer.units];
    } else {
      throw new Error(`the benchmark has no ${type} layer`);
    }
    out.output = shape;
    return out;
  });
}

/** Parameters of a workload's network. */
export function parameterCount(w) {
  return layerShapes(w)
    .filter((l) => l.kernel)
    .reduce((sum, l) => sum + l.kernel.reduce((a, b) => a * b, 1) + l.kernel.at(-1), 0);
}

/**
 * Training FLOPs per sample, counted as 6 per use of a weight (2 forward, 4 backward): a
 * dense layer uses each weight once, a convolution once per output position. Pooling and
 * activations are not counted.
 */
export function flopsPerSample(w) {
  return layerShapes(w)
    .filter((l) => l.kernel)
    .reduce((sum, l) => sum + 6 * l.uses * (l.kernel.reduce((a, b) => a * b, 1) + l.kernel.at(-1)), 0);
}

/**
 * The workload's data: `x` (rows × inputs), `y` in the engine-neutral form (W1: targets ±1,
 * W2: 0/1, W3 and W4: one-hot rows × 10) and `labels` (class index per row; W1/W2: the target).
 */
export function makeData(name) {
  const w = WORKLOADS[name];
  const rand = random(w.seed);
  const x = new Float32Array(w.rows * w.inputs);
  const outputs = w.layers.at(-1).units;
  const y = new Float32Array(w.rows * outputs);
  const labels = new Float32Array(w.rows);
  if (name === 'W1') {
    // TensorFlow Playground's "circle" set: radius 5, inner disc +1, outer ring -1.
    const radius = 5;
    for (let i = 0; i < w.rows; i++) {
      const inner = i < w.rows / 2;
      const r = inner ? radius * 0.5 * rand() : radius * (0.7 + 0.3 * rand());
      const angle = 2 * Math.PI * rand();
      x[2 * i] = r * Math.sin(angle);
      x[2 * i + 1] = r * Math.cos(angle);
      y[i] = labels[i] = inner ? 1 : -1;
    }
  } else if (name === 'W2') {
    // Ten standard-normal features; the class is a nonlinear rule of the first five.
    for (let i = 0; i < w.rows; i++) {
      const f = x.subarray(i * 10, i * 10 + 10);
      for (let j = 0; j < 10; j++) f[j] = normal(rand);
      const score = f[0] * f[1] + Math.sin(2 * f[2]) + f[3] * f[3] - 1 + 0.5 * f[4];
      y[i] = labels[i] = score > 0 ? 1 : 0;
    }
  } else if (name === 'W4') {
    strokeImages(w, rand, x, y, labels);
  } else {
    // Ten 28×28 "digits": each class a prototype of random strokes; a sample is its class's
    // prototype moved by up to 3 pixels each way, dimmed, plus pixel noise, clipped to
    // [0, 1] (hard enough that the classes overlap a little).
    const prototypes = [];
    for (let c = 0; c < 10; c++) {
      const p = new Float32Array(784);
      for (let stroke = 0; stroke < 4; stroke++) {
        let r = 4 + rand() * 20;
        let col = 4 + rand() * 20;
        const dr = rand() * 2 - 1;
        const dc = rand() * 2 - 1;
        for (let s = 0; s < 12; s++) {
          const ri = Math.round(r);
          const ci = Math.round(col);
          if (ri >= 0 && ri < 28 && ci >= 0 && ci < 28) p[ri * 28 + ci] = 1;
          r += dr;
          col += dc;
        }
      }
      prototypes.push(p);
    }
    for (let i = 0; i < w.rows; i++) {
      const c = Math.floor(rand() * 10);
      const gain = 0.3 + 0.7 * rand();
      const dr = Math.floor(rand() * 7) - 3;
      const dc = Math.floor(rand() * 7) - 3;
      const p = prototypes[c];
      const row = x.subarray(i * 784, (i + 1) * 784);
      for (let j = 0; j < 784; j++) {
        const r = Math.floor(j / 28) - dr;
        const col = (j % 28) - dc;
        const ink = r >= 0 && r < 28 && col >= 0 && col < 28 ? p[r * 28 + col] : 0;
        const v = ink * gain + 0.8 * (rand() - 0.5);
        row[j] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
      y[i * 10 + c] = 1;
      labels[i] = c;
    }
  }
  return { x, y, labels, rows: w.rows, inputs: w.inputs, outputs };
}

/** Distance from (py, px) to the segment (y0, x0)–(y1, x1). */
function segmentDistance(py, px, [y0, x0, y1, x1]) {
  const [dy, dx] = [y1 - y0, x1 - x0];
  const t = Math.max(0, Math.min(1, ((py - y0) * dy + (px - x0) * dx) / (dy * dy + dx * dx || 1)));
  return Math.sqrt((py - (y0 + t * dy)) ** 2 + (px - (x0 + t * dx)) ** 2);
}

/**
 * W4's images: ten classes, each a prototype of two pen strokes (segments 7 to 16 pixels
 * long) and one round blob. A sample draws its class's prototype with every end point
 * moved by up to a pixel, the whole shifted by up to 3 pixels each way, a pen width and an
 * ink level of its own, plus pixel noise, clipped to [0, 1]: a shape to find anywhere in
 * the image, which a convolution learns and which a few epochs get well into.
 */
function strokeImages(w, rand, x, y, labels) {
  const [height, width] = w.inputShape;
  const prototypes = [];
  for (let c = 0; c < 10; c++) {
    const strokes = [];
    for (let s = 0; s < 2; s++) {
      const length = 7 + rand() * 9;
      const angle = Math.PI * rand();
      const [cy, cx] = [8 + rand() * 12, 8 + rand() * 12];
      const [hy, hx] = [(Math.sin(angle) * length) / 2, (Math.cos(angle) * length) / 2];
      strokes.push([cy - hy, cx - hx, cy + hy, cx + hx]);
    }
    const blob = [7 + rand() * 14, 7 + rand() * 14, 1.5 + rand()];
    prototypes.push({ strokes, blob });
  }
  for (let i = 0; i < w.rows; i++) {
    const c = Math.floor(rand() * 10);
    const { strokes, blob } = prototypes[c];
    const [sy, sx] = [Math.floor(rand() * 7) - 3, Math.floor(rand() * 7) - 3];
    const moved = strokes.map((s) => s.map((v, k) => v + (k % 2 ? sx : sy) + 2 * rand() - 1));
    const [by, bx, br] = [blob[0] + sy + 2 * rand() - 1, blob[1] + sx + 2 * rand() - 1, blob[2]];
    const pen = 0.6 + 0.5 * rand();
    const ink = 0.5 + 0.5 * rand();
    const row = x.subarray(i * height * width, (i + 1) * height * width);
    // Each shape inked over its bounding box (3 widths around it), the brighter one kept.
    const draw = (y0, x0, y1, x1, inkAt) => {
      for (let py = Math.max(0, Math.floor(y0)); py <= Math.min(height - 1, Math.ceil(y1)); py++) {
        for (let px = Math.max(0, Math.floor(x0)); px <= Math.min(width - 1, Math.ceil(x1)); px++) {
          row[py * width + px] = Math.max(row[py * width + px], inkAt(py, px));
        }
      }
    };
    draw(by - 3 * br, bx - 3 * br, by + 3 * br, bx + 3 * br, (py, px) => Math.exp(-((py - by) ** 2 + (px - bx) ** 2) / (br * br)));
    for (const s of moved) {
      const m = 3 * pen;
      draw(Math.min(s[0], s[2]) - m, Math.min(s[1], s[3]) - m, Math.max(s[0], s[2]) + m, Math.max(s[1], s[3]) + m,
        (py, px) => Math.exp(-0.5 * (segmentDistance(py, px, s) / pen) ** 2));
    }
    for (let j = 0; j < row.length; j++) {
      const v = ink * row[j] + 0.5 * (rand() - 0.5);
      row[j] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
    y[i * 10 + c] = 1;
    labels[i] = c;
  }
}
