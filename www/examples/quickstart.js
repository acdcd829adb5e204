// The README's quick-start example, run on www/examples/quickstart.html.
import { loadEngine } from '../engine/load.js';
// Shows console.log output on the page too.
const log = document.getElementById('log');
const lines = [];
const show = (...args) => {
  lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  log.textContent = lines.join('\n');
};
const console = { log: (...args) => { globalThis.console.log(...args); show(...args); } };
try {

  const { Model } = await loadEngine();

  // 1000 rows × 10 features; the label is a fixed rule of the features.
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const rows = 1000, features = 10;
  const x = new Float32Array(rows * features).map(gaussian);
  const y = new Float32Array(rows).map((_, i) => {
    const r = x.subarray(i * features, (i + 1) * features);
    return r[0] + r[1] * r[2] - 0.5 * r[3] + Math.sin(r[4]) > 0 ? 1 : 0;
  });
  const split = 800 * features;
  const [xTrain, xTest] = [x.slice(0, split), x.slice(split)];
  const [yTrain, yTest] = [y.slice(0, 800), y.slice(800)];

  const model = new Model({
    inputs: 10,
    layers: [
      { units: 100, activation: 'relu' },
      { units: 100, activation: 'relu' },
      { units: 1, activation: 'sigmoid' },
    ],
    seed: 42,
  });
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', learningRate: 0.001 });
  const history = model.fit(xTrain, yTrain, { epochs: 100, batchSize: 32, validationSplit: 0.1 });
  console.log('last epoch', history.epochs.at(-1));   // { epoch, loss, accuracy, valLoss, ... }

  const { loss, accuracy } = model.evaluate(xTest, yTest);
  console.log(`test loss ${loss.toFixed(4)}, test accuracy ${accuracy}`);
  const probabilities = model.predict(xTest);         // Float32Array, one per row
  document.body.dataset.done = 'true';
  document.body.dataset.testAccuracy = String(accuracy);
} catch (e) {
  show('Error: ' + e.message);
  document.body.dataset.error = e.message;
}
