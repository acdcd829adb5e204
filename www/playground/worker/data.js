// The worker's data: a generated 2-D set prepared by the engine alone, or a `DataTable` (a
// built-in CSV or the user's file) configured from the settings; either way train /
// validation / test arrays, plus what drawing needs: the points to plot, a grid over two features, the
// digit images.
import { TOYS } from '../state.js';

/** Built-in sets: file under www/datasets/ and display name. */
const BUILTIN = {
  iris: ['iris.csv', 'Iris'],
  wine: ['wine.csv', 'Wine'],
  breast_cancer: ['breast_cancer.csv', 'Breast Cancer Wisconsin'],
  digits: ['digits.csv', 'Digits'],
  example: ['data.csv', 'Example data.csv'],
  text: ['sentences.csv', 'Sentences'],
};
const TOY_DOMAIN = [-6, 6];
const TOY_SAMPLES = 500;
/** Digit images sent to the page for the grid of test predictions. */
const DIGIT_SAMPLES = 40;

/**
 * `source`: `{ kind: 'builtin', name }` or `{ kind: 'csv', file | text, fileName, options }` where
 * `options` holds the user's column choices (`label`, `ignored`, `types`, `labelKind`).
 * `engine.core` is the loaded engine module; `engine.tables()` loads the module with
 * `DataTable`, which only CSV files and the built-in tables need: the 2-D sets are
 * prepared by the engine alone (`prepareToy`, the same numbers as the table path).
 * Throws with a readable message (naming row and column for a bad cell); nothing changes.
 */
export async function loadDataset(engine, source, settings) {
  const split = { test: settings.testRatio / 100, validation: settings.valRatio / 100, seed: settings.seed };
  if (source.kind !== 'csv' && TOYS.includes(source.name)) {
    const { core } = engine;
    const options = { samples: TOY_SAMPLES, noise: settings.noise / 100, seed: settings.seed };
    const prepared = core.prepareToy(source.name, {
      ...options,
      transforms: settings.transforms,
      scaling: settings.scaling,
      missing: settings.missing,
      split,
    });
    const toy = { ...core.generateToy(source.name, options), transforms: settings.transforms, core };
    // Cross-validation runs on a table: made (by the table module) only when asked for.
    const cvTable = async () => {
      const { DataTable } = await engine.tables();
      const table = DataTable.toy(source.name, { ...options, transforms: settings.transforms });
      try {
        table.configure({ missing: settings.missing, scaling: settings.scaling, split });
      } catch (e) {
        table.free();
        throw e;
      }
      return table;
    };
    return wrap(null, prepared, { name: source.name, toy, builtin: source.name, fileName: null, cvTable });
  }
  const { DataTable } = await engine.tables();
  let table;
  let name;
  if (source.kind === 'csv') {
    // From the file's bytes when there is a file: the engine checks the encoding.
    table = source.file
      ? DataTable.parseCsvBytes(new Uint8Array(await source.file.arrayBuffer()), undefined)
      : DataTable.parseCsv(source.text, undefined);
    name = source.fileName;
  } else if (BUILTIN[source.name]) {
    const [file, title] = BUILTIN[source.name];
    table = DataTable.parseCsv(await fetchText(file, title), undefined);
    name = title;
  } else {
    throw new Error(`there is no data set "${source.name}"`);
  }
  try {
    const columnChoices = source.kind === 'csv' ? source.options ?? {} : {};
    table.configure({ ...columnChoices, missing: settings.missing, scaling: settings.scaling, split });
    let prepared;
    try {
      prepared = table.prepare();
    } catch (e) {
      throw new Error(describeProblems(table, e));
    }
    const builtin = source.kind === 'builtin' ? source.name : null;
    return wrap(table, prepared, { name, toy: null, builtin, fileName: source.fileName ?? null, cvTable: null });
  } catch (e) {
    table.free();
    throw e;
  }
}

