// "Show code": the current data handling, network and training settings written as the
// Keras script and the PyTorch script a person would write by hand. The network comes from
// model-spec.js, the same description the worker builds.
import { modelSpec } from './model-spec.js';
import { isToy } from './state.js';

const SKLEARN_LOADERS = { iris: 'load_iris', wine: 'load_wine', breast_cancer: 'load_breast_cancer', digits: 'load_digits' };
const KERAS_OPTIMIZER = { sgd: 'SGD', momentum: 'SGD', nesterov: 'SGD', rmsprop: 'RMSprop', adagrad: 'Adagrad', adam: 'Adam', adamw: 'AdamW' };
const KERAS_DEFAULT_LR = { sgd: 0.01, momentum: 0.01, nesterov: 0.01 };
const TORCH_ACTIVATION = { relu: 'nn.ReLU()', tanh: 'nn.Tanh()', sigmoid: 'nn.Sigmoid()', leaky_relu: 'nn.LeakyReLU(0.2)', elu: 'nn.ELU()', softmax: 'nn.Softmax(dim=1)' };
const NUMPY_TRANSFORM = {
  x1: 'x1', x2: 'x2', 'x1^2': 'x1 ** 2', 'x2^2': 'x2 ** 2', 'x1*x2': 'x1 * x2', 'sin(x1)': 'np.sin(x1)', 'sin(x2)': 'np.sin(x2)',
};

const py = (s) => JSON.stringify(String(s)); // a JSON string is a valid Python string literal
const num = (v) => String(Number(v.toPrecision(6)));

/**
 * How the data is read: `{ file, label, drop, categorical, text }` for a CSV (the label
 * column, columns left out, one-hot columns, the one text column), from the schema the page
 * shows. Built-in sets are files of www/datasets/, whose label is the last column.
 */
function csvPlan(s, info) {
  const file = s.dataset === 'example' ? 'data.csv' : s.dataset === 'text' ? 'sentences.csv'
    : s.dataset === 'csv' ? (info.fileName ?? 'data.csv') : null;
  const columns = info.schema?.columns ?? [];
  const features = columns.filter((c) => c.role === 'feature');
  const text = features.filter((c) => c.type === 'text').map((c) => c.name);
  return {
    file,
    label: info.schema?.label ?? null,
    drop: columns.filter((c) => c.role === 'ignored').map((c) => c.name),
    categorical: features.filter((c) => c.type === 'categorical').map((c) => c.name),
    text: text.length === 1 && features.length === 1 ? text[0] : null,
    mixedText: text.length > 0 && !(text.length === 1 && features.length === 1),
    encodeLabel: info.task !== 'regression' && (info.labelNames ?? []).some((n) => !/^-?\d+$/.test(n)),
  };
}

/** The lines that load the data into `X` and `y`, shared by both scripts. */
function dataLines(s, info) {
  if (SKLEARN_LOADERS[s.dataset]) return [`X, y = ${SKLEARN_LOADERS[s.dataset]}(return_X_y=True)`];
  if (isToy(s.dataset)) {
    const cols = s.transforms.map((t) => NUMPY_TRANSFORM[t]);
    return [`# ${s.dataset}.csv: the playground's points (Download data), columns x1, x2, label`,
      `data = pd.read_csv(${py(`${s.dataset}.csv`)})`,
      'x1, x2 = data["x1"].values, data["x2"].values',
      `X = np.column_stack([${cols.join(', ')}])`,
      'y = data["label"].values'];
  }
  const plan = csvPlan(s, info);
  const lines = [`data = pd.read_csv(${py(plan.file)})`];
  if (plan.mixedText) lines.push('# The playground counts the words of text columns (bag of words); add that here.');
  if (plan.text) {
    lines.push(`X = data[${py(plan.text)}].values`);
  } else if (plan.label && (plan.drop.length || plan.categorical.length || s.dataset === 'csv')) {
    lines.push(`X = data.drop(columns=[${[plan.label, ...plan.drop].map(py).join(', ')}])`);
    if (plan.categorical.length) lines.push(`X = pd.get_dummies(X, columns=[${plan.categorical.map(py).join(', ')}], dtype=float)`);
    lines.push('X = X.values');
  } else {
    lines.push('X = data.iloc[:, :-1].values');
  }
  lines.push(plan.label && plan.text ? `y = data[${py(plan.label)}].values` : plan.label && s.dataset === 'csv' ? `y = data[${py(plan.label)}].values` : 'y = data.iloc[:, -1].values');
  if (plan.encodeLabel) lines.push('y = LabelEncoder().fit_transform(y)');
  return lines;
}

