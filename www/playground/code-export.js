// "Show code": the current data handling, network and training settings written as the
// Keras script and the PyTorch script a person would write by hand. The network comes from
// model-spec.js, the same description the worker builds; defaults and data-set facts come
// from the engine's catalog. The tables here translate nnplay's names into the other
// libraries' own.
import { entry, hyperparameter, modelSpec } from './model-spec.js';
import { torchOptimizerLines } from './code-torch-optimizer.js';
import { WEIGHTS_IMPORTS, indent, kerasFromWeights, torchFromWeights, torchSquash, weightsHeader } from './code-weights.js';
import { isShaped, kerasShapedLines, resolve, sequenceText, tokenLines, torchShapedModules } from './code-shaped.js';

const KERAS_OPTIMIZER = { sgd: 'SGD', momentum: 'SGD', nesterov: 'SGD', rmsprop: 'RMSprop', adagrad: 'Adagrad', adam: 'Adam', adamw: 'AdamW' };
/** A convolution's activation as a PyTorch module (none for linear). */
const torchActivation = (name, alpha) => (name === 'leaky_relu' && alpha != null ? `nn.LeakyReLU(${alpha})`
  : name === 'elu' && alpha != null ? `nn.ELU(${alpha})` : TORCH_ACTIVATION[name] ?? null);
const TORCH_ACTIVATION = { relu: 'nn.ReLU()', tanh: 'nn.Tanh()', sigmoid: 'nn.Sigmoid()', leaky_relu: 'nn.LeakyReLU(0.2)', elu: 'nn.ELU()', softmax: 'nn.Softmax(dim=1)' };
const NUMPY_TRANSFORM = {
  x1: 'x1', x2: 'x2', 'x1^2': 'x1 ** 2', 'x2^2': 'x2 ** 2', 'x1*x2': 'x1 * x2', 'sin(x1)': 'np.sin(x1)', 'sin(x2)': 'np.sin(x2)',
};

const py = (s) => JSON.stringify(String(s)); // a JSON string is a valid Python string literal
const num = (v) => String(Number(v.toPrecision(6)));

/**
 * How the data is read: `{ file, label, drop, categorical, numeric, text, texts }` for a
 * CSV (the label column, columns left out, one-hot and numeric columns, the text column when
 * it is the only feature, every text column), from the schema the page shows. Built-in sets are files of www/datasets/, whose label is the last column.
 */
function csvPlan(s, info) {
  const file = s.dataset === 'csv' ? (info.fileName ?? 'data.csv') : info.file;
  const columns = info.schema?.columns ?? [];
  const features = columns.filter((c) => c.role === 'feature');
  const text = features.filter((c) => c.type === 'text').map((c) => c.name);
  return {
    file,
    // The schema gives the label as a column index; the script names it.
    label: columns.find((c) => c.role === 'label')?.name ?? (typeof info.schema?.label === 'string' ? info.schema.label : null),
    drop: columns.filter((c) => c.role === 'ignored').map((c) => c.name),
    categorical: features.filter((c) => c.type === 'categorical').map((c) => c.name),
    numeric: features.filter((c) => c.type === 'numeric').map((c) => c.name),
    text: text.length === 1 && features.length === 1 ? text[0] : null,
    texts: text,
    mixedText: text.length > 0 && !(text.length === 1 && features.length === 1),
    encodeLabel: info.task !== 'regression' && (info.labelNames ?? []).some((n) => !/^-?\d+$/.test(n)),
  };
}

