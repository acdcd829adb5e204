// The autosaved session: the settings, the trained model and its curves in localStorage;
// the uploaded files (an upload and its test file) in IndexedDB, which holds files of any
// size the browser allows. A save that does not fit keeps the last saved session whole.
import { msg } from './i18n/i18n.js';

/** Uploads up to this size are also read as text, and kept with the record. */
export const MAX_SAVED_CSV_BYTES = 1_000_000;

const DB = 'nnplay';
const FILES = 'files';

/** The files store, opened once per page. */
let opening = null;
function files() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(FILES);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

/** Runs one request on the files store; resolves with its result. */
async function onFiles(mode, act) {
  const db = await files();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(FILES, mode);
    const request = act(tx.objectStore(FILES));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Why a save failed, in words for the status line. */
function reason(e) {
  return e?.name === 'QuotaExceededError' ? msg('storage.full') : (e?.message ?? String(e));
}

export class SessionStore {
  constructor(key) {
    this.key = `nnplay:${key}`;
  }

  /**
   * `{ settings, model, csv, history }` or null. An upload kept in IndexedDB comes as
   * `csv: { stored: true, fileName, options, test }` until `loadFiles` reads it.
   */
  load() {
    try {
      const text = localStorage.getItem(this.key);
      return text ? JSON.parse(text) : null;
    } catch {
      return null;
    }
  }

  /**
   * The files of a restored upload (`csv.stored`): `{ file, fileName, options, test }`,
   * or null when they are gone (storage cleared).
   */
  async loadFiles(csv) {
    try {
      const [file, test] = await Promise.all([
        onFiles('readonly', (s) => s.get(`${this.key}:csv`)),
        csv.test ? onFiles('readonly', (s) => s.get(`${this.key}:test`)) : null,
      ]);
      if (!file || (csv.test && !test)) return null;
      return { file, text: null, fileName: csv.fileName, options: csv.options, test: test ? { file: test, text: null, fileName: csv.test.fileName } : null };
    } catch {
      return null;
    }
  }

  /**
   * Saves `{ settings, model, csv, history }`: small uploads as text in the record, larger
   * ones (with their `File`) in IndexedDB. Resolves with null, or with the reason nothing
   * was saved (the last saved session then stays as it was).
   */
  async save({ settings, model, csv, history }) {
    let kept = null;
    try {
      kept = csv ? await this.keepFiles(csv) : null;
    } catch (e) {
      return reason(e);
    }
    try {
      localStorage.setItem(this.key, JSON.stringify({ settings, model, csv: kept, history }));
      return null;
    } catch (e) {
      return reason(e);
    }
  }

  /** The record's part for an upload: its text when small, else a note that IndexedDB has it. */
  async keepFiles(csv) {
    const small = (f) => f.text && f.text.length <= MAX_SAVED_CSV_BYTES;
    if (small(csv) && (!csv.test || small(csv.test))) {
      const test = csv.test ? { text: csv.test.text, fileName: csv.test.fileName } : null;
      return { text: csv.text, fileName: csv.fileName, options: csv.options, test };
    }
    const blob = (f) => f.file ?? new Blob([f.text], { type: 'text/csv' });
    await onFiles('readwrite', (s) => s.put(blob(csv), `${this.key}:csv`));
    if (csv.test) await onFiles('readwrite', (s) => s.put(blob(csv.test), `${this.key}:test`));
    return { stored: true, fileName: csv.fileName, options: csv.options, test: csv.test ? { fileName: csv.test.fileName } : null };
  }

  clear() {
    try {
      localStorage.removeItem(this.key);
    } catch {
      // storage may be unavailable (private mode); nothing to clear then
    }
    onFiles('readwrite', (s) => s.delete(IDBKeyRange.bound(`${this.key}:`, `${this.key}:\uffff`))).catch(() => {});
  }
}
