// Spreads drawing over animation frames so that no frame carries much work: each named job
// (figures, boundary, diagram, charts) runs at most once per its interval, one job per
// frame, the longest-waiting first. A job requested again before it ran is replaced, so
// only the newest state is drawn.

export class FrameScheduler {
  constructor() {
    /** name → { run, every, last, pending, since } */
    this.jobs = new Map();
    this.timer = 0;
    this.frame = 0;
  }

  /** Asks for `run` to be called in a coming frame, at least `every` ms after its last run. */
  request(name, run, every = 0) {
    const job = this.jobs.get(name) ?? { last: -Infinity };
    Object.assign(job, { run, every, pending: true, since: job.pending ? job.since : performance.now() });
    this.jobs.set(name, job);
    this.plan();
  }

  /** Runs a pending job now (for example the final figures when training ends). */
  flush(name) {
    const job = this.jobs.get(name);
    if (job?.pending) this.runJob(job);
  }

  /** Drops a pending job (what it would draw is out of date). */
  cancel(name) {
    const job = this.jobs.get(name);
    if (job) job.pending = false;
  }

  cancelAll() {
    clearTimeout(this.timer);
    cancelAnimationFrame(this.frame);
    this.timer = 0;
    this.frame = 0;
    this.jobs.clear();
  }

  plan() {
    if (this.timer || this.frame) return;
    const now = performance.now();
    let due = Infinity;
    for (const job of this.jobs.values()) if (job.pending) due = Math.min(due, job.last + job.every);
    if (due === Infinity) return;
    const go = () => {
      this.timer = 0;
      this.frame = requestAnimationFrame(() => this.tick());
    };
    if (due <= now) go();
    else this.timer = setTimeout(go, due - now);
  }

  tick() {
    this.frame = 0;
    const now = performance.now();
    let next = null;
    for (const job of this.jobs.values()) {
      if (job.pending && job.last + job.every <= now && (!next || job.since < next.since)) next = job;
    }
    if (next) this.runJob(next);
    this.plan();
  }

  runJob(job) {
    job.pending = false;
    job.last = performance.now();
    job.run();
  }
}
