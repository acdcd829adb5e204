// The goal grammar of www/playground/goals.js: what it reads, what it refuses (naming the
// part), and when a goal holds — the constraints checked against the run's settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GoalTracker, PLAYGROUND_VOCABULARY, holds, parseGoal, parseGoals, playgroundFacts } from '../../www/playground/goals.js';
import { defaults, layersCodec } from '../../www/playground/settings.js';

const V = PLAYGROUND_VOCABULARY;

test('a metric goal with constraints', () => {
  const g = parseGoal('small: test-loss <= 0.18 with neurons <= 4, optimizer = sgd', V);
  assert.deepEqual(g, {
    id: 'small',
    text: 'test-loss <= 0.18 with neurons <= 4, optimizer = sgd',
    condition: { metric: 'test-loss', op: '<=', value: 0.18 },
    constraints: [{ key: 'neurons', op: '<=', value: 4 }, { key: 'optimizer', op: '=', value: 'sgd' }],
  });
});

test('an event goal', () => {
  assert.deepEqual(parseGoal('event diverged', V).condition, { event: 'diverged' });
});

test('bad goals are refused naming the part', () => {
  assert.throws(() => parseGoal('tes-loss <= 0.1', V), /unknown metric "tes-loss"/);
  assert.throws(() => parseGoal('test-loss <= low', V), /"low" is not a number/);
  assert.throws(() => parseGoal('test-loss about 0.1', V), /is not "metric op number"/);
  assert.throws(() => parseGoal('event explode', V), /unknown event "explode"/);
  assert.throws(() => parseGoal('test-loss <= 0.1 with nerons <= 4', V), /unknown constraint key "nerons"/);
  assert.throws(() => parseGoal('test-loss <= 0.1 with optimizer < sgd', V), /text compares with = only/);
  assert.throws(() => parseGoals('loss < 1; test-loss <= x', V), /goal 2 \("test-loss <= x"\)/);
});

test('goals are numbered in order when they have no id', () => {
  assert.deepEqual(parseGoals('loss < 1\nevent trained; b: epoch >= 3', V).map((g) => g.id), ['goal-1', 'goal-2', 'b']);
});

test('a goal holds only when the condition and every constraint hold', () => {
  const settings = { ...defaults(), layers: layersCodec.parse('3:tanh,1:tanh'), optimizer: 'sgd' };
  const facts = playgroundFacts(settings);
  // 3 + 1 hidden units, counted by hand.
  assert.equal(facts.neurons, 4);
  assert.equal(facts['hidden-layers'], 2);
  assert.equal(facts.activation, 'tanh');
  const g = parseGoal('test-loss <= 0.18 with neurons <= 4, optimizer = sgd', V);
  assert.equal(holds(g, { metrics: { 'test-loss': 0.17 }, facts }), true);
  assert.equal(holds(g, { metrics: { 'test-loss': 0.19 }, facts }), false);
  assert.equal(holds(g, { metrics: { 'test-loss': 0.18 }, facts }), true);
  assert.equal(holds(g, { metrics: {}, facts }), false);
  const wide = playgroundFacts({ ...settings, layers: layersCodec.parse('8:tanh') });
  assert.equal(holds(g, { metrics: { 'test-loss': 0.01 }, facts: wide }), false);
  assert.equal(holds(g, { metrics: { 'test-loss': 0.01 }, facts: playgroundFacts({ ...settings, optimizer: 'adam' }) }), false);
});

test('the tracker reports each goal once, when first met, and keeps it', () => {
  const met = [];
  const t = new GoalTracker(parseGoals('a: loss < 0.5\nb: event trained', V), (g, r) => met.push([g.id, r.epoch, r.value]));
  t.observe({ metrics: { loss: 0.7 }, epoch: 1 });
  t.observe({ metrics: { loss: 0.4 }, epoch: 2 });
  t.observe({ metrics: { loss: 0.3 }, epoch: 3 });
  assert.deepEqual(met, [['a', 2, 0.4]]);
  t.observe({ metrics: { loss: 0.9 }, events: ['trained'], epoch: 4 });
  assert.deepEqual(met, [['a', 2, 0.4], ['b', 4, null]]);
  assert.deepEqual(t.status().map((s) => s.met), [true, true]);
});
