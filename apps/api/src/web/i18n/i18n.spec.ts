import { describe, expect, it } from '@jest/globals';
import { MESSAGES, chooseLanguage, languageLinks } from '.';

/** Every string of a messages tree, functions called with sample arguments. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return [String((value as (...args: unknown[]) => unknown)('X', 'Y', 'Z'))];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

describe('the pages’ words', () => {
  it('exist in English, bokmål and nynorsk, none empty', () => {
    for (const messages of Object.values(MESSAGES)) {
      for (const text of strings(messages)) expect(text.trim().length).toBeGreaterThan(0);
    }
  });

  it('are nynorsk in nynorsk, not bokmål', () => {
    const nn = strings(MESSAGES.nn).join(' ');
    // Words only bokmål writes this way.
    expect(nn).not.toMatch(/\b(ikke|navnet|hvis|hvor|oppholdskort\w*|bilde|adressen|innen|være|fremme|også|hentet|trenger|noe|kommer|gjøre|søke|siden|tjenesten)\b/i);
    expect(MESSAGES.nn.common.workingDays(3)).toBe('3 yrkedagar');
    expect(MESSAGES.nb.common.workingDays(1)).toBe('1 virkedag');
    expect(MESSAGES.en.common.workingDays(2)).toBe('2 working days');
  });
});

describe('the language of a page', () => {
  it('is the switch, then the remembered choice, then Accept-Language', () => {
    expect(chooseLanguage({ query: 'nn', cookie: 'nb', acceptLanguage: 'en' })).toEqual({ language: 'nn', remember: 'nn' });
    expect(chooseLanguage({ query: 'nn', cookie: 'nn' })).toEqual({ language: 'nn', remember: null });
    expect(chooseLanguage({ query: 'de', cookie: 'nb', acceptLanguage: 'nn' })).toEqual({ language: 'nb', remember: null });
    expect(chooseLanguage({ cookie: 'xx', acceptLanguage: 'nn-NO' })).toEqual({ language: 'nn', remember: null });
    expect(chooseLanguage({ query: ['nn'], acceptLanguage: undefined })).toEqual({ language: 'en', remember: null });
  });

  it('switches by links to the same page that keep its own parameters', () => {
    expect(languageLinks('/card', 'en', { departure: '2026-01-20', appointment: undefined })).toEqual([
      { language: 'en', name: 'English', href: '/card?departure=2026-01-20&lang=en', current: true },
      { language: 'nb', name: 'Bokmål', href: '/card?departure=2026-01-20&lang=nb', current: false },
      { language: 'nn', name: 'Nynorsk', href: '/card?departure=2026-01-20&lang=nn', current: false },
    ]);
  });
});
