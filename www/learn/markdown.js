// A lesson's Markdown to HTML: marked (www/vendor/marked) with formulas in `$…$` and
// `$$…$$` turned into MathML by Temml (www/vendor/temml). Raw HTML in the Markdown is shown
// as text, and links go only to http(s), mailto or relative addresses, so a lesson file
// cannot put a script or an event handler on the page. Pure: runs in node too.
import { Marked } from '../vendor/marked/marked.esm.js';
import temml from '../vendor/temml/temml.min.esm.js';

/** `&`, `<`, `>`, `"` and `'` as entities. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** A formula as MathML; a LaTeX error is thrown (`throwOnError`) or shown in its place. */
export function mathml(tex, display, throwOnError = false) {
  return temml.renderToString(tex, { displayMode: display, throwOnError, annotate: true });
}

const SAFE_URL = /^(https?:|mailto:|[^:]*$)/i;

function mathExtensions(throwOnError) {
  const block = {
    name: 'mathBlock',
    level: 'block',
    start: (src) => src.match(/^\$\$/m)?.index,
    tokenizer(src) {
      const m = /^\$\$([\s\S]+?)\$\$[ \t]*(?:\n|$)/.exec(src);
      return m ? { type: 'mathBlock', raw: m[0], tex: m[1].trim() } : undefined;
    },
    renderer: (t) => `<div class="formula">${mathml(t.tex, true, throwOnError)}</div>\n`,
  };
  const inline = {
    name: 'mathInline',
    level: 'inline',
    start: (src) => src.indexOf('$') >= 0 ? src.indexOf('$') : undefined,
    tokenizer(src) {
      const display = /^\$\$((?:\\.|[^\\$])+?)\$\$/.exec(src);
      if (display) return { type: 'mathInline', raw: display[0], tex: display[1].trim(), display: true };
      // `$x$`: not `$ x$` nor `$5 and $6` (a closing dollar right after a space or before a digit).
      const m = /^\$(?!\s)((?:\\.|[^\\$\n])+?)(?<!\s)\$(?!\d)/.exec(src);
      return m ? { type: 'mathInline', raw: m[0], tex: m[1], display: false } : undefined;
    },
    renderer: (t) => mathml(t.tex, t.display, throwOnError),
  };
  return [block, inline];
}

/**
 * A Markdown renderer. `throwOnError`: a bad formula throws (for tests of lesson files)
 * instead of showing Temml's error in its place.
 */
export function markdown({ throwOnError = false } = {}) {
  const md = new Marked({ gfm: true });
  md.use({
    extensions: mathExtensions(throwOnError),
    renderer: {
      html: ({ text }) => escapeHtml(text),
      // The page's h1 is the lesson's title: a `#` in the prose is an h2 as `##` is.
      heading({ tokens, depth }) {
        const level = Math.max(depth, 2);
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
      // A header cell that is a formula, such as $f(z)$, is named by its TeX: tools that
      // name a cell from its text do not read MathML.
      tablecell({ tokens, header, align }) {
        const tag = header ? 'th' : 'td';
        let body = this.parser.parseInline(tokens);
        if (header) body = body.replace(/<math([^>]*)>([\s\S]*?<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>)/g, '<math$1 aria-label="$3">$2');
        return `<${tag}${align ? ` align="${align}"` : ''}>${body}</${tag}>\n`;
      },
      link({ href, title, tokens }) {
        const body = this.parser.parseInline(tokens);
        if (!SAFE_URL.test(href)) return body;
        return `<a href="${escapeHtml(href)}"${title ? ` title="${escapeHtml(title)}"` : ''}>${body}</a>`;
      },
      image({ href, title, text }) {
        if (!SAFE_URL.test(href)) return escapeHtml(text);
        return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ''}>`;
      },
    },
  });
  return {
    /** A block of Markdown (paragraphs, headings, lists, code, formulas) as HTML. */
    block: (text) => md.parse(text),
    /** One line of Markdown (emphasis, code, links, formulas) as HTML, without a paragraph. */
    inline: (text) => md.parseInline(text),
  };
}

/** Elements a lesson's Markdown never yields, removed should one appear. */
const NEVER = 'script, style, iframe, object, embed, link, meta, base, form, input, textarea, select, button';

/**
 * Puts rendered Markdown (`html`, from `markdown().block` or `.inline`) into `node`: the one
 * place the course turns text into markup. The renderer already shows raw HTML as text and
 * keeps only safe links; here, as a second guard, the parsed nodes lose any element outside
 * what Markdown and MathML make, every `on…` attribute and any link or source to an unsafe
 * address before they are put in the page.
 */
export function setMarkup(node, html) {
  const template = node.ownerDocument.createElement('template');
  template.innerHTML = html;
  for (const el of template.content.querySelectorAll(NEVER)) el.remove();
  for (const el of template.content.querySelectorAll('*')) {
    for (const { name, value } of [...el.attributes]) {
      const address = /^(href|src|xlink:href|action|formaction)$/i.test(name);
      if (/^on/i.test(name) || (address && !SAFE_URL.test(value.trim()))) el.removeAttribute(name);
    }
  }
  node.replaceChildren(template.content);
}
