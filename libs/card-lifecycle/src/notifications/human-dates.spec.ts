import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { formatHumanDate, formatHumanInstant, type MessageLanguage } from './human-dates';

// The reference: the luxon formats these functions used before they were written out.
const LOCALE = { en: 'en-GB', nb: 'nb', nn: 'nn' } as const;
const DATE_FORMAT = { en: 'cccc d LLLL yyyy', nb: 'cccc d. LLLL yyyy', nn: 'cccc d. LLLL yyyy' } as const;
const TIME_FORMAT = { en: "'at' HH:mm", nb: "'kl.' HH:mm", nn: "'kl.' HH:mm" } as const;
const luxonDate = (date: string, language: MessageLanguage): string =>
  DateTime.fromISO(date, { zone: 'UTC' }).setLocale(LOCALE[language]).toFormat(DATE_FORMAT[language]);
const luxonInstant = (instant: Date, language: MessageLanguage, zone: string): string =>
  DateTime.fromJSDate(instant, { zone }).setLocale(LOCALE[language]).toFormat(`${DATE_FORMAT[language]} ${TIME_FORMAT[language]}`);

const DAY = 86_400_000;
const languageArb = fc.constantFrom<MessageLanguage>('en', 'nb', 'nn');
const dateArb = fc.integer({ min: Date.UTC(1900, 0, 1) / DAY, max: Date.UTC(2199, 11, 31) / DAY }).map((day) => new Date(day * DAY).toISOString().slice(0, 10));
const instantArb = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2199, 11, 31) }).map((ms) => new Date(ms));
const zoneArb = fc.constantFrom('Europe/Oslo', 'America/Santiago', 'Asia/Kathmandu', 'UTC');

describe('formatHumanDate', () => {
  it('writes what luxon wrote, for random dates 1900–2199 in all three languages', () => {
    fc.assert(
      fc.property(dateArb, languageArb, (date, language) => {
        expect(formatHumanDate(date, language)).toBe(luxonDate(date, language));
      }),
      { numRuns: 3000 },
    );
  });

  it('pads years before 1000 as luxon does, and still takes what only luxon parses', () => {
    expect(formatHumanDate('0999-04-14', 'nb')).toBe('søndag 14. april 0999');
    expect(formatHumanDate('2026-01-13', 'nn')).toBe('tysdag 13. januar 2026');
    expect(formatHumanDate('2025-W16-2', 'en')).toBe('Tuesday 15 April 2025');
    expect(() => formatHumanDate('2025-02-29', 'en')).toThrow(RangeError);
    expect(() => formatHumanDate('soon', 'nb')).toThrow(RangeError);
  });
});

describe('formatHumanInstant', () => {
  it('writes what luxon wrote, for random instants 1900–2199, zones and languages', () => {
    fc.assert(
      fc.property(instantArb, languageArb, zoneArb, (instant, language, zone) => {
        expect(formatHumanInstant(instant, language, zone)).toBe(luxonInstant(instant, language, zone));
        expect(formatHumanInstant(instant.toISOString(), language, zone)).toBe(luxonInstant(instant, language, zone));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes local midnight as 00:00 and keeps an unknown zone to luxon', () => {
    expect(formatHumanInstant(new Date('2025-01-14T23:00:00Z'), 'en', 'Europe/Oslo')).toBe('Wednesday 15 January 2025 at 00:00');
    expect(formatHumanInstant(new Date('2025-01-14T23:00:00Z'), 'nb', 'UTC+3')).toBe(luxonInstant(new Date('2025-01-14T23:00:00Z'), 'nb', 'UTC+3'));
    expect(formatHumanInstant(new Date('2025-01-14T23:00:00Z'), 'en', 'Mars/Olympus')).toBe(
      luxonInstant(new Date('2025-01-14T23:00:00Z'), 'en', 'Mars/Olympus'),
    );
    expect(() => formatHumanInstant('not a time', 'en', 'Europe/Oslo')).toThrow(RangeError);
  });
});
