// What the page draws of the model, computed by the engine in the worker: the weights for
// the network diagram, the model's output over a grid of two chosen features (the decision
// boundary) and, for the 2-D sets, each hidden neuron's output over the same plane
// (`layerOutputs`). Nothing here computes a layer: the engine does.

/** Resolution of the small per-neuron heatmaps. */
const NEURON_RES = 24;
/** The most test rows shown in the predicted-against-actual plot. */
const SCATTER_ROWS = 1000;

/**
 * Returns `{ message, transfer }`: `message` holds `weights` ([{ kernel, bias, pruned }]
 * per layer; `pruned`: 1 per pruned link, or null),
 * `boundary` ({ res, outputs, values, xDomain, yDomain, features }), `neurons`
 * ([[Float32Array of NEURON_RES²] per unit] per hidden layer, 2-D sets only), `digits`
 * (predicted classes of the sample images) and `regression` (test targets and predictions).
 */
export function snapshot(model, data, view) {
  const transfer = [];
  const layers = model.summary();
  const anyPruned = model.sparsity.pruned > 0;
  const weights = layers.map((_, i) => {
    const kernel = model.kernel(i);
    const bias = model.bias(i);
    // 1 for each pruned link (the diagram leaves it out), from the engine's mask.
    const pruned = anyPruned ? new Uint8Array(kernel.length) : null;
    if (pruned) for (const k of model.prunedLinks(i)) pruned[k] = 1;
    transfer.push(kernel.buffer, bias.buffer, ...(pruned ? [pruned.buffer] : []));
    return { kernel, bias, pruned };
  });

  // Image data shows its test images instead of the output over two features (whose grid
  // would cost thousands of predictions a snapshot), and token ids have no plane to draw
  // over (an id between two others means nothing): no boundary then.
  if (data.info.isImage || data.info.tokenIds) {
    const digits = data.info.isImage ? predictedClasses(model, data, data.info.images.truth.length) : null;
    return { message: { weights, boundary: null, neurons: null, neuronRes: NEURON_RES, regression: null, digits }, transfer };
  }
  const grid = data.grid(view.features, view.resolution);
  // One neuron chosen in the diagram: its output over the plane instead of the model's.
  const neuron = view.neuron && view.neuron.layer < layers.length && view.neuron.unit < layers[view.neuron.layer].units ? view.neuron : null;
  const values = neuron ? unitOutput(model, grid, neuron, layers[neuron.layer].units)
    : grid.raw ? model.predictRaw(grid.raw) : model.predict(grid.inputs);
  transfer.push(values.buffer);
  const boundary = {
    res: view.resolution,
    outputs: neuron ? 1 : model.outputs,
    values,
    xDomain: grid.xDomain,
    yDomain: grid.yDomain,
    features: view.features,
    neuron,
  };

  const neurons = data.isToy ? neuronMaps(model, data.grid(view.features, NEURON_RES).raw, layers) : null;
  for (const layer of neurons ?? []) for (const unit of layer) transfer.push(unit.buffer);
  let regression = null;
  if (data.task === 'regression') {
    regression = predictedVsActual(model, data);
    transfer.push(regression.actual.buffer, regression.predicted.buffer);
  }
  return { message: { weights, boundary, neurons, neuronRes: NEURON_RES, regression, digits: null }, transfer };
}

/**
 * Each hidden unit's output over the grid, from the engine's `layerOutputsRaw`: one
 * `NEURON_RES²` array per unit, per hidden layer.
 */
function neuronMaps(model, raw, layers) {
  const outputs = model.layerOutputsRaw(raw);
  const rows = NEURON_RES * NEURON_RES;
  return layers.slice(0, -1).map(({ units }, l) => {
    const out = outputs[l];
    return Array.from({ length: units }, (_, u) => Float32Array.from({ length: rows }, (__, r) => out[r * units + u]));
  });
}

/** One unit's output (`{ layer, unit }`, of a layer with `units`) at every grid point, from the engine. */
function unitOutput(model, grid, { layer, unit }, units) {
  const out = (grid.raw ? model.layerOutputsRaw(grid.raw) : model.layerOutputs(grid.inputs))[layer];
  return Float32Array.from({ length: out.length / units }, (_, r) => out[r * units + unit]);
}

/** The predicted class of the first `n` test rows (the most probable output). */
function predictedClasses(model, data, n) {
  const p = model.predictData(data.prepared, 'test', n);
  const k = model.outputs;
  return Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let j = 1; j < k; j += 1) if (p[i * k + j] > p[i * k + best]) best = j;
    return best;
  });
}

/** Test targets and predictions (first output), sorted by target. */
function predictedVsActual(model, data) {
  const { test } = data;
  const rows = Math.min(test.rows, SCATTER_ROWS);
  const predicted = model.predictData(data.prepared, 'test', rows);
  const outputs = predicted.length / rows;
  const order = Array.from({ length: rows }, (_, i) => i).sort((a, b) => test.y[a] - test.y[b]);
  return {
    actual: Float32Array.from(order, (i) => test.y[i]),
    predicted: Float32Array.from(order, (i) => predicted[i * outputs]),
  };
}
