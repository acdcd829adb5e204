// Loads nnplay's WebAssembly engine once and hands out the initialised module.
// Every page, worker and test imports the engine through this file.
//
// There is one module, `nnplay`, in three builds: ../pkg-relaxed/ uses relaxed SIMD's fused
// multiply-add (`f32x4.relaxed_madd`) besides 128-bit SIMD, ../pkg/ 128-bit SIMD alone,
// ../pkg-scalar/ runs where SIMD is missing. The choice is made here, once, by asking the
// JavaScript engine whether it validates a tiny module of each kind.

// (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0,
  253, 15, 253, 98, 11,
]);

// (module (func (result v128) i32.const 0 i8x16.splat i32.const 0 i8x16.splat
//   i32.const 0 i8x16.splat f32x4.relaxed_madd))
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0,
  65, 0, 253, 15, 65, 0, 253, 15, 65, 0, 253, 15, 253, 133, 2, 11,
]);

function validates(bytes) {
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/** Whether this JavaScript engine runs WebAssembly SIMD (simd128). */
export function simdSupported() {
  return validates(SIMD_PROBE);
}

/** Whether this JavaScript engine runs relaxed SIMD (`f32x4.relaxed_madd` and the rest). */
export function relaxedSimdSupported() {
  return simdSupported() && validates(RELAXED_PROBE);
}

/** The build's directory beside this file. */
const DIRS = { relaxed: '../pkg-relaxed', simd: '../pkg', scalar: '../pkg-scalar' };

/** The fastest build this engine runs: `'relaxed'`, `'simd'` or `'scalar'`. */
export function bestBuild() {
  if (relaxedSimdSupported()) return 'relaxed';
  return simdSupported() ? 'simd' : 'scalar';
}

let build = null;
let loaded = null;

/**
 * The initialised module: `Model`, `DataTable`, `PreparedData`, `catalog`, `generateToy`,
 * `toyFeatures`, `prepareToy`, `lastPanic`. `options.build` (`'relaxed'`, `'simd'`,
 * `'scalar'`) asks for one build, and `options.simd = false` for the scalar one (for tests
 * and the benchmark; a build this engine cannot run is refused); they only count on the
 * first call, as the choice is made once.
 */
export function loadEngine(options = {}) {
  if (!loaded) {
    const wanted = options.build ?? (options.simd === false ? 'scalar' : bestBuild());
    if (!DIRS[wanted]) return Promise.reject(new Error(`there is no "${wanted}" build (builds: ${Object.keys(DIRS).join(', ')})`));
    if ((wanted === 'relaxed' && !relaxedSimdSupported()) || (wanted === 'simd' && !simdSupported())) {
      return Promise.reject(new Error(`this browser cannot run the ${wanted} build`));
    }
    build = wanted;
    loaded = import(`${DIRS[build]}/nnplay.js`).then(async (mod) => {
      await mod.default();
      if (options.warm !== false) {
        await warmUp(mod);
        warmed = warmTail(mod, performance.now());
      }
      return mod;
    });
  }
  return loaded;
}

let warmed = Promise.resolve();
let stopped = false;

/**
 * Resolves when the engine's warm-up has ended: the rounds `loadEngine` waits for, then a
 * tail of spaced rounds in the background (`WARM_UP_TAIL_MS`) while the browser finishes
 * compiling the optimised code in its own threads; `stopWarmUp()` ends the tail early. The
 * benchmark waits for it before it times anything (so the tail never competes with a run).
 */
export function engineWarm() {
  return (loaded ?? Promise.resolve()).then(() => warmed);
}

/** Ends the warm-up's background tail: a real training warms the kernels itself. */
export function stopWarmUp() {
  stopped = true;
}

/** The warm-up's rounds (epochs of the workout each), and the longest it may take. */
const WARM_UP_ROUND_EPOCHS = 2;
const WARM_UP_MAX_MS = 400;
/**
 * The background tail after `loadEngine` resolves: one round every WARM_UP_TAIL_GAP_MS
 * (under a millisecond each once optimised) for WARM_UP_TAIL_MS. Measured in Chromium on
 * the benchmark's W1: the first run right after the blocking rounds took 14–29 ms against
 * 5–6 ms warm, as the optimised code was still being compiled; half a second later it took
 * 7–10 ms.
 */
const WARM_UP_TAIL_MS = 600;
const WARM_UP_TAIL_GAP_MS = 50;

async function warmTail(mod, start) {
  while (!stopped && performance.now() - start < WARM_UP_TAIL_MS) {
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_TAIL_GAP_MS));
    if (!stopped) mod.warmUp(WARM_UP_ROUND_EPOCHS);
  }
}

/**
 * Runs the engine's warm-up workout (`warmUp`) in rounds until the rounds stop getting
 * faster: WebAssembly starts in a baseline compile and swaps in optimised code for a
 * function, compiled in the background, once it has run a while. So the training kernels
 * are optimised while the page loads, not during a learner's first short run. Between
 * rounds the background compiles can land; three rounds in a row without a 10 % gain end
 * it, and so does WARM_UP_MAX_MS.
 */
async function warmUp(mod) {
  const start = performance.now();
  let best = Infinity;
  let steady = 0;
  while (steady < 3 && performance.now() - start < WARM_UP_MAX_MS) {
    const t = performance.now();
    mod.warmUp(WARM_UP_ROUND_EPOCHS);
    const ms = performance.now() - t;
    if (ms < best * 0.9) {
      best = ms;
      steady = 0;
    } else {
      steady += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** Which build was loaded: `'relaxed'`, `'simd'`, `'scalar'`, or `null` before the first load. */
export function engineBuild() {
  return build;
}
