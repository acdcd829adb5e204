// Goals a tutorial sets and the page checks: one line each, such as
//   test-loss <= 0.18 with neurons <= 4
//   event diverged
//   small: test-accuracy >= 0.95 with hidden-layers = 0, optimizer = sgd
// A goal is met when, in one report, its condition holds and every constraint holds for the
// settings of the run that made the report. The grammar is shared by every element that
// takes goals (the playground, the race); each brings its own vocabulary — the metrics,
// events and constraint keys it reports — so that a misspelt name is refused up front.
//
//   goal       := [id ":"] condition [" with " constraint {"," constraint}]
//   condition  := metric op number | "event" name
//   constraint := key op value
//   op         := "<=" | ">=" | "<" | ">" | "="
import { SETTINGS, attrName } from './settings.js';

export const OPS = ['<=', '>=', '<', '>', '='];
const NAME = /^[a-z][a-z0-9-]*$/;
const COMPARISON = /^\s*([a-z][a-z0-9-]*)\s*(<=|>=|<|>|=)\s*(\S.*?)\s*$/;

/** A goal that cannot be read; `message` names the part. */
export class GoalError extends Error {}

/**
 * What the playground reports, for goals on `<nn-playground>`: the metrics of each epoch's
 * log and of the evaluation at the end of a run, the events, and the constraint keys (every
 * setting in kebab-case, the network's shape, and `epoch`: the epoch the run has reached).
 */
export const PLAYGROUND_VOCABULARY = {
  metrics: ['loss', 'accuracy', 'val-loss', 'val-accuracy', 'test-loss', 'test-accuracy', 'epoch',
    'test-precision', 'test-recall', 'test-f1', 'test-auc', 'test-average-precision', 'test-r2', 'test-rmse', 'test-mae', 'best-epoch'],
  events: ['trained', 'diverged', 'early-stopped', 'cross-validated', 'learning-curve', 'pruned', 'quantised', 'distilled',
    'drew-digit', 'tried', 'exported'],
  keys: [...Object.keys(SETTINGS).map(attrName), 'neurons', 'hidden-layers', 'convolutions', 'features', 'dropout', 'activation', 'threshold', 'epoch'],
};

function number(text) {
  const v = text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(v) ? v : null;
}

/** `a op b`; strings compare by equality only (`=`). */
export function compare(a, op, b) {
  if (a == null) return false;
  if (typeof b === 'string' || typeof a === 'string') return op === '=' && String(a) === String(b);
  switch (op) {
    case '<=': return a <= b;
    case '>=': return a >= b;
    case '<': return a < b;
    case '>': return a > b;
    default: return a === b;
  }
}

function known(list, name, what) {
  if (list && !list.includes(name)) throw new GoalError(`unknown ${what} "${name}" (known: ${list.join(', ')})`);
}

/**
 * Reads one goal. `vocabulary` (`{ metrics, events, keys }`, each a list; optional) refuses
 * names outside it. Returns `{ id, text, condition: { metric, op, value } | { event },
 * constraints: [{ key, op, value }] }`; throws a `GoalError` naming what is wrong.
 */
export function parseGoal(line, vocabulary = null) {
  let text = line.trim();
  let id = null;
  const named = /^([a-z][a-z0-9-]*)\s*:\s*(.*)$/.exec(text);
  if (named) [, id, text] = named;
  if (!text) throw new GoalError('empty goal');
  const [head, ...rest] = text.split(/\s+with\s+/);
  if (rest.length > 1) throw new GoalError(`"with" appears more than once in "${text}"`);
  let condition;
  const event = /^event\s+(\S+)$/.exec(head.trim());
  if (event) {
    if (!NAME.test(event[1])) throw new GoalError(`"${event[1]}" is not an event name`);
    known(vocabulary?.events, event[1], 'event');
    condition = { event: event[1] };
  } else {
    const m = COMPARISON.exec(head);
    if (!m) throw new GoalError(`"${head.trim()}" is not "metric op number" (ops: ${OPS.join(' ')}) or "event name"`);
    known(vocabulary?.metrics, m[1], 'metric');
    const value = number(m[3]);
    if (value === null) throw new GoalError(`"${m[3]}" is not a number (in "${head.trim()}")`);
    condition = { metric: m[1], op: m[2], value };
  }
  const constraints = rest.length ? rest[0].split(',').map((part) => {
    const m = COMPARISON.exec(part);
    if (!m) throw new GoalError(`the constraint "${part.trim()}" is not "key op value"`);
    known(vocabulary?.keys, m[1], 'constraint key');
    const v = number(m[3]);
    if (v === null && m[2] !== '=') throw new GoalError(`"${m[3]}" is not a number (in "${part.trim()}"); text compares with = only`);
    return { key: m[1], op: m[2], value: v ?? m[3] };
  }) : [];
  return { id, text: text.trim(), condition, constraints };
}

