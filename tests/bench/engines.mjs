// One training run of a workload per engine, in the browser. Every run builds a fresh
// network with nnplay's seeded initial weights (copied into the peers), trains one warm-up
// epoch untimed, then times `w.epochs` epochs and reports the final epoch's mean training
// loss, written as the workload's loss (MSE, binary or categorical cross-entropy).

import { WORKLOADS, layerShapes, random } from './workloads.mjs';
import { loadEngine, engineBuild, engineWarm } from '../../www/engine/load.js';

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.appendChild(s);
  });
}

/** nnplay's `Model` configuration of a workload. */
function modelConfig(w) {
  return { inputs: w.inputs, ...(w.inputShape ? { inputShape: w.inputShape } : {}), layers: w.layers, seed: w.seed };
}

/**
 * nnplay's initial weights for a workload, from its model file (Keras's `get_weights()`
 * order): per layer with weights `{ kernel, bias, shape, fanIn, units }`, `shape` the
 * kernel's Keras shape (`kh × kw × cin × cout` or `in × out`), `fanIn` and `units` its
 * first and last dimensions' products (a dense layer's inputs and units).
 */
async function initialWeights(w) {
  const { Model } = await loadEngine();
  const model = new Model(modelConfig(w));
  const { weights } = JSON.parse(model.toJSON());
  model.free();
  const shapes = layerShapes(w).filter((l) => l.kernel).map((l) => l.kernel);
  if (weights.length !== shapes.length) throw new Error(`${w.name}: ${weights.length} weight layers, expected ${shapes.length}`);
  return weights.map(({ kernel, bias }, i) => {
    const shape = shapes[i];
    const units = shape.at(-1);
    if (kernel.length !== shape.reduce((a, b) => a * b, 1) || bias.length !== units) {
      throw new Error(`${w.name}: layer ${i}'s weights are not ${shape.join(' × ')}`);
    }
    return { kernel: Float32Array.from(kernel), bias: Float32Array.from(bias), shape, fanIn: kernel.length / units, units };
  });
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
  const model = new Model(modelConfig(w));
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
    registerWasmConv2DBackpropFilter(tf);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} failed`);
  await tf.ready();
  return tf;
}

/**
 * TensorFlow.js 4.22's wasm backend has Conv2D and Conv2DBackpropInput but no
 * Conv2DBackpropFilter, the kernel gradient that training a conv2d needs. Its own
 * Conv3DBackpropFilterV2 computes it, on the image as a volume one deep: this registers
 * that as the wasm backend's Conv2DBackpropFilter (the work is the backend's own code).
 */
function registerWasmConv2DBackpropFilter(tf) {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs;
      const { strides, pad, dataFormat, dilations, dimRoundingMode, filterShape } = attrs;
      const [sh, sw] = Array.isArray(strides) ? strides : [strides, strides];
      const dilated = dilations !== undefined && [].concat(dilations).some((d) => d !== 1);
      if ((dataFormat && dataFormat !== 'NHWC') || dilated || dimRoundingMode || typeof pad !== 'string') {
        throw new Error('this Conv2DBackpropFilter takes NHWC, no dilation, "same" or "valid" padding');
      }
      const reshape = tf.getKernel('Reshape', 'wasm').kernelFunc;
      const conv3d = tf.getKernel('Conv3DBackpropFilterV2', 'wasm').kernelFunc;
      const x5 = reshape({ inputs: { x }, backend, attrs: { shape: [x.shape[0], 1, ...x.shape.slice(1)] } });
      const dy5 = reshape({ inputs: { x: dy }, backend, attrs: { shape: [dy.shape[0], 1, ...dy.shape.slice(1)] } });
      const dw5 = conv3d({ inputs: { x: x5, dy: dy5 }, backend, attrs: { strides: [1, sh, sw], pad, filterShape: [1, ...filterShape] } });
      const dw = reshape({ inputs: { x: dw5 }, backend, attrs: { shape: filterShape } });
      for (const t of [x5, dy5, dw5]) backend.disposeData(t.dataId);
      return dw;
    },
  });
}

const TF_LOSS = {
  mean_squared_error: 'meanSquaredError',
  binary_crossentropy: 'binaryCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
};

/** A workload's layer as a TensorFlow.js layer (the same names and defaults as Keras's). */
function tfLayer(tf, l, first) {
  const input = first ? { inputShape: first } : {};
  switch (l.type ?? 'dense') {
    case 'conv2d':
      return tf.layers.conv2d({ filters: l.filters, kernelSize: l.kernelSize, strides: l.strides ?? 1, padding: l.padding ?? 'valid', activation: l.activation ?? 'linear', ...input });
    case 'max_pool2d':
      return tf.layers.maxPooling2d({ poolSize: l.poolSize, strides: l.strides ?? l.poolSize, padding: l.padding ?? 'valid', ...input });
    case 'flatten':
      return tf.layers.flatten(input);
    default:
      return tf.layers.dense({ units: l.units, activation: l.activation, ...input });
  }
}

function tfModel(tf, w, init) {
  const model = tf.sequential();
  w.layers.forEach((l, i) => model.add(tfLayer(tf, l, i === 0 && (w.inputShape ?? [w.inputs]))));
  const withWeights = model.layers.filter((layer) => layer.getWeights().length > 0);
  withWeights.forEach((layer, i) => {
    const { kernel, bias, shape } = init[i];
    const weights = [tf.tensor(kernel, shape), tf.tensor1d(bias)];
    layer.setWeights(weights);
    tf.dispose(weights);
  });
  return model;
}

/** The workload's data as tensors: `x` rows × its input shape, `y` rows × outputs. */
function tfData(tf, w, data) {
  return [tf.tensor(data.x, [data.rows, ...(w.inputShape ?? [w.inputs])]), tf.tensor2d(data.y, [data.rows, data.outputs])];
}

const TF_LOSS_OF = {
  mean_squared_error: (tf, y, p) => tf.losses.meanSquaredError(y, p),
  binary_crossentropy: (tf, y, p) => tf.metrics.binaryCrossentropy(y, p).mean(),
  categorical_crossentropy: (tf, y, p) => tf.metrics.categoricalCrossentropy(y, p).mean(),
};

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
  const [xs, ys] = tfData(tf, w, data);
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
  const lossOf = (y, p) => TF_LOSS_OF[w.loss](tf, y, p);
  const [xs, ys] = tfData(tf, w, data);
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
        const xb = xe.slice(start, n);
        const yb = ye.slice(start, n);
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

/** A workload's shaped layer as ConvNetJS layer definitions (`same` only where it can). */
function convnetShaped(l, input, output) {
  const pair = (v) => (Array.isArray(v) ? v : [v, v]);
  const [h, wd] = input;
  if (l.type === 'conv2d') {
    const [kh, kw] = pair(l.kernelSize);
    const [sh, sw] = pair(l.strides ?? 1);
    // ConvNetJS pads every side alike: Keras's `same` is that for odd kernels at stride 1.
    const pad = l.padding === 'same' ? (kh - 1) / 2 : 0;
    if (sh !== sw || (l.padding === 'same' && (kh !== kw || kh % 2 === 0 || sh !== 1))) {
      throw new Error('ConvNetJS pads every side alike, with one stride for both axes');
    }
    return [{ type: 'conv', sx: kw, sy: kh, filters: l.filters, stride: sh, pad, activation: l.activation }];
  }
  if (l.type === 'max_pool2d') {
    const [ph, pw] = pair(l.poolSize);
    const stride = pair(l.strides ?? l.poolSize)[0];
    if (Math.floor((h - ph) / stride) + 1 !== output[0] || Math.floor((wd - pw) / stride) + 1 !== output[1]) {
      throw new Error('ConvNetJS pools without padding');
    }
    return [{ type: 'pool', sx: pw, sy: ph, stride }];
  }
  if (l.type === 'flatten') return []; // its fc layers take any volume, in this order
  throw new Error(`ConvNetJS: no ${l.type} layer here`);
}

/**
 * A Keras convolution kernel (`kh × kw × cin × cout`, row-major) into ConvNetJS's filters:
 * one `Vol(sx = kw, sy = kh, depth = cin)` per output channel, value (x, y, d) at
 * `(sx·y + x)·depth + d` (its forward pass reads input (ox, oy) = (x + fx, y + fy), a
 * correlation as Keras's). So filter f's (fy, fx, d) is the kernel's [fy][fx][d][f].
 */
export function kerasToConvnetFilters(kernel, [kh, kw, cin, cout], filters, biases, bias) {
  if (filters.length !== cout || filters[0].sx !== kw || filters[0].sy !== kh || filters[0].depth !== cin) {
    throw new Error(`ConvNetJS filters are not ${kh} × ${kw} × ${cin} × ${cout}`);
  }
  for (let f = 0; f < cout; f++) {
    const fw = filters[f].w;
    for (let fy = 0; fy < kh; fy++) {
      for (let fx = 0; fx < kw; fx++) {
        for (let d = 0; d < cin; d++) fw[(kw * fy + fx) * cin + d] = kernel[((fy * kw + fx) * cin + d) * cout + f];
      }
    }
    biases.w[f] = bias[f];
  }
}

/**
 * ConvNetJS has no sigmoid + binary cross-entropy output, so the binary workload uses its
 * 2-class softmax with the class-0 logit fixed at zero at the start: softmax([0, z]) is
 * sigmoid(z), the same network and loss at initialisation. Its regression layer passes
 * back `p - y` (half the MSE's gradient) and reports `2 (p - y)^2`, so W1 trains with twice
 * the learning rate and reports half the loss: the same updates and the same MSE as the
 * others. W4's convolutions and pooling are ConvNetJS's own `conv` and `pool` layers, their
 * kernels converted by `kerasToConvnetFilters`.
 */
async function convnetNet(w, data, init) {
  if (!globalThis.convnetjs) await loadScript('/node_modules/convnetjs/build/convnet-min.js');
  const [h, wd, c] = w.inputShape ?? [1, 1, w.inputs];
  const defs = [{ type: 'input', out_sx: wd, out_sy: h, out_depth: c }];
  const shapes = layerShapes(w);
  const dense = shapes.filter((l) => (l.layer.type ?? 'dense') === 'dense');
  for (const { layer, input, output } of shapes.filter((l) => !dense.includes(l))) defs.push(...convnetShaped(layer, input, output));
  const hidden = w.loss === 'mean_squared_error' ? dense : dense.slice(0, -1);
  for (const { layer } of hidden) defs.push({ type: 'fc', num_neurons: layer.units, activation: layer.activation });
  if (w.loss === 'mean_squared_error') defs.push({ type: 'regression', num_neurons: 1 });
  else defs.push({ type: 'softmax', num_classes: Math.max(2, data.outputs) });
  const net = new convnetjs.Net();
  net.makeLayers(defs);
  // `regression` brings its own linear fc layer; W1's output is the tanh fc before it.
  if (w.loss === 'mean_squared_error') net.layers.splice(net.layers.length - 2, 1);
  const weighted = net.layers.filter((l) => l.layer_type === 'fc' || l.layer_type === 'conv');
  if (weighted.length !== init.length) throw new Error(`ConvNetJS: ${weighted.length} layers with weights, not ${init.length}`);
  weighted.forEach((layer, i) => {
    const { kernel, bias, shape, fanIn, units } = init[i];
    if (layer.layer_type === 'conv') {
      kerasToConvnetFilters(kernel, shape, layer.filters, layer.biases, bias);
      return;
    }
    layer.filters.forEach((f, j) => {
      for (let k = 0; k < fanIn; k++) f.w[k] = units === layer.out_depth ? kernel[k * units + j] : 0;
      layer.biases.w[j] = units === layer.out_depth ? bias[j] : 0;
    });
    if (units !== layer.out_depth) {
      // Binary output as two classes: class 1 gets nnplay's unit, class 0 stays zero.
      for (let k = 0; k < fanIn; k++) layer.filters[1].w[k] = kernel[k];
      layer.biases.w[1] = bias[0];
    }
  });
  const vols = [];
  for (let i = 0; i < data.rows; i++) {
    const v = new convnetjs.Vol(wd, h, c, 0);
    v.w.set(data.x.subarray(i * w.inputs, (i + 1) * w.inputs));
    vols.push(v);
  }
  const targets = Array.from(data.labels, (t) => (w.loss === 'mean_squared_error' ? [t] : t));
  return { net, vols, targets };
}

/**
 * npm's ConvNetJS 0.3 has no Adam; W2 to W4 use Keras's Adam, written here over its
 * parameter and gradient arrays, on gradients accumulated by ConvNetJS's own backward pass
 * (summed over a batch of `n`; the step takes their mean and clears them).
 */
function convnetAdam(net, learningRate) {
  const groups = net.getParamsAndGrads();
  const m = groups.map((g) => new Float64Array(g.params.length));
  const v = groups.map((g) => new Float64Array(g.params.length));
  let t = 0;
  return (n) => {
    t += 1;
    const [b1, b2, eps] = [0.9, 0.999, 1e-7];
    const alpha = (learningRate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
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
}

async function convnet(w, data, init) {
  const { net, vols, targets } = await convnetNet(w, data, init);
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
    const adam = convnetAdam(net, w.learningRate);
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
  if (w.inputShape) return { notApplicable: 'brain.js 1.x has no convolution or pooling layers' };
  if (w.name !== 'W1') return { notApplicable: 'brain.js 1.x has one activation for every layer and no mini-batches' };
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

/**
 * Engine name → `(workload, data, init) => { seconds, loss } | { notApplicable: reason }`
 * (the engine cannot express the workload).
 */
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
 * `runs` the timed runs after the warm-up runs, `warmMs` when the engine's background
 * warm-up tail ended (`engineWarm`), `loadMs` the time `loadEngine` took (the
 * download, compile and nnplay's warm-up workout); or `{ notApplicable: reason }`. A
 * workload's `maxRuns` caps the timed runs; its `subset` trains the engines it names on its
 * first rows, their seconds scaled to the full set (`subsetRows` says so).
 */
export async function bench(engine, name, runs, makeData) {
  const builds = { 'nnplay wasm relaxed': 'relaxed', 'nnplay wasm simd': 'simd', 'nnplay wasm scalar': 'scalar' };
  const loadStart = performance.now();
  await loadEngine(builds[engine] ? { build: builds[engine] } : {});
  // The engine's download, compile and warm-up workout (loadEngine's), before any run.
  const loadMs = performance.now() - loadStart;
  // Its background tail too (as a page's first training comes after its loading), for
  // every engine: the tail must not compete with a timed run.
  await engineWarm();
  const warmMs = performance.now() - loadStart;
  const build = engineBuild();
  if (engine.startsWith('nnplay') && !engine.endsWith(build)) {
    throw new Error(`${engine} asked for, but the ${build} build loaded`);
  }
  const w = { name, ...WORKLOADS[name] };
  const full = makeData(name);
  const init = await initialWeights(w);
  // A slow engine's subset (`w.subset`): the first rows, its seconds scaled to all of them.
  const rows = w.subset?.engines.includes(engine) ? w.subset.rows : full.rows;
  const data = rows === full.rows ? full : {
    ...full,
    rows,
    x: full.x.slice(0, rows * full.inputs),
    y: full.y.slice(0, rows * full.outputs),
    labels: full.labels.slice(0, rows),
  };
  const scaled = (r) => ({ ...r, seconds: (r.seconds * full.rows) / rows, ...(rows < full.rows ? { subsetRows: rows } : {}) });
  runs = Math.min(runs, w.maxRuns ?? runs);
  let warm = 0;
  let cold = null;
  for (let n = 0; n < 25 && (n === 0 || warm < 0.5); n++) {
    const result = await ENGINES[engine](w, data, init);
    if (result.notApplicable) return result;
    cold ??= scaled(result);
    warm += result.seconds;
  }
  const results = [];
  let total = 0;
  while (results.length < runs || (total < 1 && results.length < (w.maxRuns ?? 25))) {
    const result = scaled(await ENGINES[engine](w, data, init));
    results.push(result);
    total += result.seconds;
  }
  return { cold, runs: results, loadMs, warmMs };
}

// ---------------------------------------------------------------- first step

/**
 * The same first step everywhere: on the workload's first mini-batch (its first
 * `batchSize` rows, unshuffled), each engine's loss from the shared initial weights
 * (`before`: what the weight conversions must agree on) and again after one optimizer
 * step on that batch (`after`: the gradients and the optimizer too). nnplay is the
 * page's build; TensorFlow.js's `fit` API steps with `trainOnBatch`.
 */
export async function firstStep(name, makeData) {
  await loadEngine();
  const w = { name, ...WORKLOADS[name] };
  const all = makeData(name);
  const rows = w.batchSize;
  const data = {
    ...all,
    rows,
    x: all.x.slice(0, rows * w.inputs),
    y: all.y.slice(0, rows * all.outputs),
    labels: all.labels.slice(0, rows),
  };
  const init = await initialWeights(w);
  const out = [];

  const { Model } = await loadEngine();
  const model = new Model(modelConfig(w));
  model.compile({ optimizer: w.optimizer, learningRate: w.learningRate, loss: w.loss });
  const before = model.evaluate(data.x, data.y).loss;
  model.startTraining(data.x, data.y, { epochs: 1, batchSize: rows, shuffle: false });
  model.trainBatches(1);
  out.push({ engine: `nnplay wasm ${engineBuild()}`, before, after: model.evaluate(data.x, data.y).loss });
  model.free();

  for (const backend of ['wasm', 'cpu']) {
    const tf = await tfBackend(backend);
    for (const api of ['fit', 'minimize']) {
      const m = tfModel(tf, w, init);
      const optimizer = tfOptimizer(tf, w);
      const [xs, ys] = tfData(tf, w, data);
      const lossNow = () => tf.tidy(() => TF_LOSS_OF[w.loss](tf, ys, m.predict(xs)).dataSync()[0]);
      const before = lossNow();
      if (api === 'fit') {
        m.compile({ optimizer, loss: TF_LOSS[w.loss] });
        await m.trainOnBatch(xs, ys);
      } else {
        tf.dispose(optimizer.minimize(() => TF_LOSS_OF[w.loss](tf, ys, m.apply(xs, { training: true }))));
      }
      out.push({ engine: `tfjs ${backend} ${api}`, before, after: lossNow() });
      tf.dispose([xs, ys]);
      m.dispose();
      optimizer.dispose();
    }
  }

  if (w.optimizer === 'adam' && w.loss === 'categorical_crossentropy') {
    const { net, vols, targets } = await convnetNet(w, data, init);
    const lossNow = () => vols.reduce((sum, v, i) => sum - Math.log(net.forward(v, false).w[targets[i]]), 0) / rows;
    const before = lossNow();
    vols.forEach((v, i) => {
      net.forward(v, true);
      net.backward(targets[i]);
    });
    convnetAdam(net, w.learningRate)(rows);
    out.push({ engine: 'convnetjs', before, after: lossNow() });
  }
  return out;
}
