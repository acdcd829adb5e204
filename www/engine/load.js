// Loads nnplay's WebAssembly engine once and hands out the initialised module.
// Every page, worker and test imports the engine through this file.
//
// There is one module, `nnplay`, in two builds: ../pkg/ uses 128-bit SIMD, ../pkg-scalar/
// runs where SIMD is missing. The choice is made here, once, by asking the engine whether
// it validates a tiny SIMD module.

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
let loaded = null;

/**
 * The initialised module: `Model`, `DataTable`, `PreparedData`, `catalog`, `generateToy`,
 * `toyFeatures`, `prepareToy`, `lastPanic`. `options.simd = false` forces the scalar build
 * (for tests and the benchmark); it only counts on the first call, as the choice is made
 * once.
 */
export function loadEngine(options = {}) {
  if (!loaded) {
    build = options.simd !== false && simdSupported() ? 'simd' : 'scalar';
    const dir = build === 'simd' ? '../pkg' : '../pkg-scalar';
    loaded = import(`${dir}/nnplay.js`).then(async (mod) => {
      await mod.default();
      return mod;
    });
  }
  return loaded;
}

/** Which build was loaded: `'simd'`, `'scalar'`, or `null` before the first load. */
export function engineBuild() {
  return build;
}
