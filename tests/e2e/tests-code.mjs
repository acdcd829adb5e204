// "Show code": the Keras and PyTorch scripts for the docs example, compared line by line
// with the script a Keras user writes by hand for that model.
import { assert } from './harness.mjs';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as acorn from 'acorn';
import { kerasScript, pytorchScript } from '../../www/playground/code-export.js';
import { defaults } from '../../www/playground/settings.js';
import { entry, modelSpec } from '../../www/playground/model-spec.js';
import * as engine from '../../www/pkg/nnplay.js';

// The engine's catalog, as the page has it: the scripts take names and defaults from it.
await engine.default({ module_or_path: readFileSync(new URL('../../www/pkg/nnplay_bg.wasm', import.meta.url)) });
const catalog = engine.catalog();

/** What the worker says of a loaded built-in set (see worker/data.js), with `extra`. */
function infoOf(dataset, extra) {
  const set = entry(catalog.datasets, dataset);
  return { isToy: set?.kind === 'toy', sklearnLoader: set?.sklearnLoader ?? null, file: set?.file ?? null, scaling: 'zscore', ...extra };
}

/** The docs example: data.csv (1000 × 10, binary), Dense 100 relu ×2 + Dense 1 sigmoid. */
export const EXAMPLE_HASH = '#dataset=example&layers=100:relu,100:relu&optimizer=adam&learningRate=0.001'
  + '&epochs=100&batchSize=32&testRatio=20&valRatio=0&earlyStopping=0&scaling=zscore&seed=42';

export const EXAMPLE_KERAS = `import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
import keras

# The playground's model file ("Download weights", the same file as "Export model"). When
# it is beside this script, the script takes the page's preprocessing and trained weights
# instead of training from scratch, and writes the page's predictions for every row to
# predictions.csv. With --steps N it first trains N steps from those weights (batches of
# 32 rows in file order, unshuffled) and saves them to nnplay-example-trained.json,
# which the playground imports. Without the file the script trains from scratch.
WEIGHTS = Path("nnplay-example.json")
options = argparse.ArgumentParser()
options.add_argument("--steps", type=int, default=0, help="training steps from the playground's weights")
args, _ = options.parse_known_args()  # known ones only: the script also runs in a notebook

keras.utils.set_random_seed(42)

data = pd.read_csv("data.csv")
X = data.iloc[:, :-1].values
y = data.iloc[:, -1].values

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)

scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

model = keras.Sequential([
    keras.Input(shape=(10,)),
    keras.layers.Dense(100, activation="relu"),
    keras.layers.Dense(100, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
if not WEIGHTS.exists():
    model.fit(X_train, y_train, epochs=100, batch_size=32)
    print(model.evaluate(X_test, y_test))
else:
    # The page's model file: its preprocessing, fitted on the page's training rows, and its weights.
    nnplay = json.loads(WEIGHTS.read_text())
    pre = nnplay["preprocessing"]
    # Where the model comes from: engine, data (name, rows, SHA-256), settings, seed, epochs, test figures.
    if "card" in nnplay:
        print("model card:", json.dumps(nnplay["card"]))
    # Each feature column encoded as the page encodes it.
    columns = []
    for feature in pre["features"]:
        [(kind, p)] = feature["encoding"].items()  # such as {"numeric": {"fill": 5.84}}
        cells = data[feature["column"]]
        if kind == "numeric":  # the number; a missing one is the training mean
            columns.append(cells.fillna(p["fill"]).to_numpy(np.float32).reshape(-1, 1))
    x = np.hstack(columns).astype(np.float32)
    # Scaled with the centres and spreads the page fitted on its training rows.
    scaling = pre["scaler"]
    if scaling["kind"] != "none":
        x = (x - np.array(scaling["center"], np.float32)) / np.array(scaling["spread"], np.float32)
    # The classes numbered as the page numbers them.
    classes = pre["label"]["classes"]
    y = np.array([classes.index(str(name)) for name in data[pre["label"]["column"]]])
    # The page's weights, layer by layer (a kernel is inputs × units, as Keras holds it).
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for layer, w in zip(dense, nnplay["weights"]):
        layer.set_weights([np.array(w["kernel"], np.float32).reshape(layer.kernel.shape), np.array(w["bias"], np.float32)])
    # --steps N: N more training steps, one batch of 32 rows after another in file order.
    for step in range(args.steps):
        start = step * 32 % len(x)
        xb, yb = x[start:start + 32], y[start:start + 32]
        model.train_on_batch(xb, yb)
    predictions = model.predict(x, verbose=0)
    # predictions.csv: each row's probability of the class classes[1], as the page predicts it.
    np.savetxt("predictions.csv", predictions, fmt="%.9g", delimiter=",", header=classes[1], comments="")
    print(f"predictions for {len(x)} rows in predictions.csv")
    print(model.evaluate(x, y, verbose=0))  # on every row, the page's training rows among them
    if args.steps:  # the trained weights, as a model file the playground imports
        for w, layer in zip(nnplay["weights"], dense):
            kernel, bias = layer.get_weights()
            w["kernel"], w["bias"] = kernel.ravel().tolist(), bias.tolist()
        Path("nnplay-example-trained.json").write_text(json.dumps(nnplay))
`;

