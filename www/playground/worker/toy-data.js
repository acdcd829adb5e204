// The 2-D toy sets, as TensorFlow Playground draws them: points in [-6, 6]², a label per
// point, and the chosen feature transforms of (x1, x2) as the model's inputs.
import { FEATURE_TRANSFORMS } from '../state.js';

const DOMAIN = [-6, 6];
const POINTS = 500;

const TRANSFORM = {
  x1: (a) => a,
  x2: (a, b) => b,
  'x1^2': (a) => a * a,
  'x2^2': (a, b) => b * b,
  'x1*x2': (a, b) => a * b,
  'sin(x1)': (a) => Math.sin(a),
  'sin(x2)': (a, b) => Math.sin(b),
};

export const toyData = {
  has: (name) => name in GENERATORS,
  make(engine, name, settings) {
    const rand = mulberry32(settings.seed);
    const { task, points } = GENERATORS[name](rand, settings.noise / 100);
    shuffle(points, rand);
    const transforms = settings.transforms.filter((t) => t in TRANSFORM);
    if (transforms.length === 0) throw new Error('choose at least one input feature');
    const nTest = Math.round((points.length * settings.testRatio) / 100);
    const nVal = Math.round((points.length * settings.valRatio) / 100);
    const part = (list) => ({
      rows: list.length,
      x: features(list, transforms),
      y: Float32Array.from(list, (p) => p[2]),
      raw: Float32Array.from(list.flatMap((p) => [p[0], p[1]])),
    });
    const test = part(points.slice(0, nTest));
    const val = nVal > 0 ? part(points.slice(nTest, nTest + nVal)) : null;
    const train = part(points.slice(nTest + nVal));
    if (train.rows === 0 || test.rows === 0) throw new Error('the split leaves no training or no test rows');
    return {
      name,
      task,
      classes: task === 'binary' ? 2 : 0,
      labelNames: task === 'binary' ? ['orange', 'blue'] : null,
      featureNames: transforms,
      plotNames: ['x1', 'x2'],
      train,
      val,
      test,
      isToy: true,
      gridOf(res) {
        const list = [];
        for (let r = 0; r < res; r += 1) {
          for (let c = 0; c < res; c += 1) {
            const x1 = DOMAIN[0] + ((c + 0.5) / res) * (DOMAIN[1] - DOMAIN[0]);
            const x2 = DOMAIN[1] - ((r + 0.5) / res) * (DOMAIN[1] - DOMAIN[0]);
            list.push([x1, x2]);
          }
        }
        return { inputs: features(list, transforms), xDomain: DOMAIN, yDomain: DOMAIN };
      },
      plotPoints: (p) => ({ xy: p.raw, y: p.y }),
      csvText() {
        const lines = ['x1,x2,label'];
        for (const p of [train, val, test].filter(Boolean)) {
          for (let r = 0; r < p.rows; r += 1) lines.push(`${p.raw[2 * r]},${p.raw[2 * r + 1]},${p.y[r]}`);
        }
        return `${lines.join('\n')}\n`;
      },
    };
  },
};

function features(list, transforms) {
  const out = new Float32Array(list.length * transforms.length);
  list.forEach((p, r) => {
    transforms.forEach((t, k) => {
      out[r * transforms.length + k] = TRANSFORM[t](p[0], p[1]);
    });
  });
  return out;
}

const GENERATORS = {
  circle(rand, noise) {
    const radius = 5;
    const points = [];
    const add = (rMin, rMax, label) => {
      for (let i = 0; i < POINTS / 2; i += 1) {
        const r = rMin + rand() * (rMax - rMin);
        const angle = rand() * 2 * Math.PI;
        const x = r * Math.sin(angle);
        const y = r * Math.cos(angle);
        const nx = (rand() * 2 - 1) * radius * noise;
        const ny = (rand() * 2 - 1) * radius * noise;
        const inside = Math.hypot(x + nx, y + ny) < radius * 0.5;
        points.push([x, y, label ?? (inside ? 1 : 0)]);
      }
    };
    add(0, radius * 0.5, 1);
    add(radius * 0.7, radius, 0);
    return { task: 'binary', points };
  },
  xor(rand, noise) {
    const points = [];
    for (let i = 0; i < POINTS; i += 1) {
      const pad = 0.3;
      let x = rand() * 10 - 5;
      x += x > 0 ? pad : -pad;
      let y = rand() * 10 - 5;
      y += y > 0 ? pad : -pad;
      const nx = (rand() * 2 - 1) * 5 * noise;
      const ny = (rand() * 2 - 1) * 5 * noise;
      points.push([x + nx, y + ny, x * y >= 0 ? 1 : 0]);
    }
    return { task: 'binary', points };
  },
  gaussians(rand, noise) {
    const points = [];
    const variance = 0.5 + noise * 3.5;
    for (const [cx, cy, label] of [[2, 2, 1], [-2, -2, 0]]) {
      for (let i = 0; i < POINTS / 2; i += 1) {
        points.push([cx + normal(rand) * Math.sqrt(variance), cy + normal(rand) * Math.sqrt(variance), label]);
      }
    }
    return { task: 'binary', points };
  },
  spiral(rand, noise) {
    const points = [];
    const n = POINTS / 2;
    for (const [delta, label] of [[0, 1], [Math.PI, 0]]) {
      for (let i = 0; i < n; i += 1) {
        const r = (i / n) * 5;
        const t = ((1.75 * i) / n) * 2 * Math.PI + delta;
        points.push([r * Math.sin(t) + (rand() * 2 - 1) * noise, r * Math.cos(t) + (rand() * 2 - 1) * noise, label]);
      }
    }
    return { task: 'binary', points };
  },
  plane(rand, noise) {
    const points = [];
    for (let i = 0; i < POINTS; i += 1) {
      const x = rand() * 12 - 6;
      const y = rand() * 12 - 6;
      const nx = (rand() * 2 - 1) * 6 * noise;
      const ny = (rand() * 2 - 1) * 6 * noise;
      points.push([x, y, (x + nx + y + ny) / 12]);
    }
    return { task: 'regression', points };
  },
  multi_gaussian(rand, noise) {
    const centres = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
    const label = (x, y) => centres.reduce((s, [cx, cy, sign]) => s + sign * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 2), 0);
    const points = [];
    for (let i = 0; i < POINTS; i += 1) {
      const x = rand() * 12 - 6;
      const y = rand() * 12 - 6;
      const nx = (rand() * 2 - 1) * 6 * noise;
      const ny = (rand() * 2 - 1) * 6 * noise;
      points.push([x, y, label(x + nx, y + ny)]);
    }
    return { task: 'regression', points };
  },
};

function normal(rand) {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function shuffle(a, rand) {
  for (let i = a.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}

/** A small seeded generator, so the same seed draws the same points. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export { FEATURE_TRANSFORMS };
