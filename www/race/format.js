// Numbers as the race shows them.

/** A loss or a coordinate: 4 significant digits; a missing value as a dash. */
export function figure(v) {
  if (v == null || !Number.isFinite(v)) return '–';
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

/** An accuracy (0–1) as a percentage with one decimal. */
export function percent(v) {
  return v == null || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)} %`;
}
