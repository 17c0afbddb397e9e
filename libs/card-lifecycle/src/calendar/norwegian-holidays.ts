import type { Holiday } from './calendar.types';
import { easterSunday } from './easter';
import { dayNumberFromParts, formatIsoDate, fromDayNumber, parseIsoDate } from './iso-date';

/** Years the working-day calendar covers. Wide enough for any card, small enough to precompute. */
export const FIRST_SUPPORTED_YEAR = 1900;
export const LAST_SUPPORTED_YEAR = 2199;

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(
      `Unsupported year ${String(year)}: the Norwegian working-day calendar covers ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`,
    );
  }
}

interface FixedHoliday {
  month: number;
  day: number;
  name: string;
  nameNb: string;
}

interface MovableHoliday {
  /** Days after Easter Sunday (negative before). */
  offset: number;
  name: string;
  nameNb: string;
}

// Lov om helligdager og helligdagsfred and lov om 1. og 17. mai som høgtidsdager. Julaften (24 Dec)
// and nyttårsaften (31 Dec) are not public holidays: they are working days unless a calendar is
// built with them as extra closure days.
const FIXED: readonly FixedHoliday[] = [
  { month: 1, day: 1, name: "New Year's Day", nameNb: 'Første nyttårsdag' },
  { month: 5, day: 1, name: 'Labour Day', nameNb: 'Offentlig høytidsdag' },
  { month: 5, day: 17, name: 'Constitution Day', nameNb: 'Grunnlovsdag' },
  { month: 12, day: 25, name: 'Christmas Day', nameNb: 'Første juledag' },
  { month: 12, day: 26, name: "St Stephen's Day", nameNb: 'Andre juledag' },
];

const MOVABLE: readonly MovableHoliday[] = [
  { offset: -3, name: 'Maundy Thursday', nameNb: 'Skjærtorsdag' },
  { offset: -2, name: 'Good Friday', nameNb: 'Langfredag' },
  { offset: 0, name: 'Easter Sunday', nameNb: 'Første påskedag' },
  { offset: 1, name: 'Easter Monday', nameNb: 'Andre påskedag' },
  { offset: 39, name: 'Ascension Day', nameNb: 'Kristi himmelfartsdag' },
  { offset: 49, name: 'Whit Sunday', nameNb: 'Første pinsedag' },
  { offset: 50, name: 'Whit Monday', nameNb: 'Andre pinsedag' },
];

/**
 * The 12 Norwegian public holidays of a year (1900–2199, RangeError otherwise), in date order.
 * A holiday that falls on a weekend stays where it is: Norway has no substitute days.
 * Always 12 entries: when two holidays share a date (Ascension Day was 17 May in 2007 and 1 May
 * in 2008; Whit Monday is 17 May in 2027) both are listed, fixed holiday first.
 */
export function norwegianPublicHolidays(year: number): Holiday[] {
  assertSupportedYear(year);
  const easter = parseIsoDate(easterSunday(year));
  const easterDay = dayNumberFromParts(easter.year, easter.month, easter.day);
  const holidays: Holiday[] = [
    ...FIXED.map(({ month, day, name, nameNb }) => ({
      date: formatIsoDate({ year, month, day }),
      name,
      nameNb,
    })),
    ...MOVABLE.map(({ offset, name, nameNb }) => ({
      date: fromDayNumber(easterDay + offset),
      name,
      nameNb,
    })),
  ];
  // Array#sort is stable, so same-day holidays keep the fixed-first order above.
  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}
