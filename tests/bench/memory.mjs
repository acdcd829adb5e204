// Whether nnplay's WebAssembly memory stays flat while training (wasm memory only ever
// grows, so a leak or a per-step allocation that is not reused shows up as growth).
//
// The W2 network trains on W2's rows repeated into one long epoch, so that `steps`
// mini-batches run after the first 100 (which size every buffer) without an epoch ending:
// an epoch's end appends to the run's history, which rightly grows with the epochs.

import { loadEngine, engineBuild } from '../../www/engine/load.js';
import { WORKLOADS } from './workloads.mjs';

export async function memoryOverSteps(steps, makeData) {
  const mod = await loadEngine();
  const memory = (await mod.default()).memory;
  const w = WORKLOADS.W2;
  const data = makeData('W2');
  const warmup = 100;
  const rows = (warmup + steps + 1) * w.batchSize;
  const x = new Float32Array(rows * w.inputs);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const src = r % data.rows;
    x.set(data.x.subarray(src * w.inputs, (src + 1) * w.inputs), r * w.inputs);
    y[r] = data.y[src];
  }
  const model = new mod.Model({ inputs: w.inputs, layers: w.layers, seed: w.seed });
  model.compile({ optimizer: w.optimizer, learningRate: w.learningRate, loss: w.loss });
  model.startTraining(x, y, { epochs: 1, batchSize: w.batchSize, shuffle: true });
  model.trainBatches(warmup);
  const before = memory.buffer.byteLength;
  let done = 0;
  while (done < steps) {
    // In slices, as a page animating the run would call it.
    done += model.trainBatches(Math.min(500, steps - done)).batches;
  }
  const after = memory.buffer.byteLength;
  const epochs = model.epoch;
  model.free();
  return { build: engineBuild(), steps: done, epochsEnded: epochs, bytesBefore: before, bytesAfter: after };
}
