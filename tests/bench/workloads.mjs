// The three benchmark workloads and their seeded data. The one source of the data: the
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
 * Workload settings. `layers` are nnplay dense layers; `loss`, `optimizer`, `learningRate`,
 * `batchSize` and `epochs` (timed, after one warm-up epoch) are the issue's.
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
};

/** Parameters of a workload's network. */
export function parameterCount(w) {
  let fanIn = w.inputs;
  let total = 0;
  for (const l of w.layers) {
    total += fanIn * l.units + l.units;
    fanIn = l.units;
  }
  return total;
}

/**
 * The workload's data: `x` (rows × inputs), `y` in the engine-neutral form (W1: targets ±1,
 * W2: 0/1, W3: one-hot rows × 10) and `labels` (class index per row; W1/W2: the target).
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
