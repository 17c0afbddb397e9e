import type { IsoDate } from './iso-date';

export interface Holiday {
  date: IsoDate;
  /** English name, e.g. "Maundy Thursday". */
  name: string;
  /** Norwegian bokmål name, e.g. "Skjærtorsdag". */
  nameNb: string;
}

/**
 * Working-day arithmetic on business-zone calendar dates (`YYYY-MM-DD`). A working day is
 * Monday–Friday that is neither a Norwegian public holiday nor an extra closure day.
 * Supported years: 1900–2199; a date outside them throws a RangeError.
 */
export interface WorkingDayCalendar {
  /** Extra closure days this calendar was built with, sorted. */
  readonly extraClosedDays: readonly IsoDate[];
  isWorkingDay(date: IsoDate): boolean;
  /**
   * The n-th working day strictly after `date` (n > 0) or strictly before it (n < 0); the start
   * day never counts, even when it is a working day. n = 0 returns `date` unchanged.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /**
   * Working days in the half-open range (from, to]: so `workingDaysBetween(d, addWorkingDays(d, n))
   * === n`. Negative when `to` is before `from`.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
  /** The public holidays of a year (not the extra closure days), in date order. */
  holidays(year: number): Holiday[];
}
