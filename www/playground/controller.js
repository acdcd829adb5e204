// The playground's state and what changes it: settings (routed by their kind in
// settings.js: new data, a new model, or a live change), uploads and column choices, in
// one queue so that a later change never races an earlier one and a failed change rolls
// back only itself. Training itself (play, pause, step, reset, imports) is in run.js.
import { changeKind, changedKeys, switchSet } from './settings.js';
import { columnChoices } from './data-panel.js';
import { MAX_SAVED_CSV_BYTES } from './storage.js';
import { grouped, msg } from './i18n/i18n.js';

export class Controller {
  /**
   * `host`: `{ view, session, client(), emit(type, detail), observe(event), link(), startFresh() }` — the element's
   * parts. `settings`: the starting settings; `csv`: a restored upload or null.
   */
  constructor(host, settings, csv) {
    this.host = host;
    this.settings = settings;
    this.csv = csv;
    this.catalog = null;
    this.info = null;
    this.dataError = null;
    // The last failed load's `{ message, recover }` (see worker-client.js).
    this.lastFailure = null;
    // An upload that failed on missing values, kept so a policy can be applied to it.
    this.failedCsv = null;
    this.queue = Promise.resolve(true);
    this.run = null; // set by the element: the Run (run.js)
  }

  get view() {
    return this.host.view;
  }

  call(type, args, transfer) {
    return this.host.client().call(type, args, transfer);
  }

  /** Runs `job` after every change before it; resolves with its result. */
  enqueue(job) {
    this.queue = this.queue.then(job, job);
    return this.queue;
  }

  update(patch) {
    return this.enqueue(() => this.applyUpdate(patch));
  }

  async applyUpdate(patch) {
    const previous = this.settings;
    // Another data set brings its suggested settings (those the patch does not give).
    const { settings: next, note } = switchSet(this.catalog, previous, patch);
    const kind = changeKind(changedKeys(previous, next));
    if (!kind) return true;
    this.settings = next;
    let ok;
    if (kind === 'data') ok = await this.loadData(next);
    else if (kind === 'model') ok = await this.rebuild(next);
    else ok = await this.run.live(patch, next);
    if (!ok) this.settings = previous;
    this.persist();
    // A refused change: every menu shows the value in force again.
    if (!ok) this.view.invalidate();
    else if (note) this.view.status(note);
    else if (this.view.statusIsError()) this.view.status(msg('status.changed', { names: Object.keys(patch).join(', ') }));
    // Every panel that shows a changed setting is rebuilt (the output note follows the loss).
    this.renderPanels();
    return ok;
  }

  /** Loads data for `settings`; on failure shows the error and keeps the previous state. */
  async loadData(settings, csv = this.csv) {
    const fileOf = (f) => ({ file: f.file ?? null, text: f.file ? null : f.text, fileName: f.fileName });
    const source = settings.dataset === 'csv' && csv
      ? { kind: 'csv', ...fileOf(csv), options: csv.options, test: csv.test ? fileOf(csv.test) : null }
      : { kind: 'builtin', name: settings.dataset };
    try {
      this.startLoading(source.fileName, csv?.file?.size ?? csv?.text?.length ?? 0);
      this.view.status(msg('status.loadingData'));
      const result = await this.call('setData', { source, settings });
      this.info = result.info;
      this.dataError = null;
      this.lastFailure = null;
      this.failedCsv = null;
      this.view.setData(result.info);
      this.run.newModel(result.model);
      this.stopLoading();
      this.view.status(msg('status.loaded', { name: result.info.name }));
      this.renderPanels();
      return true;
    } catch (e) {
      this.stopLoading();
      this.lastFailure = { message: e.message, recover: e.recover };
      this.dataError = e.message;
      this.failedCsv = e.recover === 'missing' && settings.dataset === 'csv' ? csv : null;
      this.fail(e.message, 'data');
      this.renderPanels();
      return false;
    }
  }

  async rebuild(settings) {
    try {
      const { model } = await this.call('rebuild', { settings });
      this.run.newModel(model);
      this.view.status(msg('status.newWeights'));
      return true;
    } catch (e) {
      return this.fail(e.message);
    }
  }

  loadFile(file) {
    return this.enqueue(() => this.applyFile(file));
  }

  async applyFile(file) {
    // The worker reads the file itself (a File crosses to it without a copy); only a file
    // small enough to autosave is also read here.
    const text = file.size <= MAX_SAVED_CSV_BYTES ? await file.text() : null;
    const csv = { file, text, fileName: file.name, options: {} };
    if (await this.loadData({ ...this.settings, dataset: 'csv' }, csv)) {
      this.csv = csv;
      this.settings = { ...this.settings, dataset: 'csv' };
      this.persist();
      this.renderPanels();
    }
  }

