import { describe, expect, it } from '@jest/globals';
import Holidays from 'date-holidays';
import { easterSunday } from './easter';
import { norwegianPublicHolidays } from './norwegian-holidays';

type Name =
  | "New Year's Day"
  | 'Maundy Thursday'
  | 'Good Friday'
  | 'Easter Sunday'
  | 'Easter Monday'
  | 'Labour Day'
  | 'Constitution Day'
  | 'Ascension Day'
  | 'Whit Sunday'
  | 'Whit Monday'
  | 'Christmas Day'
  | "St Stephen's Day";

function byName(year: number): Record<Name, string> {
  return Object.fromEntries(norwegianPublicHolidays(year).map((h) => [h.name, h.date])) as Record<Name, string>;
}

describe('easterSunday', () => {
  it.each([
    [1913, '1913-03-23'], // earliest Easter of the 20th century
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'], // latest possible date
    [1943, '1943-04-25'],
    [2285, '2285-03-22'], // earliest possible date, outside the calendar's years
    [1900, '1900-04-15'],
    [2199, '2199-04-14'],
  ])('Easter %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('refuses years before the Gregorian calendar and non-integers', () => {
    expect(() => easterSunday(1582)).toThrow(RangeError);
    expect(() => easterSunday(2025.5)).toThrow(RangeError);
  });
});

describe('norwegianPublicHolidays', () => {
  // Official dates (lovdata / the Norwegian almanac) for the movable holidays.
  it.each([
    [2008, ['2008-03-20', '2008-03-21', '2008-03-23', '2008-03-24', '2008-05-01', '2008-05-11', '2008-05-12']],
    [2011, ['2011-04-21', '2011-04-22', '2011-04-24', '2011-04-25', '2011-06-02', '2011-06-12', '2011-06-13']],
    [2025, ['2025-04-17', '2025-04-18', '2025-04-20', '2025-04-21', '2025-05-29', '2025-06-08', '2025-06-09']],
    [2026, ['2026-04-02', '2026-04-03', '2026-04-05', '2026-04-06', '2026-05-14', '2026-05-24', '2026-05-25']],
    [2027, ['2027-03-25', '2027-03-26', '2027-03-28', '2027-03-29', '2027-05-06', '2027-05-16', '2027-05-17']],
    [2038, ['2038-04-22', '2038-04-23', '2038-04-25', '2038-04-26', '2038-06-03', '2038-06-13', '2038-06-14']],
    [1913, ['1913-03-20', '1913-03-21', '1913-03-23', '1913-03-24', '1913-05-01', '1913-05-11', '1913-05-12']],
  ])('the movable holidays of %i', (year, [maundy, goodFriday, easter, easterMonday, ascension, whitSunday, whitMonday]) => {
    const h = byName(year);
    expect([
      h['Maundy Thursday'],
      h['Good Friday'],
      h['Easter Sunday'],
      h['Easter Monday'],
      h['Ascension Day'],
      h['Whit Sunday'],
      h['Whit Monday'],
    ]).toEqual([maundy, goodFriday, easter, easterMonday, ascension, whitSunday, whitMonday]);
  });

  it.each([1900, 2008, 2025, 2026, 2199])('has the fixed holidays of %i on their dates, weekends included', (year) => {
    const h = byName(year);
    expect(h["New Year's Day"]).toBe(`${year}-01-01`);
    expect(h['Labour Day']).toBe(`${year}-05-01`);
    expect(h['Constitution Day']).toBe(`${year}-05-17`);
    expect(h['Christmas Day']).toBe(`${year}-12-25`);
    expect(h["St Stephen's Day"]).toBe(`${year}-12-26`);
  });

  it('lists the 2025 holidays in date order with Norwegian names', () => {
    expect(norwegianPublicHolidays(2025)).toEqual([
      { date: '2025-01-01', name: "New Year's Day", nameNb: 'Første nyttårsdag' },
      { date: '2025-04-17', name: 'Maundy Thursday', nameNb: 'Skjærtorsdag' },
      { date: '2025-04-18', name: 'Good Friday', nameNb: 'Langfredag' },
      { date: '2025-04-20', name: 'Easter Sunday', nameNb: 'Første påskedag' },
      { date: '2025-04-21', name: 'Easter Monday', nameNb: 'Andre påskedag' },
      { date: '2025-05-01', name: 'Labour Day', nameNb: 'Offentlig høytidsdag' },
      { date: '2025-05-17', name: 'Constitution Day', nameNb: 'Grunnlovsdag' },
      { date: '2025-05-29', name: 'Ascension Day', nameNb: 'Kristi himmelfartsdag' },
      { date: '2025-06-08', name: 'Whit Sunday', nameNb: 'Første pinsedag' },
      { date: '2025-06-09', name: 'Whit Monday', nameNb: 'Andre pinsedag' },
      { date: '2025-12-25', name: 'Christmas Day', nameNb: 'Første juledag' },
      { date: '2025-12-26', name: "St Stephen's Day", nameNb: 'Andre juledag' },
    ]);
  });

  it('keeps both entries when two holidays share a date (Ascension Day on 1 May 2008)', () => {
    const holidays = norwegianPublicHolidays(2008);
    expect(holidays).toHaveLength(12);
    expect(holidays.filter((h) => h.date === '2008-05-01').map((h) => h.name)).toEqual(['Labour Day', 'Ascension Day']);
  });

  it('does not make Christmas Eve or New Year’s Eve holidays', () => {
    const dates = norwegianPublicHolidays(2025).map((h) => h.date);
    expect(dates).not.toContain('2025-12-24');
    expect(dates).not.toContain('2025-12-31');
  });

  it.each([1899, 2200, 2285, 2025.5, Number.NaN])('refuses year %p with a RangeError', (year) => {
    expect(() => norwegianPublicHolidays(year)).toThrow(RangeError);
  });

  it('agrees with the date-holidays package on every year 1900–2199', () => {
    // date-holidays lists many days for NO (observances such as Mother's Day and the advent
    // Sundays, bank holidays 24 and 31 December, the optional Olsok); its type 'public' is
    // exactly the 12 statutory holidays. Its `date` is local 'YYYY-MM-DD hh:mm:ss'.
    const reference = new Holidays('NO');
    const mismatches: string[] = [];
    for (let year = 1900; year <= 2199; year++) {
      const theirs = reference
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10))
        .sort();
      const ours = norwegianPublicHolidays(year).map((h) => h.date);
      if (JSON.stringify(theirs) !== JSON.stringify(ours)) mismatches.push(`${year}: ${ours} vs ${theirs}`);
    }
    expect(mismatches).toEqual([]);
  });
});
