// <nn-playground>: load this module to use the element (see README.md). It starts the
// element's worker — and so the engine's download — first, then loads the element's own
// code, so that the two load side by side.
import { prestartWorker } from './worker-client.js';

if (document.querySelector('nn-playground')) prestartWorker();
const { NnPlayground } = await import('./element.js');
if (!customElements.get('nn-playground')) customElements.define('nn-playground', NnPlayground);

export { NnPlayground };
