// The worker's compression commands: the engine prunes, measures accuracy against
// sparsity and quantises the model it holds; nothing here computes a weight. Each command
// answers with the engine's figures on the test part, so the page only shows them.

/**
 * The commands, over the worker's `state` (`model`, `data`); `redraw()` paints the diagram
 * and the output again after the weights changed.
 */
export function compressHandlers(state, redraw) {
  const test = () => state.model.evaluateData(state.data.prepared, 'test');
  /** The distillation in progress (a `Distiller`), and a count that stops an older one. */
  let distilling = null;
  let generation = 0;
  return {
    /**
     * Distils the model into a student with one hidden layer of `units` (the teacher's
     * first hidden activation, its output layer), beside the same student from scratch:
     * posts `distillProgress` after every epoch (yielding between epochs, so other commands
     * are answered) and answers with the engine's report. A newer `distill` stops it.
     */
    async distill({ units, temperature, alpha, epochs }) {
      const layers = state.model.summary();
      const hidden = layers.length > 1 ? layers[0] : { activation: 'relu', alpha: undefined };
      const out = layers.at(-1);
      const student = {
        layers: [
          { units, activation: hidden.activation, ...(hidden.alpha == null ? {} : { alpha: hidden.alpha }) },
          { units: out.units, activation: out.activation },
        ],
        seed: state.settings.seed,
      };
      const options = { temperature, alpha, epochs, batchSize: state.settings.batchSize, learningRate: state.settings.learningRate, seed: state.settings.seed };
      distilling?.free();
      distilling = new state.engine.Distiller(state.model, state.data.prepared, student, options);
      const mine = ++generation;
      const d = distilling;
      while (!d.finished) {
        const e = d.trainEpoch();
        self.postMessage({ type: 'distillProgress', ...e, epochs });
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (mine !== generation) throw new Error('stopped: a newer distillation started');
      }
      return d.report();
    },

    /** The distilled student of the last `distill` as a model file, to load in the page. */
    distilledStudent() {
      if (!distilling?.finished) throw new Error('distil first: no finished student yet');
      const m = distilling.distilled();
      try {
        return m.toJSON();
      } finally {
        m.free();
      }
    },

    /** `{ dense, curve }`: the model as it is, and pruned one-shot to each level on copies. */
    sparsityCurve({ scope }) {
      return { dense: test(), sparsity: state.model.sparsity, curve: state.model.sparsityCurveData(state.data.prepared, 'test', { scope }) };
    },

    /** Prunes the model itself; `{ before, after, sparsity }` (the run's mask holds from now on). */
    prune({ sparsity, scope }) {
      const before = test();
      const reached = state.model.prune(sparsity, scope);
      const after = test();
      redraw();
      return { before, after, sparsity: reached };
    },

    /** The model's test figures and sparsity now (after fine-tuning, for the curve). */
    compressionState() {
      return { evaluation: test(), sparsity: state.model.sparsity };
    },

    /** The int8 form of the model, calibrated on the training rows, set beside it on the test part. */
    quantize() {
      const q = state.model.quantizeData(state.data.prepared);
      try {
        return state.model.compareQuantized(q, state.data.prepared, 'test');
      } finally {
        q.free();
      }
    },
  };
}
