import type { IsoDate } from './iso-date';
import type { Holiday, WorkingDayCalendar } from './calendar.types';
import {
  dayNumberFromParts,
  fromDayNumber,
  isoWeekdayOfDayNumber,
  parseIsoDate,
  toDayNumber,
} from './iso-date';
import {
  FIRST_SUPPORTED_YEAR,
  LAST_SUPPORTED_YEAR,
  norwegianPublicHolidays,
} from './norwegian-holidays';

export interface WorkingDayCalendarOptions {
  /** Extra closure days (`YYYY-MM-DD`, 1900–2199), e.g. 24 and 31 December in a given year. */
  extraClosedDays?: readonly IsoDate[];
}

/** Bumped whenever the holiday rules in this library change, so recorded deadlines say which. */
export const HOLIDAY_RULES_VERSION = 'no-holidays-v1';

const FIRST_DAY = dayNumberFromParts(FIRST_SUPPORTED_YEAR, 1, 1);
const LAST_DAY = dayNumberFromParts(LAST_SUPPORTED_YEAR, 12, 31);
const DAY_COUNT = LAST_DAY - FIRST_DAY + 1;

/**
 * The tables behind a calendar, over every day of 1900–2199 (109,573 days), indexed by
 * `dayNumber - FIRST_DAY`:
 * - `before[i]`: working days in [FIRST_DAY, FIRST_DAY + i), so a day is a working day exactly
 *   when `before[i + 1] - before[i] === 1`, and the working days in (a, b] are
 *   `before[b + 1] - before[a + 1]`;
 * - `workingDays[k]`: the index of the k-th working day (0-based), so the n-th working day after
 *   any day is a single lookup.
 * About 750 KB and a millisecond or two per calendar, built once, on its first query.
 */
interface Tables {
  before: Int32Array;
  workingDays: Int32Array;
}

// Weekends and public holidays are the same for every calendar: computed once per process (the
// slow part, tens of milliseconds), then copied. So are the tables of a calendar without extras.
let weekendsAndHolidays: Uint8Array | undefined;
let defaultTables: Tables | undefined;

function closedByLaw(): Uint8Array {
  if (!weekendsAndHolidays) {
    const closed = new Uint8Array(DAY_COUNT);
    for (let i = 0; i < DAY_COUNT; i++) {
      if (isoWeekdayOfDayNumber(FIRST_DAY + i) >= 6) closed[i] = 1;
    }
    for (let year = FIRST_SUPPORTED_YEAR; year <= LAST_SUPPORTED_YEAR; year++) {
      for (const holiday of norwegianPublicHolidays(year)) {
        closed[toDayNumber(holiday.date) - FIRST_DAY] = 1;
      }
    }
    weekendsAndHolidays = closed;
  }
  return weekendsAndHolidays;
}

function tablesFor(extraClosedIndexes: readonly number[]): Tables {
  if (extraClosedIndexes.length === 0) return (defaultTables ??= buildTables(closedByLaw()));
  const closed = closedByLaw().slice();
  for (const i of extraClosedIndexes) closed[i] = 1;
  return buildTables(closed);
}

function buildTables(closed: Uint8Array): Tables {

  const before = new Int32Array(DAY_COUNT + 1);
  for (let i = 0; i < DAY_COUNT; i++) before[i + 1] = before[i] + (closed[i] ? 0 : 1);
  const workingDays = new Int32Array(before[DAY_COUNT]);
  for (let i = 0, k = 0; i < DAY_COUNT; i++) if (!closed[i]) workingDays[k++] = i;
  return { before, workingDays };
}

/** Index of a date in the tables; RangeError for a malformed date or one outside 1900–2199. */
function supportedIndex(date: IsoDate, what?: string): number {
  try {
    const { year, month, day } = parseIsoDate(date);
    if (year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
      throw new RangeError(
        `Unsupported date ${date}: the Norwegian working-day calendar covers ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`,
      );
    }
    return dayNumberFromParts(year, month, day) - FIRST_DAY;
  } catch (error) {
    if (!what) throw error;
    throw new RangeError(`${what}: ${(error as Error).message}`, { cause: error });
  }
}

