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
 * The layers before the hidden ones and the input shape they read, or null: for image
 * data (`data.imageShape`, `[width, height]`), the settings' convolution and pooling layers
 * and a flatten; for text as token ids (`data.tokenIds`), an embedding and the mean over
 * the words.
 */
export function shapedLayers(settings, data) {
  if (data.tokenIds && settings.embedding > 0) {
    return {
      inputShape: [data.inputs],
      layers: [
        { type: 'embedding', inputDim: data.tokenIds, outputDim: settings.embedding },
        { type: 'global_average_pool1d' },
      ],
    };
  }
  if (!data.imageShape || !settings.convLayers?.length) return null;
  const [width, height] = data.imageShape;
  const layers = settings.convLayers.map((l) => (l.type === 'conv'
    ? { type: 'conv2d', filters: l.filters, kernelSize: l.kernel, padding: 'same', activation: l.activation }
    : { type: l.type === 'avgpool' ? 'average_pool2d' : 'max_pool2d', poolSize: l.size }));
  return { inputShape: [height, width, 1], layers: [...layers, { type: 'flatten' }] };
}

/**
 * `data`: `{ inputs, task, classes, imageShape, tokenIds }`. Returns `{ model, compile, fit }`,
 * the arguments of `new Model(model)`, `model.compile(compile)` and
 * `model.startTrainingData(data, fit)`.
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
  const shaped = shapedLayers(settings, data);
  const model = {
    inputs: data.inputs,
    ...(shaped ? { inputShape: shaped.inputShape } : {}),
    layers: [...(shaped?.layers ?? []), ...layers],
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

/**
 * The data configuration (`DataTable.configure`) the settings ask for. `image`: the data
 * set's `[width, height]` when it is known to be images (the catalog's), for augmentation.
 */
export function dataConfig(settings, image = null) {
  return {
    split: { test: settings.testRatio / 100, validation: settings.valRatio / 100, seed: settings.seed },
    ...(settings.scaling != null ? { scaling: settings.scaling } : {}),
    ...(settings.missing != null ? { missing: settings.missing } : {}),
    ...(settings.embedding > 0 ? { text: { method: 'sequence', length: settings.sequenceLength } } : {}),
    ...(image && settings.augment > 0
      ? { augment: { width: image[0], height: image[1], copies: settings.augment, seed: settings.seed } } : {}),
  };
}
