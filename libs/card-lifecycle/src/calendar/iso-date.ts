/** A calendar date in the business time zone, `YYYY-MM-DD`. */
export type IsoDate = string;

/**
 * Calendar dates as plain values. A `YYYY-MM-DD` date is a day of the proleptic Gregorian
 * calendar, not an instant: no time zone is involved here, so the arithmetic works on integer
 * day numbers (days since 1970-01-01) computed from year, month and day, never on `Date` objects
 * or 24-hour steps.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseParts(value: unknown): CalendarDate | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return { year, month, day };
}

/** True for a real calendar date written exactly `YYYY-MM-DD` (years 0001–9999). */
export function isValidIsoDate(value: unknown): value is IsoDate {
  return parseParts(value) !== undefined;
}

/**
 * Splits a `YYYY-MM-DD` date into its parts. Throws a RangeError naming the value when it is not
 * written exactly so (no time, no offset, two-digit month and day) or is not a real date, such as
 * 2025-02-29 or 2025-04-31.
 */
export function parseIsoDate(value: IsoDate): CalendarDate {
  const parts = parseParts(value);
  if (!parts) {
    throw new RangeError(
      `Invalid date ${JSON.stringify(value)}: expected a real calendar date written YYYY-MM-DD`,
    );
  }
  return parts;
}

export function formatIsoDate({ year, month, day }: CalendarDate): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`. */
export function dayNumberFromParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The inverse of `dayNumberFromParts` (Hinnant's `civil_from_days`). */
export function partsFromDayNumber(dayNumber: number): CalendarDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Days since 1970-01-01 of a validated `YYYY-MM-DD` date (RangeError when invalid). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return dayNumberFromParts(year, month, day);
}

export function fromDayNumber(dayNumber: number): IsoDate {
  return formatIsoDate(partsFromDayNumber(dayNumber));
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOfDayNumber(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  return isoWeekdayOfDayNumber(toDayNumber(date));
}

/** Calendar-day arithmetic: `date` moved by `days` whole days (any integer). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) {
    throw new RangeError(`Invalid number of days ${String(days)}: expected an integer`);
  }
  return fromDayNumber(toDayNumber(date) + days);
}