/** The lines that load the data into `X` and `y`, shared by both scripts. */
function dataLines(s, info) {
  if (info.sklearnLoader) return [`X, y = ${info.sklearnLoader}(return_X_y=True)`];
  if (info.isToy) {
    const cols = s.transforms.map((t) => NUMPY_TRANSFORM[t]);
    return [`# ${s.dataset}.csv: the playground's points (Download data), columns x1, x2, label`,
      `data = pd.read_csv(${py(`${s.dataset}.csv`)})`,
      'x1, x2 = data["x1"].values, data["x2"].values',
      `X = np.column_stack([${cols.join(', ')}])`,
      'y = data["label"].values'];
  }
  const plan = csvPlan(s, info);
  const lines = [`data = pd.read_csv(${py(plan.file)})`];
  if (plan.mixedText) {
    lines.push(`X = data.drop(columns=[${[plan.label, ...plan.drop].map(py).join(', ')}])`);
    lines.push(`X[[${plan.texts.map(py).join(', ')}]] = X[[${plan.texts.map(py).join(', ')}]].fillna("")`);
  } else if (plan.text) {
    lines.push(`X = data[${py(plan.text)}].values`);
  } else if (plan.label && (plan.drop.length || plan.categorical.length || s.dataset === 'csv')) {
    lines.push(`X = data.drop(columns=[${[plan.label, ...plan.drop].map(py).join(', ')}])`);
    if (plan.categorical.length) lines.push(`X = pd.get_dummies(X, columns=[${plan.categorical.map(py).join(', ')}], dtype=float)`);
    lines.push('X = X.values');
  } else {
    lines.push('X = data.iloc[:, :-1].values');
  }
  lines.push(plan.label && (plan.text || plan.mixedText) ? `y = data[${py(plan.label)}].values` : plan.label && s.dataset === 'csv' ? `y = data[${py(plan.label)}].values` : 'y = data.iloc[:, -1].values');
  if (plan.encodeLabel) lines.push('y = LabelEncoder().fit_transform(y)');
  return lines;
}

/** Standard library order: the standard library, numpy, pandas, scikit-learn, then the framework's `tail`. */
function imports(s, info, tail, standard = []) {
  const words = sequenceText(info) ? ['import re', 'from collections import Counter'] : [];
  const lines = [...[...WEIGHTS_IMPORTS, ...standard, ...words].sort((a, b) => a.split(' ')[1].localeCompare(b.split(' ')[1])), ''];
  lines.push('import numpy as np');
  if (!info.sklearnLoader) lines.push('import pandas as pd');
  if (info.sklearnLoader) lines.push(`from sklearn.datasets import ${info.sklearnLoader}`);
  const plan = !info.sklearnLoader && !info.isToy ? csvPlan(s, info) : null;
  if (plan?.mixedText) lines.push('from sklearn.compose import ColumnTransformer');
  if ((plan?.text && !sequenceText(info)) || plan?.mixedText) lines.push(`from sklearn.feature_extraction.text import ${vectorizer(info).split('(')[0]}`);
  lines.push('from sklearn.model_selection import train_test_split');
  const scaled = scalerLines(s, info, false).length > 0 || (plan?.mixedText && plan.numeric.length > 0);
  const pre = [plan?.encodeLabel ? 'LabelEncoder' : null, scaled && info.scaling === 'minmax' ? 'MinMaxScaler' : null,
    plan?.mixedText && plan.categorical.length ? 'OneHotEncoder' : null,
    scaled && info.scaling === 'zscore' ? 'StandardScaler' : null].filter(Boolean);
  if (pre.length) lines.push(`from sklearn.preprocessing import ${pre.join(', ')}`);
  return [...lines, ...tail];
}

function splitLines(s, info) {
  const strat = info.task !== 'regression' ? ', stratify=y' : '';
  const lines = [`X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=${s.testRatio / 100}, random_state=${s.seed}${strat})`];
  const val = s.valRatio > 0;
  if (val) {
    const share = num(s.valRatio / (100 - s.testRatio));
    const vstrat = info.task !== 'regression' ? ', stratify=y_train' : '';
    lines.push(`X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=${share}, random_state=${s.seed}${vstrat})`);
  }
  if (!info.sklearnLoader && !info.isToy && csvPlan(s, info).text && sequenceText(info)) {
    lines.push(...tokenLines(info, val));
  } else if (!info.sklearnLoader && !info.isToy && csvPlan(s, info).text) {
    // The vocabulary: the most frequent words of the training rows, lowercased, split on
    // anything that is not a letter.
    lines.push('', `vectorizer = ${vectorizer(info)}`,
      'X_train = vectorizer.fit_transform(X_train).toarray()',
      ...(val ? ['X_val = vectorizer.transform(X_val).toarray()'] : []),
      'X_test = vectorizer.transform(X_test).toarray()');
  }
  if (!info.sklearnLoader && !info.isToy && csvPlan(s, info).mixedText) {
    lines.push(...columnLines(s, info, val));
  } else {
    lines.push(...scalerLines(s, info, val));
  }
  return lines;
}

