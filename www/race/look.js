// How each contestant is drawn: one colour (Okabe & Ito, distinct for the common kinds of
// colour blindness) and one dash pattern, so the curves differ by more than colour.
import { BLUE, ORANGE, css } from '../playground/palette.js';
import { svg } from '../playground/dom.js';

const COLOURS = [BLUE, ORANGE, [0, 158, 115], [204, 121, 167], [213, 94, 0], [86, 180, 233], [0, 0, 0], [120, 120, 120]];
const DASHES = [null, [8, 4], [2, 3], [10, 3, 2, 3]];
const LOOKS = ['solid', 'dashed', 'dotted', 'dashDot'];

/** Contestant `i`'s `{ stroke, dash, look }` (`look`: a string key of strings.js). */
export function lookOf(i) {
  return { stroke: css(COLOURS[i % COLOURS.length]), dash: DASHES[i % DASHES.length], look: LOOKS[i % LOOKS.length] };
}

/** A short line drawn as contestant `i`'s curve, for the legend and the table. */
export function swatch(i) {
  const { stroke, dash } = lookOf(i);
  return svg('svg', { class: 'swatch', width: 28, height: 12, viewBox: '0 0 28 12', 'aria-hidden': 'true' },
    svg('line', { x1: 2, y1: 6, x2: 26, y2: 6, stroke, 'stroke-width': 3, 'stroke-dasharray': dash ? dash.join(' ') : null }));
}
