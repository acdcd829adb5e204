// The training worker's entry: the engine starts downloading and compiling at once, while
// the rest of the worker (commands.js) loads; commands that arrive meanwhile wait.
import { loadEngine } from '../../engine/load.js';

const engine = loadEngine();
const queued = [];
self.onmessage = (e) => queued.push(e);
import('./commands.js').then(
  ({ start }) => start(engine, queued),
  // (Its words are in i18n/en.js, `worker.notLoaded`: this file cannot count on more than itself loading.)
  (e) => self.postMessage({ type: 'error', message: `the training worker did not load: ${e.message}`, during: 'load', i18n: { key: 'worker.notLoaded', params: { message: e.message } } }),
);
