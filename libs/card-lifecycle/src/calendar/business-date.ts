import { DateTime } from 'luxon';
import type { IsoDate } from './iso-date';
import { parseIsoDate } from './iso-date';

/**
 * Conversions between instants (`Date`, stored in UTC) and calendar dates in the business time
 * zone. Days are stepped with calendar math (luxon `plus({ days })`), never 24-hour steps, so a
 * DST day in Oslo is 23 or 25 hours long as it should be.
 *
 * These run on every applicant lookup and every reaction, so the zone work is cached: a zone is
 * validated once; its UTC offset is read with one `Intl.DateTimeFormat` per zone (luxon's
 * `setZone` builds the same offset through `formatToParts` on each call) and remembered per
 * quarter hour, so an instant's date and wall-clock time are arithmetic after the first lookup
 * in its quarter hour; the instants of midnights and business times, which few distinct dates
 * produce over and over, are memoised. The answers are luxon's, exactly: the property spec
 * compares the two.
 */

export const DEFAULT_BUSINESS_ZONE = 'Europe/Oslo';

/** What a zone string gives, decided once per zone. */
interface ZoneInfo {
  /**
   * `en-CA` writes a date `YYYY-MM-DD`. Null for zones luxon accepts and Intl does not
   * (`UTC+3`, `system`): those keep to luxon.
   */
  isoDate: Intl.DateTimeFormat | null;
  /** Wall-clock parts (24-hour, with seconds), from which the zone's UTC offset is read. */
  wallClock: Intl.DateTimeFormat | null;
  /** The zone's offset (ms) by quarter hour since the epoch, for quarter hours without a transition. */
  offsets: Map<number, number>;
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
      second: 'numeric',
    });
    // A runtime whose ICU writes en-CA dates otherwise would give wrong dates silently: check.
    info = /^\d{4}-\d{2}-\d{2}$/.test(isoDate.format(0))
      ? { isoDate, wallClock, offsets: new Map() }
      : { isoDate: null, wallClock, offsets: new Map() };
  } catch {
    info = { isoDate: null, wallClock: null, offsets: new Map() };
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

const QUARTER_HOUR = 15 * 60_000;

/** The zone's UTC offset in ms at `time`, read from the wall clock Intl gives (seconds included). */
function readOffset(wallClock: Intl.DateTimeFormat, time: number): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of wallClock.formatToParts(time)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        // Some ICU versions write midnight as 24 even in a 23-hour cycle (luxon corrects it too).
        hour = Number(part.value) % 24;
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  return wall.getTime() - Math.floor(time / 1000) * 1000;
}

/**
 * The offset at `time` (in the fast range, for a zone Intl knows). Remembered per quarter hour
 * when the offset is the same at both ends of it: offsets change at most once in a quarter hour
 * (every transition in the time zone database is hours or months from the next), so the
 * quarter hour then has no transition. A quarter hour with one is read per call.
 */
function offsetAt(info: ZoneInfo & { wallClock: Intl.DateTimeFormat }, time: number): number {
  const slot = Math.floor(time / QUARTER_HOUR);
  const known = info.offsets.get(slot);
  if (known !== undefined) return known;
  const start = slot * QUARTER_HOUR;
  const first = readOffset(info.wallClock, start);
  if (readOffset(info.wallClock, start + QUARTER_HOUR - 1) !== first) return readOffset(info.wallClock, time);
  if (info.offsets.size >= 10_000) info.offsets.clear();
  info.offsets.set(slot, first);
  return first;
}

/** The wall clock of `time` in the zone, as a Date whose UTC fields are the local ones. */
function localClock(info: ZoneInfo & { wallClock: Intl.DateTimeFormat }, time: number): Date {
  return new Date(time + offsetAt(info, time));
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

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
  const info = zoneInfo(zone);
  const time = instant.getTime();
  if (info.isoDate !== null && info.wallClock !== null && time >= FAST_FROM && time <= FAST_TO) {
    const local = localClock(info as ZoneInfo & { wallClock: Intl.DateTimeFormat }, time);
    return `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}` as IsoDate;
  }
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
  const local = localClock(info as ZoneInfo & { wallClock: Intl.DateTimeFormat }, time);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
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
