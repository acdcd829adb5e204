// The worker's data: loads a dataset from its source and offers what training and drawing
// need (train/validation/test arrays, a grid over two features, the points to plot).
import { toyData } from './toy-data.js';

/**
 * `source`: `{ kind: 'builtin', name }` or `{ kind: 'csv', text, fileName, options }`.
 * Throws with a readable message; nothing is changed then.
 */
export async function loadDataset(engine, source, settings) {
  if (source.kind === 'builtin' && toyData.has(source.name)) {
    return fromArrays(toyData.make(engine, source.name, settings));
  }
  throw new Error(`the dataset "${source.name ?? source.fileName}" is not available`);
}

/**
 * Wraps split arrays: `{ name, task, classes, labelNames, featureNames, train, val, test,
 * isToy, gridOf }` where train/val/test are `{ x, y, rows }`.
 */
export function fromArrays(d) {
  const inputs = d.featureNames.length;
  const outputs = d.task === 'multiclass' ? d.classes : 1;
  const plotNames = d.plotNames ?? d.featureNames;
  const stats = columnStats(d.train.x, inputs);
  return {
    ...d,
    inputs,
    outputs,
    info: {
      name: d.name,
      task: d.task,
      classes: d.classes,
      labelNames: d.labelNames ?? null,
      featureNames: d.featureNames,
      plotNames,
      inputs,
      rows: { train: d.train.rows, val: d.val?.rows ?? 0, test: d.test.rows },
      preview: d.preview ?? null,
      schema: d.schema ?? null,
      isToy: Boolean(d.isToy),
      isImage: Boolean(d.isImage),
    },
    /** Model inputs over a `res × res` grid of features `[i, j]`, the rest at their mean. */
    grid(features, res) {
      if (d.gridOf) return d.gridOf(res);
      const [fi, fj] = features;
      const xDomain = pad(stats.min[fi], stats.max[fi]);
      const yDomain = pad(stats.min[fj], stats.max[fj]);
      const x = new Float32Array(res * res * inputs);
      for (let r = 0; r < res; r += 1) {
        for (let c = 0; c < res; c += 1) {
          const row = (r * res + c) * inputs;
          for (let k = 0; k < inputs; k += 1) x[row + k] = stats.mean[k];
          x[row + fi] = xDomain[0] + ((c + 0.5) / res) * (xDomain[1] - xDomain[0]);
          x[row + fj] = yDomain[1] - ((r + 0.5) / res) * (yDomain[1] - yDomain[0]);
        }
      }
      return { inputs: x, xDomain, yDomain };
    },
    /** The train and test rows' values of the plotted features, with their targets. */
    points(features) {
      const pick = (part) => {
        if (d.plotPoints) return d.plotPoints(part);
        const xy = new Float32Array(part.rows * 2);
        for (let r = 0; r < part.rows; r += 1) {
          xy[2 * r] = part.x[r * inputs + features[0]];
          xy[2 * r + 1] = part.x[r * inputs + features[1]];
        }
        return { xy, y: targetsAsClass(part.y, part.rows) };
      };
      return { train: pick(d.train), test: pick(d.test) };
    },
  };
}

function targetsAsClass(y, rows) {
  const cols = y.length / rows;
  if (cols === 1) return Float32Array.from(y);
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r += 1) {
    let best = 0;
    for (let c = 1; c < cols; c += 1) if (y[r * cols + c] > y[r * cols + best]) best = c;
    out[r] = best;
  }
  return out;
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
