import { DateTime } from 'luxon';
import type { IsoDate } from '../card.events';
import { parseIsoDate } from './iso-date';

/**
 * Conversions between instants (`Date`, stored in UTC) and calendar dates in the business time
 * zone. Days are stepped with calendar math (luxon `plus({ days })`), never 24-hour steps, so a
 * DST day in Oslo is 23 or 25 hours long as it should be.
 */

export const DEFAULT_BUSINESS_ZONE = 'Europe/Oslo';

function assertZone(zone: string): void {
  if (!DateTime.now().setZone(zone).isValid) {
    throw new RangeError(`Invalid time zone ${JSON.stringify(zone)}: expected an IANA zone such as Europe/Oslo`);
  }
}

function assertInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`Invalid instant ${String(instant)}: expected a valid Date`);
  }
}

function midnight(date: IsoDate, zone: string): DateTime {
  assertZone(zone);
  const { year, month, day } = parseIsoDate(date);
  // In a zone whose DST change happens at midnight, midnight may not exist; luxon then moves
  // forward to the first instant of the day, which is what "start of day" means.
  return DateTime.fromObject({ year, month, day }, { zone }).startOf('day');
}

/** The calendar date of an instant in `zone`: 2025-03-30T22:30:00Z is 2025-03-31 in Oslo. */
export function businessDate(instant: Date, zone: string = DEFAULT_BUSINESS_ZONE): IsoDate {
  assertInstant(instant);
  assertZone(zone);
  return DateTime.fromJSDate(instant, { zone }).toISODate() as IsoDate;
}

/** The first instant of `date` in `zone` (local midnight; 2025-03-30 in Oslo starts at 2025-03-29T23:00Z). */
export function startOfBusinessDay(date: IsoDate, zone: string = DEFAULT_BUSINESS_ZONE): Date {
  return midnight(date, zone).toJSDate();
}

/**
 * The exclusive end of `date` in `zone`: the start of the next calendar day. An instant is on
 * `date` exactly when `startOfBusinessDay(date) <= instant < endOfBusinessDay(date)`.
 */
export function endOfBusinessDay(date: IsoDate, zone: string = DEFAULT_BUSINESS_ZONE): Date {
  return midnight(date, zone).plus({ days: 1 }).startOf('day').toJSDate();
}

/**
 * The instant of wall-clock `hour:minute` on `date` in `zone`; 09:00 Oslo is 07:00Z in summer
 * and 08:00Z in winter. A wall time skipped by the spring DST change (02:00–02:59 on the last
 * Sunday of March in Oslo) moves forward by the gap, to 03:xx; a wall time that occurs twice in
 * the autumn (02:00–02:59 on the last Sunday of October) takes its second occurrence, in
 * standard time (luxon's choice). Business times (08:00, 09:00) are never in either window in
 * Oslo.
 */
export function atBusinessTime(
  date: IsoDate,
  hour: number,
  minute: number,
  zone: string = DEFAULT_BUSINESS_ZONE,
): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new RangeError(`Invalid hour ${String(hour)}: expected an integer 0–23`);
  }
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new RangeError(`Invalid minute ${String(minute)}: expected an integer 0–59`);
  }
  assertZone(zone);
  const { year, month, day } = parseIsoDate(date);
  return DateTime.fromObject({ year, month, day, hour, minute }, { zone }).toJSDate();
}
