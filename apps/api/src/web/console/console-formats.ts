import { DateTime } from 'luxon';
import { atBusinessTime, formatHumanDate, isValidIsoDate, type IsoDate, type MessageLanguage } from '@cardtrail/card-lifecycle';

/**
 * An instant as the console writes it in tables: `2026-01-06 10:30` in the business zone
 * (unambiguous in every language, and sortable by eye).
 */
export function compactInstant(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

/**
 * A date and time typed in the business zone: `2026-01-06 10:30` (as the form fills it in), or
 * `2026-01-06T10:30`. Null if it is none.
 */
export function parseDateTimeInput(value: string, zone: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::\d{2})?$/.exec(value.trim());
  if (!match) return null;
  const [, date, hour, minute] = match as unknown as [string, string, string, string];
  if (!isValidIsoDate(date) || Number(hour) > 23 || Number(minute) > 59) return null;
  return atBusinessTime(date, Number(hour), Number(minute), zone);
}

/** A due date in words: "Friday 16 January 2026". */
export function humanDate(date: IsoDate, language: MessageLanguage): string {
  return formatHumanDate(date, language);
}
