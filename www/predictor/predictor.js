// The standalone predictor: the page "Download as a web page" writes. It runs the model
// file inside it with the nnplay engine inside it (no network): a form with one field per
// feature column of the training file, or a dropped CSV file, goes through the model's
// stored preprocessing (Model.predictRows, Model.predictCsv) and the answers are shown.
// Everything it computes, the engine computes; this file only builds the form and shows.
import { h } from '../playground/dom.js';

/** The most prediction rows of a file shown in the table (all of them are downloadable). */
const SHOWN_ROWS = 200;

/** The form field of feature `f` (the `i`-th): a number, a category menu or a text box. */
function fieldFor(f, i) {
  const id = `f${i}`;
  const [kind, spec] = Object.entries(f.encoding)[0];
  let input;
  if (kind === 'categorical') {
    input = h('select', { id }, spec.categories.map((c) => h('option', { value: c, selected: c === spec.fill }, c)));
  } else if (kind === 'numeric') {
    input = h('input', { id, type: 'text', inputmode: 'decimal', value: String(Number(spec.fill.toPrecision(4))) });
  } else {
    input = h('textarea', { id, rows: 2 });
  }
  return { input, box: h('div', { class: kind === 'numeric' ? 'field' : 'field wide' }, h('label', { for: id }, f.column), input) };
}

/** Shows one row's outputs in `box`: a bar per class, or the predicted number(s). */
function showOutputs(box, outputs, classes, label) {
  if (!classes) {
    box.replaceChildren(h('p', {}, 'Predicted ', h('strong', {}, label), ': ', h('strong', { 'data-prediction': '' }, outputs.map((v) => v.toPrecision(5)).join(', '))));
    return;
  }
  const p = classes.length === 2 && outputs.length === 1 ? [1 - outputs[0], outputs[0]] : outputs;
  const best = p.indexOf(Math.max(...p));
  box.replaceChildren(h('p', {}, 'Predicted ', h('strong', {}, label), ': ', h('strong', { 'data-prediction': '' }, classes[best])),
    h('ul', { class: 'bars' }, classes.map((c, k) => h('li', { class: k === best ? 'best' : null },
      h('span', { class: 'name' }, c), h('span', { class: 'track' }, h('span', { class: 'fill', style: `width:${(100 * p[k]).toFixed(1)}%` })),
      h('span', { class: 'value' }, `${(100 * p[k]).toFixed(1)} %`)))));
}

/** Predicts every row of a CSV `file` and shows the first rows in `box`, all in a download. */
async function showFile(model, label, file, box) {
  try {
    const r = model.predictCsv(await file.text());
    const k = r.outputs;
    const name = (i) => (r.labels ? r.labels[i] : Array.from(r.predictions.slice(i * k, i * k + k), (v) => v.toPrecision(5)).join(' '));
    const lines = [`row,${label}`];
    for (let i = 0; i < r.rows; i += 1) lines.push(`${r.rowNumbers[i]},${JSON.stringify(name(i))}`);
    const url = URL.createObjectURL(new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }));
    box.replaceChildren(
      h('p', {}, `${r.rows.toLocaleString('en-US')} rows of ${file.name} predicted. `,
        h('a', { href: url, download: file.name.replace(/(\.csv)?$/i, '-predictions.csv') }, 'Download the predictions')),
      h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Predictions of the file' },
        h('table', { 'data-file-predictions': '' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'row'), h('th', { scope: 'col' }, label))),
          h('tbody', {}, Array.from({ length: Math.min(r.rows, SHOWN_ROWS) }, (_, i) => h('tr', {}, h('td', {}, String(r.rowNumbers[i])), h('td', {}, name(i))))))),
      r.rows > SHOWN_ROWS ? h('p', { class: 'note' }, `The first ${SHOWN_ROWS} rows are shown; the download has all of them.`) : '');
  } catch (err) {
    box.replaceChildren(h('p', { class: 'error' }, `Error: ${err.message}`));
  }
}

/** The file input and drop zone that predict a CSV file into `box`. */
function fileDrop(model, label, box) {
  const input = h('input', { id: 'csv', type: 'file', accept: '.csv,text/csv' });
  input.addEventListener('change', () => input.files[0] && showFile(model, label, input.files[0], box));
  const drop = h('div', { class: 'drop' }, h('label', { for: 'csv' }, 'Predict a CSV file (the training file\'s columns, by name; the label column may be missing): '), input, ' or drop it here.');
  drop.addEventListener('dragover', (e) => e.preventDefault());
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    if (e.dataTransfer.files[0]) showFile(model, label, e.dataTransfer.files[0], box);
  });
  return drop;
}

/**
 * Starts the predictor in `root`: `engine` holds `Model`; `modelJson` is an nnplay model
 * file with its preprocessing; `cardView(card)` renders its model card. Returns the model.
 */
export function startPredictor(engine, modelJson, cardView, root) {
  const model = engine.Model.fromJSON(modelJson);
  const pre = model.preprocessing;
  if (!pre) throw new Error('this model file has no preprocessing, so it cannot read raw rows');
  const classes = model.labelNames ?? (pre.label.classes?.length ? pre.label.classes : null);
  const label = pre.label.column;
  const card = model.card;
  const title = card ? `${card.data.name}: predictions` : 'Predictions';
  document.title = title;
  const fields = pre.features.map(fieldFor);
  const answer = h('div', { class: 'answer', role: 'status', 'aria-live': 'polite' });
  const fileAnswer = h('div', { class: 'file-answer', 'aria-live': 'polite' });
  const predictForm = (e) => {
    e.preventDefault();
    try {
      const row = fields.map(({ input }) => (input.value.trim() === '' ? null : input.value));
      showOutputs(answer, Array.from(model.predictRows([row])), classes, label);
    } catch (err) {
      answer.replaceChildren(h('p', { class: 'error' }, `Error: ${err.message}`));
    }
  };
  root.replaceChildren(
    h('h1', {}, title),
    h('p', { class: 'note' }, 'A trained nnplay model with its preprocessing and the engine that runs it, in one file: it works offline.'),
    card ? cardView(card) : '',
    h('form', { onsubmit: predictForm },
      h('fieldset', {}, h('legend', {}, 'One row'), h('div', { class: 'fields' }, fields.map((f) => f.box))),
      h('button', { type: 'submit' }, 'Predict')),
    answer,
    fileDrop(model, label, fileAnswer),
    fileAnswer);
  return model;
}