/**
 * The text encoding the engine uses (`info.schema.text`): a bag of the most frequent words
 * of the training rows, or hashed words, lowercased and split on anything not a letter.
 */
function vectorizer(info) {
  const t = info.schema?.text ?? { method: 'bag', size: 1000, presence: false };
  const binary = t.presence ? ', binary=True' : '';
  const tokens = 'lowercase=True, token_pattern=r"[^\\W\\d_]+"';
  return t.method === 'hash'
    ? `HashingVectorizer(${tokens}, n_features=${t.size}, alternate_sign=False, norm=None${binary})`
    : `CountVectorizer(${tokens}, max_features=${t.size}${binary})`;
}

/**
 * Text beside other columns: one transformer, fitted on the training rows, that scales the
 * numbers, one-hot encodes the categories and counts each text column's words.
 */
function columnLines(s, info, val) {
  const plan = csvPlan(s, info);
  const scaler = { zscore: 'StandardScaler()', minmax: 'MinMaxScaler()' }[info.scaling] ?? '"passthrough"';
  const parts = [];
  if (plan.numeric.length) parts.push(`    ("numbers", ${scaler}, [${plan.numeric.map(py).join(', ')}]),`);
  if (plan.categorical.length) parts.push(`    ("categories", OneHotEncoder(handle_unknown="ignore"), [${plan.categorical.map(py).join(', ')}]),`);
  for (const t of plan.texts) parts.push(`    (${py(`words of ${t}`)}, ${vectorizer(info)}, ${py(t)}),`);
  const apply = (name, fit) => `${name} = features.${fit ? 'fit_transform' : 'transform'}(${name})`;
  return ['', '# As the playground: numbers scaled, categories one-hot, the words of each text column counted.',
    'features = ColumnTransformer([', ...parts, '], sparse_threshold=0)',
    apply('X_train', true), ...(val ? [apply('X_val', false)] : []), apply('X_test', false)];
}

/**
 * The scaler, as the engine applies it: to the numeric columns only (one-hot and word
 * inputs keep their 0/1 and counts). After get_dummies the numeric columns come first.
 */
function scalerLines(s, info, val) {
  if (info.scaling === 'none') return [];
  const plan = !info.sklearnLoader && !info.isToy ? csvPlan(s, info) : null;
  const numeric = plan && plan.label ? plan.numeric.length : null;
  if (numeric === 0 || plan?.text || plan?.mixedText) return [];
  const cols = plan?.categorical.length ? `[:, :${numeric}]` : '';
  const part = (name, fit) => `${name}${cols} = scaler.${fit ? 'fit_transform' : 'transform'}(${name}${cols})`;
  return ['', ...(cols ? [`# The ${numeric} numeric columns come first; the one-hot columns stay 0/1.`] : []),
    `scaler = ${info.scaling === 'zscore' ? 'StandardScaler' : 'MinMaxScaler'}()`,
    part('X_train', true), ...(val ? [part('X_val', false)] : []), part('X_test', false)];
}

/**
 * A script's opening: imports, the weights file, the seed, the data read and split, each
 * followed by a blank line.
 */
function preamble(s, info, frameworkImports, seedLine, standard) {
  return [...imports(s, info, frameworkImports, standard), '', ...weightsHeader(s), seedLine, '', ...dataLines(s, info), '', ...splitLines(s, info), ''];
}

/** The types of the feature columns of a CSV (for the weights part's encoders). */
function columnTypes(s, info) {
  if (info.sklearnLoader || info.isToy) return [];
  const plan = csvPlan(s, info);
  return [plan.numeric.length ? 'numeric' : null, plan.categorical.length ? 'categorical' : null, plan.texts.length ? 'text' : null].filter(Boolean);
}

/**
 * The network's input width: the page's count, except after a vocabulary, which the script
 * learns from its own training rows (its split differs from the page's): then `inputs`,
 * set by `inputLines`.
 */
