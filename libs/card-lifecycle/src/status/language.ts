import type { MessageLanguage } from '../notifications/human-dates';

/** Primary language subtags answered in bokmål. */
const NORWEGIAN = new Set(['nb', 'no', 'nn']);

/**
 * The applicant's language from an `Accept-Language` header: the supported language with the
 * highest q-value wins (ties: the earlier one), so "fr, nb;q=0.5" gives bokmål. Norwegian in
 * any form (nb, no, nn and their regions) is answered in bokmål: there are no nynorsk texts, and
 * a nynorsk reader reads bokmål far better than English. Anything else, `*`, q=0, a malformed
 * header or none at all gives English.
 */
export function pickLanguage(acceptLanguage: string | undefined): MessageLanguage {
  if (!acceptLanguage) return 'en';
  const ranges = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...paramList] = part.trim().split(';');
      let q = 1;
      for (const param of paramList) {
        const [name, value] = param.trim().split('=');
        if (name?.trim().toLowerCase() === 'q') {
          const parsed = Number(value?.trim());
          q = value !== undefined && /^\s*(0(\.\d{0,3})?|1(\.0{0,3})?)\s*$/.test(value) ? parsed : 0;
        }
      }
      return { primary: tag.trim().toLowerCase().split('-')[0] ?? '', q, index };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);

  for (const { primary } of ranges) {
    if (NORWEGIAN.has(primary)) return 'nb';
    if (primary === 'en') return 'en';
  }
  return 'en';
}
