// The data controls: a built-in dataset or the user's CSV (file picker or drag-and-drop),
// the toy sets' noise, split and feature transforms, scaling and missing-value policy, the
// preview table and the detected column schema. Parser errors show next to the data.
// Every list (data sets, input features, scalings, policies, roles, types) is the engine's,
// from `ctx.catalog`; the words here only say how some of its names read on screen.
import { checkbox, h, newId, select, slider } from './dom.js';
import { isToy } from './model-spec.js';
import { featureHistogram } from './feature-histogram.js';
import { landmarkName, msg, msgOr, t } from './i18n/i18n.js';
import { withButtonHelp, withHelp } from './help.js';

/** How some of the engine's names read in menus (`choice.<name>`; others show as they are). */
const shownText = (name) => msgOr(`choice.${name}`, name);
const shown = (name) => [name, shownText(name)];

/** The most columns the preview shows, and the column list before it summarises. */
const PREVIEW_COLUMNS = 12;
const LISTED_COLUMNS = 40;

/**
 * The upload's column choices (`{ label, ignored, types, labelKind }`, as the engine's
 * `DataTable.configure` takes them) after one change from the column list: `{ column,
 * role, was, detectedType }`, `{ column, type }` or `{ labelKind }`. Throws when the change
 * leaves no label.
 */
export function columnChoices(options, { column, role, was, type, labelKind, detectedType }) {
  if (role === 'feature' && was === 'label') {
    throw new Error(msg('data.needsLabel'));
  }
  const next = structuredClone(options);
  next.ignored = (next.ignored ?? []).filter((c) => c !== column);
  if (role && next.splitColumn === column) delete next.splitColumn;
  if (role === 'split') next.splitColumn = column;
  if (role === 'label') next.label = column;
  if (role === 'ignored') next.ignored.push(column);
  // A column the import set aside is kept once it has a type of its own.
  if (role === 'feature' && was === 'ignored' && detectedType && !next.types?.[column]) {
    next.types = { ...(next.types ?? {}), [column]: detectedType };
  }
  if (type) next.types = { ...(next.types ?? {}), [column]: type };
  if (labelKind) next.labelKind = labelKind;
  return next;
}

/**
 * `ctx`: `{ settings, info, csv, error, failedFile, update(patch), loadFile(file),
 * loadTestFile(file | null), setCsvOptions(patch), retryMissing(policy) }` where `csv` is the current upload (`{ fileName,
 * options }`), `error` the last data error and `failedFile` the name of an upload that failed
 * on missing values (which `retryMissing` loads again under another policy).
 */
