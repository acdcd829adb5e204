// The part of the "Show code" scripts that loads the playground's trained model (the
// `else:` branch of `if not WEIGHTS.exists():`, for Keras and for PyTorch). The weights file
// is the page's model file (Export model / Download weights, the nnplay model JSON), which
// holds the weights and the fitted preprocessing. With it beside the script, the script
// encodes and scales the rows with the stored parameters (nothing is refitted), loads the
// weights, writes the page's predictions for every row, and with `--steps N` trains on from
// them and saves a model file the page imports again.

/** The model file the page downloads and the scripts load. */
export const weightsFile = (s) => `nnplay-${s.dataset}.json`;
/** The model file a script writes after training on from the page's weights. */
export const trainedFile = (s) => `nnplay-${s.dataset}-trained.json`;
/** The file name of the script for `framework` (`keras`, `pytorch`). */
export const scriptFile = (s, framework) => `nnplay-${s.dataset}-${framework}.py`;

const py = (s) => JSON.stringify(String(s));

/** The standard-library imports the weights part needs. */
export const WEIGHTS_IMPORTS = ['import argparse', 'import json', 'from pathlib import Path'];

/** Near the top: the weights file's name, what it changes, and the `--steps` option. */
export function weightsHeader(s) {
  return [
    `# The playground's model file ("Download weights", the same file as "Export model"). When`,
    '# it is beside this script, the script takes the page\'s preprocessing and trained weights',
    '# instead of training from scratch, and writes the page\'s predictions for every row to',
    `# predictions.csv. With --steps N it first trains N steps from those weights (batches of`,
    `# ${s.batchSize} rows in file order, unshuffled) and saves them to ${trainedFile(s)},`,
    '# which the playground imports. Without the file the script trains from scratch.',
    `WEIGHTS = Path(${py(weightsFile(s))})`,
    'options = argparse.ArgumentParser()',
    'options.add_argument("--steps", type=int, default=0, help="training steps from the playground\'s weights")',
    'args, _ = options.parse_known_args()  # known ones only: the script also runs in a notebook',
    '',
  ];
}

/**
 * The rows' inputs and targets (`x`, `y`) from the stored preprocessing, indented into the
 * `else:` branch. `info`: the loaded data's description; `columnTypes`: the feature
 * columns' types, for a CSV.
 */
function playgroundData(info, columnTypes) {
  const lines = ["# The page's model file: its preprocessing, fitted on the page's training rows, and its weights.",
    'nnplay = json.loads(WEIGHTS.read_text())', 'pre = nnplay["preprocessing"]',
    '# Where the model comes from: engine, data (name, rows, SHA-256), settings, seed, epochs, test figures.',
    'if "card" in nnplay:', '    print("model card:", json.dumps(nnplay["card"]))'];
  if (info.sklearnLoader || info.isToy) {
    lines.push('x = X.astype(np.float32)');
  } else {
    lines.push('# Each feature column encoded as the page encodes it.', 'columns = []', 'for feature in pre["features"]:',
      '    [(kind, p)] = feature["encoding"].items()  # such as {"numeric": {"fill": 5.84}}', '    cells = data[feature["column"]]');
    const branches = [];
    // A CSV whose schema is not known: numbers.
    if (columnTypes.includes('numeric') || !columnTypes.length) {
      branches.push(['kind == "numeric":  # the number; a missing one is the training mean',
        '    columns.append(cells.fillna(p["fill"]).to_numpy(np.float32).reshape(-1, 1))']);
    }
    if (columnTypes.includes('categorical')) {
      branches.push(['kind == "categorical":  # a 0/1 column per category kept',
        '    cells = cells.fillna(p["fill"]).astype(str)',
        '    columns.append(np.stack([cells == c for c in p["categories"]], axis=1))']);
    }
    if (columnTypes.includes('text') && info.schema?.text?.method === 'sequence') {
      branches.push(['kind == "sequence":  # the first words as token ids (token_ids, above)',
        '    columns.append(token_ids(cells, p["vocabulary"], p["length"]))']);
    } else if (columnTypes.includes('text')) {
      branches.push(['kind == "bag":  # the count of each vocabulary word (1 if present, with "presence")',
        '    words = CountVectorizer(lowercase=True, token_pattern=r"[^\\W\\d_]+", vocabulary=p["vocabulary"], binary=feature.get("presence", False))',
        '    columns.append(words.transform(cells.fillna("").astype(str)).toarray())']);
    }
    branches.forEach(([test, ...body], i) => lines.push(`    ${i ? 'elif' : 'if'} ${test}`, ...body.map((l) => `    ${l}`)));
    lines.push('x = np.hstack(columns).astype(np.float32)');
  }
  lines.push('# Scaled with the centres and spreads the page fitted on its training rows.',
    'scaling = pre["scaler"]',
    'if scaling["kind"] != "none":',
    '    x = (x - np.array(scaling["center"], np.float32)) / np.array(scaling["spread"], np.float32)');
  const labels = info.sklearnLoader ? `${info.sklearnLoader}().target_names[y]` : 'data[pre["label"]["column"]]';
  if (info.task === 'regression') {
    lines.push(`y = np.asarray(${labels}, dtype=np.float32)`);
  } else {
    lines.push('# The classes numbered as the page numbers them.', 'classes = pre["label"]["classes"]',
      `y = np.array([classes.index(str(name)) for name in ${labels}])`);
  }
  return lines;
}

