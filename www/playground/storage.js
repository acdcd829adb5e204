// The autosaved session in localStorage: the settings, the trained model and, when it is
// small enough, the uploaded CSV, restored on the next visit.

/** Uploads above this size are not kept (localStorage holds a few MB). */
export const MAX_SAVED_CSV_BYTES = 1_000_000;

export class SessionStore {
  constructor(key) {
    this.key = `nnplay:${key}`;
  }

  /** `{ settings, model, csv, history }` or null. */
  load() {
    try {
      const text = localStorage.getItem(this.key);
      return text ? JSON.parse(text) : null;
    } catch {
      return null;
    }
  }

  /** Saves quietly; a full storage keeps the settings without the model and data. */
  save({ settings, model, csv, history }) {
    const size = (csv?.text?.length ?? 0) + (csv?.test?.text?.length ?? 0);
    const keepCsv = csv?.text && size <= MAX_SAVED_CSV_BYTES ? csv : null;
    const attempts = [{ settings, model, csv: keepCsv, history }, { settings, model: null, csv: null, history: null }];
    for (const value of attempts) {
      try {
        localStorage.setItem(this.key, JSON.stringify(value));
        return true;
      } catch {
        // try the smaller record
      }
    }
    return false;
  }

  clear() {
    try {
      localStorage.removeItem(this.key);
    } catch {
      // storage may be unavailable (private mode); nothing to clear then
    }
  }
}
