import { addCalendarDays, isValidIsoDate, type IsoDate } from '@cardtrail/card-lifecycle';
import { CSRF_FIELD } from './csrf';
import { WebPageException } from './web-page.exception';

/** Longest value any field of the pages takes; browsers are held to it by `maxlength` too. */
export const MAX_FIELD_LENGTH = 100;

/** An unpaired UTF-16 surrogate: not text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isPlainText(value: string, maxLength = MAX_FIELD_LENGTH): boolean {
  return value.length <= maxLength && !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/**
 * The fields of a form post (`application/x-www-form-urlencoded`): only `fields` and the CSRF
 * field, each sent at most once, as plain text (no NUL, no unpaired surrogate, at most
 * {@link MAX_FIELD_LENGTH} characters). A field left out reads as empty, as browsers send empty
 * inputs. Anything else was not sent by our forms: the "form could not be read" page (400).
 * `maxLength` allows a longer value for named fields (the console's pasted access token).
 */
export function readForm<F extends string>(
  body: unknown,
  fields: readonly F[],
  options: { maxLength?: Partial<Record<F, number>> } = {},
): Record<F, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new WebPageException('malformed', 400);
  const known = new Set<string>([...fields, CSRF_FIELD]);
  const form = {} as Record<F, string>;
  for (const field of fields) form[field] = '';
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (!known.has(name) || typeof value !== 'string') throw new WebPageException('malformed', 400);
    if (!isPlainText(value, options.maxLength?.[name as F])) throw new WebPageException('malformed', 400);
    if (name !== CSRF_FIELD) form[name as F] = value;
  }
  return form;
}

/**
 * Named query parameters of a page (others, such as `lang`, are left to their readers): each at
 * most once, as plain text, or the "form could not be read" page. Absent parameters are
 * undefined, so a page can tell "not asked" from "asked with an empty field".
 */
export function readQuery<F extends string>(query: unknown, names: readonly F[]): Partial<Record<F, string>> {
  const source = typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {};
  const out: Partial<Record<F, string>> = {};
  for (const name of names) {
    const value = Object.hasOwn(source, name) ? source[name] : undefined;
    if (value === undefined) continue;
    if (typeof value !== 'string' || !isPlainText(value)) throw new WebPageException('malformed', 400);
    out[name] = value;
  }
  return out;
}

/**
 * A date typed or picked by a person: `2027-01-20` (what a date input sends), or day, month and
 * year as Norwegians write them (`20.01.2027`, `20/1/2027`, `20-01-2027`). Null if it is none.
 */
export function parseDateInput(value: string): IsoDate | null {
  const text = value.trim();
  let iso: string | null = null;
  const isoMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (isoMatch) iso = text;
  const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
  if (dmy) iso = `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
  return iso !== null && isValidIsoDate(iso) ? iso : null;
}

/** The last date the date fields take: two years from today, well inside the calendar's range. */
export function latestPlannableDate(today: IsoDate): IsoDate {
  return addCalendarDays(today, 730);
}
