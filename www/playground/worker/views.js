// What the page draws of the model, computed in the worker: the weights for the network
// diagram, the model's output over a grid of two chosen features (the decision boundary)
// and, for the 2-D toy sets, each hidden neuron's output over the same plane.

/** Resolution of the small per-neuron heatmaps. */
const NEURON_RES = 24;

/**
 * Returns `{ message, transfer }`: `message` holds `weights` ([{ kernel, bias }] per layer),
 * `boundary` ({ res, outputs, values, xDomain, yDomain, features }) and `neurons`
 * ([[Float32Array of NEURON_RES²] per unit] per hidden layer, toy sets only).
 */
export function snapshot(model, data, view) {
  const transfer = [];
  const summary = model.summary();
  const weights = summary.map((_, i) => {
    const kernel = model.kernel(i);
    const bias = model.bias(i);
    transfer.push(kernel.buffer, bias.buffer);
    return { kernel, bias };
  });

  const grid = data.grid(view.features, view.resolution);
  const values = grid.raw ? model.predictRaw(grid.raw) : model.predict(grid.inputs);
  transfer.push(values.buffer);
  const boundary = {
    res: view.resolution,
    outputs: model.outputs,
    values,
    xDomain: grid.xDomain,
    yDomain: grid.yDomain,
    features: view.features,
  };

  let neurons = null;
  if (data.isToy) {
    const small = data.grid(view.features, NEURON_RES);
    neurons = hiddenOutputs(summary, weights, small.inputs, NEURON_RES * NEURON_RES);
    for (const layer of neurons) for (const unit of layer) transfer.push(unit.buffer);
  }
  let digits = null;
  if (data.info.images) {
    const n = data.info.images.truth.length;
    const p = model.predict(data.test.x.subarray(0, n * data.inputs));
    digits = Array.from({ length: n }, (_, i) => argmax(p.subarray(i * model.outputs, (i + 1) * model.outputs)));
  }
  let regression = null;
  if (data.task === 'regression') {
    regression = predictedVsActual(model, data.test, data.inputs);
    transfer.push(regression.actual.buffer, regression.predicted.buffer);
  }
  return { message: { weights, boundary, neurons, neuronRes: NEURON_RES, regression, digits }, transfer };
}

function argmax(row) {
  let best = 0;
  for (let k = 1; k < row.length; k += 1) if (row[k] > row[best]) best = k;
  return best;
}

/** The most test rows shown in the predicted-against-actual plot. */
const SCATTER_ROWS = 1000;

/** Test targets and predictions (first output), sorted by target. */
function predictedVsActual(model, test, inputs) {
  const rows = Math.min(test.rows, SCATTER_ROWS);
  const predicted = model.predict(test.x.subarray(0, rows * inputs));
  const outputs = predicted.length / rows;
  const targetCols = test.y.length / test.rows;
  const order = Array.from({ length: rows }, (_, i) => i).sort((a, b) => test.y[a * targetCols] - test.y[b * targetCols]);
  return {
    actual: Float32Array.from(order, (i) => test.y[i * targetCols]),
    predicted: Float32Array.from(order, (i) => predicted[i * outputs]),
  };
}

const ACTIVATION = {
  linear: (z) => z,
  relu: (z) => (z > 0 ? z : 0),
  leaky_relu: (z) => (z > 0 ? z : 0.2 * z),
  elu: (z) => (z > 0 ? z : Math.expm1(z)),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
};

/**
 * The output of every hidden unit for `rows` input rows: a forward pass in plain JS over the
 * weights the model reports (the engine's API returns only the final outputs). Dropout is
 * inactive at prediction time, so it plays no part here.
 */
export function hiddenOutputs(summary, weights, x, rows) {
  const layers = [];
  let input = x;
  let width = summary[0].inputs;
  for (let l = 0; l < summary.length - 1; l += 1) {
    const { units, activation } = summary[l];
    const f = ACTIVATION[activation] ?? ACTIVATION.linear;
    const { kernel, bias } = weights[l];
    const out = new Float32Array(rows * units);
    for (let r = 0; r < rows; r += 1) {
      for (let u = 0; u < units; u += 1) {
        let z = bias[u];
        for (let i = 0; i < width; i += 1) z += input[r * width + i] * kernel[i * units + u];
        out[r * units + u] = f(z);
      }
    }
    const perUnit = Array.from({ length: units }, (_, u) => {
      const a = new Float32Array(rows);
      for (let r = 0; r < rows; r += 1) a[r] = out[r * units + u];
      return a;
    });
    layers.push(perUnit);
    input = out;
    width = units;
  }
  return layers;
}
