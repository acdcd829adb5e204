// What outlives the page: the URL hash (with the `hash` attribute, every setting, so a
// copied link replays the run) and the autosaved session (with `autosave="key"`: the
// settings, the trained model and its curves, and the uploaded files; see storage.js).
import { defaults, fromHash, hashHasSettings, toHash } from './settings.js';
import { SessionStore } from './storage.js';
import { msg } from './i18n/i18n.js';

/** Time a burst of changes is given to settle before the session is saved. */
const SAVE_MS = 300;
/** The most characters of packed files a copied link carries (a link stays shareable). */
export const MAX_LINK_FILE_CHARS = 24_000;

/** `text` deflated and in base64url, for a link. */
async function pack(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer()).toBase64({ alphabet: 'base64url', omitPadding: true });
}

/** The text `pack` made. */
async function unpack(packed) {
  const bytes = Uint8Array.fromBase64(packed, { alphabet: 'base64url' });
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
}

/** An upload's text, read from its file when it was not kept (null past `limit` bytes). */
async function textOf(f, limit) {
  if (f.text != null) return f.text;
  return f.file && f.file.size <= limit ? f.file.text() : null;
}

/** `1.2 MB`, `35 kB`. */
function size(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

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
    let csv = null;
    const linked = this.useHash && hashHasSettings(location.hash);
    if (linked) start = fromHash(location.hash, settings);
    else if (saved?.settings) start = { ...settings, ...saved.settings };
    // A link made after an upload names the file, and holds it when it was small enough.
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    const named = linked ? params.get('fileName') : null;
    if (start.dataset === 'csv' && linked && params.has('file')) {
      const test = params.has('testFile') ? { packed: params.get('testFile'), fileName: params.get('testFileName') } : null;
      csv = { packed: params.get('file'), fileName: named, options: JSON.parse(params.get('fileOptions') ?? '{}'), test };
    } else if (saved?.csv && start.dataset === 'csv' && (!named || named === saved.csv.fileName)) {
      csv = saved.csv;
    }
    /** The upload a link was made with but does not hold (and this browser has not kept). */
    this.missingFile = start.dataset === 'csv' && !csv ? (named ?? 'an uploaded file') : null;
    const same = saved?.model && JSON.stringify(saved.settings) === JSON.stringify(start);
    return { settings: start, csv, restore: same ? { model: saved.model, history: saved.history } : null };
  }

  /**
   * Calls `apply(settings)` when a link is pasted into the address bar of the open page;
   * the settings the link leaves out are those of `base(dataset)`, its data set's defaults.
   */
  watchHash(apply, base = () => defaults()) {
    this.unwatchHash();
    if (!this.useHash) return;
    this.onHashChange = () => {
      if (hashHasSettings(location.hash)) apply(fromHash(location.hash, base(fromHash(location.hash).dataset)));
    };
    window.addEventListener('hashchange', this.onHashChange);
  }

  /**
   * The link that replays the run: `{ url, note }`. After an upload, the link names the
   * file and carries it (packed) when it fits in MAX_LINK_FILE_CHARS; `note` says which.
   */
  async link(settings, csv) {
    const url = `${location.href.split('#')[0]}${toHash(settings)}`;
    if (settings.dataset !== 'csv' || !csv) return { url, note: msg('link.replays') };
    const params = new URLSearchParams({ fileName: csv.fileName });
    const limit = MAX_LINK_FILE_CHARS * 8; // deflate seldom packs a CSV more than 8 times
    const [text, testText] = await Promise.all([textOf(csv, limit), csv.test ? textOf(csv.test, limit) : null]);
    const packed = text == null ? null : await pack(text);
    const packedTest = testText == null ? null : await pack(testText);
    const fits = packed && packed.length + (csv.test ? packedTest?.length ?? Infinity : 0) <= MAX_LINK_FILE_CHARS;
    const bytes = csv.file?.size ?? text?.length ?? 0;
    if (!fits) {
      return { url: `${url}&${params}`, note: msg('link.tooBig', { files: csv.test ? msg('link.twoFiles', { a: csv.fileName, b: csv.test.fileName }) : csv.fileName, size: size(bytes) }) };
    }
    params.set('file', packed);
    if (Object.keys(csv.options ?? {}).length) params.set('fileOptions', JSON.stringify(csv.options));
    if (csv.test) {
      params.set('testFile', packedTest);
      params.set('testFileName', csv.test.fileName);
    }
    const files = csv.test ? msg('link.twoFiles', { a: csv.fileName, b: csv.test.fileName }) : csv.fileName;
    return { url: `${url}&${params}`, note: msg('link.holds', { files, size: size(packed.length + (packedTest?.length ?? 0)) }) };
  }

  /** The files a link carried (`csv.packed`), unpacked into an upload. */
  async unpackFiles(csv) {
    const text = await unpack(csv.packed);
    const test = csv.test ? { text: await unpack(csv.test.packed), fileName: csv.test.fileName } : null;
    return { text, fileName: csv.fileName, options: csv.options, test };
  }

  /** Forgets the autosaved session (settings, model, curves and kept files) and the link. */
  forget() {
    this.store?.clear();
    if (this.useHash) history.replaceState(null, '', location.href.split('#')[0]);
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
      if (failed && !this.failing) this.onSaveFailed?.(msg('status.autosaveFailed', { reason: failed }));
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