/** `np.savetxt` of the `predictions`, with a comment and a header that say what they are. */
function savePredictions(info) {
  const [what, header] = {
    regression: ["each row's predicted value", 'pre["label"]["column"]'],
    binary: ["each row's probability of the class classes[1]", 'classes[1]'],
  }[info.task] ?? ["each row's probability of each class", '",".join(classes)'];
  return [`# predictions.csv: ${what}, as the page predicts it.`,
    `np.savetxt("predictions.csv", predictions, fmt="%.9g", delimiter=",", header=${header}, comments="")`,
    'print(f"predictions for {len(x)} rows in predictions.csv")'];
}

/**
 * The `--steps` loop over the rows `x`, `y` (or the tensors named in `names`): `body`
 * trains on one batch, `xb`, `yb`.
 */
function stepLines(s, body, [xs, ys] = ['x', 'y']) {
  const b = s.batchSize;
  return [`# --steps N: N more training steps, one batch of ${b} rows after another in file order.`,
    'for step in range(args.steps):',
    `    start = step * ${b} % len(${xs})`,
    `    xb, yb = ${xs}[start:start + ${b}], ${ys}[start:start + ${b}]`,
    ...body.map((l) => `    ${l}`)];
}

/** Writing the trained weights back into the model file: `loop` pairs each entry `w` with its layer. */
function saveTrained(s, loop, body) {
  return ['if args.steps:  # the trained weights, as a model file the playground imports',
    `    ${loop}`,
    ...body.map((l) => `        ${l}`),
    `    Path(${py(trainedFile(s))}).write_text(json.dumps(nnplay))`];
}

/**
 * The Keras script's branch for the weights file; `types`: the CSV's feature column types,
 * `squash`: the function of a logit output.
 */
export function kerasFromWeights(s, info, types, squash, shaped = false) {
  const load = shaped
    ? ["# The page's weights, layer by layer, in Keras's layouts (a convolution's kernel kh × kw × inputs × filters,",
      "# an embedding's table ids × dimensions, a dense kernel inputs × units; an embedding has no bias).",
      'trained = [layer for layer in model.layers if layer.weights]',
      'for layer, w in zip(trained, nnplay["weights"]):',
      '    kernel = np.array(w["kernel"], np.float32).reshape(layer.weights[0].shape)',
      '    layer.set_weights([kernel, np.array(w["bias"], np.float32)][:len(layer.weights)])']
    : ["# The page's weights, layer by layer (a kernel is inputs × units, as Keras holds it).",
      'dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]',
      'for layer, w in zip(dense, nnplay["weights"]):',
      '    layer.set_weights([np.array(w["kernel"], np.float32).reshape(layer.kernel.shape), np.array(w["bias"], np.float32)])'];
  const save = shaped
    ? ['for w, layer in zip(nnplay["weights"], trained):', ['kernel, *bias = layer.get_weights()',
      'w["kernel"], w["bias"] = kernel.ravel().tolist(), bias[0].tolist() if bias else []']]
    : ['for w, layer in zip(nnplay["weights"], dense):', ['kernel, bias = layer.get_weights()',
      'w["kernel"], w["bias"] = kernel.ravel().tolist(), bias.tolist()']];
  return [
    ...playgroundData(info, types),
    ...load,
    ...stepLines(s, ['model.train_on_batch(xb, yb)']),
    'predictions = model.predict(x, verbose=0)',
    ...(squash ? [`predictions = keras.ops.convert_to_numpy(keras.ops.${squash}(predictions))  # the last layer gives logits`] : []),
    ...savePredictions(info),
    "print(model.evaluate(x, y, verbose=0))  # on every row, the page's training rows among them",
    ...saveTrained(s, ...save),
  ];
}

