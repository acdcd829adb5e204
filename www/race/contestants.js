// The `contestants` attribute: `[name:] optimizer learning-rate [batch size|all]`, separated
// by `;` (see README.md). Parsing only: the optimizer names are checked against the
// engine's catalog, and the engine checks every value again when the race is built.

const NAME = /^[a-z][a-z0-9-]*$/i;

/** A bad attribute: `message` names the attribute and the part of it at fault. */
export class AttributeError extends Error {
  constructor(attribute, part, reason) {
    super(`${attribute}: "${part}": ${reason}`);
    this.attribute = attribute;
  }
}

/**
 * `text` → `[{ name, optimizer, learningRate, batch }]` where `batch` is a size, `'all'`
 * or null (the `batch-size` attribute's). `optimizers`: the engine's optimizer names.
 * Throws an AttributeError for a bad contestant.
 */
export function parseContestants(text, optimizers) {
  const parts = String(text ?? '').split(';').map((s) => s.trim()).filter(Boolean);
  if (!parts.length) throw new AttributeError('contestants', String(text ?? ''), 'give at least one contestant, e.g. "sgd 0.1; adam 0.01"');
  const out = parts.map((part) => {
    let rest = part;
    let name = null;
    const colon = rest.indexOf(':');
    if (colon >= 0) {
      name = rest.slice(0, colon).trim();
      rest = rest.slice(colon + 1).trim();
      if (!NAME.test(name)) throw new AttributeError('contestants', part, `"${name}" is not a name (letters, digits and "-", starting with a letter)`);
    }
    const words = rest.split(/\s+/).filter(Boolean);
    const [optimizer, rate, ...tail] = words;
    if (!optimizer) throw new AttributeError('contestants', part, 'an optimizer and a learning rate are needed');
    const opt = optimizer.toLowerCase();
    if (!optimizers.includes(opt)) throw new AttributeError('contestants', part, `there is no optimizer "${optimizer}" (${optimizers.join(', ')})`);
    const learningRate = Number(rate);
    if (rate === undefined || !Number.isFinite(learningRate) || learningRate <= 0) {
      throw new AttributeError('contestants', part, `the learning rate must be a positive number, got "${rate ?? ''}"`);
    }
    let batch = null;
    if (tail.length) {
      if (tail[0].toLowerCase() !== 'batch' || tail.length !== 2) throw new AttributeError('contestants', part, `expected "batch <size>" or "batch all" after the learning rate, got "${tail.join(' ')}"`);
      const b = tail[1].toLowerCase();
      if (b === 'all') batch = 'all';
      else {
        batch = Number(b);
        if (!Number.isInteger(batch) || batch < 1) throw new AttributeError('contestants', part, `the batch size must be a whole number from 1 or "all", got "${tail[1]}"`);
      }
    }
    return { name: (name ?? opt).toLowerCase(), optimizer: opt, learningRate, batch };
  });
  out.forEach((c, i) => {
    if (out.slice(0, i).some((o) => o.name === c.name)) {
      throw new AttributeError('contestants', parts[i], `two contestants are called "${c.name}": name them ("fast: ${parts[i]}")`);
    }
  });
  return out;
}
