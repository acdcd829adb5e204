// The worker's data: a `DataTable` (a generated 2-D set, a built-in CSV or the user's file)
// configured from the settings and prepared by the engine — a `PreparedData` that stays in
// the engine, where the model trains on it — plus what drawing needs: the points to plot,
// a grid over two features, the digit images.
import { dataConfig, entry } from '../model-spec.js';
import { pageError } from '../i18n/i18n.js';

/** Digit images sent to the page for the grid of test predictions. */
const DIGIT_SAMPLES = 40;

/**
 * `source`: `{ kind: 'builtin', name }` or `{ kind: 'csv', file | text, fileName, options,
 * test }` where `options` holds the user's column choices (`label`, `ignored`, `types`,
 * `labelKind`, `splitColumn`) and `test`, when given, a second file (`{ file | text,
 * fileName }`) that holds the test rows.
 * Throws with a readable message (naming row and column for a bad cell); nothing changes.
 */
export async function loadDataset(engine, catalog, source, settings, stage = () => {}) {
  stage('reading');
  const { table, name, set, bytes } = await openTable(engine, catalog, source, settings);
  stage('preparing', table.rows);
  let testTable = null;
  try {
    const { splitColumn, ...choices } = source.kind === 'csv' ? source.options ?? {} : {};
    const config = dataConfig(settings, set?.image ?? null);
    if (splitColumn) config.split = { ...config.split, column: splitColumn };
    table.configure({ ...choices, ...config });
    if (source.kind === 'csv' && source.test) stage('reading the test file');
    testTable = source.kind === 'csv' && source.test ? (await parseFile(engine, source.test)).table : null;
    let prepared;
    try {
      prepared = testTable ? table.prepareWithTest(testTable) : table.prepare();
    } catch (e) {
      const problems = table.problems(3);
      // Missing values the other policies would take: the page offers them for this file,
      // in its own words (so the message leaves out the policy names).
      const recover = problems.some((p) => p.missingValue) ? 'missing' : undefined;
      throw Object.assign(new Error(describeProblems(problems, e, recover)), { recover });
    }
    const toy = set?.kind === 'toy' ? { ...engine.generateToy(source.name, toyOptions(settings)), transforms: settings.transforms } : null;
    const data = wrap(engine, catalog, table, prepared, { name, toy, set, fileName: source.fileName ?? null, testTable, testFileName: source.test?.fileName ?? null });
    // The model card names the data by the SHA-256 of its file (a 2-D set: of its CSV).
    // (Browsers give SHA-256 only to secure contexts: elsewhere the card says it is unknown.)
    data.sha256 = globalThis.crypto?.subtle ? await sha256(bytes ?? new TextEncoder().encode(data.csvText())) : null;
    return data;
  } catch (e) {
    table.free();
    testTable?.free();
    throw e;
  }
}

/**
 * A file as `{ table, bytes }`: parsed from its bytes when there is a `File` (the engine
 * checks the encoding), else from its text.
 */
async function parseFile({ DataTable }, { file, text }) {
  if (!file) return { table: DataTable.parseCsv(text, undefined), bytes: new TextEncoder().encode(text) };
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { table: DataTable.parseCsvBytes(bytes, undefined), bytes };
}

/** SHA-256 of `bytes` as 64 hex digits, as `sha256sum` prints it. */
async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function toyOptions(settings) {
  return { noise: settings.noise / 100, seed: settings.seed, transforms: settings.transforms };
}

/** The table of a source: `{ table, name, set }` (`set`: the catalog entry, if built in). */
async function openTable(engine, catalog, source, settings) {
  const { DataTable } = engine;
  if (source.kind === 'csv') return { ...(await parseFile(engine, source)), name: source.fileName, set: null };
  const set = entry(catalog.datasets, source.name);
  if (!set) throw pageError('worker.noDataset', { name: source.name });
  if (set.kind === 'toy') return { table: DataTable.toy(set.name, toyOptions(settings)), name: set.title, set, bytes: null };
  const bytes = await fetchBytes(set.file, set.title);
  return { table: DataTable.parseCsvBytes(bytes, undefined), name: set.title, set, bytes };
}