function inputWidth(s, info) {
  const plan = !info.sklearnLoader && !info.isToy ? csvPlan(s, info) : null;
  return plan?.text || plan?.mixedText ? 'inputs' : info.inputs;
}

/** The line that sets `inputs` when the width is not known in advance. */
function inputLines(s, info) {
  if (inputWidth(s, info) !== 'inputs') return [];
  return ['# The number of inputs: the page\'s with its weights file, else the vocabulary\'s learned above.',
    'inputs = json.loads(WEIGHTS.read_text())["model"]["inputs"] if WEIGHTS.exists() else X_train.shape[1]'];
}

/** Python lines as list items, each followed by its comma (before any comment). */
const items = (lines) => lines.map((l) => {
  const [code, comment] = l.split('  # ');
  return `    ${code},${comment ? `  # ${comment}` : ''}`;
});

/**
 * The Keras script for the current settings; `info`: the loaded data's description;
 * `spec`: the model, compile and fit options (the settings' by default; a model
 * configuration with shaped layers writes them too).
 */
export function kerasScript(catalog, s, info, spec = modelSpec(catalog, s, info)) {
  const shaped = isShaped(spec.model);
  const layers = shaped ? resolve(spec.model).dense : spec.model.layers;
  const reg = s.regularization !== 'none' ? `, kernel_regularizer=keras.regularizers.${s.regularization}(${num(s.regularizationRate)})` : '';
  const layerLines = shaped ? items(kerasShapedLines(spec.model)) : [`    keras.Input(shape=(${inputWidth(s, info)},)),`];
  for (const l of layers) {
    layerLines.push(`    keras.layers.Dense(${l.units}, activation=${py(l.activation)}${reg}),`);
    if (l.dropout) layerLines.push(`    keras.layers.Dropout(${l.dropout}),`);
  }
  const { loss, metrics } = kerasLoss(spec, info, layers.at(-1).activation === 'linear');
  const fitArgs = [`epochs=${s.epochs}`, `batch_size=${s.batchSize}`];
  if (s.valRatio > 0) fitArgs.push('validation_data=(X_val, y_val)');
  const callbacks = [];
  if (s.earlyStopping) {
    const monitor = s.valRatio > 0 ? '' : 'monitor="loss", ';
    callbacks.push(`keras.callbacks.EarlyStopping(${monitor}patience=${s.patience}, restore_best_weights=True)`);
    fitArgs.push('callbacks=[early_stopping]');
  }
  const logits = layers.at(-1).activation === 'linear' && spec.compile.loss.endsWith('crossentropy');
  return [
    ...preamble(s, info, ['import keras'], `keras.utils.set_random_seed(${s.seed})`),
    ...(shaped ? [] : inputLines(s, info)),
    'model = keras.Sequential([',
    ...layerLines,
    '])',
    `model.compile(optimizer=${kerasOptimizer(catalog, s)}, loss=${loss}${metrics})`,
    'if not WEIGHTS.exists():',
    ...indent([
      ...(callbacks.length ? [`early_stopping = ${callbacks[0]}`] : []),
      `model.fit(X_train, y_train, ${fitArgs.join(', ')})`,
      'print(model.evaluate(X_test, y_test))',
    ]),
    'else:',
    ...indent(kerasFromWeights(s, info, columnTypes(s, info), logits && (info.task === 'binary' ? 'sigmoid' : 'softmax'), shaped)),
    '',
  ].join('\n');
}

/**
 * Keras's loss and metrics for the model: integer class labels take the sparse categorical
 * cross-entropy; a linear last layer trained with a cross-entropy gives logits, which Keras
 * must be told of (`from_logits=True`, and a binary accuracy thresholded at logit 0).
 */
