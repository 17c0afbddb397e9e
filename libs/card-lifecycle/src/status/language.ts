import type { MessageLanguage } from '../notifications/human-dates';

/**
 * Primary language subtags and the language they are answered in. `no` (Norwegian, without a
 * written form) is answered in bokmål, the form most Norwegian readers write and the one browsers
 * mean by it; `nn` in nynorsk.
 */
const ANSWERED_IN: Record<string, MessageLanguage> = { en: 'en', nb: 'nb', no: 'nb', nn: 'nn' };

/**
 * The applicant's language from an `Accept-Language` header: the supported language with the
 * highest q-value wins (ties: the earlier one), so "fr, nb;q=0.5" gives bokmål and
 * "nn, nb;q=0.8" nynorsk. Regions do not matter (nn-NO is nynorsk). Anything else, `*`, q=0, a
 * malformed header or none at all gives English.
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
    const language = Object.hasOwn(ANSWERED_IN, primary) ? ANSWERED_IN[primary] : undefined;
    if (language) return language;
  }
  return 'en';
}
