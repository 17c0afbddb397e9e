import { DateTime } from 'luxon';
import type { IsoDate } from '../card.events';
import { parseIsoDate } from './iso-date';

/**
 * Conversions between instants (`Date`, stored in UTC) and calendar dates in the business time
 * zone. Days are stepped with calendar math (luxon `plus({ days })`), never 24-hour steps, so a
 * DST day in Oslo is 23 or 25 hours long as it should be.
 *
 * These run on every applicant lookup and every reaction, so the zone work is cached: a zone is
 * validated once, an instant's date is read with one `Intl.DateTimeFormat` per zone (luxon's
 * `setZone` builds the same offset through `formatToParts` on each call), and the instants of
 * midnights and business times, which few distinct dates produce over and over, are memoised.
 * The answers are luxon's, exactly: the property spec compares the two.
 */

export const DEFAULT_BUSINESS_ZONE = 'Europe/Oslo';

/** What a zone string gives, decided once per zone. */
interface ZoneInfo {
  /**
   * `en-CA` writes a date `YYYY-MM-DD`. Null for zones luxon accepts and Intl does not
   * (`UTC+3`, `system`): those keep to luxon.
   */
  isoDate: Intl.DateTimeFormat | null;
  /** Wall-clock parts (24-hour), for `zonedParts`. */
  wallClock: Intl.DateTimeFormat | null;
}

const zones = new Map<string, ZoneInfo>();

// Outside years 1000–9999 `en-CA` writes era years without padding (year 999, or 1001 for
// 1001 BC) where luxon writes 0999 or -001000; the day of margin covers every zone's offset.
const FAST_FROM = Date.UTC(1000, 0, 2);
const FAST_TO = Date.UTC(9999, 11, 30);

function zoneInfo(zone: string): ZoneInfo {
  const known = zones.get(zone);
  if (known) return known;
  if (!DateTime.now().setZone(zone).isValid) {
    throw new RangeError(`Invalid time zone ${JSON.stringify(zone)}: expected an IANA zone such as Europe/Oslo`);
  }
  let info: ZoneInfo;
  try {
    const isoDate = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const wallClock = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    // A runtime whose ICU writes en-CA dates otherwise would give wrong dates silently: check.
    info = /^\d{4}-\d{2}-\d{2}$/.test(isoDate.format(0)) ? { isoDate, wallClock } : { isoDate: null, wallClock };
  } catch {
    info = { isoDate: null, wallClock: null };
  }
  // Zones come from configuration, a handful per process; the bound only guards against a caller
  // passing arbitrary strings.
  if (zones.size >= 1000) zones.clear();
  zones.set(zone, info);
  return info;
}

function assertInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`Invalid instant ${String(instant)}: expected a valid Date`);
  }
}

/** A bounded memo: cleared when full, since the working set (dates around today) is small. */
class Memo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string, compute: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}

const midnights = new Memo<number>(10_000);
const businessTimes = new Memo<number>(10_000);

function midnight(date: IsoDate, zone: string): DateTime {
  const { year, month, day } = parseIsoDate(date);
  // In a zone whose DST change happens at midnight, midnight may not exist; luxon then moves
  // forward to the first instant of the day, which is what "start of day" means.
  return DateTime.fromObject({ year, month, day }, { zone }).startOf('day');
}

/** The calendar date of an instant in `zone`: 2025-03-30T22:30:00Z is 2025-03-31 in Oslo. */
export function businessDate(instant: Date, zone: string = DEFAULT_BUSINESS_ZONE): IsoDate {
  assertInstant(instant);
  const { isoDate } = zoneInfo(zone);
  const time = instant.getTime();
  if (isoDate !== null && time >= FAST_FROM && time <= FAST_TO) return isoDate.format(time) as IsoDate;
  return DateTime.fromJSDate(instant, { zone }).toISODate() as IsoDate;
}

/** Wall-clock date and time of an instant in `zone`, as luxon's `DateTime.fromJSDate(instant, { zone })` has them. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * For the library's formatters: the wall-clock parts of a valid instant in `zone`, or null when
 * the zone is not one Intl knows or the instant is outside years 1000–9999 (the caller then asks
 * luxon, which also answers for invalid zones in its own way).
 */
export function zonedParts(instant: Date, zone: string): ZonedParts | null {
  let info: ZoneInfo;
  try {
    info = zoneInfo(zone);
  } catch {
    return null;
  }
  const time = instant.getTime();
  if (info.wallClock === null || !(time >= FAST_FROM && time <= FAST_TO)) return null;
  const parts: ZonedParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of info.wallClock.formatToParts(time)) {
    if (part.type === 'year' || part.type === 'month' || part.type === 'day' || part.type === 'hour' || part.type === 'minute') {
      parts[part.type] = Number(part.value);
    }
  }
  // Some ICU versions write midnight as 24 even in a 23-hour cycle (luxon corrects it too).
  if (parts.hour === 24) parts.hour = 0;
  return parts;
}

/** The first instant of `date` in `zone` (local midnight; 2025-03-30 in Oslo starts at 2025-03-29T23:00Z). */
export function startOfBusinessDay(date: IsoDate, zone: string = DEFAULT_BUSINESS_ZONE): Date {
  zoneInfo(zone);
  return new Date(midnights.get(`${zone} ${date}`, () => midnight(date, zone).toMillis()));
}

/**
 * The exclusive end of `date` in `zone`: the start of the next calendar day. An instant is on
 * `date` exactly when `startOfBusinessDay(date) <= instant < endOfBusinessDay(date)`.
 */
export function endOfBusinessDay(date: IsoDate, zone: string = DEFAULT_BUSINESS_ZONE): Date {
  zoneInfo(zone);
  return new Date(midnights.get(`${zone} ${date} end`, () => midnight(date, zone).plus({ days: 1 }).startOf('day').toMillis()));
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
  zoneInfo(zone);
  return new Date(
    businessTimes.get(`${zone} ${date} ${hour}:${minute}`, () => {
      const { year, month, day } = parseIsoDate(date);
      return DateTime.fromObject({ year, month, day, hour, minute }, { zone }).toMillis();
    }),
  );
}