async function fetchBytes(file, title) {
  const url = new URL(`../../datasets/${file}`, import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw pageError('worker.datasetFetch', { title, file, status: response.status });
  return new Uint8Array(await response.arrayBuffer());
}

/** The first problems of the table (up to 3), or the error itself. */
function describeProblems(problems, error, recover) {
  if (!problems.length) return error.message;
  const more = problems.length === 3 ? ' …' : '';
  return problems.map((p) => (recover ? p.short : p.text)).join('; ') + more;
}

/** A part's arrays, copied out once for drawing, or null when the part is empty. */
function part(prepared, name, rows) {
  const x = prepared.x(name);
  return x.length ? { x, y: prepared.y(name), rows: rows.length, tableRows: rows } : null;
}

function describe(catalog, table, prepared, { name, toy, set, fileName, testTable, testFileName }, train, val, test) {
  const task = prepared.task;
  const classes = task === 'multiclass' ? prepared.outputs : task === 'binary' ? 2 : 0;
  const labelNames = prepared.labelNames.length ? prepared.labelNames : null;
  const featureNames = prepared.featureNames;
  const image = prepared.imageShape;
  const schema = toy ? null : table.schema();
  const preview = toy ? null : table.preview(8);
  return {
    name,
    builtin: set?.name ?? null,
    sklearnLoader: set?.sklearnLoader ?? null,
    file: set?.file ?? null,
    fileName,
    task,
    classes,
    labelNames,
    featureNames,
    plotNames: toy ? ['x1', 'x2'] : featureNames,
    // The pair the output view starts on and why (`f_score`, `correlation` or `first`):
    // the engine's ranking of the inputs on the training part.
    plot: toy ? { features: [0, 1], method: 'first' } : prepared.informativePair(),
    plotLabels: toy ? Object.fromEntries(catalog.transforms.map((t) => [t.name, t.label])) : {},
    inputs: prepared.inputs,
    rows: { train: train.rows, val: val?.rows ?? 0, test: test.rows },
    dropped: prepared.dropped.length,
    scaling: prepared.preprocessing.scaler.kind,
    scaled: prepared.preprocessing.scaler.kind !== 'none',
    preview: preview ? { header: preview.columns, rows: preview.rows, rowNumbers: preview.rowNumbers } : null,
    // What the import did on its own (title rows skipped, columns left out), each with why.
    warnings: toy ? [] : table.warnings().map((w) => w.text),
    schema: schema ? { columns: schema.columns, label: schema.label, labelKind: schema.labelKind, task: schema.task, text: schema.config?.text ?? null } : null,
    isToy: Boolean(toy),
    isImage: Boolean(image),
    // `[width, height]` of image rows, and the number of token ids of text given as ids:
    // what the convolution and embedding layers read (model-spec.js).
    imageShape: image ?? null,
    tokenIds: prepared.tokenIds ?? null,
    // The most frequent words of text given as token ids, to try in the embedding view.
    vocabulary: prepared.preprocessing.features.find((f) => f.encoding.sequence)?.encoding.sequence.vocabulary.slice(0, 12) ?? null,
    images: image ? digitImages(testTable ?? table, featureNames, test, DIGIT_SAMPLES) : null,
    // The test rows' own file, when they come from one.
    testFile: testFileName ? { name: testFileName, rows: test.rows, dropped: prepared.testDropped.length } : null,
    splitColumn: schema?.config?.split?.column ?? null,
    // What "Try your own row" needs (try-panel.js); none for the 2-D sets and images.
    tryRow: toy || image ? null : tryRow(testTable ?? table, prepared.preprocessing, test, labelNames),
  };
}

/** Test rows this far down the file or further are not read for the examples. */
const EXAMPLE_ROWS_READ = 1000;

/**
 * The feature columns as the fitted preprocessing encodes them (`{ name, kind: 'numeric' |
 * 'categorical' | 'text', categories }`, in file order, as `predictRows` takes their
 * cells) and up to three test rows to try (`{ cells, rowNumber, label }`: the first of
 * each class first; `label` is the row's class, or null for a number label).
 */
function tryRow(source, preprocessing, test, labelNames) {
  const columns = preprocessing.features.map(({ column, encoding }) => {
    const [kind, detail] = Object.entries(encoding)[0];
    if (kind === 'numeric') return { name: column, kind };
    if (kind === 'categorical') return { name: column, kind, categories: detail.categories };
    return { name: column, kind: 'text' };
  });
  const picks = [];
  const seen = new Set();
  for (let k = 0; k < test.rows && picks.length < 3; k += 1) {
    const row = test.tableRows[k];
    const label = labelNames ? labelNames[test.y[k]] ?? null : null;
    if (row >= EXAMPLE_ROWS_READ || seen.has(label)) continue;
    seen.add(label);
    picks.push({ row, label, test: true });
    if (!labelNames) break;
  }
  // A file whose test rows all come late: its first row, as it is, to start from.
  if (!picks.length) picks.push({ row: 0, label: null, test: false });
  const preview = source.preview(Math.max(...picks.map((p) => p.row)) + 1);
  // A test file may order its columns differently: they are found by name.
  const at = preprocessing.features.map((f) => {
    const i = preview.columns.indexOf(f.column);
    return i >= 0 ? i : f.index;
  });
  const examples = picks.map(({ row, label, test: fromTest }) => ({
    cells: at.map((i) => preview.rows[row][i] ?? ''),
    rowNumber: preview.rowNumbers[row],
    label,
    test: fromTest,
  }));
  return { columns, examples };
}

/** Refuses data with no training or no test rows, saying how to get some. */
function needRows(train, test, source) {
  if (!train) throw new Error('the split leaves no training rows: lower the test or validation part');
  if (!test) {
    throw new Error(source.testTable ? 'the test file has no rows'
      : 'the split leaves no test rows: raise the test part, mark test rows in a split column, or add a test file');
  }
}

function wrap(engine, catalog, table, prepared, source) {
  const { rows } = prepared;
  const train = part(prepared, 'train', rows.train);
  const val = part(prepared, 'validation', rows.validation);
  const test = part(prepared, 'test', rows.test);
  needRows(train, test, source);
  const info = describe(catalog, table, prepared, source, train, val, test);
  const { toy } = source;
  // Read once: each read of a PreparedData getter is a call into the engine.
  const { inputs } = prepared;
  const stats = toy ? null : columnStats(train.x, inputs);
  const domain = [-catalog.toyDomain, catalog.toyDomain];
  return {
    table,
    prepared,
    inputs,
    outputs: prepared.outputs,
    task: info.task,
    classes: info.classes,
    imageShape: info.imageShape,
    tokenIds: info.tokenIds,
    train,
    val,
    test,
    isToy: Boolean(toy),
    info,

    /**
     * A `res × res` grid over features `[i, j]` (rows from the top): `{ raw | inputs,
     * xDomain, yDomain }`. For the 2-D sets the grid spans x1, x2 over the sets' domain and
     * `raw` holds its features unscaled (for `predictRaw`, which scales them as the data
     * was). Otherwise the grid spans the model's (scaled) inputs i and j, the others at
     * their training mean, in `inputs`.
     */
    grid(features, res) {
      if (toy) return { raw: engine.toyFeatures(plane(res, domain, domain), toy.transforms), xDomain: domain, yDomain: domain };
      const [fi, fj] = features;
      const xDomain = pad(stats.min[fi], stats.max[fi]);
      const yDomain = pad(stats.min[fj], stats.max[fj]);
      const xy = plane(res, xDomain, yDomain);
      const x = new Float32Array(res * res * inputs);
      for (let p = 0; p < res * res; p += 1) {
        const row = p * inputs;
        x.set(stats.mean, row);
        x[row + fi] = xy[2 * p];
        x[row + fj] = xy[2 * p + 1];
      }
      return { inputs: x, xDomain, yDomain };
    },

    /** The train and test points in the plotted features, with their targets. */
    points(features) {
      const pick = (p) => {
        const xy = new Float32Array(p.rows * 2);
        for (let r = 0; r < p.rows; r += 1) {
          const [src, i, j] = toy ? [toy.points, 2 * p.tableRows[r], 2 * p.tableRows[r] + 1] : [p.x, r * inputs + features[0], r * inputs + features[1]];
          xy[2 * r] = src[i];
          xy[2 * r + 1] = src[j];
        }
        return { xy, y: Float32Array.from(p.y) };
      };
      return { train: pick(train), test: pick(test) };
    },

    /** The 2-D set as CSV (x1, x2, label), for the scripts of "Show code". */
    csvText() {
      if (!toy) throw new Error('only the 2-D sets can be downloaded');
      const lines = ['x1,x2,label'];
      for (let i = 0; i < toy.labels.length; i += 1) lines.push(`${toy.points[2 * i]},${toy.points[2 * i + 1]},${toy.labels[i]}`);
      return `${lines.join('\n')}\n`;
    },

    free() {
      prepared.free();
      table.free();
      source.testTable?.free();
    },
  };
}

/** The centres of a `res × res` grid over `xDomain × yDomain`, as (x, y) pairs, rows from the top. */
function plane(res, xDomain, yDomain) {
  const points = new Float32Array(res * res * 2);
  for (let r = 0; r < res; r += 1) {
    for (let c = 0; c < res; c += 1) {
      points[2 * (r * res + c)] = xDomain[0] + ((c + 0.5) / res) * (xDomain[1] - xDomain[0]);
      points[2 * (r * res + c) + 1] = yDomain[1] - ((r + 0.5) / res) * (yDomain[1] - yDomain[0]);
    }
  }
  return points;
}

/** Pixels (as in the file, 0–16) and true classes of the first `n` test rows. */
function digitImages(table, featureNames, test, n) {
  const count = Math.min(n, test.rows);
  const pixels = new Float32Array(count * featureNames.length);
  featureNames.forEach((name, k) => {
    const column = table.column(name);
    for (let i = 0; i < count; i += 1) pixels[i * featureNames.length + k] = column[test.tableRows[i]];
  });
  return { pixels, truth: Array.from(test.y.subarray(0, count)), size: Math.sqrt(featureNames.length) };
}

/** Each input's least, greatest and mean training value: the span of the plot's axes. */
function columnStats(x, cols) {
  const rows = x.length / cols;
  const min = new Array(cols).fill(Infinity);
  const max = new Array(cols).fill(-Infinity);
  const mean = new Array(cols).fill(0);
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      const v = x[r * cols + c];
      if (v < min[c]) min[c] = v;
      if (v > max[c]) max[c] = v;
      mean[c] += v / rows;
    }
  }
  return { min, max, mean };
}

function pad(lo, hi) {
  const span = hi - lo || 1;
  return [lo - 0.05 * span, hi + 0.05 * span];
}
