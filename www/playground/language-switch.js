// The language switch of www/index.html: sets the playground's `lang` (it re-renders,
// keeping its state) and the page's, and is remembered in localStorage; without a choice the
// browser's language holds. The page's own words follow the language too.
import { LANGUAGE_KEY as KEY, language, languageOf, onLanguage, t } from './i18n/i18n.js';
const menu = document.getElementById('language');
const playground = document.querySelector('nn-playground');
const render = () => {
  const lang = language();
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  menu.value = lang;
  document.title = t('page.title');
  document.getElementById('tagline').textContent = t('page.tagline');
  document.getElementById('course-link').textContent = t('page.course');
  document.getElementById('language-label').textContent = t('page.language');
};
onLanguage(render);
let saved = null;
try {
  saved = localStorage.getItem(KEY);
} catch {
  // No storage (a private window): the choice lasts for this visit.
}
if (saved) playground.setAttribute('lang', languageOf(saved));
render();
menu.addEventListener('change', () => {
  try {
    localStorage.setItem(KEY, menu.value);
  } catch {
    // As above.
  }
  playground.setAttribute('lang', menu.value);
});
