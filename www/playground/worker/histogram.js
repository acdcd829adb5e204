// The worker's histogram command (lesson 1, why scale): a feature's counts over the
// training rows with the bin edges as in the file and as the network sees them, and the
// scaler's parameters fitted on those rows — all from the engine (`PreparedData.histogram`).

/** The most inputs the feature menu offers (an image or a bag of words has many). */
const LISTED = 100;

/** The commands, over the worker's `state` (`data`). */
export function histogramHandlers(state) {
  return {
    /** `{ feature, bins }` (a feature's name or index) → the histogram and the inputs' names. */
    histogram({ feature, bins = 12 }) {
      const prepared = state.data.prepared;
      const names = prepared.featureNames;
      return { ...prepared.histogram(feature ?? 0, bins), features: names.slice(0, LISTED), inputs: names.length };
    },
  };
}
