// One training run of a workload per engine, in the browser. Every run builds a fresh
// network with nnplay's seeded initial weights (copied into the peers), trains one warm-up
// epoch untimed, then times `w.epochs` epochs and reports the final epoch's mean training
// loss, written as the workload's loss (MSE, binary or categorical cross-entropy).

import { WORKLOADS, random } from './workloads.mjs';
import { loadEngine, engineBuild } from '../../www/engine/load.js';

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.appendChild(s);
  });
}

/** nnplay's initial weights for a workload: per layer `{ kernel, bias, fanIn, units }`. */
async function initialWeights(w) {
  const { Model } = await loadEngine();
  const model = new Model({ inputs: w.inputs, layers: w.layers, seed: w.seed });
  let fanIn = w.inputs;
  const layers = w.layers.map((l, i) => {
    const out = { kernel: model.kernel(i), bias: model.bias(i), fanIn, units: l.units };
    fanIn = l.units;
    return out;
  });
  model.free();
  return layers;
}

function shuffle(order, rand) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
}

// ---------------------------------------------------------------- nnplay

async function nnplay(w, data) {
  const { Model } = await loadEngine();
  const model = new Model({ inputs: w.inputs, layers: w.layers, seed: w.seed });
  model.compile({ optimizer: w.optimizer, learningRate: w.learningRate, loss: w.loss });
  model.startTraining(data.x, data.y, {
    epochs: w.epochs + 1,
    batchSize: w.batchSize,
    shuffle: true,
  });
  model.trainEpoch();
  const start = performance.now();
  let log;
  for (let e = 0; e < w.epochs; e++) log = model.trainEpoch();
  const seconds = (performance.now() - start) / 1000;
  model.free();
  return { seconds, loss: log.loss };
}

// ---------------------------------------------------------------- TensorFlow.js