const exampleSettings = () => ({
  ...defaults(),
  dataset: 'example',
  layers: [{ units: 100, activation: 'relu', dropout: 0 }, { units: 100, activation: 'relu', dropout: 0 }],
  optimizer: 'adam',
  learningRate: 0.001,
  epochs: 100,
  batchSize: 32,
  testRatio: 20,
  valRatio: 0,
  scaling: 'zscore',
  seed: 42,
});
const modelSpecOf = (s, info) => modelSpec(catalog, s, info);
const exampleInfo = infoOf('example', { inputs: 10, task: 'binary', classes: 2 });

/** The most lines a function of the page may have (one that needs more holds two jobs). */
const MAX_FUNCTION_LINES = 80;

export const codeTests = [
  ['no function of the page is longer than 80 lines, and the page writes no forward pass', async () => {
    const dir = new URL('../../www/', import.meta.url).pathname;
    const long = [];
    const pageFiles = ['playground', 'predictor'].flatMap((d) => readdirSync(join(dir, d), { recursive: true }).map((f) => `${d}/${f}`));
    for (const file of pageFiles.filter((f) => f.endsWith('.js'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      const tree = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
      const visit = (node) => {
        if (!node || typeof node.type !== 'string') return;
        if (/Function/.test(node.type)) {
          const lines = node.loc.end.line - node.loc.start.line + 1;
          if (lines > MAX_FUNCTION_LINES) long.push(`${file}:${node.loc.start.line} (${lines} lines)`);
        }
        for (const value of Object.values(node)) {
          if (Array.isArray(value)) value.forEach(visit);
          else if (value && typeof value === 'object') visit(value);
        }
      };
      visit(tree);
      // The model's math is the engine's: no activation formulas or weight products here.
      assert(!/Math\.tanh|Math\.expm1|1 \/ \(1 \+ Math\.exp/.test(source), `${file} computes an activation`);
    }
    assert(long.length === 0, `functions over ${MAX_FUNCTION_LINES} lines: ${long.join(', ')}`);
  }],

  ['no string becomes HTML: the page never uses innerHTML, outerHTML, insertAdjacentHTML or document.write', async () => {
    const dir = new URL('../../www/', import.meta.url).pathname;
    const SINKS = new Set(['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'write', 'writeln', 'createContextualFragment']);
    const found = [];
    const files = readdirSync(dir, { recursive: true })
      .filter((f) => f.endsWith('.js') && !/^(pkg|pkg-scalar|pkg-relaxed|vendor)\//.test(f));
    assert(files.length > 20, `the page's own scripts: ${files.length}`);
    for (const file of files) {
      const tree = acorn.parse(readFileSync(join(dir, file), 'utf8'), { ecmaVersion: 'latest', sourceType: 'module', locations: true });
      const visit = (node) => {
        if (!node || typeof node.type !== 'string') return;
        const name = node.type === 'MemberExpression' && (node.property.name ?? node.property.value);
        const isWrite = (name === 'write' || name === 'writeln') ? node.object.name === 'document' : true;
        if (name && SINKS.has(name) && isWrite) found.push(`${file}:${node.loc.start.line} ${name}`);
        for (const value of Object.values(node)) {
          if (Array.isArray(value)) value.forEach(visit);
          else if (value && typeof value === 'object') visit(value);
        }
      };
      visit(tree);
    }
    // The one exception: the course's rendered Markdown goes into the page through
    // learn/markdown.js's setMarkup, a template that drops scripts, handlers and unsafe links
    // (tests-learn.mjs checks a lesson's raw HTML and javascript: links come out inert).
    const allowed = found.filter((f) => /^learn\/markdown\.js:\d+ innerHTML$/.test(f));
    assert(allowed.length <= 1, `one sink in learn/markdown.js, not ${allowed.length}`);
    const rest = found.filter((f) => !allowed.includes(f));
    assert(rest.length === 0, `HTML sinks: ${rest.join(', ')}`);
  }],

  ['"Show code" writes the docs example as a Keras user would by hand', async () => {
    const script = kerasScript(catalog, exampleSettings(), exampleInfo);
    assert(script === EXAMPLE_KERAS, `the Keras script differs:\n${script}`);
  }],

  ['the Keras and PyTorch scripts follow the settings', async () => {
    const s = {
      ...exampleSettings(), optimizer: 'momentum', learningRate: 0.05, momentum: 0.8, scaling: 'zscore', valRatio: 10,
      regularization: 'l2', regularizationRate: 0.001, earlyStopping: true, patience: 7,
      layers: [{ units: 16, activation: 'tanh', dropout: 0.2 }],
    };
    const keras = kerasScript(catalog, s, exampleInfo);
    for (const line of [
      'scaler = StandardScaler()', 'X_train = scaler.fit_transform(X_train)', 'X_val = scaler.transform(X_val)',
      // 10 % of all rows is 12.5 % of the 80 % left after the test split.
      'X_train, X_val, y_train, y_val = train_test_split(X_train, y_train, test_size=0.125, random_state=42, stratify=y_train)',
      '    keras.layers.Dense(16, activation="tanh", kernel_regularizer=keras.regularizers.l2(0.001)),',
      '    keras.layers.Dropout(0.2),',
      'model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.8), loss="binary_crossentropy", metrics=["accuracy"])',
      '    early_stopping = keras.callbacks.EarlyStopping(patience=7, restore_best_weights=True)',
      '    model.fit(X_train, y_train, epochs=100, batch_size=32, validation_data=(X_val, y_val), callbacks=[early_stopping])',
    ]) assert(keras.split('\n').includes(line), `Keras script lacks:\n${line}\n---\n${keras}`);
    const torch = pytorchScript(catalog, s, exampleInfo);
    for (const line of [
      '    nn.Linear(10, 16),', '    nn.Tanh(),', '    nn.Dropout(0.2),', '    nn.Linear(16, 1),',
      'loss_fn = nn.BCEWithLogitsLoss()',
      'optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.8)',
      '    for epoch in range(100):',
    ]) assert(torch.split('\n').includes(line), `PyTorch script lacks:\n${line}\n---\n${torch}`);
    assert(!torch.includes('nn.Sigmoid()'), 'the sigmoid is inside BCEWithLogitsLoss, not a layer');
    // Validation and early stopping as Keras's fit: on the validation loss, best weights kept.
    const torchLines = torch.split('\n');
    for (const line of [
      '    Xv = torch.tensor(X_val, dtype=torch.float32)', '            val_loss = loss_fn(model(Xv), yv).item()',
      '        if val_loss < best_loss:', '            if waited >= 7:', '    model.load_state_dict(best_state)',
      '        print("test accuracy", ((out > 0).float() == yt).float().mean().item())',
    ]) assert(torchLines.includes(line), `PyTorch script lacks:\n${line}\n---\n${torch}`);
    // A sigmoid output trained with MSE gives probabilities: its accuracy thresholds at 0.5.
    const mse = pytorchScript(catalog, { ...s, loss: 'mean_squared_error' }, exampleInfo);
    assert(mse.includes('nn.Sigmoid(),\n)') && mse.includes('((out > 0.5).float() == yt)'), mse);
    // RMSprop with epsilon inside the square root, as Keras and nnplay.
    const rms = pytorchScript(catalog, { ...s, optimizer: 'rmsprop', learningRate: 0.01 }, exampleInfo);
    assert(rms.includes('optimizer = RMSprop(model.parameters(), lr=0.01, rho=0.9, eps=1e-7)')
      && rms.includes('                p.addcdiv_(p.grad, (v + group["eps"]).sqrt(), value=-group["lr"])'), rms);
  }],

  ['a model configuration with shaped layers: Keras and PyTorch layers with Keras\'s padding, layouts and token ids', async () => {
    const s = { ...exampleSettings(), dataset: 'digits' };
    const info = infoOf('digits', { inputs: 64, task: 'multiclass', classes: 10 });
    const spec = (layers, inputShape) => {
      const base = modelSpecOf(s, info);
      return { ...base, model: { ...base.model, inputShape, layers } };
    };
    const conv = spec([
      { type: 'conv2d', filters: 6, kernelSize: 4, padding: 'same', activation: 'leaky_relu', alpha: 0.1 },
      { type: 'max_pool2d', poolSize: 3, strides: 2, padding: 'same' },
      { type: 'average_pool2d', poolSize: 2, padding: 'same' }, { type: 'flatten' },
      { units: 16, activation: 'relu' }, { type: 'dropout', rate: 0.25 }, { units: 10, activation: 'softmax' }], [8, 8, 1]);
    const keras = kerasScript(catalog, s, info, conv).split('\n');
    for (const line of [
      '    keras.Input(shape=(64,)),',
      '    keras.layers.Reshape((8, 8, 1)),  # each row as the page holds it: channels last',
      '    keras.layers.Conv2D(6, (4, 4), strides=(1, 1), padding="same"),',
      '    keras.layers.LeakyReLU(negative_slope=0.1),',
      '    keras.layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same"),',
      '    keras.layers.AveragePooling2D((2, 2), strides=(2, 2), padding="same"),',
      '    keras.layers.Flatten(),', '    keras.layers.Dense(16, activation="relu"),', '    keras.layers.Dropout(0.25),',
      '    trained = [layer for layer in model.layers if layer.weights]',
    ]) assert(keras.includes(line), `the Keras script lacks:\n${line}\n---\n${keras.join('\n')}`);
    const torch = pytorchScript(catalog, s, info, conv).split('\n');
    // 8 cells, kernel 4: pads 1 before, 2 after; pool 3 / 2 on 8: 0 | 1; pool 2 / 2 on 4: none.
    for (const line of [
      '    nn.Unflatten(1, (8, 8, 1)),  # each row as the page holds it: channels last', '    Permute(0, 3, 1, 2),  # to channels first',
      '    nn.ConstantPad2d((1, 2, 1, 2), 0.0),  # Keras\'s "same": the odd cell after', '    nn.Conv2d(1, 6, (4, 4), stride=(1, 1)),',
      '    nn.LeakyReLU(0.1),', '    nn.ConstantPad2d((0, 1, 0, 1), float("-inf")),  # Keras\'s "same": padded cells never win',
      '    nn.MaxPool2d((3, 3), stride=(2, 2)),', '    nn.AvgPool2d((2, 2), stride=(2, 2)),',
      '    Permute(0, 2, 3, 1),  # back to channels last: the page\'s order', '    nn.Flatten(),', '    nn.Linear(24, 16),',
      'class Permute(nn.Module):', '            m.weight.copy_(from_keras(m, w["kernel"]))',
    ]) assert(torch.includes(line), `the PyTorch script lacks:\n${line}\n---\n${torch.join('\n')}`);
    assert(!torch.includes('class AveragePoolSame(nn.Module):'), 'no helper class that no module uses');

    const t = { ...exampleSettings(), dataset: 'text' };
    const schema = { label: 1, text: { method: 'sequence', length: 12, size: 50 },
      columns: [{ name: 'text', role: 'feature', type: 'text' }, { name: 'label', role: 'label', type: 'categorical' }] };
    const tinfo = infoOf('text', { inputs: 12, task: 'binary', classes: 2, schema, labelNames: ['negative', 'positive'] });
    const embedding = spec([{ type: 'embedding', inputDim: 52, outputDim: 4 },
      { type: 'conv1d', filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' },
      { type: 'average_pool2d', poolSize: [1, 2], padding: 'same' }, { type: 'global_average_pool1d' }, { units: 1, activation: 'sigmoid' }], [12]);
    const tk = kerasScript(catalog, t, tinfo, embedding).split('\n');
    for (const line of [
      'import re', 'from collections import Counter', '    keras.Input(shape=(12,)),', '    keras.layers.Embedding(52, 4),',
      '    keras.layers.Conv1D(3, 3, strides=1, padding="same", activation="relu"),',
      '    keras.layers.AveragePooling1D(2, strides=2, padding="same"),', '    keras.layers.GlobalAveragePooling1D(),',
      'vocabulary = sorted(counts, key=lambda w: (-counts[w], w))[:50]', 'X_train = token_ids(X_train, vocabulary, 12)',
      '        if kind == "sequence":  # the first words as token ids (token_ids, above)',
    ]) assert(tk.includes(line), `the Keras script lacks:\n${line}\n---\n${tk.join('\n')}`);
    assert(!tk.some((l) => l.includes('CountVectorizer')), 'token ids, not word counts');
    const tt = pytorchScript(catalog, t, tinfo, embedding).split('\n');
    for (const line of [
      '    nn.Embedding(52, 4),', '    Permute(0, 2, 1),  # to channels first', '    nn.Conv1d(4, 3, 3, stride=1, padding=1),',
      '    nn.AdaptiveAvgPool1d(1),  # the mean over the positions', '    nn.Linear(3, 1),',
      '    Xt = torch.tensor(X_train, dtype=torch.long)',
    ]) assert(tt.includes(line), `the PyTorch script lacks:\n${line}\n---\n${tt.join('\n')}`);
    // 12 positions, pool 2 / 2 same: no padding needed, a plain pool.
    assert(tt.includes('    nn.AvgPool1d(2, stride=2),'), tt.join('\n'));

    let message = '';
    try {
      kerasScript(catalog, s, info, spec([{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'lstm' }, { units: 10 }], [8, 8, 1]));
    } catch (e) {
      ({ message } = e);
    }
    assert(message === 'layers[1]: the scripts cannot write a lstm layer', `the error: ${message}`);
  }],

  ['an upload: its file name as a Python string, its columns as the page read them', async () => {
    const s = { ...exampleSettings(), dataset: 'csv' };
    const schema = {
      label: 3, // the engine's schema gives the label column's index
      columns: [
        { name: 'size "cm"', role: 'feature', type: 'numeric' },
        { name: 'colour', role: 'feature', type: 'categorical' },
        { name: 'id', role: 'ignored', type: 'numeric' },
        { name: 'kind', role: 'label', type: 'categorical' },
      ],
    };
    const info = infoOf('csv', { inputs: 4, task: 'multiclass', classes: 3, fileName: 'my "odd"\nfile.csv', schema, labelNames: ['a', 'b', 'c'] });
    const lines = kerasScript(catalog, s, info).split('\n');
    for (const line of [
      'from sklearn.preprocessing import LabelEncoder, StandardScaler',
      'data = pd.read_csv("my \\"odd\\"\\nfile.csv")',
      'X = data.drop(columns=["kind", "id"])',
      'X = pd.get_dummies(X, columns=["colour"], dtype=float)',
      'y = data["kind"].values',
      'y = LabelEncoder().fit_transform(y)',
      'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])',
      // As the engine: the numeric column scaled, the one-hot columns left 0/1.
      'X_train[:, :1] = scaler.fit_transform(X_train[:, :1])',
      'X_test[:, :1] = scaler.transform(X_test[:, :1])',
    ]) assert(lines.includes(line), `the script lacks:\n${line}\n---\n${lines.join('\n')}`);
  }],

  ['text beside other columns: one transformer fitted on the training rows scales, one-hot encodes and counts words', async () => {
    const s = { ...exampleSettings(), dataset: 'csv', valRatio: 10 };
    const schema = {
      label: 3,
      text: { method: 'bag', size: 500, presence: true },
      columns: [
        { name: 'price', role: 'feature', type: 'numeric' },
        { name: 'shop', role: 'feature', type: 'categorical' },
        { name: 'review', role: 'feature', type: 'text' },
        { name: 'verdict', role: 'label', type: 'categorical' },
      ],
    };
    const info = infoOf('csv', { inputs: 504, task: 'binary', classes: 2, fileName: 'reviews.csv', schema, labelNames: ['bad', 'good'] });
    for (const script of [kerasScript(catalog, s, info), pytorchScript(catalog, s, info)]) {
      const lines = script.split('\n');
      for (const line of [
        'from sklearn.compose import ColumnTransformer',
        'from sklearn.feature_extraction.text import CountVectorizer',
        'from sklearn.preprocessing import LabelEncoder, OneHotEncoder, StandardScaler',
        'X = data.drop(columns=["verdict"])',
        'X[["review"]] = X[["review"]].fillna("")',
        'y = data["verdict"].values',
        '    ("numbers", StandardScaler(), ["price"]),',
        '    ("categories", OneHotEncoder(handle_unknown="ignore"), ["shop"]),',
        '    ("words of review", CountVectorizer(lowercase=True, token_pattern=r"[^\\W\\d_]+", max_features=500, binary=True), "review"),',
        'X_train = features.fit_transform(X_train)', 'X_val = features.transform(X_val)', 'X_test = features.transform(X_test)',
      ]) assert(lines.includes(line), `the script lacks:\n${line}\n---\n${script}`);
      assert(lines.indexOf('X_train = features.fit_transform(X_train)') > lines.findIndex((l) => l.startsWith('X_train, X_val')), 'fitted after the split');
      assert(!lines.some((l) => /scaler\./.test(l)), 'no second scaling');
    }
  }],

  ['the scripts load the page\'s model file: its name, an encoder per column type present, nnplay\'s class numbers', async () => {
    const s = { ...exampleSettings(), dataset: 'csv' };
    const schema = {
      label: 3,
      columns: [
        { name: 'price', role: 'feature', type: 'numeric' },
        { name: 'shop', role: 'feature', type: 'categorical' },
        { name: 'review', role: 'feature', type: 'text' },
        { name: 'verdict', role: 'label', type: 'categorical' },
      ],
    };
    const info = infoOf('csv', { inputs: 504, task: 'binary', classes: 2, fileName: 'reviews.csv', schema, labelNames: ['bad', 'good'] });
    const keras = kerasScript(catalog, s, info);
    const torch = pytorchScript(catalog, s, info);
    for (const script of [keras, torch]) {
      const lines = script.split('\n');
      for (const line of [
        'WEIGHTS = Path("nnplay-csv.json")',
        'if not WEIGHTS.exists():',
        '    nnplay = json.loads(WEIGHTS.read_text())',
        '        if kind == "numeric":  # the number; a missing one is the training mean',
        '        elif kind == "categorical":  # a 0/1 column per category kept',
        '        elif kind == "bag":  # the count of each vocabulary word (1 if present, with "presence")',
        '    y = np.array([classes.index(str(name)) for name in data[pre["label"]["column"]]])',
        '        Path("nnplay-csv-trained.json").write_text(json.dumps(nnplay))',
      ]) assert(lines.includes(line), `the script lacks:\n${line}\n---\n${script}`);
    }
    assert(keras.includes('        model.train_on_batch(xb, yb)'), keras);
    // Keras's Adam (epsilon before the bias correction), as nnplay's, not torch.optim.Adam.
    assert(torch.includes('class Adam(torch.optim.Optimizer):') && torch.includes('optimizer = Adam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-7)')
      && !torch.includes('torch.optim.Adam('), torch);
    assert(torch.includes('        predictions = torch.sigmoid(model(xt)).numpy()'), torch);
    // A built-in set read by scikit-learn: its classes renumbered as the page's, by name.
    const iris = kerasScript(catalog, { ...exampleSettings(), dataset: 'iris', outputActivation: 'linear' }, infoOf('iris', { inputs: 4, task: 'multiclass', classes: 3 })).split('\n');
    for (const line of [
      'WEIGHTS = Path("nnplay-iris.json")', '    x = X.astype(np.float32)',
      '    y = np.array([classes.index(str(name)) for name in load_iris().target_names[y]])',
      '    predictions = keras.ops.convert_to_numpy(keras.ops.softmax(predictions))  # the last layer gives logits',
    ]) assert(iris.includes(line), `the iris script lacks:\n${line}\n---\n${iris.join('\n')}`);
  }],

  ['the text set counts words fitted on the training rows', async () => {
    const s = { ...exampleSettings(), dataset: 'text', layers: [{ units: 16, activation: 'relu', dropout: 0 }] };
    const schema = { label: 'label', columns: [{ name: 'text', role: 'feature', type: 'text' }, { name: 'label', role: 'label', type: 'categorical' }] };
    const lines = kerasScript(catalog, s, infoOf('text', { inputs: 1000, task: 'binary', classes: 2, schema, labelNames: ['negative', 'positive'] })).split('\n');
    for (const line of [
      'from sklearn.feature_extraction.text import CountVectorizer',
      'data = pd.read_csv("sentences.csv")',
      'X = data["text"].values',
      'vectorizer = CountVectorizer(lowercase=True, token_pattern=r"[^\\W\\d_]+", max_features=1000)',
      'X_train = vectorizer.fit_transform(X_train).toarray()',
      'X_test = vectorizer.transform(X_test).toarray()',
    ]) assert(lines.includes(line), `the script lacks:\n${line}\n---\n${lines.join('\n')}`);
    assert(lines.indexOf('X_train = vectorizer.fit_transform(X_train).toarray()') > lines.findIndex((l) => l.startsWith('X_train, X_test')), 'the vocabulary comes after the split');
    assert(!lines.some((l) => /Scaler/.test(l)), 'word counts are not scaled, as in the engine');
  }],
];
