// The page's side of the race worker: commands are promises; what the worker reports on
// its own (`epoch`, `surface`, `error`) goes to the callbacks given.

const WORKER_URL = new URL('./worker.js', import.meta.url);

export class RaceClient {
  /** `on`: `{ ready(catalog), epoch(msg), surface(msg), error(message) }`. */
  constructor(on) {
    this.on = on;
    this.pending = new Map();
    this.nextId = 1;
    this.worker = new Worker(WORKER_URL, { type: 'module' });
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.worker.onerror = (e) => {
      const message = e.message || 'the race worker failed to start';
      this.rejectReady(new Error(message));
      this.on.error?.(message);
    };
    this.worker.onmessage = ({ data }) => this.receive(data);
  }

  receive(msg) {
    if (msg.type === 'reply') {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error !== undefined) p?.reject(new Error(msg.error));
      else p?.resolve(msg.result);
    } else if (msg.type === 'ready') this.resolveReady(msg.catalog);
    else if (msg.type === 'error') {
      this.rejectReady(new Error(msg.message));
      this.on.error?.(msg.message);
    } else this.on[msg.type]?.(msg);
  }

  call(type, args = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, ...args });
    });
  }

  terminate() {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error('the race was stopped'));
    this.pending.clear();
  }
}
