// Colours that stay distinct for the common kinds of colour blindness (Okabe & Ito):
// binary problems are orange (0) against blue (1), as in TensorFlow Playground.

export const ORANGE = [230, 159, 0];
export const BLUE = [0, 114, 178];
export const WHITE = [255, 255, 255];

/** One colour per class; the first two are the binary pair. */
export const CLASS_COLOURS = [
  ORANGE, BLUE, [0, 158, 115], [204, 121, 167], [213, 94, 0],
  [86, 180, 233], [240, 228, 66], [0, 0, 0], [153, 153, 153], [140, 86, 75],
];

export const css = (rgb, alpha = 1) => `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha})`;

export function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** A value in [-1, 1] as orange (−1) through white (0) to blue (+1). */
export function diverging(v) {
  const t = Math.max(-1, Math.min(1, v));
  return t < 0 ? mix(WHITE, ORANGE, -t) : mix(WHITE, BLUE, t);
}

export function classColour(k) {
  return CLASS_COLOURS[k % CLASS_COLOURS.length];
}