function kerasLoss(spec, info, linear) {
  const name = info.task === 'multiclass' && spec.compile.loss === 'categorical_crossentropy' ? 'sparse_categorical_crossentropy' : spec.compile.loss;
  const logits = linear && name.endsWith('crossentropy');
  if (info.task === 'regression') return { loss: py(name), metrics: '' };
  if (!logits) return { loss: py(name), metrics: ', metrics=["accuracy"]' };
  if (name === 'binary_crossentropy') {
    return { loss: 'keras.losses.BinaryCrossentropy(from_logits=True)', metrics: ', metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)]' };
  }
  return { loss: 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)', metrics: ', metrics=["accuracy"]' };
}

/** Keras's argument names of nnplay's hyperparameters (their defaults are the same). */
const KERAS_ARGUMENT = { learningRate: 'learning_rate', momentum: 'momentum', rho: 'rho', beta1: 'beta_1', beta2: 'beta_2', epsilon: 'epsilon', weightDecay: 'weight_decay', initialAccumulatorValue: 'initial_accumulator_value' };

function kerasOptimizer(catalog, s) {
  const o = entry(catalog.optimizers, s.optimizer);
  const args = [];
  for (const key of o.hyperparameters) {
    const v = key === 'learningRate' ? s.learningRate : hyperparameter(catalog, s, key);
    // Keras's SGD has no momentum unless given: the momentum rules always name theirs.
    if (v !== o.defaults[key] || (key === 'momentum' && o.defaults.momentum > 0)) args.push(`${KERAS_ARGUMENT[key]}=${num(v)}`);
  }
  if (o.defaults.nesterov) args.push('nesterov=True');
  if (args.length === 0) return py(KERAS_OPTIMIZER[s.optimizer].toLowerCase());
  return `keras.optimizers.${KERAS_OPTIMIZER[s.optimizer]}(${args.join(', ')})`;
}

/** The PyTorch script for the current settings (`spec` as for `kerasScript`). */
export function pytorchScript(catalog, s, info, spec = modelSpec(catalog, s, info)) {
  const shaped = isShaped(spec.model) ? torchShapedModules(spec.model, torchActivation) : null;
  const layers = shaped ? resolve(spec.model).dense : spec.model.layers;
  const modules = shaped ? items(shaped.modules) : [];
  let width = shaped ? shaped.inputs : inputWidth(s, info);
  layers.forEach((l, i) => {
    modules.push(`    nn.Linear(${width}, ${l.units}),`);
    const last = i === layers.length - 1;
    // The last layer's sigmoid/softmax lives inside the loss (BCEWithLogitsLoss, CrossEntropyLoss).
    const fused = last && ((l.activation === 'sigmoid' && spec.compile.loss === 'binary_crossentropy')
      || (l.activation === 'softmax' && spec.compile.loss === 'categorical_crossentropy'));
    if (!fused && TORCH_ACTIVATION[l.activation]) modules.push(`    ${TORCH_ACTIVATION[l.activation]},`);
    if (l.dropout) modules.push(`    nn.Dropout(${l.dropout}),`);
    width = l.units;
  });
  const loss = {
    binary_crossentropy: 'nn.BCEWithLogitsLoss()', categorical_crossentropy: 'nn.CrossEntropyLoss()',
    mean_squared_error: 'nn.MSELoss()', mean_absolute_error: 'nn.L1Loss()', huber: 'nn.HuberLoss()',
  }[spec.compile.loss];
  const yType = info.task === 'multiclass' ? 'torch.long' : 'torch.float32';
  const yShape = info.task === 'multiclass' ? '' : '.reshape(-1, 1)';
  // The network's raw output is a logit when the squashing lives in the loss or the last
  // layer is linear; otherwise it is already a probability.
  const logits = layers.at(-1).activation === 'linear' || spec.compile.loss === 'binary_crossentropy';
  const evalLines = info.task === 'regression'
    ? ['    print("test MSE", nn.functional.mse_loss(out, yt).item())']
    : info.task === 'binary'
      ? [`    print("test accuracy", ((out > ${logits ? 0 : 0.5}).float() == yt).float().mean().item())`]
      : ['    print("test accuracy", (out.argmax(dim=1) == yt).float().mean().item())'];
  const reg = s.regularization !== 'none'
    ? [`loss = loss + ${num(s.regularizationRate)} * sum(${s.regularization === 'l2' ? 'w.pow(2).sum()' : 'w.abs().sum()'} for n, w in model.named_parameters() if n.endswith("weight"))`]
    : [];
  const ids = spec.model.layers[0]?.type === 'embedding';
  const tensors = { yType, yShape, reg, xType: ids ? 'torch.long' : 'torch.float32' };
  const weighted = shaped ? '(nn.Linear, nn.Conv1d, nn.Conv2d)' : 'nn.Linear';
  return [
    ...preamble(s, info, ['import torch', 'from torch import nn'], `torch.manual_seed(${s.seed})`, s.earlyStopping ? ['import copy'] : []),
    ...(shaped ? ['', ...shaped.classes] : inputLines(s, info)),
    'model = nn.Sequential(',
    ...modules,
    ')',
    'for m in model:',
    `    if isinstance(m, ${weighted}):  # Glorot-uniform weights and zero biases, as Keras starts`,
    '        nn.init.xavier_uniform_(m.weight)',
    '        nn.init.zeros_(m.bias)',
    ...(ids ? ['    elif isinstance(m, nn.Embedding):  # as Keras starts an embedding', '        nn.init.uniform_(m.weight, -0.05, 0.05)'] : []),
    `loss_fn = ${loss}`,
    ...torchOptimizerLines(catalog, s),
    '',
    'if not WEIGHTS.exists():',
    ...indent(torchFromScratch(s, info, tensors, evalLines)),
    'else:',
    ...indent(torchFromWeights(s, info, columnTypes(s, info), tensors, torchSquash(spec, layers.at(-1).activation), Boolean(shaped))),
    '',
  ].join('\n');
}

