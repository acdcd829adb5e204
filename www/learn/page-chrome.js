// What the course pages share: the top bar (links to the course and the playground, the
// language switch) and putting the page's language in force.
import { h, newId } from '../playground/dom.js';
import { LANGS } from './lesson-format.js';
import { LANG_NAMES, STRINGS } from './strings.js';
import { keepLang } from './course.js';

/**
 * The top bar in `header`; `links` are `[[href, key of STRINGS]]`. `onLang(lang)` runs
 * when the reader switches (after the choice is kept). Returns `{ setLang }`, which puts the
 * bar's own words in a language.
 */
export function topBar(header, links, onLang) {
  const anchors = links.map(([href, key]) => ({ a: h('a', { href }), key }));
  const legend = h('legend', {});
  const name = newId('lang');
  const radios = LANGS.map((lang) => {
    const id = newId();
    const input = h('input', { type: 'radio', name, id, value: lang });
    input.addEventListener('change', () => {
      if (!input.checked) return;
      keepLang(lang);
      onLang(lang);
    });
    return { input, label: h('label', { for: id, lang }, LANG_NAMES[lang]) };
  });
  const nav = h('nav', { class: 'crumbs' }, anchors.map(({ a }) => a));
  header.replaceChildren(nav, h('fieldset', { class: 'lang-switch' }, legend,
    h('div', { class: 'segmented' }, radios.flatMap(({ input, label }) => [input, label]))));
  return {
    setLang(lang) {
      const s = STRINGS[lang];
      for (const { a, key } of anchors) a.textContent = s[key];
      nav.setAttribute('aria-label', s.course);
      legend.textContent = s.language;
      for (const { input } of radios) input.checked = input.value === lang;
    },
  };
}

/** The document's language (its `lang` attribute), for the browser and screen readers. */
export function documentLang(lang) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : lang;
}
