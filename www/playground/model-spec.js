// Turns the playground's settings and the loaded data into the engine's model, compile and
// fit options. The worker builds the model from this, and the code export writes the same
// network as Keras and PyTorch, so the three never disagree. Names and defaults come from
// the engine's catalog (`catalog()`); nothing here restates them.

/** The catalog's entry for a data set, optimizer or task, by name. */
export function entry(list, name) {
  return list.find((e) => e.name === name);
}

/** Whether `dataset` names one of the engine's 2-D generators. */
export function isToy(catalog, dataset) {
  return entry(catalog.datasets, dataset)?.kind === 'toy';
}

/** The output layer and loss that follow the problem type, unless the settings override them. */
export function outputFor(catalog, task, classes, settings) {
  const auto = entry(catalog.tasks, task);
  return {
    units: task === 'multiclass' ? classes : 1,
    activation: settings.outputActivation === 'auto' ? auto.outputActivation : settings.outputActivation,
    loss: settings.loss === 'auto' ? auto.loss : settings.loss,
  };
}

/** The settings' value of an optimizer hyperparameter, or the engine's default for it. */
export function hyperparameter(catalog, settings, key) {
  const own = settings[key];
  return own ?? entry(catalog.optimizers, settings.optimizer)?.defaults[key];
}

/** The hyperparameters the chosen optimizer uses, as `compile`'s optimizer object takes them. */
export function optimizerParams(catalog, settings) {
  const p = { name: settings.optimizer, learningRate: settings.learningRate };
  for (const key of entry(catalog.optimizers, settings.optimizer)?.hyperparameters ?? []) {
    if (key !== 'learningRate' && settings[key] != null) p[key] = settings[key];
  }
  return p;
}

/**
 * `data`: `{ inputs, task, classes }`. Returns `{ model, compile, fit }`, the arguments of
 * `new Model(model)`, `model.compile(compile)` and `model.startTrainingData(data, fit)`.
 */
export function modelSpec(catalog, settings, data) {
  const out = outputFor(catalog, data.task, data.classes, settings);
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
  const compile = { optimizer: optimizerParams(catalog, settings), loss: out.loss };
  const fit = {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    ...(settings.earlyStopping
      ? { earlyStopping: { patience: settings.patience, restoreBestWeights: true } }
      : {}),
  };
  return { model, compile, fit };
}

/** The data configuration (`DataTable.configure`) the settings ask for. */
export function dataConfig(settings) {
  return {
    split: { test: settings.testRatio / 100, validation: settings.valRatio / 100, seed: settings.seed },
    ...(settings.scaling != null ? { scaling: settings.scaling } : {}),
    ...(settings.missing != null ? { missing: settings.missing } : {}),
  };
}
