// The race's goals: the playground's grammar (../playground/goals.js) with the race's own
// vocabulary. Metrics are each contestant's figures under its name (`adam-loss`), events
// `finished` and `<name>-won`, constraint keys the race's attributes and each contestant's
// settings (see README.md).
import { parseGoals } from '../playground/goals.js';

/** `contestants`: the parsed contestants. */
export function raceVocabulary(contestants) {
  const per = (suffixes) => contestants.flatMap((c) => suffixes.map((s) => `${c.name}-${s}`));
  return {
    metrics: [...per(['loss', 'accuracy', 'test-loss', 'test-accuracy']), 'epoch'],
    events: ['finished', ...contestants.map((c) => `${c.name}-won`)],
    keys: ['dataset', 'noise', 'seed', 'epochs', 'layers', 'surface', 'batch-size', 'test-ratio', 'contestants', 'hidden-layers', 'neurons',
      ...per(['optimizer', 'learning-rate', 'batch-size'])],
  };
}

export function parseRaceGoals(text, contestants) {
  return parseGoals(text, raceVocabulary(contestants));
}

/** A report's metrics: `{ epoch, runs: [{ name, loss, accuracy, testLoss, testAccuracy }] }`. */
export function raceMetrics(epoch, runs) {
  const m = { epoch };
  for (const r of runs) {
    m[`${r.name}-loss`] = r.loss;
    m[`${r.name}-accuracy`] = r.accuracy;
    m[`${r.name}-test-loss`] = r.testLoss;
    m[`${r.name}-test-accuracy`] = r.testAccuracy;
  }
  return m;
}

/** The race's settings as constraint facts (`batch all` counts as the training rows). */
export function raceFacts(s, layersText, trainRows) {
  const facts = {
    dataset: s.dataset, noise: s.noise, seed: s.seed, epochs: s.epochs, layers: layersText, surface: s.surface,
    'batch-size': s.batchSize, 'test-ratio': s.testRatio, contestants: s.contestants.length,
    'hidden-layers': s.layers.length, neurons: s.layers.reduce((n, l) => n + l.units, 0),
  };
  for (const c of s.contestants) {
    facts[`${c.name}-optimizer`] = c.optimizer;
    facts[`${c.name}-learning-rate`] = c.learningRate;
    facts[`${c.name}-batch-size`] = c.batch === 'all' ? trainRows : c.batch ?? s.batchSize;
  }
  return facts;
}