export function dataPanel(ctx) {
  const s = ctx.settings;
  const { catalog } = ctx;
  const datasetId = newId();
  const option = (d, text) => h('option', { value: d.name, selected: s.dataset === d.name }, text);
  const toys = (regression) => catalog.datasets.filter((d) => d.kind === 'toy' && (d.task === 'regression') === regression);
  const datasetSelect = h('select', { id: datasetId, onchange: () => ctx.update({ dataset: datasetSelect.value }) },
    h('optgroup', { label: msg('data.toyClassification') }, toys(false).map((d) => option(d, datasetTitle(d)))),
    h('optgroup', { label: msg('data.toyRegression') }, toys(true).map((d) => option(d, msg('data.regressionSet', { title: datasetTitle(d) })))),
    h('optgroup', { label: msg('data.realData') }, catalog.datasets.filter((d) => d.kind === 'table').map((d) => option(d,
      msg('data.tableSet', { title: datasetTitle(d), summary: msgOr(`datasetSummary.${d.name}`, d.summary) })))),
    ctx.csv ? h('optgroup', { label: msg('data.yourData') }, h('option', { value: 'csv', selected: s.dataset === 'csv' }, ctx.csv.fileName)) : null);

  const fileId = newId();
  const file = h('input', { id: fileId, type: 'file', accept: '.csv,.tsv,.txt,text/csv', class: 'file' });
  file.addEventListener('change', () => {
    if (file.files[0]) ctx.loadFile(file.files[0]);
    file.value = '';
  });
  const drop = h('div', { class: 'drop' },
    uploadButton(fileId, file, 'upload', msg('data.upload')), file,
    h('span', { class: 'hint' }, msg('data.orDrop')));
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add('over'); });
  }
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files?.[0];
    if (f) ctx.loadFile(f);
  });

  const error = h('div', { class: 'error', role: 'alert', hidden: !ctx.error },
    h('p', {}, ctx.error ?? ''),
    ctx.failedFile ? missingChoices(ctx) : null);

  const toy = isToy(catalog, s.dataset);
  const names = catalog.transforms.map((t) => t.name);
  const toyControls = toy ? [
    withHelp(slider(msg('data.noise'), s.noise, (v) => ctx.update({ noise: v }), { min: 0, max: 50, step: 5, format: percentText }), 'noise'),
    withHelp(h('fieldset', { class: 'transforms' }, h('legend', {}, msg('data.features')),
      catalog.transforms.map((t) => checkbox(t.label, s.transforms.includes(t.name), (on) => {
        const next = names.filter((x) => (x === t.name ? on : s.transforms.includes(x)));
        if (next.length) ctx.update({ transforms: next });
      }))), 'transforms'),
  ] : [];
  const upload = s.dataset === 'csv' ? ctx.csv : null;
  const splitColumn = upload?.options?.splitColumn;
  const splits = splitColumn
    ? h('p', { class: 'note' }, msg('data.splitColumn', { column: splitColumn }))
    : [
      upload?.test ? null : withHelp(slider(msg('data.testPart'), s.testRatio, (v) => ctx.update({ testRatio: v }), { min: 10, max: 90, step: 5, format: percentText }), 'testRatio'),
      withHelp(slider(msg('data.valPart'), s.valRatio, (v) => ctx.update({ valRatio: v }), { min: 0, max: 40, step: 5, format: percentText }), 'valRatio'),
      upload ? testFileControl(ctx, upload.test) : null,
    ];
  const { data } = catalog.defaults;
  const prep = [
    withHelp(select(msg('data.scaling'), catalog.scalings.map(shown), s.scaling ?? data.scaling, (v) => ctx.update({ scaling: v })), 'scaling'),
    s.dataset === 'csv' ? withHelp(select(msg('data.missing'), catalog.missingPolicies.map(shown), s.missing ?? data.missing, (v) => ctx.update({ missing: v })), 'missing') : null,
  ];

  return h('div', { class: 'panel-body' },
    withHelp(h('div', { class: 'field' }, h('label', { for: datasetId }, msg('data.dataset')), datasetSelect), 'dataset'),
    drop, error, toyControls, splits, prep,
    ctx.info ? summary(ctx.info, s.dataset) : null,
    ctx.info ? featureHistogram(ctx) : null,
    ctx.info?.warnings?.length ? warnings(ctx.info.warnings) : null,
    ctx.info?.preview && !toy ? previewTable(ctx.info.preview, ctx.label) : null,
    ctx.info?.schema && s.dataset === 'csv' ? schemaEditor(catalog, ctx.info.schema, ctx.setCsvOptions) : null);
}

/** A file picker's label as a button, with its toggletip (describing the picker too). */
function uploadButton(id, input, name, text) {
  const label = h('label', { for: id, class: 'button' }, text);
  return withButtonHelp(label, name, text, [label, input]);
}

/** A data set's name in menus: the engine's title, or its translation. */
function datasetTitle(d) {
  return msgOr(`dataset.${d.name}`, d.title);
}

const percentText = (v) => msg('data.percent', { n: v });

/** The loaded data in a line; a built-in set (`dataset`) is named as the menu names it. */
function summary(info, dataset) {
  const r = info.rows;
  const name = dataset === 'csv' ? info.name : msgOr(`dataset.${dataset}`, info.name);
  const kind = info.task === 'regression' ? msg('task.regression') : msg('data.classes', { task: msg(`task.${info.task}`), count: info.classes });
  const from = info.testFile
    ? msg(info.testFile.dropped ? 'data.fromFileDropped' : 'data.fromFile', { name: info.testFile.name, count: info.testFile.dropped ?? 0 }) : '';
  const dropped = info.dropped ? msg('data.droppedRows', { count: info.dropped }) : '';
  return h('p', { class: 'note', 'aria-live': 'polite' },
    msg('data.summary', {
      name, count: info.inputs, inputs: msg('data.inputs', { count: info.inputs }), kind, train: r.train, val: r.val, test: r.test, from, dropped,
    }));
}

/** The ways out of missing values for the file that just failed, in the menu's words. */
function missingChoices(ctx) {
  const policies = ctx.catalog.missingPolicies.filter((p) => p !== ctx.catalog.defaults.data.missing);
  return h('div', { class: 'recover' }, h('p', {}, msg('data.loadAgain', { name: ctx.failedFile })),
    policies.map((p) => h('button', { type: 'button', onclick: () => ctx.retryMissing(p) }, shownText(p))));
}

/** The upload's test rows: from the split, or from a second file (a data set's test.csv). */
function testFileControl(ctx, test) {
  if (test) {
    return h('p', { class: 'note test-file' }, msg('data.testFrom', { name: test.fileName }), ' ',
      withButtonHelp(h('button', { type: 'button', onclick: () => ctx.loadTestFile(null) }, msg('data.splitInstead')), 'testFile', msg('data.splitInstead')));
  }
  const id = newId();
  const input = h('input', { id, type: 'file', accept: 'text/csv,.csv,.tsv,.txt', class: 'file' });
  input.addEventListener('change', () => {
    if (input.files[0]) ctx.loadTestFile(input.files[0]);
    input.value = '';
  });
  return h('div', { class: 'drop test-file' }, uploadButton(id, input, 'testFile', msg('data.addTestFile')), input,
    h('span', { class: 'hint' }, msg('data.testFileHint')));
}

