// What outlives the page: the URL hash (with the `hash` attribute, every setting, so a
// copied link replays the run) and the autosaved session (with `autosave="key"`: the
// settings, the trained model and its curves, and the uploaded files; see storage.js).
import { defaults, fromHash, hashHasSettings, toHash } from './settings.js';
import { SessionStore } from './storage.js';

/** Time a burst of changes is given to settle before the session is saved. */
const SAVE_MS = 300;

export class Session {
  constructor(el) {
    this.el = el;
    this.configure();
  }

  /** Reads the `hash` and `autosave` attributes (again, when they change). */
  configure() {
    const key = this.el.getAttribute('autosave');
    this.store = key === null ? null : new SessionStore(key || 'playground');
    this.useHash = this.el.hasAttribute('hash');
  }

  /**
   * The state to start from, over the attributes' `settings`: the hash's settings when it
   * has any, else the autosaved session's. Returns `{ settings, csv, restore }`, `restore`
   * the saved `{ model, history }` when it was trained with exactly these settings.
   */
  initial(settings) {
    const saved = this.store?.load() ?? null;
    let start = settings;
    if (this.useHash && hashHasSettings(location.hash)) start = fromHash(location.hash, settings);
    else if (saved?.settings) start = { ...settings, ...saved.settings };
    const csv = saved?.csv && start.dataset === 'csv' ? saved.csv : null;
    const same = saved?.model && JSON.stringify(saved.settings) === JSON.stringify(start);
    return { settings: start, csv, restore: same ? { model: saved.model, history: saved.history } : null };
  }

  /** Calls `apply(settings)` when a link is pasted into the address bar of the open page. */
  watchHash(apply) {
    this.unwatchHash();
    if (!this.useHash) return;
    this.onHashChange = () => {
      if (hashHasSettings(location.hash)) apply(fromHash(location.hash, defaults()));
    };
    window.addEventListener('hashchange', this.onHashChange);
  }

  unwatchHash() {
    if (this.onHashChange) window.removeEventListener('hashchange', this.onHashChange);
    this.onHashChange = null;
  }

  /**
   * Keeps the state: the hash at once, the autosave once changes settle. `state()` gives
   * `{ settings, csv, history, model: () => Promise<json | null> }` when it is saved.
   */
  save(settings, state) {
    if (this.useHash) history.replaceState(null, '', toHash(settings));
    if (!this.store) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(async () => {
      const s = state();
      const model = await s.model();
      const failed = await this.store.save({ settings: s.settings, model, csv: s.csv, history: model ? s.history : null });
      // Said once per failure spell; the last saved session stays as it was.
      if (failed && !this.failing) this.onSaveFailed?.(`Autosave: ${failed}; the session saved before is kept.`);
      this.failing = Boolean(failed);
    }, SAVE_MS);
  }

  /** The files of a restored upload kept in IndexedDB (see `SessionStore.loadFiles`). */
  async restoreFiles(csv) {
    return csv?.stored ? (this.store?.loadFiles(csv) ?? null) : csv;
  }

  stop() {
    this.unwatchHash();
    clearTimeout(this.saveTimer);
  }
}