  /**
   * A second file whose rows become the test part of the upload (`null`: back to the
   * split); a file that does not fit the upload's columns shows its error and changes
   * nothing.
   */
  loadTestFile(file) {
    return this.enqueue(async () => {
      if (!this.csv) return false;
      const text = file && file.size <= MAX_SAVED_CSV_BYTES ? await file.text() : null;
      const csv = { ...this.csv, test: file ? { file, text, fileName: file.name } : null };
      if (!(await this.loadData(this.settings, csv))) return false;
      this.csv = csv;
      this.persist();
      this.renderPanels();
      return true;
    });
  }

  /**
   * A change in the column choices (see `columnChoices`): the file is read again; a choice
   * the data cannot take shows its error and keeps the previous state.
   */
  setCsvOptions(change) {
    return this.enqueue(async () => {
      let options;
      try {
        options = columnChoices(this.csv.options, change);
      } catch (e) {
        this.fail(e.message);
        this.renderPanels();
        return;
      }
      const csv = { ...this.csv, options };
      if (await this.loadData(this.settings, csv)) {
        this.csv = csv;
        this.persist();
        this.renderPanels();
      }
    });
  }

  /**
   * Loads the upload that just failed on missing values again under `missing` (a policy
   * name): the way out the data panel offers beside the error.
   */
  retryMissing(missing) {
    return this.enqueue(async () => {
      const csv = this.failedCsv;
      if (!csv) return false;
      const settings = { ...this.settings, dataset: 'csv', missing };
      if (!(await this.loadData(settings, csv))) return false;
      this.csv = csv;
      this.settings = settings;
      this.persist();
      this.renderPanels();
      return true;
    });
  }

  /** Starts saying how the loading of an upload goes, once a second (a big file takes a while). */
  startLoading(name, bytes) {
    this.stopLoading();
    if (!name) return;
    this.loadingFile = { name, bytes, started: performance.now(), last: { stage: 'reading' } };
    this.loadingTimer = setInterval(() => this.loading(this.loadingFile.last), 1000);
  }

  stopLoading() {
    clearInterval(this.loadingTimer);
    this.loadingFile = null;
  }

  /**
   * A stage of loading reported by the worker (`{ stage, rows }`): for an upload, the status
   * names the file, its size, the stage and the time so far.
   */
  loading({ stage, rows }) {
    const f = this.loadingFile;
    if (!f?.name) return;
    f.last = { stage, rows };
    const seconds = (performance.now() - f.started) / 1000;
    const params = { name: f.name, megabytes: (f.bytes / 1e6).toFixed(1), stage: msg(`stage.${stage}`), count: grouped(rows ?? 0),
      time: seconds >= 1 ? msg('time.seconds', { count: Math.round(seconds) }) : '' };
    const key = `status.loadingFile${f.bytes >= 1e6 ? 'Size' : ''}${rows ? 'Rows' : ''}`;
    this.view.status(msg(key, params));
  }

  /** Rebuilds the panels whose content changed. */
  renderPanels() {
    const c = this;
    this.view.renderPanels({
      // Read when used, so a panel that was not rebuilt still sees the current state.
      get settings() { return c.settings; },
      get info() { return c.info; },
      get csv() { return c.csv; },
      get error() { return c.dataError; },
      get failedFile() { return c.failedCsv?.fileName ?? null; },
      get catalog() { return c.catalog; },
      get label() { return c.host.label; },
      update: (patch) => this.update(patch),
      loadFile: (file) => this.loadFile(file),
      loadTestFile: (file) => this.loadTestFile(file),
      setCsvOptions: (change) => this.setCsvOptions(change),
      retryMissing: (policy) => this.retryMissing(policy),
      link: () => this.host.link(),
      startFresh: () => this.host.startFresh(),
      exportModel: () => this.run.download().catch((e) => this.fail(e.message)),
      exportOnnx: () => this.run.downloadOnnx().catch((e) => this.fail(e.message)),
      downloadPage: () => this.run.downloadPage().catch((e) => this.fail(e.message)),
      importModel: (file) => file.text().then((json) => this.run.importModel(json)).catch((e) => this.fail(e.message)),
      downloadData: () => this.run.downloadData(),
      status: (text) => this.view.status(text),
    });
  }

  /** Shows an error in the status line and emits an `error` event; returns false. */
  fail(message, during = 'settings') {
    this.view.status(msg('status.error', { message }));
    this.host.emit('error', { message: String(message), during });
    return false;
  }

  /** Keeps the settings in the hash and, with autosave, the session. */
  persist() {
    this.host.session.save(this.settings, () => ({
      settings: this.settings,
      csv: this.csv,
      history: this.run.history,
      model: () => (this.run.history.length && !this.run.running ? this.run.exportModel().catch(() => null) : Promise.resolve(null)),
    }));
  }
}
