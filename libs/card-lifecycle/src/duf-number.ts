import { DateTime } from 'luxon';

/**
 * The earliest year accepted as the first four digits of a DUF number. DUF (UDI's case system)
 * dates from the 1990s, but numbers were also assigned retroactively to older cases; 1950 is a
 * permissive lower bound that still catches typos such as `0012…` or `1212…`.
 */
export const DUF_MIN_YEAR = 1950;

/**
 * Why a DUF number is not acceptable, or null when it is: exactly 12 digits, the first four a
 * year from {@link DUF_MIN_YEAR} to the current year of `now` in `zone`. The check digits are not
 * officially published, so they are never checked.
 */
export function dufNumberProblem(value: string, now: Date, zone = 'Europe/Oslo'): string | null {
  if (!/^[0-9]{12}$/.test(value)) {
    return 'dufNumber must be exactly 12 digits';
  }
  const year = Number(value.slice(0, 4));
  const currentYear = DateTime.fromJSDate(now, { zone }).year;
  if (year < DUF_MIN_YEAR || year > currentYear) {
    return `dufNumber must start with the year of the first application (${DUF_MIN_YEAR}–${currentYear}), not ${value.slice(0, 4)}`;
  }
  return null;
}

export function isValidDufNumber(value: string, now: Date, zone = 'Europe/Oslo'): boolean {
  return dufNumberProblem(value, now, zone) === null;
}
