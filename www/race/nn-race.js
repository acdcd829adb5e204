// Defines <nn-race> (element.js): import this module once on a page.
import { NnRace } from './element.js';

if (!customElements.get('nn-race')) customElements.define('nn-race', NnRace);
export { NnRace };
