import { DateTime } from 'luxon';
import type { IsoDate } from '../card.events';

/** The languages texts exist in: English and Norwegian bokmål. */
export const MESSAGE_LANGUAGES = ['en', 'nb'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

const LOCALE: Record<MessageLanguage, string> = { en: 'en-GB', nb: 'nb' };
const DATE_FORMAT: Record<MessageLanguage, string> = {
  en: 'cccc d LLLL yyyy',
  nb: 'cccc d. LLLL yyyy',
};
const TIME_FORMAT: Record<MessageLanguage, string> = { en: "'at' HH:mm", nb: "'kl.' HH:mm" };

/** A calendar date for people: "Tuesday 15 April 2025" / "tirsdag 15. april 2025". */
export function formatHumanDate(date: IsoDate, language: MessageLanguage): string {
  const parsed = DateTime.fromISO(date, { zone: 'UTC' });
  if (!parsed.isValid) throw new RangeError(`Not a date: ${date}`);
  return parsed.setLocale(LOCALE[language]).toFormat(DATE_FORMAT[language]);
}

/**
 * An instant as a business-zone wall-clock time: "Tuesday 15 April 2025 at 09:30" /
 * "tirsdag 15. april 2025 kl. 09:30".
 */
export function formatHumanInstant(instant: Date | string, language: MessageLanguage, zone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an instant: ${String(instant)}`);
  return DateTime.fromJSDate(date, { zone })
    .setLocale(LOCALE[language])
    .toFormat(`${DATE_FORMAT[language]} ${TIME_FORMAT[language]}`);
}