/** Standard library order: numpy, pandas, scikit-learn, then the framework's `tail`. */
function imports(s, info, tail) {
  const lines = [];
  if (isToy(s.dataset)) lines.push('import numpy as np');
  if (!SKLEARN_LOADERS[s.dataset]) lines.push('import pandas as pd');
  if (SKLEARN_LOADERS[s.dataset]) lines.push(`from sklearn.datasets import ${SKLEARN_LOADERS[s.dataset]}`);
  if (!SKLEARN_LOADERS[s.dataset] && !isToy(s.dataset) && csvPlan(s, info).text) {
    lines.push('from sklearn.feature_extraction.text import CountVectorizer');
  }
  lines.push('from sklearn.model_selection import train_test_split');
  const encode = !SKLEARN_LOADERS[s.dataset] && !isToy(s.dataset) && csvPlan(s, info).encodeLabel;
  const pre = [encode ? 'LabelEncoder' : null, s.scaling === 'minmax' ? 'MinMaxScaler' : null, s.scaling === 'zscore' ? 'StandardScaler' : null].filter(Boolean);
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
  if (!SKLEARN_LOADERS[s.dataset] && !isToy(s.dataset) && csvPlan(s, info).text) {
    // The vocabulary: the most frequent words of the training rows, lowercased, split on
    // anything that is not a letter.
    lines.push('', 'vectorizer = CountVectorizer(lowercase=True, token_pattern=r"[^\\W\\d_]+", max_features=1000)',
      'X_train = vectorizer.fit_transform(X_train).toarray()',
      ...(val ? ['X_val = vectorizer.transform(X_val).toarray()'] : []),
      'X_test = vectorizer.transform(X_test).toarray()');
  }
  if (s.scaling !== 'none') {
    lines.push('', `scaler = ${s.scaling === 'zscore' ? 'StandardScaler' : 'MinMaxScaler'}()`,
      'X_train = scaler.fit_transform(X_train)',
      ...(val ? ['X_val = scaler.transform(X_val)'] : []),
      'X_test = scaler.transform(X_test)');
  }
  return lines;
}

/** The Keras script for the current settings; `info`: the loaded data's description. */
export function kerasScript(s, info) {
  const spec = modelSpec(s, info);
  const layers = spec.model.layers;
  const reg = s.regularization !== 'none' ? `, kernel_regularizer=keras.regularizers.${s.regularization}(${num(s.regularizationRate)})` : '';
  const layerLines = [`    keras.Input(shape=(${info.inputs},)),`];
  for (const l of layers) {
    layerLines.push(`    keras.layers.Dense(${l.units}, activation=${py(l.activation)}${reg}),`);
    if (l.dropout) layerLines.push(`    keras.layers.Dropout(${l.dropout}),`);
  }
  const loss = info.task === 'multiclass' && spec.compile.loss === 'categorical_crossentropy' ? 'sparse_categorical_crossentropy' : spec.compile.loss;
  const metrics = info.task === 'regression' ? '' : ', metrics=["accuracy"]';
  const fitArgs = [`epochs=${s.epochs}`, `batch_size=${s.batchSize}`];
  if (s.valRatio > 0) fitArgs.push('validation_data=(X_val, y_val)');
  const callbacks = [];
  if (s.earlyStopping) {
    const monitor = s.valRatio > 0 ? '' : 'monitor="loss", ';
    callbacks.push(`keras.callbacks.EarlyStopping(${monitor}patience=${s.patience}, restore_best_weights=True)`);
    fitArgs.push('callbacks=[early_stopping]');
  }
  return [
    ...imports(s, info, ['from tensorflow import keras']),
    '',
    `keras.utils.set_random_seed(${s.seed})`,
    '',
    ...dataLines(s, info),
    '',
    ...splitLines(s, info),
    '',
    'model = keras.Sequential([',
    ...layerLines,
    '])',
    `model.compile(optimizer=${kerasOptimizer(s)}, loss=${py(loss)}${metrics})`,
    ...(callbacks.length ? [`early_stopping = ${callbacks[0]}`] : []),
    `model.fit(X_train, y_train, ${fitArgs.join(', ')})`,
    'print(model.evaluate(X_test, y_test))',
    '',
  ].join('\n');
}

