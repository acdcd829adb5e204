// The model card the worker stamps on the model right before every export: the data (its
// name, rows and file hash), the settings of the run and its test figures. The engine adds
// its version, the seed, the epochs and the sparsity itself (Model.setCard).

/** Stamps `model` with the card of `data` and `settings`. */
export function stampCard(model, data, settings) {
  const e = data.info.rows.test ? model.evaluateData(data.prepared, 'test') : null;
  model.setCard({
    data: { name: data.info.name, rows: data.info.rows.train + data.info.rows.val + data.info.rows.test, sha256: data.sha256 },
    // As a link carries them: plain values only.
    settings: JSON.parse(JSON.stringify(settings)),
    metrics: e && { rows: data.info.rows.test, loss: e.loss, accuracy: e.accuracy ?? null },
  });
}
