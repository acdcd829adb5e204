// Loads nnplay's WebAssembly engine once and hands out the initialised module.
// Every page, worker and test imports the engine through this file.
let ready = null;

export function loadEngine() {
  if (!ready) {
    ready = import('../pkg/nnplay.js').then(async (mod) => {
      await mod.default();
      return mod;
    });
  }
  return ready;
}