async function tfBackend(backend) {
  if (!globalThis.tf) {
    await loadScript('/node_modules/@tensorflow/tfjs/dist/tf.min.js');
    await loadScript('/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js');
    tf.wasm.setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} failed`);
  await tf.ready();
  return tf;
}

const TF_LOSS = {
  mean_squared_error: 'meanSquaredError',
  binary_crossentropy: 'binaryCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
};

function tfModel(tf, w, init) {
  const model = tf.sequential();
  w.layers.forEach((l, i) => {
    model.add(
      tf.layers.dense({
        units: l.units,
        activation: l.activation,
        ...(i === 0 ? { inputShape: [w.inputs] } : {}),
      }),
    );
  });
  model.layers.forEach((layer, i) => {
    const { kernel, bias, fanIn, units } = init[i];
    const weights = [tf.tensor2d(kernel, [fanIn, units]), tf.tensor1d(bias)];
    layer.setWeights(weights);
    tf.dispose(weights);
  });
  return model;
}

function tfOptimizer(tf, w) {
  // Keras's Adam epsilon (1e-7), as nnplay's.
  return w.optimizer === 'sgd'
    ? tf.train.sgd(w.learningRate)
    : tf.train.adam(w.learningRate, 0.9, 0.999, 1e-7);
}

async function tfFit(backend, w, data, init) {
  const tf = await tfBackend(backend);
  const model = tfModel(tf, w, init);
  model.compile({ optimizer: tfOptimizer(tf, w), loss: TF_LOSS[w.loss] });
  const xs = tf.tensor2d(data.x, [data.rows, w.inputs]);
  const ys = tf.tensor2d(data.y, [data.rows, data.outputs]);
  const args = { batchSize: w.batchSize, shuffle: true, verbose: 0, yieldEvery: 'never' };
  await model.fit(xs, ys, { ...args, epochs: 1 });
  const start = performance.now();
  const history = await model.fit(xs, ys, { ...args, epochs: w.epochs });
  const seconds = (performance.now() - start) / 1000;
  const loss = history.history.loss.at(-1);
  tf.dispose([xs, ys]);
  model.dispose();
  return { seconds, loss };
}

async function tfMinimize(backend, w, data, init) {
  const tf = await tfBackend(backend);
  const model = tfModel(tf, w, init);
  const optimizer = tfOptimizer(tf, w);
  const lossOf = {
    mean_squared_error: (y, p) => tf.losses.meanSquaredError(y, p),
    binary_crossentropy: (y, p) => tf.metrics.binaryCrossentropy(y, p).mean(),
    categorical_crossentropy: (y, p) => tf.metrics.categoricalCrossentropy(y, p).mean(),
  }[w.loss];
  const xs = tf.tensor2d(data.x, [data.rows, w.inputs]);
  const ys = tf.tensor2d(data.y, [data.rows, data.outputs]);
  const rand = random(w.seed);
  const order = Array.from({ length: data.rows }, (_, i) => i);
  const epoch = () => {
    shuffle(order, rand);
    const idx = tf.tensor1d(order, 'int32');
    const xe = tf.gather(xs, idx);
    const ye = tf.gather(ys, idx);
    const losses = [];
    for (let start = 0; start < data.rows; start += w.batchSize) {
      const n = Math.min(w.batchSize, data.rows - start);
      const loss = optimizer.minimize(() => {
        const xb = xe.slice([start, 0], [n, w.inputs]);
        const yb = ye.slice([start, 0], [n, data.outputs]);
        return lossOf(yb, model.apply(xb, { training: true }));
      }, true);
      losses.push(tf.tidy(() => loss.mul(n)));
      loss.dispose();
    }
    const total = tf.tidy(() => tf.addN(losses));
    const mean = total.dataSync()[0] / data.rows;
    tf.dispose([idx, xe, ye, total, ...losses]);
    return mean;
  };
  epoch();
  const start = performance.now();
  let loss;
  for (let e = 0; e < w.epochs; e++) loss = epoch();
  const seconds = (performance.now() - start) / 1000;
  tf.dispose([xs, ys]);
  model.dispose();
  optimizer.dispose();
  return { seconds, loss };
}

// ---------------------------------------------------------------- ConvNetJS

/**
 * ConvNetJS has no sigmoid + binary cross-entropy output, so the binary workload uses its
 * 2-class softmax with the class-0 logit fixed at zero at the start: softmax([0, z]) is
 * sigmoid(z), the same network and loss at initialisation. Its regression layer passes
 * back `p - y` (half the MSE's gradient) and reports `2 (p - y)^2`, so W1 trains with twice
 * the learning rate and reports half the loss: the same updates and the same MSE as the
 * others.
 * npm's ConvNetJS 0.3 has no Adam; W2 and W3 use Keras's Adam, written here over its
 * parameter and gradient arrays, on gradients accumulated by ConvNetJS's own backward pass.
 */
async function convnet(w, data, init) {
  if (!globalThis.convnetjs) await loadScript('/node_modules/convnetjs/build/convnet-min.js');
  const defs = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: w.inputs }];
  const hidden = w.loss === 'mean_squared_error' ? w.layers : w.layers.slice(0, -1);
  for (const l of hidden) defs.push({ type: 'fc', num_neurons: l.units, activation: l.activation });
  if (w.loss === 'mean_squared_error') defs.push({ type: 'regression', num_neurons: 1 });
  else defs.push({ type: 'softmax', num_classes: Math.max(2, data.outputs) });
  const net = new convnetjs.Net();
  net.makeLayers(defs);
  // `regression` brings its own linear fc layer; W1's output is the tanh fc before it.
  if (w.loss === 'mean_squared_error') net.layers.splice(net.layers.length - 2, 1);
  const fcs = net.layers.filter((l) => l.layer_type === 'fc');
  fcs.forEach((fc, i) => {
    const { kernel, bias, fanIn, units } = init[i];
    fc.filters.forEach((f, j) => {
      for (let k = 0; k < fanIn; k++) f.w[k] = units === fc.out_depth ? kernel[k * units + j] : 0;
      fc.biases.w[j] = units === fc.out_depth ? bias[j] : 0;
    });
    if (units !== fc.out_depth) {
      // Binary output as two classes: class 1 gets nnplay's unit, class 0 stays zero.
      for (let k = 0; k < fanIn; k++) fc.filters[1].w[k] = kernel[k];
      fc.biases.w[1] = bias[0];
    }
  });
  const vols = [];
  for (let i = 0; i < data.rows; i++) {
    const v = new convnetjs.Vol(1, 1, w.inputs, 0);
    v.w.set(data.x.subarray(i * w.inputs, (i + 1) * w.inputs));
    vols.push(v);
  }
  const targets = Array.from(data.labels, (t) => (w.loss === 'mean_squared_error' ? [t] : t));
  const rand = random(w.seed);
  const order = Array.from({ length: data.rows }, (_, i) => i);
  let epoch;
  if (w.optimizer === 'sgd') {
    const trainer = new convnetjs.Trainer(net, {
      method: 'sgd',
      learning_rate: 2 * w.learningRate,
      batch_size: w.batchSize,
      momentum: 0,
      l2_decay: 0,
    });
    epoch = () => {
      shuffle(order, rand);
      let total = 0;
      for (const i of order) total += trainer.train(vols[i], targets[i]).cost_loss;
      return total / 2 / data.rows;
    };
  } else {
    const groups = net.getParamsAndGrads();
    const m = groups.map((g) => new Float64Array(g.params.length));
    const v = groups.map((g) => new Float64Array(g.params.length));
    let t = 0;
    const adam = (n) => {
      t += 1;
      const [b1, b2, eps] = [0.9, 0.999, 1e-7];
      const alpha = (w.learningRate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      groups.forEach((g, gi) => {
        const [p, d, mg, vg] = [g.params, g.grads, m[gi], v[gi]];
        for (let j = 0; j < p.length; j++) {
          const gj = d[j] / n;
          mg[j] += (gj - mg[j]) * (1 - b1);
          vg[j] += (gj * gj - vg[j]) * (1 - b2);
          p[j] -= (alpha * mg[j]) / (Math.sqrt(vg[j]) + eps);
          d[j] = 0;
        }
      });
    };
    epoch = () => {
      shuffle(order, rand);
      let total = 0;
      let inBatch = 0;
      for (const i of order) {
        net.forward(vols[i], true);
        total += net.backward(targets[i]);
        if (++inBatch === w.batchSize) {
          adam(inBatch);
          inBatch = 0;
        }
      }
      if (inBatch > 0) adam(inBatch);
      return total / data.rows;
    };
  }
  epoch();
  const start = performance.now();
  let loss;
  for (let e = 0; e < w.epochs; e++) loss = epoch();
  return { seconds: (performance.now() - start) / 1000, loss };
}

// ---------------------------------------------------------------- brain.js

/**
 * brain.js 1.x trains one sample at a time (no mini-batches) with one activation for every
 * layer, so it can express W1 only. Its per-sample step is the gradient of `0.5 (p - y)^2`;
 * a learning rate of `2 · lr / batchSize` moves the weights as far per epoch as the others'
 * mini-batch SGD. Its reported error is the epoch's MSE.
 */
async function brainjs(w, data, init) {
  if (w.name !== 'W1') return null;
  if (!globalThis.brain) await loadScript('/node_modules/brain.js/browser.min.js');
  const net = new brain.NeuralNetwork({ hiddenLayers: [8, 8], activation: 'tanh' });
  const rows = [];
  for (let i = 0; i < data.rows; i++) {
    rows.push({ input: Array.from(data.x.subarray(2 * i, 2 * i + 2)), output: [data.y[i]] });
  }
  net.verifyIsInitialized(rows);
  init.forEach(({ kernel, bias, fanIn, units }, i) => {
    for (let j = 0; j < units; j++) {
      for (let k = 0; k < fanIn; k++) net.weights[i + 1][j][k] = kernel[k * units + j];
      net.biases[i + 1][j] = bias[j];
    }
  });
  net.updateTrainingOptions({ learningRate: (2 * w.learningRate) / w.batchSize, log: false });
  // Plain SGD: its options check refuses momentum 0, which its update handles fine.
  net.trainOpts.momentum = 0;
  // One pass of `train`'s loop: every pattern trained once, the epoch's MSE returned.
  const formatted = net.formatData(rows);
  const epoch = () => net.calculateTrainingError(formatted);
  epoch();
  const start = performance.now();
  let loss;
  for (let e = 0; e < w.epochs; e++) loss = epoch();
  return { seconds: (performance.now() - start) / 1000, loss };
}

// ---------------------------------------------------------------- registry

/** Engine name → `(workload, data, init) => { seconds, loss } | null` (null: cannot express). */
export const ENGINES = {
  'nnplay wasm relaxed': (w, d) => nnplay(w, d),
  'nnplay wasm simd': (w, d) => nnplay(w, d),
  'nnplay wasm scalar': (w, d) => nnplay(w, d),
  'tfjs wasm fit': (w, d, i) => tfFit('wasm', w, d, i),
  'tfjs wasm minimize': (w, d, i) => tfMinimize('wasm', w, d, i),
  'tfjs cpu fit': (w, d, i) => tfFit('cpu', w, d, i),
  'tfjs cpu minimize': (w, d, i) => tfMinimize('cpu', w, d, i),
  convnetjs: (w, d, i) => convnet(w, d, i),
  'brain.js': (w, d, i) => brainjs(w, d, i),
};

/**
 * Runs `engine` on workload `name` at least `runs` times in this page, and again while the
 * runs add up to less than a second (at most 25): short runs on a shared machine need
 * more samples for a steady median. Before them, untimed warm-up runs (at least one, more
 * while they add up to under half a second, at most 25), for every engine alike: the
 * browser first runs code from a quick baseline compile and swaps in optimised code
 * function by function as it gets hot, which takes longer than one warm-up epoch of a short
 * workload (W1's first timed runs were up to 20 times slower than its later ones).
 * nnplay's build is the one the engine names (one build per page; the peers' pages load
 * the best build, unused). Returns `{ cold, runs }`: `cold` is the first run on the fresh
 * page (`{ seconds, loss }`, after the one warm-up epoch every engine's run starts with),
 * `runs` the timed runs after the warm-up runs, `loadMs` the time `loadEngine` took (the
 * download, compile and nnplay's warm-up workout).
 */
export async function bench(engine, name, runs, makeData) {
  const builds = { 'nnplay wasm relaxed': 'relaxed', 'nnplay wasm simd': 'simd', 'nnplay wasm scalar': 'scalar' };
  const loadStart = performance.now();
  await loadEngine(builds[engine] ? { build: builds[engine] } : {});
  // The engine's download, compile and warm-up workout (loadEngine's), before any run.
  const loadMs = performance.now() - loadStart;
  const build = engineBuild();
  if (engine.startsWith('nnplay') && !engine.endsWith(build)) {
    throw new Error(`${engine} asked for, but the ${build} build loaded`);
  }
  const w = { name, ...WORKLOADS[name] };
  const data = makeData(name);
  const init = await initialWeights(w);
  let warm = 0;
  let cold = null;
  for (let n = 0; n < 25 && (n === 0 || warm < 0.5); n++) {
    const result = await ENGINES[engine](w, data, init);
    if (result === null) return null;
    cold ??= result;
    warm += result.seconds;
  }
  const results = [];
  let total = 0;
  while (results.length < runs || (total < 1 && results.length < 25)) {
    const result = await ENGINES[engine](w, data, init);
    if (result === null) return null;
    results.push(result);
    total += result.seconds;
  }
  return { cold, runs: results, loadMs };
}