function assertInteger(n: number): void {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`Invalid number of working days ${String(n)}: expected an integer`);
  }
}

/**
 * A Norwegian working-day calendar: Monday–Friday that is neither one of the 12 public holidays
 * nor one of `extraClosedDays`. Dates are validated strictly (RangeError for anything but a real
 * `YYYY-MM-DD` date in 1900–2199, and for a result that would leave that range).
 *
 * Every query after the first is a handful of typed-array lookups: no day-by-day walk, no `Date`.
 */
export function createWorkingDayCalendar(options: WorkingDayCalendarOptions = {}): WorkingDayCalendar {
  const extraClosedDays = [...new Set(options.extraClosedDays ?? [])];
  const extraIndexes = extraClosedDays.map((date) => supportedIndex(date, 'Invalid extra closed day'));
  extraClosedDays.sort();
  Object.freeze(extraClosedDays);

  let tables: Tables | undefined;
  const getTables = (): Tables => (tables ??= tablesFor(extraIndexes));

  const outOfRange = (date: IsoDate, n: number): RangeError =>
    new RangeError(
      `${date} ${n < 0 ? '-' : '+'} ${Math.abs(n)} working days falls outside the supported years ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`,
    );

  return {
    extraClosedDays,

    isWorkingDay(date: IsoDate): boolean {
      const i = supportedIndex(date);
      const { before } = getTables();
      return before[i + 1] - before[i] === 1;
    },

    addWorkingDays(date: IsoDate, n: number): IsoDate {
      const i = supportedIndex(date);
      assertInteger(n);
      if (n === 0) return date;
      const { before, workingDays } = getTables();
      // Working days at or before i are numbered 0 … before[i + 1] - 1; the first one strictly
      // after i is therefore number before[i + 1], and the last one strictly before i is number
      // before[i] - 1.
      const k = n > 0 ? before[i + 1] + n - 1 : before[i] + n;
      if (k < 0 || k >= workingDays.length) throw outOfRange(date, n);
      return fromDayNumber(workingDays[k] + FIRST_DAY);
    },

    workingDaysBetween(from: IsoDate, to: IsoDate): number {
      const a = supportedIndex(from);
      const b = supportedIndex(to);
      const { before } = getTables();
      // Counting moves from `from` towards `to`, never counting `from` and always counting `to`:
      // (from, to] going forward, [to, from) going back. This mirrors addWorkingDays exactly, so
      // workingDaysBetween(d, addWorkingDays(d, n)) === n for every d and n, negative n included.
      return b >= a ? before[b + 1] - before[a + 1] : before[b] - before[a];
    },

    holidays(year: number): Holiday[] {
      return norwegianPublicHolidays(year);
    },
  };
}

/**
 * Identifies the rules a calendar applies, for recording next to a computed deadline:
 * `no-holidays-v1` alone, or followed by the extra closure days, e.g.
 * `no-holidays-v1+closed(2026-12-24,2026-12-31)`. More than 8 extra days are summarised as a
 * count and an FNV-1a hash of the sorted list so the string stays short enough for a column.
 */
export function calendarVersion(calendar: Pick<WorkingDayCalendar, 'extraClosedDays'>): string {
  const days = [...calendar.extraClosedDays].sort();
  if (days.length === 0) return HOLIDAY_RULES_VERSION;
  if (days.length <= 8) return `${HOLIDAY_RULES_VERSION}+closed(${days.join(',')})`;
  let hash = 0x811c9dc5;
  for (const char of days.join(',')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${HOLIDAY_RULES_VERSION}+closed(${days.length} days,fnv1a:${hash.toString(16).padStart(8, '0')})`;
}
