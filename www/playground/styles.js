// The element's styles, scoped by its shadow root. The layout is three columns on a wide
// screen and one column below 760 px of the element's own width (a 390 px phone included),
// where the output comes right under the training bar; the bar stays in view (sticky).
// Every control is at least 24 × 24 px; motion stops under prefers-reduced-motion; charts,
// the diagram and colour swatches keep their colours in forced-colours mode (they are
// pictures whose colours mean something), and the curves also differ by dash.
export const STYLES = `
:host {
  display: block;
  container-type: inline-size;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1d2330;
  --accent: #0072b2;
  --accent-2: #e69f00;
  --line: #d7dbe3;
  --muted: #5a6272;
  --panel: #fff;
  --bg: #f4f6f9;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.app { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; overflow: clip; }
.bar {
  display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px;
  padding: 10px 14px; background: #1d2330; color: #fff;
  position: sticky; top: 0; z-index: 5;
}
.bar .transport { display: flex; gap: 6px; }
.bar button { background: #2e3648; color: #fff; border-color: #4a5368; }
.bar button.play { background: var(--accent); border-color: var(--accent); min-width: 84px; }
.bar button:hover:not(:disabled) { filter: brightness(1.15); }
.counter { display: flex; flex-direction: column; line-height: 1.15; min-width: 5.5em; contain: layout paint; }
.counter .label { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: #aeb6c6; }
.counter .value { font-size: 20px; font-variant-numeric: tabular-nums; }
.counter .detail { font-size: 12px; color: #d5dbe6; font-variant-numeric: tabular-nums; white-space: nowrap; }
.counter .detail[hidden] { display: none; }
.status { flex: 1 1 200px; color: #d8dde8; font-size: 13px; min-height: 1.4em; }
.bar:has(button.play[aria-pressed=true]) .status::before {
  content: ""; display: inline-block; width: 8px; height: 8px; margin-right: 6px; border-radius: 50%;
  background: #3ccf78; vertical-align: 1px;
}
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.columns { display: flex; flex-wrap: wrap; gap: 12px; padding: 12px; align-items: flex-start; }
.stack { display: flex; flex-direction: column; gap: 12px; min-width: 0; }
.stack.data { flex: 0 1 280px; min-width: 230px; }
.stack.middle { flex: 1 1 420px; }
.stack.output { flex: 1 1 300px; max-width: 440px; }
.wide { padding: 0 12px 12px; display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; }
section.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; min-width: 0; }
section.panel[hidden] { display: none; }
h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); margin: 0 0 8px; }
.panel-body { display: flex; flex-direction: column; gap: 8px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 10px; }
.field { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.field.check { flex-direction: row; align-items: center; gap: 6px; }
label, legend { font-size: 12px; color: var(--muted); }
.field.check label { color: #1d2330; font-size: 13px; }
select, input[type=number] { font: inherit; padding: 4px 6px; border: 1px solid #b9c0cc; border-radius: 4px; background: #fff; min-width: 0; width: 100%; min-height: 24px; }
input[type=checkbox] { width: 24px; height: 24px; margin: 0; flex: none; accent-color: var(--accent); }
.range { display: flex; align-items: center; gap: 8px; }
.range input { flex: 1; min-width: 0; height: 24px; margin: 0; accent-color: var(--accent); }
output { font-variant-numeric: tabular-nums; min-width: 3em; text-align: right; }
button, .button {
  font: inherit; font-size: 13px; padding: 6px 12px; border-radius: 4px; cursor: pointer;
  border: 1px solid #b9c0cc; background: #fff; color: #1d2330; display: inline-block;
  min-height: 24px; min-width: 24px; transition: border-color .15s, filter .15s;
}
button.small { padding: 3px 8px; font-size: 12px; }
button:disabled { opacity: .45; cursor: default; }
button:focus-visible, .button:focus-within, select:focus-visible, input:focus-visible, [tabindex]:focus-visible, summary:focus-visible {
  outline: 3px solid #f0b400; outline-offset: 1px;
}
input.file { position: absolute; width: 1px; height: 1px; opacity: 0; }
.drop { position: relative; border: 2px dashed #b9c0cc; border-radius: 6px; padding: 8px; text-align: center; }
.drop.over { border-color: var(--accent); background: #e8f3fa; }
.hint, .note { color: var(--muted); font-size: 12px; margin: 0; }
.warnings { border-left: 3px solid #b26b00; background: #fff8ec; color: #5c3a00; font-size: 12px; padding: 4px 8px; margin: 4px 0; }
.warnings p { margin: 0; font-weight: 600; }
.warnings ul { margin: 2px 0 0; padding-left: 18px; }
.error { color: #a3200f; background: #fdecea; border-left: 3px solid #c0392b; padding: 6px 8px; margin: 0; font-size: 13px; overflow-wrap: anywhere; }
.error[hidden] { display: none; }
.error p { margin: 0; }
.error .recover { margin-top: 6px; color: var(--fg, #1b1f24); }
.error .recover button { display: block; width: 100%; margin-top: 4px; text-align: left; }
fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 0; padding: 6px 8px 8px; min-width: 0; }
fieldset.layer { display: grid; grid-template-columns: auto 1fr 70px auto; gap: 6px; align-items: end; }
fieldset.transforms { display: grid; grid-template-columns: repeat(auto-fill, minmax(78px, 1fr)); gap: 2px 6px; }
.layers { display: flex; flex-direction: column; gap: 6px; }
details summary { cursor: pointer; font-size: 12px; color: var(--muted); padding: 4px 0; }
details[open] { display: flex; flex-direction: column; gap: 6px; }
.diagram-wrap { overflow-x: auto; border-top: 1px solid var(--line); margin-top: 8px; padding-top: 6px; }
.diagram { position: relative; forced-color-adjust: none; background: #fff; }
.diagram > canvas.links { position: absolute; left: 0; top: 0; }
.tip { position: absolute; z-index: 2; background: #1d2330; color: #fff; font-size: 12px; padding: 3px 6px; border-radius: 3px; pointer-events: none; white-space: nowrap; }
.tip[hidden] { display: none; }
.node { position: absolute; width: 30px; height: 30px; border: 1px solid #6b7385; border-radius: 4px; overflow: hidden; }
.nodes { position: absolute; inset: 0; }
.node.input { background: #eef1f6; }
.node.output { border-radius: 50%; background: #eef1f6; }
.confirm { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 8px; padding: 8px; border: 1px solid #b3261e; border-radius: 4px; background: #fdf3f2; font-size: 13px; }
.confirm[hidden] { display: none; }
button.danger { background: #b3261e; border-color: #b3261e; color: #fff; }
.units-row { display: flex; gap: 4px; align-items: center; }
.units-row input { width: 4.4em; min-width: 0; }
button.step-units { min-width: 28px; min-height: 28px; padding: 0 6px; }
button.node { padding: 0; min-height: 0; background: transparent; cursor: pointer; }
button.node.output { background: #eef1f6; }
/* A neuron's button is 4 px larger all round than the box it shows (38 px, 24 px at the
   diagram's smallest scale on a phone); the box is drawn inside it. */
.diagram button.node { width: 38px; height: 38px; margin: -4px 0 0 -4px; border: 0; border-radius: 6px; background: transparent; overflow: visible; }
.diagram button.node::before { content: ""; position: absolute; inset: 4px; border: 1px solid #6b7385; border-radius: 4px; }
.diagram button.node.output::before { border-radius: 50%; background: #eef1f6; }
button.node[aria-pressed="true"] { outline: 3px solid #1d2330; outline-offset: 1px; }
.weight-editor { position: absolute; z-index: 3; display: flex; gap: 6px; align-items: flex-end; background: #fff; border: 1px solid #6b7385; border-radius: 4px; padding: 6px; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.2); font-size: 12px; }
.weight-editor[hidden] { display: none; }
.weight-editor label { display: grid; gap: 2px; }
.weight-editor input { width: 96px; }
.input-name { position: absolute; text-align: right; font-size: 11px; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.layer-label { position: absolute; width: 100px; text-align: center; font-size: 11px; color: var(--muted); }
.more { position: absolute; width: 60px; text-align: center; font-size: 11px; color: var(--muted); }
.plot { display: grid; grid-template-columns: auto minmax(0, 1fr); grid-template-rows: minmax(0, 1fr) auto; gap: 2px 4px; align-items: center; }
.plot canvas.boundary { width: 100%; aspect-ratio: 1; border: 1px solid var(--line); border-radius: 4px; display: block; }
.axis-y { writing-mode: vertical-rl; transform: rotate(180deg); font-size: 11px; color: var(--muted); text-align: center; }
.axis-x { grid-column: 2; font-size: 11px; color: var(--muted); display: flex; justify-content: space-between; }
.legend { display: flex; gap: 12px; flex-wrap: wrap; font-size: 12px; color: var(--muted); align-items: center; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; vertical-align: -1px; border: 1px solid #fff; forced-color-adjust: none; }
.swatch.ring { border: 2px solid #000; }
.readout { display: grid; grid-template-columns: repeat(2, 1fr); gap: 4px 12px; font-variant-numeric: tabular-nums; }
.readout div { display: flex; justify-content: space-between; gap: 6px; font-size: 13px; }
.readout span:first-child { color: var(--muted); }
.chart { min-height: 170px; contain: layout paint; position: relative; }
.chart .uplot { forced-color-adjust: none; background: #fff; color: #1d2330; }
.chart .u-title { font-size: 13px; }
.series-legend { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 6px; font-size: 12px; }
.series-legend button.series { display: inline-flex; align-items: center; gap: 5px; padding: 2px 6px; font-size: 12px; background: transparent; border-color: transparent; }
.series-legend button.series:hover { border-color: #b9c0cc; }
.series-legend button.series[aria-pressed=false] { color: var(--muted); text-decoration: line-through; }
.series-legend button.series[aria-pressed=false] .series-swatch { opacity: .35; }
.series-legend .field.check { margin-left: auto; }
.series-swatch { forced-color-adjust: none; background: #fff; border: 1px solid #8a93a3; border-radius: 2px; }
.best-mark { position: absolute; top: 0; bottom: 0; width: 0; border-left: 2px dashed #1d2330; pointer-events: none; }
.best-mark[hidden] { display: none; }
.best-mark span { position: absolute; top: 2px; left: 4px; padding: 0 3px; font-size: 11px; white-space: nowrap; color: #1d2330; background: rgba(255, 255, 255, .85); }
.best-mark.flip span { left: auto; right: 6px; }
.best-note { margin-top: 2px; }
.chart-empty { position: absolute; top: 45%; left: 0; right: 0; text-align: center; color: var(--muted); font-size: 12px; margin: 0; }
.chart-empty[hidden] { display: none; }
.readout, .diagram-wrap, .plot, .status { contain: layout paint; }
table { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; }
caption, .caption { text-align: left; font-size: 12px; color: var(--muted); padding-bottom: 4px; margin: 0; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: right; }
th { background: #f1f3f7; font-weight: 600; }
table.preview td, table.preview th, table.schema th { text-align: left; max-width: 14em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
fieldset.schema { display: flex; flex-direction: column; gap: 6px; max-height: 320px; overflow: auto; }
.schema .column { display: grid; grid-template-columns: 1fr 1fr; gap: 2px 6px; }
.schema .name { grid-column: 1 / -1; font-weight: 600; font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.schema select { padding: 2px 4px; font-size: 12px; }
table.figures { min-width: 12em; }
table.figures th { text-align: left; }
table.confusion td { background: rgba(0, 114, 178, calc(var(--shade) * .55)); }
table.confusion td.miss { background: rgba(230, 159, 0, calc(var(--shade) * .75)); }
.table-wrap { overflow: auto; max-width: 100%; max-height: 260px; }
.metrics .table-wrap { max-height: 420px; }
.metrics { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
.cv-controls { display: flex; gap: 8px; align-items: end; }
.compress h3 { font-size: 13px; font-weight: 600; margin: 6px 0 0; color: #1d2330; }
.compress-controls { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; }
.compress-controls .field { min-width: 12em; }
.compress p { margin: 0; font-size: 13px; }
.compress p.note { font-size: 12px; }
.sparsity-chart { max-width: 640px; }
button[aria-disabled=true] { opacity: .55; cursor: not-allowed; }
.model-card td { text-align: left; overflow-wrap: anywhere; }
.model-card summary { font-size: 13px; }
.buttons { display: flex; flex-wrap: wrap; gap: 6px; }
.code-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; margin: 8px 0 4px; }
.tabs { display: flex; gap: 4px; }
.tab[aria-selected=true] { background: var(--accent); color: #fff; border-color: var(--accent); }
pre { background: #1d2330; color: #e8ecf3; padding: 10px; border-radius: 4px; overflow: auto; max-height: 420px; font-size: 12px; margin: 0; }
.neurons-note { font-size: 11px; color: var(--muted); }
.digits { display: grid; grid-template-columns: repeat(auto-fill, minmax(40px, 1fr)); gap: 4px; }
.digit { border: 2px solid var(--line); border-radius: 3px; text-align: center; font-size: 12px; font-weight: 600; padding: 2px; }
.digit.wrong { border-color: #d55e00; background: #fdf0e6; color: #a04000; }
.digit canvas { width: 100%; aspect-ratio: 1; image-rendering: pixelated; display: block; }
.draw { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
.draw canvas { width: 160px; height: 160px; border: 1px solid #6b7385; border-radius: 4px; touch-action: none; background: #fff; cursor: crosshair; }
.prediction { font-size: 28px; font-weight: 600; }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
}
@media (forced-colors: active) {
  .tab[aria-selected=true] { border: 2px solid Highlight; text-decoration: underline; }
  .bar { border-bottom: 1px solid CanvasText; }
}
@container (max-width: 1100px) {
  .stack.output { max-width: none; }
  .wide { grid-template-columns: minmax(0, 1fr); }
}
@container (max-width: 760px) {
  .columns { padding: 8px; }
  .stack.data, .stack.middle, .stack.output { flex: 1 1 100%; min-width: 0; }
  .stack.output { order: -1; }
  .wide { padding: 0 8px 8px; }
  .bar { padding: 8px; gap: 6px 10px; }
  .bar button { padding: 6px 10px; }
  .bar button.play { min-width: 76px; }
  .status { flex-basis: 100%; }
  .counter { min-width: 4.4em; }
  .counter .label { font-size: 10px; }
  .counter .value { font-size: 17px; }
}
@container (max-width: 480px) {
  fieldset.layer { grid-template-columns: auto 1fr; }
}
/* ---- Convolution and embedding layers (shaped-controls.js) and what they make
   of an input (shaped-view.js) ---- */
.shaped { display: grid; gap: 6px; padding-bottom: 8px; margin-bottom: 8px; border-bottom: 1px solid var(--line); }
.shaped h3.sub { font-size: 13px; margin: 0; }
fieldset.conv-layer { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)) auto; gap: 6px; align-items: end; }
fieldset.conv-layer .with-tip { align-self: end; }
.shaped .row { display: flex; gap: 6px; flex-wrap: wrap; }
.shaped p.flatten { font-size: 12px; margin: 0; padding: 4px 8px; border: 1px dashed var(--line); border-radius: 3px; }
.shaped-view .maps { display: grid; gap: 10px; }
.map-row { margin: 0; }
.map-row figcaption { font-size: 12px; color: var(--muted); margin-bottom: 3px; font-variant-numeric: tabular-nums; }
.map-row .tiles { display: flex; flex-wrap: wrap; gap: 3px; }
.map-row canvas.tile { image-rendering: pixelated; border: 1px solid var(--line); display: block; }
.map-row .filter { display: flex; gap: 1px; padding: 2px; border: 1px solid var(--line); border-radius: 3px; }
.map-row.filters .tiles { gap: 4px; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin: 6px 0; }
.near-form { display: flex; gap: 8px; align-items: end; flex-wrap: wrap; }
ol.nearest { margin: 4px 0 0; padding-left: 1.6em; display: grid; gap: 2px; font-size: 13px; }
ol.nearest li span { display: inline-block; vertical-align: middle; }
ol.nearest .near-word { min-width: 8em; }
ol.nearest .bar { height: 10px; border-radius: 2px; margin-right: 6px; forced-color-adjust: none; }
ol.nearest .near-sim { color: var(--muted); font-variant-numeric: tabular-nums; }
@container (max-width: 480px) {
  fieldset.conv-layer { grid-template-columns: 1fr 1fr; }
}
/* ---- Class probability bars (class-bars.js), the drawing pad (digits.js) and
   "Try your own row" (try-panel.js) ---- */
.class-bars { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: max-content minmax(48px, 1fr) max-content; gap: 2px 6px; align-items: center; font-size: 12px; font-variant-numeric: tabular-nums; min-width: 0; }
.class-bars li { display: grid; grid-column: 1 / -1; grid-template-columns: subgrid; align-items: center; min-height: 14px; }
.class-bars .name { text-align: right; color: #1d2330; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 9em; }
.class-bars .track { height: 10px; background: #e6e9ef; border-radius: 2px; overflow: hidden; forced-color-adjust: none; }
.class-bars .fill { display: block; height: 100%; width: 0; background: #8fb8d6; }
.class-bars .value { text-align: right; min-width: 3.6em; color: var(--muted); }
.class-bars li.best .name, .class-bars li.best .value { font-weight: 700; color: #1d2330; }
.class-bars li.best .fill { background: var(--accent); }
@media (forced-colors: active) {
  .class-bars .track { background: Canvas; outline: 1px solid CanvasText; }
  .class-bars .fill { background: GrayText; }
  .class-bars li.best .fill { background: Highlight; }
}
.draw { display: grid; grid-template-columns: 160px minmax(0, 1fr); gap: 8px 14px; align-items: start; }
.draw .pad { display: flex; flex-direction: column; gap: 6px; }
.draw .pad-answer { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.draw .prediction { line-height: 1.1; }
.draw .class-bars { align-self: center; }
.try { display: flex; flex-direction: column; gap: 8px; border-top: 1px solid var(--line); padding-top: 10px; }
.try h3 { font-size: 13px; font-weight: 600; margin: 0; color: #1d2330; }
.try-examples { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 6px; }
.try-examples button { min-height: 28px; max-width: 100%; text-align: left; overflow-wrap: anywhere; }
.try-form { display: flex; flex-direction: column; gap: 8px; }
.try-fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px 10px; }
.try-fields.sentence { grid-template-columns: minmax(0, 1fr); }
.try-fields .field label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.try input[type=text], .try textarea { font: inherit; padding: 4px 6px; border: 1px solid #b9c0cc; border-radius: 4px; background: #fff; min-width: 0; width: 100%; min-height: 28px; }
.try textarea { resize: vertical; min-height: 3.4em; }
.try button.primary { background: var(--accent); border-color: var(--accent); color: #fff; min-width: 96px; min-height: 32px; }
.try-result { display: flex; flex-direction: column; gap: 6px; }
.try-answer { margin: 0; font-size: 14px; }
.try-answer strong { font-size: 16px; }
.try-values summary { font-size: 13px; color: #1d2330; }
.try-values[open] .try-fields { margin-top: 2px; }
.note-mark { border-left: 2px dotted #6b3fa0; }
.note-mark span { top: 18px; color: #4b2577; }
.annotation { position: absolute; z-index: 2; max-width: 150px; padding: 2px 6px; font-size: 12px; line-height: 1.3;
  color: #2b1747; background: #f3ecfb; border: 1px solid #6b3fa0; border-radius: 4px; pointer-events: none; }
.locked { cursor: not-allowed; }
/* The "?" beside a control: a 24 px target drawn as a 16 px disc, taking no more height
   than the label's line; its bubble opens under it on hover and keyboard focus. */
.label-row { display: flex; align-items: center; gap: 2px; min-width: 0; }
.label-row label { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tip-wrap { position: relative; display: inline-flex; flex: none; vertical-align: middle; }
.app button.help-tip {
  width: 24px; height: 24px; min-width: 24px; min-height: 24px; margin: -4px -3px; padding: 0; border: 0; border-radius: 50%;
  background: radial-gradient(circle, #e2e6ed 0 7.5px, transparent 8px); color: #3b4455;
  font-size: 11px; font-weight: 700; line-height: 24px; text-align: center; letter-spacing: 0; text-transform: none;
}
.app button.help-tip:hover, .app .tip-wrap:not(.closed) button.help-tip { background: radial-gradient(circle, #c4ccd9 0 7.5px, transparent 8px); }
.tip-bubble {
  display: none; position: absolute; top: calc(100% + 4px); left: 0; z-index: 30; width: 260px; padding: 8px 10px;
  background: #1d2330; color: #f2f4f8; border: 1px solid #5a6272; border-radius: 6px; box-shadow: 0 4px 14px rgba(0, 0, 0, .25);
  font-size: 12px; font-weight: 400; line-height: 1.45; text-align: left; text-transform: none; letter-spacing: normal; white-space: normal;
}
.tip-wrap:not(.closed) .tip-bubble { display: block; }
.tip-bubble a { color: #9fd3ff; display: inline-block; margin-top: 2px; }
.tip-item { display: block; margin-bottom: 4px; }
/* A phone: the bar keeps its buttons, the "?" and both counters on one line. */
@container (max-width: 480px) {
  .bar { column-gap: 10px; }
  .bar .counter { min-width: 4.2em; }
}
.bar .tip-wrap { align-self: center; }
.with-tip { display: inline-flex; align-items: center; gap: 2px; max-width: 100%; }
.with-tip[hidden] { display: none; }
fieldset.layer .with-tip { align-self: end; }
@media (forced-colors: active) { .app button.help-tip { border: 1px solid ButtonText; } }
`;
