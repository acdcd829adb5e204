// Where the network diagram's neurons sit. Pure geometry, shared by the page (which places
// the neuron boxes and labels) and the worker (which paints links and neuron heatmaps).

export const COL = 120;
export const ROW = 38;
export const NODE = 30;
/** Neurons drawn per layer; wider layers show the first ones and "+N more". */
export const MAX_NODES = 12;

/**
 * `sizes`: neurons per layer, inputs first. Returns `{ sizes, shown, width, height, x(l),
 * y(l, i) }` in CSS pixels; x and y give a neuron's centre.
 */
export function diagramLayout(sizes) {
  const shown = sizes.map((n) => Math.min(n, MAX_NODES));
  const height = Math.max(...shown) * ROW + 30;
  const width = (sizes.length - 1) * COL + NODE + 110;
  const x = (l) => 90 + l * COL;
  const y = (l, i) => 24 + (height - 30 - shown[l] * ROW) / 2 + i * ROW + NODE / 2;
  return { sizes, shown, width, height, x, y };
}

/**
 * Every drawn link with its weight and end points: `kernel` of layer l is `sizes[l-1] ×
 * sizes[l]`; a pruned link (`pruned[k]` is 1) is not drawn.
 */
export function* links(layout, weights) {
  const { sizes, shown, x, y } = layout;
  for (let l = 1; l < sizes.length; l += 1) {
    const { kernel, pruned } = weights[l - 1];
    for (let i = 0; i < shown[l - 1]; i += 1) {
      for (let j = 0; j < shown[l]; j += 1) {
        const k = i * sizes[l] + j;
        if (pruned?.[k]) continue;
        yield { l, i, j, w: kernel[k], x0: x(l - 1) + NODE / 2, y0: y(l - 1, i), x1: x(l) - NODE / 2, y1: y(l, j) };
      }
    }
  }
}
