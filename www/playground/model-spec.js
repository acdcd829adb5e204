// Turns the playground's settings and the loaded data into the engine's model, compile and
// fit options. The worker builds the model from this, and the code export writes the same
// network as Keras and PyTorch, so the three never disagree.

/** The output layer and loss that follow the problem type, unless the settings override them. */
export function outputFor(task, classes, settings) {
  const auto = {
    binary: { units: 1, activation: 'sigmoid', loss: 'binary_crossentropy' },
    multiclass: { units: classes, activation: 'softmax', loss: 'categorical_crossentropy' },
    regression: { units: 1, activation: 'linear', loss: 'mean_squared_error' },
  }[task];
  return {
    units: auto.units,
    activation: settings.outputActivation === 'auto' ? auto.activation : settings.outputActivation,
    loss: settings.loss === 'auto' ? auto.loss : settings.loss,
  };
}

/**
 * `data`: `{ inputs, task, classes }`. Returns `{ model, compile, fit }`, the arguments of
 * `new Model(model)`, `model.compile(compile)` and `model.startTraining(x, y, fit)`.
 */
export function modelSpec(settings, data) {
  const out = outputFor(data.task, data.classes, settings);
  const reg = settings.regularization;
  const rate = settings.regularizationRate;
  const layers = settings.layers.map((l) => ({
    units: l.units,
    activation: l.activation,
    ...(l.dropout > 0 ? { dropout: l.dropout } : {}),
  }));
  layers.push({ units: out.units, activation: out.activation });
  const model = {
    inputs: data.inputs,
    layers,
    seed: settings.seed,
    ...(reg === 'l1' ? { l1: rate } : {}),
    ...(reg === 'l2' ? { l2: rate } : {}),
  };
  const compile = {
    optimizer: { name: settings.optimizer, ...optimizerParams(settings) },
    loss: out.loss,
  };
  const fit = {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    shuffle: true,
    ...(settings.earlyStopping
      ? { earlyStopping: { patience: settings.patience, restoreBestWeights: true } }
      : {}),
  };
  return { model, compile, fit };
}

/** The hyperparameters that the chosen optimizer uses. */
export function optimizerParams(s) {
  const p = { learningRate: s.learningRate };
  switch (s.optimizer) {
    case 'momentum':
    case 'nesterov':
      p.momentum = s.momentum;
      break;
    case 'rmsprop':
      p.rho = s.rho;
      break;
    case 'adam':
      p.beta_1 = s.beta1;
      p.beta_2 = s.beta2;
      break;
    case 'adamw':
      p.beta_1 = s.beta1;
      p.beta_2 = s.beta2;
      p.weightDecay = s.weightDecay;
      break;
    default:
  }
  return p;
}

/** Which optimizer hyperparameters a control panel shows, besides the learning rate. */
export const OPTIMIZER_FIELDS = {
  sgd: [],
  momentum: ['momentum'],
  nesterov: ['momentum'],
  rmsprop: ['rho'],
  adagrad: [],
  adam: ['beta1', 'beta2'],
  adamw: ['beta1', 'beta2', 'weightDecay'],
};
