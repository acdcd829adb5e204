// The race's styles, scoped by its shadow root: two panels side by side on a wide element,
// one column below 720 px of its own width (a 390 px phone included). Controls are at least
// 24 × 24 px; the pictures keep their colours in forced-colours mode.
export const STYLES = `
:host {
  display: block;
  container-type: inline-size;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1d2330;
  --accent: #0072b2;
  --line: #d7dbe3;
  --muted: #5a6272;
  --bg: #f4f6f9;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.app { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; overflow: clip; }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 14px; padding: 10px 14px; background: #1d2330; color: #fff; }
button {
  font: inherit; min-height: 32px; min-width: 32px; padding: 4px 14px; border-radius: 6px;
  border: 1px solid #4a5368; background: #2e3648; color: #fff; cursor: pointer;
}
button.play { background: var(--accent); border-color: var(--accent); min-width: 84px; }
button:disabled { opacity: .55; cursor: default; }
button:hover:not(:disabled) { filter: brightness(1.15); }
button:focus-visible, .table-wrap:focus-visible { outline: 3px solid #ffb000; outline-offset: 2px; }
.counter { display: flex; flex-direction: column; line-height: 1.15; min-width: 5.5em; }
.counter .label { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: #aeb6c6; }
.counter .value { font-size: 20px; font-variant-numeric: tabular-nums; }
.status { flex: 1 1 220px; margin: 0; color: #d8dde8; font-size: 13px; }
.error { margin: 10px 14px 0; padding: 8px 12px; border: 1px solid #b3261e; border-radius: 6px; background: #fdecea; color: #7a1b14; }
.panels { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 12px; padding: 12px 14px 0; }
@container (max-width: 720px) { .panels { grid-template-columns: minmax(0, 1fr); } }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; min-width: 0; }
h3 { margin: 0 0 6px; font-size: 15px; }
.chart { min-height: 240px; }
.empty { color: var(--muted); margin: 4px 0; }
.legend { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.legend li { display: flex; align-items: center; gap: 6px; }
.legend .name { font-weight: 600; white-space: nowrap; }
.legend .what { color: var(--muted); font-size: 13px; }
.swatch { flex: none; vertical-align: middle; margin-right: 6px; }
.surface { display: flex; flex-direction: column; align-items: center; }
.surface-picture { line-height: 0; border: 1px solid var(--line); }
.scale { display: flex; align-items: center; gap: 8px; margin-top: 6px; font-size: 12px; color: var(--muted); }
.scale .bar { display: inline-block; width: 140px; height: 10px; padding: 0; border-radius: 2px;
  background: linear-gradient(to right, rgb(48,18,59), rgb(65,69,171), rgb(57,162,252), rgb(27,229,181), rgb(164,252,60), rgb(251,185,56), rgb(250,250,210)); }
.note { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
.table-wrap { margin: 12px 14px 0; overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; padding: 8px 10px 4px; font-weight: 600; }
th, td { padding: 5px 10px; border-top: 1px solid var(--line); text-align: left; white-space: nowrap; }
thead th { font-size: 12px; color: var(--muted); font-weight: 600; }
td.num { text-align: right; }
tr.winner th[scope=row]::after { content: " ★"; color: #b26a00; }
.goals-box { margin: 12px 14px 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.goals { list-style: none; margin: 0; padding: 0; }
.goals li { padding: 2px 0; }
.goals .tick { display: inline-block; width: 1.4em; color: var(--muted); }
.goals li.met .tick { color: #007a4d; font-weight: 700; }
.app > :last-child { margin-bottom: 14px; }
canvas, .uplot, .swatch { forced-color-adjust: none; }
`;