function kerasOptimizer(s) {
  const defaultLr = KERAS_DEFAULT_LR[s.optimizer] ?? 0.001;
  const args = [];
  if (s.learningRate !== defaultLr) args.push(`learning_rate=${num(s.learningRate)}`);
  if (s.optimizer === 'momentum' || s.optimizer === 'nesterov') args.push(`momentum=${num(s.momentum)}`);
  if (s.optimizer === 'nesterov') args.push('nesterov=True');
  if (s.optimizer === 'rmsprop' && s.rho !== 0.9) args.push(`rho=${num(s.rho)}`);
  if ((s.optimizer === 'adam' || s.optimizer === 'adamw') && s.beta1 !== 0.9) args.push(`beta_1=${num(s.beta1)}`);
  if ((s.optimizer === 'adam' || s.optimizer === 'adamw') && s.beta2 !== 0.999) args.push(`beta_2=${num(s.beta2)}`);
  if (s.optimizer === 'adamw' && s.weightDecay !== 0.004) args.push(`weight_decay=${num(s.weightDecay)}`);
  if (args.length === 0) return py(KERAS_OPTIMIZER[s.optimizer].toLowerCase());
  return `keras.optimizers.${KERAS_OPTIMIZER[s.optimizer]}(${args.join(', ')})`;
}

/** The PyTorch script for the current settings. */
export function pytorchScript(s, info) {
  const spec = modelSpec(s, info);
  const layers = spec.model.layers;
  const modules = [];
  let width = info.inputs;
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
  const evalLines = info.task === 'regression'
    ? ['    print("test MSE", nn.functional.mse_loss(out, yt).item())']
    : info.task === 'binary'
      ? ['    print("test accuracy", ((out > 0).float() == yt).float().mean().item())']
      : ['    print("test accuracy", (out.argmax(dim=1) == yt).float().mean().item())'];
  const reg = s.regularization !== 'none'
    ? [`        loss = loss + ${num(s.regularizationRate)} * sum(${s.regularization === 'l2' ? 'w.pow(2).sum()' : 'w.abs().sum()'} for n, w in model.named_parameters() if n.endswith("weight"))`]
    : [];
  return [
    ...imports(s, info, ['import torch', 'from torch import nn']),
    '',
    `torch.manual_seed(${s.seed})`,
    '',
    ...dataLines(s, info),
    '',
    ...splitLines(s, info),
    '',
    'model = nn.Sequential(',
    ...modules,
    ')',
    'for m in model:',
    '    if isinstance(m, nn.Linear):  # Glorot-uniform weights and zero biases, as Keras starts',
    '        nn.init.xavier_uniform_(m.weight)',
    '        nn.init.zeros_(m.bias)',
    `loss_fn = ${loss}`,
    `optimizer = ${torchOptimizer(s)}`,
    '',
    `Xt = torch.tensor(X_train, dtype=torch.float32)`,
    `yt = torch.tensor(y_train, dtype=${yType})${yShape}`,
    `loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(Xt, yt), batch_size=${s.batchSize}, shuffle=True)`,
    `for epoch in range(${s.epochs}):`,
    '    model.train()',
    '    for xb, yb in loader:',
    '        optimizer.zero_grad()',
    '        loss = loss_fn(model(xb), yb)',
    ...reg,
    '        loss.backward()',
    '        optimizer.step()',
    '',
    'model.eval()',
    'with torch.no_grad():',
    '    out = model(torch.tensor(X_test, dtype=torch.float32))',
    `    yt = torch.tensor(y_test, dtype=${yType})${yShape}`,
    ...evalLines,
    '',
  ].join('\n');
}

function torchOptimizer(s) {
  const lr = `lr=${num(s.learningRate)}`;
  switch (s.optimizer) {
    case 'sgd': return `torch.optim.SGD(model.parameters(), ${lr})`;
    case 'momentum': return `torch.optim.SGD(model.parameters(), ${lr}, momentum=${num(s.momentum)})`;
    case 'nesterov': return `torch.optim.SGD(model.parameters(), ${lr}, momentum=${num(s.momentum)}, nesterov=True)`;
    case 'rmsprop': return `torch.optim.RMSprop(model.parameters(), ${lr}, alpha=${num(s.rho)}, eps=1e-07)`;
    case 'adagrad': return `torch.optim.Adagrad(model.parameters(), ${lr}, initial_accumulator_value=0.1, eps=1e-07)`;
    case 'adamw': return `torch.optim.AdamW(model.parameters(), ${lr}, betas=(${num(s.beta1)}, ${num(s.beta2)}), eps=1e-07, weight_decay=${num(s.weightDecay)})`;
    default: return `torch.optim.Adam(model.parameters(), ${lr}, betas=(${num(s.beta1)}, ${num(s.beta2)}), eps=1e-07)`;
  }
}