/**
 * What turns the network's raw output into nnplay's predictions: the sigmoid or softmax
 * that lives inside the loss (or after a linear output trained on logits), else nothing.
 */
export function torchSquash(spec, last) {
  const { loss } = spec.compile;
  if (loss === 'binary_crossentropy' && (last === 'sigmoid' || last === 'linear')) return (out) => `torch.sigmoid(${out})`;
  if (loss === 'categorical_crossentropy' && (last === 'softmax' || last === 'linear')) return (out) => `torch.softmax(${out}, dim=1)`;
  return (out) => out;
}

/** The PyTorch script's branch for the weights file (`yType`, `yShape`: the targets' tensor; `reg`: the penalty line). */
export function torchFromWeights(s, info, types, { yType, yShape, reg, xType }, squash, shaped = false) {
  const load = shaped ? TORCH_SHAPED_LOAD
    : ["# The page's weights, layer by layer (its kernel is inputs × units, PyTorch's weight units × inputs).",
      'linear = [m for m in model if isinstance(m, nn.Linear)]',
      'with torch.no_grad():',
      '    for m, w in zip(linear, nnplay["weights"]):',
      '        m.weight.copy_(torch.tensor(w["kernel"]).reshape(m.in_features, m.out_features).T)',
      '        m.bias.copy_(torch.tensor(w["bias"]))'];
  const save = shaped
    ? ['for w, m in zip(nnplay["weights"], trained):', ['w["kernel"], w["bias"] = to_keras(m), m.bias.detach().tolist() if w["bias"] else []']]
    : ['for w, m in zip(nnplay["weights"], linear):', ['w["kernel"], w["bias"] = m.weight.detach().T.flatten().tolist(), m.bias.detach().tolist()']];
  return [
    ...playgroundData(info, types),
    `xt, yt = torch.tensor(x${shaped ? `, dtype=${xType}` : ''}), torch.tensor(y, dtype=${yType})${yShape}`,
    ...load,
    'model.train()',
    ...stepLines(s, ['optimizer.zero_grad()', 'loss = loss_fn(model(xb), yb)', ...reg, 'loss.backward()', 'optimizer.step()'], ['xt', 'yt']),
    'model.eval()',
    'with torch.no_grad():',
    `    predictions = ${squash('model(xt)')}.numpy()`,
    ...savePredictions(info),
    ...saveTrained(s, ...save),
  ];
}

/**
 * Loading a model with shaped layers: the model file's kernels are Keras's (kh × kw ×
 * inputs × filters, ids × dimensions, inputs × units); PyTorch's weights are filters ×
 * inputs × kh × kw, the same table, units × inputs.
 */
const TORCH_SHAPED_LOAD = [
  "# The page's weights, layer by layer. Its kernels are Keras's: a convolution's kh × kw × inputs × filters",
  "# (PyTorch's filters × inputs × kh × kw), a dense one inputs × units (PyTorch's units × inputs).",
  'def from_keras(m, kernel):',
  '    k = torch.tensor(kernel)',
  '    if isinstance(m, nn.Linear):',
  '        return k.reshape(m.in_features, m.out_features).T',
  '    if isinstance(m, nn.Embedding):',
  '        return k.reshape(m.num_embeddings, m.embedding_dim)',
  '    k = k.reshape(*m.kernel_size, m.in_channels, m.out_channels)',
  '    return k.permute(k.dim() - 1, k.dim() - 2, *range(k.dim() - 2))',
  '',
  'def to_keras(m):',
  '    w = m.weight.detach()',
  '    if isinstance(m, nn.Linear):',
  '        w = w.T',
  '    elif not isinstance(m, nn.Embedding):',
  '        w = w.permute(*range(2, w.dim()), 1, 0)',
  '    return w.flatten().tolist()',
  '',
  'trained = [m for m in model if isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d, nn.Embedding))]',
  'with torch.no_grad():',
  '    for m, w in zip(trained, nnplay["weights"]):',
  '        m.weight.copy_(from_keras(m, w["kernel"]))',
  '        if w["bias"]:  # an embedding has none',
  '            m.bias.copy_(torch.tensor(w["bias"]))',
];

/** Lines indented by four spaces (a branch's body). */
export const indent = (lines) => lines.map((l) => (l ? `    ${l}` : l));
