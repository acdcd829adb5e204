// Loads nnplay's WebAssembly engine once and hands out the initialised module.
// Every page, worker and test imports the engine through this file.
//
// Two modules exist, each in two builds: `nnplay` (the whole API) and `nnplay_core` (the
// engine without the table features, a smaller download); ../pkg/ uses 128-bit SIMD,
// ../pkg-scalar/ runs where SIMD is missing. The choice is made here, once, by asking the
// engine whether it validates a tiny SIMD module.

// (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0,
  253, 15, 253, 98, 11,
]);

/** Whether this JavaScript engine runs WebAssembly SIMD (simd128). */
export function simdSupported() {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

let build = null;
const loaded = new Map();

function load(name, options) {
  if (!build) build = options.simd !== false && simdSupported() ? 'simd' : 'scalar';
  if (!loaded.has(name)) {
    const dir = build === 'simd' ? '../pkg' : '../pkg-scalar';
    loaded.set(
      name,
      import(`${dir}/${name}.js`).then(async (mod) => {
        await mod.default();
        return mod;
      }),
    );
  }
  return loaded.get(name);
}

/**
 * The initialised module with the whole API: the engine plus `DataTable` (CSV import,
 * column detection, preparation, cross-validation) and `model.predictRows`/`predictCsv`.
 * `options.simd = false` forces the scalar build (for tests and the benchmark); it only
 * counts on the first call of `loadEngine` or `loadCore`, as the choice is made once.
 */
export function loadEngine(options = {}) {
  return load('nnplay', options);
}

/**
 * The initialised engine alone (`nnplay_core`): `Model`, `prepareToy`, `generateToy`,
 * `toyFeatures`. A smaller download than `loadEngine`, so training on a 2-D set can start
 * sooner; its models and the full module's are separate (each module has its own memory).
 */
export function loadCore(options = {}) {
  return load('nnplay_core', options);
}

/** Which build was loaded: `'simd'`, `'scalar'`, or `null` before the first load. */
export function engineBuild() {
  return build;
}
