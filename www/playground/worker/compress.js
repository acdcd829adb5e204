// The worker's compression commands: the engine prunes, measures accuracy against
// sparsity and quantises the model it holds; nothing here computes a weight. Each command
// answers with the engine's figures on the test part, so the page only shows them.

/**
 * The commands, over the worker's `state` (`model`, `data`); `redraw()` paints the diagram
 * and the output again after the weights changed.
 */
export function compressHandlers(state, redraw) {
  const test = () => state.model.evaluateData(state.data.prepared, 'test');
  return {
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
