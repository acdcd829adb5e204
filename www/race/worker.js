// The race's worker: the engine (Rust → WebAssembly) generates and prepares the data,
// trains every contestant in lockstep (`Race`), measures them and cuts the loss surface.
// The page sends `setup`, `start`, `pause` and `surface`; between epochs the worker yields,
// so a pause is obeyed at once. Nothing here computes a loss or a weight.
import { loadEngine } from '../engine/load.js';

/** Least time between two surfaces while the race runs. */
const SURFACE_MS = 1500;
/** Grid points a side of the drawn surface: at the start and the end, and while running. */
const RESOLUTION = 41;
const RUNNING_RESOLUTION = 21;

const state = { engine: null, data: null, race: null, setup: null, running: false, generation: 0, epoch: 0, lastSurface: 0 };
const post = (msg) => self.postMessage(msg);

const handlers = {
  /**
   * `{ dataset, noise, seed, testRatio, layers, epochs, batchSize, contestants, surface }`:
   * a new race from the shared initial weights. Replies with the contestants' figures at
   * those weights (epoch 0).
   */
  setup(s) {
    const { DataTable, Race } = state.engine;
    const table = DataTable.toy(s.dataset, { noise: s.noise / 100, seed: s.seed });
    let data;
    try {
      table.configure({ split: { test: s.testRatio / 100, validation: 0, seed: s.seed } });
      data = table.prepare();
    } finally {
      table.free();
    }
    const trainRows = data.rows.train.length;
    let race;
    try {
      const layers = [...s.layers.map((l) => ({ units: l.units, activation: l.activation })), { units: data.outputs, activation: data.outputActivation }];
      race = new Race(data, {
        model: { layers, seed: s.seed },
        runs: s.contestants.map((c) => ({
          name: c.name,
          compile: { optimizer: { name: c.optimizer, learningRate: c.learningRate }, loss: data.loss },
          fit: { epochs: s.epochs, batchSize: c.batch === 'all' ? trainRows : c.batch ?? s.batchSize },
        })),
      });
    } catch (e) {
      data.free();
      throw e;
    }
    stop();
    state.race?.free();
    state.data?.free();
    Object.assign(state, { data, race, setup: s, epoch: 0 });
    return { trainRows, testRows: data.rows.test.length, task: data.task, parameters: null, figures: figures() };
  },

  start() {
    if (!state.running && !state.race.finished) {
      state.running = true;
      loop(++state.generation);
    }
    return { running: state.running };
  },

  pause() {
    stop();
    return { running: false };
  },

  /** The surface now (the page asks at the end and after a reset). */
  surface() {
    return surface();
  },
};

/** Every contestant's loss and accuracy on the training and the test part, now. */
function figures() {
  const train = state.race.evaluate(state.data, 'train');
  const test = state.data.rows.test.length ? state.race.evaluate(state.data, 'test') : null;
  return train.map((t, i) => ({ loss: t.loss, accuracy: t.accuracy ?? null, testLoss: test?.[i].loss ?? null, testAccuracy: test?.[i].accuracy ?? null }));
}

function stop() {
  state.running = false;
  state.generation += 1;
}

async function loop(generation) {
  let last = 0;
  while (state.running && generation === state.generation && !state.race.finished) {
    // At most `pace` epochs a second (0: as fast as the machine goes), so a race can be watched.
    const pace = state.setup.pace;
    const wait = pace > 0 ? last + 1000 / pace - performance.now() : 0;
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      continue;
    }
    last = performance.now();
    let epochs;
    try {
      epochs = state.race.trainEpoch();
    } catch (e) {
      state.running = false;
      post({ type: 'error', message: failure(e) });
      return;
    }
    state.epoch += 1;
    const test = state.data.rows.test.length ? state.race.evaluate(state.data, 'test') : null;
    const runs = epochs.map((r, i) => ({
      name: r.name,
      loss: r.log?.loss ?? null,
      accuracy: r.log?.accuracy ?? null,
      testLoss: test?.[i].loss ?? null,
      testAccuracy: test?.[i].accuracy ?? null,
    }));
    const finished = state.race.finished;
    if (finished) state.running = false;
    post({ type: 'epoch', epoch: state.epoch, runs, finished });
    if (finished || performance.now() - state.lastSurface > SURFACE_MS) post({ type: 'surface', surface: surface(finished ? RESOLUTION : RUNNING_RESOLUTION), finished });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * The loss over a slice through the weights of the contestant with the lowest training
 * loss, wide enough for every contestant's path (the engine places the paths on the slice;
 * a first, 2-point call gives where they lie).
 */
function surface(resolution = RESOLUTION) {
  state.lastSurface = performance.now();
  const s = state.setup;
  const train = state.race.evaluate(state.data, 'train');
  let center = 0;
  train.forEach((t, i) => {
    if (t.loss < train[center].loss) center = i;
  });
  const plane = s.surface === 'params' ? { kind: 'parameters', a: s.surfaceParams[0], b: s.surfaceParams[1] } : { kind: 'random', seed: s.seed };
  const probe = state.race.lossSurface(center, state.data, 'train', { plane, span: 1, resolution: 2 });
  const mid = [(probe.xs[0] + probe.xs[1]) / 2, (probe.ys[0] + probe.ys[1]) / 2];
  let reach = 0;
  for (const p of probe.paths) for (const [x, y] of p.points) reach = Math.max(reach, Math.abs(x - mid[0]), Math.abs(y - mid[1]));
  const span = Math.max(reach * 1.25, 0.05);
  const out = state.race.lossSurface(center, state.data, 'train', { plane, span, resolution });
  return { ...out, centerRun: state.race.names[center], epoch: state.epoch, plane: plane.kind, a: plane.a, b: plane.b };
}

function failure(e) {
  if (e instanceof WebAssembly.RuntimeError) return state.engine.lastPanic?.() ?? `the engine stopped on an internal error (${e.message})`;
  return e?.message ?? String(e);
}

const ready = loadEngine().then((mod) => {
  state.engine = mod;
  const catalog = mod.catalog();
  post({ type: 'ready', catalog: { datasets: catalog.datasets.filter((d) => d.kind === 'toy').map((d) => ({ name: d.name, title: d.title })), optimizers: catalog.optimizers.map((o) => o.name) } });
}, (e) => post({ type: 'error', message: `the engine did not load: ${e.message}` }));

self.onmessage = async ({ data: { id, type, ...args } }) => {
  try {
    await ready;
    if (!state.engine) throw new Error('the engine did not load');
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown command "${type}"`);
    if (type !== 'setup' && !state.race) throw new Error('no race set up yet');
    post({ type: 'reply', id, result: handler(args) });
  } catch (e) {
    post({ type: 'reply', id, error: failure(e) });
  }
};
