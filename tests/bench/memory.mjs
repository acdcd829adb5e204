// Whether nnplay's WebAssembly memory stays flat while training: the W2 network trains one
// epoch (every buffer reaches its size), then `steps` more mini-batches; the linear memory
// must not grow meanwhile (wasm memory only ever grows, so a leak or a per-step
// allocation that is not reused shows up as growth).

import { loadEngine, engineBuild } from '../../www/engine/load.js';
import { WORKLOADS } from './workloads.mjs';

export async function memoryOverSteps(steps, makeData) {
  const mod = await loadEngine();
  const memory = (await mod.default()).memory;
  const w = WORKLOADS.W2;
  const data = makeData('W2');
  const model = new mod.Model({ inputs: w.inputs, layers: w.layers, seed: w.seed });
  model.compile({ optimizer: w.optimizer, learningRate: w.learningRate, loss: w.loss });
  const batchesPerEpoch = Math.ceil(w.rows / w.batchSize);
  const epochs = 1 + Math.ceil(steps / batchesPerEpoch);
  model.startTraining(data.x, data.y, { epochs, batchSize: w.batchSize, shuffle: true });
  model.trainEpoch();
  const before = memory.buffer.byteLength;
  let done = 0;
  while (done < steps) {
    // In slices, as a page animating the run would call it.
    done += model.trainBatches(Math.min(500, steps - done)).batches;
  }
  const after = memory.buffer.byteLength;
  model.free();
  return { build: engineBuild(), steps: done, bytesBefore: before, bytesAfter: after };
}