/** What the import did on its own: title rows skipped, columns left out, each with why. */
function warnings(list) {
  return h('div', { class: 'warnings', role: 'note', 'aria-label': msg('data.warnings') },
    h('p', {}, msg('data.warningsIntro', { count: list.length })),
    h('ul', {}, list.map((text) => h('li', {}, text))));
}

/** The first rows of the data, as text cells, with the file's row numbers. */
function previewTable({ header, rows, rowNumbers }, label) {
  // A wide file shows its first columns and its last (the label, by default).
  const wide = header.length > PREVIEW_COLUMNS;
  const keep = wide ? [...Array(PREVIEW_COLUMNS - 1).keys(), header.length - 1] : [...header.keys()];
  const cells = (row, cell) => keep.flatMap((c, k) => [
    wide && k === keep.length - 1 ? cell('…', msg('data.moreColumns', { count: header.length - keep.length })) : null, cell(row[c], row[c])]);
  const caption = wide ? msg('data.previewWide', { count: rows.length, shown: keep.length, columns: header.length }) : msg('data.preview', { count: rows.length });
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': landmarkName(label, msg('data.previewRegion')) },
    h('table', { class: 'preview' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, msg('data.row')), cells(header, (c, t) => h('th', { scope: 'col', title: t }, c)))),
      h('tbody', {}, rows.map((row, i) => h('tr', {}, h('th', { scope: 'row' }, String(rowNumbers[i])), cells(row, (c, t) => h('td', { title: t }, c)))))));
}

/** The detected role and type of each column, changeable: one compact row per column. */
function schemaEditor(catalog, schema, setOptions) {
  const legend = h('legend', {}, msg('data.columns'));
  const row = (col) => columnRow(catalog, schema, col, setOptions);
  if (schema.columns.length <= LISTED_COLUMNS) return h('fieldset', { class: 'schema' }, legend, schema.columns.map(row));
  // A wide file: the columns counted by role and type, and the ones found by name.
  const count = (pick) => {
    const n = new Map();
    for (const c of schema.columns) n.set(pick(c), (n.get(pick(c)) ?? 0) + 1);
    return [...n].filter(([k]) => k !== 'other').map(([k, v]) => t('data.countOf', { count: v, name: k })).join(t('list.separator'));
  };
  const list = h('div', { class: 'found' });
  const find = h('input', { type: 'search', 'aria-label': msg('data.find'), placeholder: msg('data.findPlaceholder') });
  const show = () => {
    const q = find.value.trim().toLowerCase();
    const found = schema.columns.filter((c) => (q ? c.name.toLowerCase().includes(q) : c.role !== 'feature'));
    list.replaceChildren(...found.slice(0, LISTED_COLUMNS).map(row),
      h('p', { class: 'hint' }, found.length > LISTED_COLUMNS ? msg('data.moreMatch', { count: found.length - LISTED_COLUMNS })
        : q ? msg('data.found', { count: found.length }) : msg('data.findHint')));
  };
  find.addEventListener('input', show);
  show();
  return h('fieldset', { class: 'schema' }, legend,
    h('p', { class: 'note' }, msg('data.columnCounts', { count: schema.columns.length, roles: count((c) => c.role), types: count((c) => (c.role === 'feature' ? c.type : 'other')) })),
    find, list);
}

/** One column of the list: its name, role and type, each changeable. */
function columnRow(catalog, schema, col, setOptions) {
  const isLabel = col.role === 'label';
  const roleSel = h('select', { 'aria-label': msg('data.roleOf', { name: col.name }), class: 'role' },
    catalog.roles.map((r) => h('option', { value: r, selected: r === col.role }, r)));
  roleSel.addEventListener('change', () => setOptions({ column: col.name, role: roleSel.value, was: col.role, detectedType: col.detectedType }));
  const typeSel = isLabel
    ? h('select', { 'aria-label': msg('data.labelKindOf', { name: col.name }), class: 'type' },
      catalog.labelKinds.map(shown).map(([v, t]) => h('option', { value: v, selected: v === schema.labelKind }, t)))
    : h('select', { 'aria-label': msg('data.typeOf', { name: col.name }), class: 'type', disabled: col.role === 'ignored' },
      catalog.columnTypes.map((t) => h('option', { value: t, selected: t === col.type }, t)));
  typeSel.addEventListener('change', () => setOptions(isLabel ? { labelKind: typeSel.value } : { column: col.name, type: typeSel.value }));
  return h('div', { class: 'column' }, h('span', { class: 'name', title: col.name }, col.name), roleSel, typeSel);
}
