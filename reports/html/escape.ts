// Escaping for the HTML pages: text and attribute values (escapeHtml), and JSON embedded in a
// <script type="application/json"> element (scriptJson), which no content can close or break out of.
// Pure string functions; no dependencies.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** text or an attribute value (quoted) in HTML: & < > " ' escaped */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON for the inside of a <script> element: `<`, `>` and `&` as \u escapes (so neither `</script>`
 * nor `<!--` can appear), and U+2028/U+2029 too (line terminators to older JavaScript parsers).
 * JSON.parse of the element's text gives back exactly `value`.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** an HTML fragment, built only from escaped parts (see markup``) */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

type Part = SafeHtml | string | number | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined) return '';
  if (part instanceof SafeHtml) return part.html;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(part as string | number);
}

/**
 * a tagged template: every interpolated value is escaped unless it is already SafeHtml (arrays are
 * joined). Not named `html`: Prettier would reformat such templates as HTML, changing their text.
 */
export function markup(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, i) => (out += render(value) + strings[i + 1]));
  return new SafeHtml(out);
}
