import { DateTime } from 'luxon';
import { zonedParts } from '../calendar/business-date';
import { dayNumberFromParts, isoWeekdayOfDayNumber, isValidIsoDate } from '../calendar/iso-date';
import type { IsoDate } from '../calendar/iso-date';

/** The languages texts exist in: English and Norwegian, bokmål and nynorsk. */
export const MESSAGE_LANGUAGES = ['en', 'nb', 'nn'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

export function isMessageLanguage(value: unknown): value is MessageLanguage {
  return typeof value === 'string' && (MESSAGE_LANGUAGES as readonly string[]).includes(value);
}

const LOCALE: Record<MessageLanguage, string> = { en: 'en-GB', nb: 'nb', nn: 'nn' };
const DATE_FORMAT: Record<MessageLanguage, string> = {
  en: 'cccc d LLLL yyyy',
  nb: 'cccc d. LLLL yyyy',
  nn: 'cccc d. LLLL yyyy',
};
const TIME_FORMAT: Record<MessageLanguage, string> = { en: "'at' HH:mm", nb: "'kl.' HH:mm", nn: "'kl.' HH:mm" };

/**
 * The formats above, written out: they run on every applicant lookup, where luxon's `toFormat`
 * (a locale, a parsed format and Intl calls per date) was a large share of the time. The day and
 * month names come from luxon once per language, so the words are luxon's; the spec compares
 * the whole output with luxon's for random dates.
 */
interface Names {
  /** ISO weekday 1 (Monday) … 7 at index 1 … 7. */
  weekdays: string[];
  /** Month 1 … 12 at index 1 … 12. */
  months: string[];
}

const names = new Map<MessageLanguage, Names>();

function namesIn(language: MessageLanguage): Names {
  let known = names.get(language);
  if (!known) {
    const locale = LOCALE[language];
    const weekdays = [''];
    // 2024-01-01 was a Monday.
    for (let i = 0; i < 7; i += 1) {
      weekdays.push(DateTime.fromObject({ year: 2024, month: 1, day: 1 + i }, { zone: 'UTC', locale }).toFormat('cccc'));
    }
    const months = [''];
    for (let month = 1; month <= 12; month += 1) {
      months.push(DateTime.fromObject({ year: 2024, month, day: 1 }, { zone: 'UTC', locale }).toFormat('LLLL'));
    }
    known = { weekdays, months };
    names.set(language, known);
  }
  return known;
}

function writeDate(year: number, month: number, day: number, language: MessageLanguage): string {
  const { weekdays, months } = namesIn(language);
  const weekday = weekdays[isoWeekdayOfDayNumber(dayNumberFromParts(year, month, day))];
  const yyyy = String(year).padStart(4, '0');
  return language === 'en' ? `${weekday} ${day} ${months[month]} ${yyyy}` : `${weekday} ${day}. ${months[month]} ${yyyy}`;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** A calendar date for people: "Tuesday 15 April 2025" / "tirsdag 15. april 2025" / "tysdag 15. april 2025". */
export function formatHumanDate(date: IsoDate, language: MessageLanguage): string {
  // Exactly YYYY-MM-DD takes the fast way; anything else luxon's ISO parser accepts (a week
  // date, a time after the date) keeps its luxon answer.
  if (isValidIsoDate(date) && isMessageLanguage(language)) {
    return writeDate(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)), language);
  }
  const parsed = DateTime.fromISO(date, { zone: 'UTC' });
  if (!parsed.isValid) throw new RangeError(`Not a date: ${date}`);
  return parsed.setLocale(LOCALE[language]).toFormat(DATE_FORMAT[language]);
}

/**
 * An instant as a business-zone wall-clock time: "Tuesday 15 April 2025 at 09:30" /
 * "tirsdag 15. april 2025 kl. 09:30" (nynorsk: "tysdag 15. april 2025 kl. 09:30").
 */
export function formatHumanInstant(instant: Date | string, language: MessageLanguage, zone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an instant: ${String(instant)}`);
  const parts = isMessageLanguage(language) ? zonedParts(date, zone) : null;
  if (parts !== null) {
    const time = `${pad2(parts.hour)}:${pad2(parts.minute)}`;
    return `${writeDate(parts.year, parts.month, parts.day, language)} ${language === 'en' ? 'at' : 'kl.'} ${time}`;
  }
  return DateTime.fromJSDate(date, { zone })
    .setLocale(LOCALE[language])
    .toFormat(`${DATE_FORMAT[language]} ${TIME_FORMAT[language]}`);
}