async function fetchText(file, title) {
  const url = new URL(`../../datasets/${file}`, import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the ${title} data set could not be loaded (${file}: HTTP ${response.status})`);
  return response.text();
}

/** The first problems of the table (up to 3), or the error itself. */
function describeProblems(table, error) {
  const problems = table.problems(3);
  if (!problems.length) return error.message;
  const more = problems.length === 3 ? ' …' : '';
  return problems.map((p) => p.text).join('; ') + more;
}

function part(prepared, name, rows) {
  const x = prepared[`x${name}`];
  return x.length ? { x, y: prepared[`y${name}`], rows: rows.length, tableRows: rows } : null;
}

function wrap(table, d, { name, toy, builtin, fileName, cvTable }) {
  const train = part(d, 'Train', d.rows.train);
  const val = part(d, 'Validation', d.rows.validation);
  const test = part(d, 'Test', d.rows.test);
  if (!train || !test) throw new Error('the split leaves no training or no test rows: lower the test or validation part');
  // The 2-D sets (no table) show neither a preview nor the column editor.
  const schema = table?.schema();
  const preview = table?.preview(8);
  const task = d.task;
  const classes = task === 'multiclass' ? d.outputs : task === 'binary' ? 2 : 0;
  const isImage = d.featureNames.length === 64 && d.featureNames.every((f) => /^pixel_\d+_\d+$/.test(f));
  const scaler = d.preprocessing.scaler;
  const stats = columnStats(train.x, d.inputs);
  const data = {
    table,
    inputs: d.inputs,
    outputs: d.outputs,
    task,
    classes,
    labelNames: d.labelNames?.length ? d.labelNames : null,
    preprocessing: d.preprocessing,
    train,
    val,
    test,
    isToy: Boolean(toy),
    info: {
      name,
      builtin,
      fileName,
      task,
      classes,
      labelNames: d.labelNames?.length ? d.labelNames : null,
      featureNames: d.featureNames,
      plotNames: toy ? ['x1', 'x2'] : d.featureNames,
      inputs: d.inputs,
      rows: { train: train.rows, val: val?.rows ?? 0, test: test.rows },
      dropped: d.dropped?.length ?? 0,
      scaled: scaler.kind !== 'none',
      preview: preview ? { header: preview.columns, rows: preview.rows, rowNumbers: preview.rowNumbers } : null,
      schema: schema ? { columns: schema.columns, label: schema.label, labelKind: schema.labelKind, task: schema.task } : null,
      isToy: Boolean(toy),
      isImage,
      images: isImage ? digitImages(table, d.featureNames, test, DIGIT_SAMPLES) : null,
    },

    /**
     * A `res × res` grid over features `[i, j]` (rows from the top): `{ inputs, raw?,
     * xDomain, yDomain }`. For the 2-D sets the grid spans x1, x2 in [-6, 6]; `raw` holds its
     * unscaled features (for `predictRaw`) and `inputs` the scaled ones. Otherwise the grid
     * spans the model's (scaled) inputs i and j, the others at their training mean.
     */
    grid(features, res) {
      if (toy) {
        const points = new Float32Array(res * res * 2);
        for (let r = 0; r < res; r += 1) {
          for (let c = 0; c < res; c += 1) {
            points[2 * (r * res + c)] = TOY_DOMAIN[0] + ((c + 0.5) / res) * (TOY_DOMAIN[1] - TOY_DOMAIN[0]);
            points[2 * (r * res + c) + 1] = TOY_DOMAIN[1] - ((r + 0.5) / res) * (TOY_DOMAIN[1] - TOY_DOMAIN[0]);
          }
        }
        const raw = toy.core.toyFeatures(points, toy.transforms);
        return { raw, inputs: applyScaler(raw, scaler, d.inputs), xDomain: TOY_DOMAIN, yDomain: TOY_DOMAIN };
      }
      const [fi, fj] = features;
      const xDomain = pad(stats.min[fi], stats.max[fi]);
      const yDomain = pad(stats.min[fj], stats.max[fj]);
      const x = new Float32Array(res * res * d.inputs);
      for (let r = 0; r < res; r += 1) {
        for (let c = 0; c < res; c += 1) {
          const row = (r * res + c) * d.inputs;
          for (let k = 0; k < d.inputs; k += 1) x[row + k] = stats.mean[k];
          x[row + fi] = xDomain[0] + ((c + 0.5) / res) * (xDomain[1] - xDomain[0]);
          x[row + fj] = yDomain[1] - ((r + 0.5) / res) * (yDomain[1] - yDomain[0]);
        }
      }
      return { inputs: x, xDomain, yDomain };
    },

    /** The train and test points in the plotted features, with their targets. */
    points(features) {
      const pick = (p) => {
        const xy = new Float32Array(p.rows * 2);
        for (let r = 0; r < p.rows; r += 1) {
          if (toy) {
            const t = p.tableRows[r];
            xy[2 * r] = toy.points[2 * t];
            xy[2 * r + 1] = toy.points[2 * t + 1];
          } else {
            xy[2 * r] = p.x[r * d.inputs + features[0]];
            xy[2 * r + 1] = p.x[r * d.inputs + features[1]];
          }
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

    /**
     * Runs `fn(table)` on the data's table (for a 2-D set, one made for the call and freed
     * after it).
     */
    async withTable(fn) {
      if (table) return fn(table);
      const t = await cvTable();
      try {
        return fn(t);
      } finally {
        t.free();
      }
    },

    free() {
      table?.free();
    },
  };
  return data;
}

/** `(x - center) / spread` per feature, as the engine's fitted scaler does. */
function applyScaler(raw, scaler, width) {
  if (scaler.kind === 'none' || !scaler.center?.length) return raw;
  const out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) {
    const k = i % width;
    out[i] = (raw[i] - scaler.center[k]) / scaler.spread[k];
  }
  return out;
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
