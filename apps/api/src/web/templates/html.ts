/**
 * Typed template functions with an escaping tag (see docs/decisions/0015): a page is a
 * TypeScript function from a view model to `Html`, written with the `html` tag. Every
 * interpolated value is escaped for HTML text and quoted attribute values unless it is already
 * `Html` (the output of another template), so markup can only come from templates.
 *
 * Interpolate only into text or into double-quoted attribute values: never into an unquoted
 * attribute, a tag or attribute name, `<script>` or `<style>` (the pages have neither), or a URL
 * built from user input (URLs come from the server's own routes).
 */

const MARKUP = Symbol('html');

/** Markup made by a template: safe to insert as is. */
export interface Html {
  readonly [MARKUP]: true;
  readonly markup: string;
  toString(): string;
}

/** What a template may interpolate: arrays are joined, and null, undefined and false render nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function markup(value: string): Html {
  return { [MARKUP]: true, markup: value, toString: () => value };
}

export function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && (value as Partial<Html>)[MARKUP] === true;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (isHtml(value)) return value.markup;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

/** The template tag: `html\`<p>${text}</p>\`` escapes `text`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i += 1) out += render(values[i]) + (strings[i + 1] ?? '');
  return markup(out);
}

type AttributeValue = string | number | boolean | null | undefined;

const ATTRIBUTE_NAME = /^[a-z][a-z0-9:-]*$/;

/**
 * Attributes from a record: ` name="value"` for strings and numbers (escaped), ` name` for
 * true, nothing for false, null and undefined. Names are written by us; a name that is not a
 * plain attribute name is a programming error.
 */
export function attributes(record: Record<string, AttributeValue>): Html {
  let out = '';
  for (const [name, value] of Object.entries(record)) {
    if (!ATTRIBUTE_NAME.test(name)) throw new Error(`Not an attribute name: ${name}`);
    if (value === null || value === undefined || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return markup(out);
}

/** A whole document: the doctype and the root element's markup. */
export function documentOf(root: Html): string {
  return `<!doctype html>\n${root.markup}`;
}
