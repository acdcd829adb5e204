// The page's side of the training worker: commands are promises, and what the worker
// reports on its own (progress, snapshots, errors) goes to the callbacks given. `ready`
// resolves with the engine's catalog (every name and default the page offers).

import { errorText, t } from './i18n/i18n.js';

const WORKER_URL = new URL('./worker/training-worker.js', import.meta.url);

/** A started worker whose first messages wait in `early` until a client takes it. */
function startWorker() {
  const worker = new Worker(WORKER_URL, { type: 'module' });
  const early = [];
  worker.onmessage = (e) => early.push(['message', e]);
  worker.onerror = (e) => early.push(['error', e]);
  return { worker, early };
}

let spare = null;

/**
 * Starts a worker (and the engine in it) before any element asks for one, so that it loads
 * while the page loads the element's code; the first WorkerClient takes it.
 */
export function prestartWorker() {
  spare ??= startWorker();
}

export class WorkerClient {
  /** `on`: `{ ready, progress, snapshot, trained, error }` callbacks, each optional. */
  constructor(on) {
    this.on = on;
    this.pending = new Map();
    this.nextId = 1;
    const { worker, early } = spare ?? startWorker();
    spare = null;
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    const onError = (event) => {
      const message = event.message || t('worker.failedToStart');
      this.rejectReady(new Error(message));
      this.on.error?.({ message, during: 'load' });
    };
    this.worker.onmessage = ({ data }) => this.receive(data);
    this.worker.onerror = onError;
    for (const [kind, e] of early) {
      if (kind === 'message') this.receive(e.data);
      else onError(e);
    }
  }

  receive(msg) {
    switch (msg.type) {
      case 'reply': {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        // `recover`: a way out the page can offer (see worker/data.js).
        if (msg.error !== undefined) p?.reject(Object.assign(new Error(errorText(msg.error, msg.i18n)), { recover: msg.recover }));
        else p?.resolve(msg.result);
        break;
      }
      case 'ready':
        this.resolveReady(msg.catalog);
        break;
      case 'error': {
        const report = { ...msg, message: errorText(msg.message, msg.i18n) };
        if (msg.during === 'load') this.rejectReady(new Error(report.message));
        this.on.error?.(report);
        break;
      }
        break;
      default:
        this.on[msg.type]?.(msg);
    }
  }

  /** Sends a command and resolves with the worker's answer (rejects with its error). */
  async call(type, args = {}, transfer = []) {
    await this.ready;
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, ...args }, transfer);
    });
  }

  terminate() {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error('the playground was removed'));
    this.pending.clear();
  }
}