/** The PyTorch script's training from scratch and test score, as Keras's `fit` and `evaluate`. */
function torchFromScratch(s, info, { yType, yShape, reg, xType }, evalLines) {
  return [
    `Xt = torch.tensor(X_train, dtype=${xType})`,
    `yt = torch.tensor(y_train, dtype=${yType})${yShape}`,
    ...(s.valRatio > 0 ? [`Xv = torch.tensor(X_val, dtype=${xType})`, `yv = torch.tensor(y_val, dtype=${yType})${yShape}`] : []),
    `loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(Xt, yt), batch_size=${s.batchSize}, shuffle=True)`,
    ...(s.earlyStopping ? ['best_loss, best_state, waited = float("inf"), None, 0'] : []),
    `for epoch in range(${s.epochs}):`,
    '    model.train()',
    '    total = 0.0',
    '    for xb, yb in loader:',
    '        optimizer.zero_grad()',
    '        loss = loss_fn(model(xb), yb)',
    ...reg.map((l) => `        ${l}`),
    '        loss.backward()',
    '        optimizer.step()',
    '        total += loss.item() * len(xb)',
    ...epochEndLines(s),
    '',
    'model.eval()',
    'with torch.no_grad():',
    `    out = model(torch.tensor(X_test, dtype=${xType}))`,
    `    yt = torch.tensor(y_test, dtype=${yType})${yShape}`,
    ...evalLines,
  ];
}

/**
 * The end of each epoch, as Keras's `fit` reports it: the mean training loss, the
 * validation loss when there is a validation part, and early stopping on the validation
 * loss (on the training loss without one) that restores the best weights.
 */
function epochEndLines(s) {
  const val = s.valRatio > 0;
  const lines = ['    loss = total / len(Xt)'];
  if (val) {
    lines.push('    model.eval()', '    with torch.no_grad():', '        val_loss = loss_fn(model(Xv), yv).item()',
      '    print(f"epoch {epoch + 1}: loss {loss:.4f}, val_loss {val_loss:.4f}")');
  } else {
    lines.push('    print(f"epoch {epoch + 1}: loss {loss:.4f}")');
  }
  if (!s.earlyStopping) return lines;
  const watched = val ? 'val_loss' : 'loss';
  return [...lines,
    `    if ${watched} < best_loss:`,
    `        best_loss, best_state, waited = ${watched}, copy.deepcopy(model.state_dict()), 0`,
    '    else:',
    '        waited += 1',
    `        if waited >= ${s.patience}:`,
    '            break',
    'model.load_state_dict(best_state)'];
}