/**
 * Goals one a line (or separated by `;`); those without an id are numbered `goal-1`, … in
 * order. Throws a `GoalError` that names the goal's number.
 */
export function parseGoals(text, vocabulary = null) {
  const lines = String(text ?? '').split(/[\n;]/).map((l) => l.trim()).filter(Boolean);
  return lines.map((line, i) => {
    try {
      const goal = parseGoal(line, vocabulary);
      return { ...goal, id: goal.id ?? `goal-${i + 1}` };
    } catch (e) {
      throw new GoalError(`goal ${i + 1} ("${line}"): ${e.message}`);
    }
  });
}

/** Whether the goal holds for one report: `{ metrics, events, facts }`. */
export function holds(goal, { metrics = {}, events = [], facts = {} }) {
  const c = goal.condition;
  const met = c.event ? events.includes(c.event) : compare(metrics[c.metric], c.op, c.value);
  return met && goal.constraints.every((k) => compare(facts[k.key], k.op, k.value));
}

/**
 * The playground's settings as constraint facts: each setting under its attribute name, and
 * `neurons` (hidden units in all), `hidden-layers`, `convolutions` (convolution layers),
 * `features` (the 2-D inputs), `dropout`
 * (the largest rate), `activation` (the hidden layers' when they share one).
 */
export function playgroundFacts(settings) {
  const facts = {};
  for (const [name, value] of Object.entries(settings)) {
    if (SETTINGS[name] && !['layers', 'transforms', 'convLayers'].includes(name)) facts[attrName(name)] = value;
  }
  const layers = settings.layers ?? [];
  facts.neurons = layers.reduce((n, l) => n + l.units, 0);
  facts['hidden-layers'] = layers.length;
  facts.convolutions = (settings.convLayers ?? []).filter((l) => l.type === 'conv').length;
  facts.features = settings.transforms?.length ?? 0;
  facts.dropout = layers.reduce((d, l) => Math.max(d, l.dropout || 0), 0);
  const activations = new Set(layers.map((l) => l.activation));
  facts.activation = activations.size === 1 ? [...activations][0] : null;
  facts['early-stopping'] = settings.earlyStopping ? 'true' : 'false';
  return facts;
}

/**
 * Tracks a list of parsed goals over reports; `onMet(goal, report)` is called once for each
 * goal when it is first met. Met goals stay met.
 */
export class GoalTracker {
  constructor(goals = [], onMet = () => {}) {
    this.goals = goals;
    this.onMet = onMet;
    this.met = new Map();
  }

  /** `report`: `{ metrics, events, facts, epoch, settings }`. */
  observe(report) {
    for (const goal of this.goals) {
      if (this.met.has(goal.id) || !holds(goal, report)) continue;
      const c = goal.condition;
      const record = { epoch: report.epoch ?? null, value: c.event ? null : report.metrics[c.metric], settings: report.settings ?? null };
      this.met.set(goal.id, record);
      this.onMet(goal, record);
    }
  }

  /** `[{ id, text, met, epoch, value, settings }]` in the goals' order. */
  status() {
    return this.goals.map((g) => ({ id: g.id, text: g.text, met: this.met.has(g.id), ...(this.met.get(g.id) ?? { epoch: null, value: null, settings: null }) }));
  }
}
