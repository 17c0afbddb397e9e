import { describe, expect, it } from '@jest/globals';
import { calendarVersion, createWorkingDayCalendar } from './working-day-calendar';

const calendar = createWorkingDayCalendar();

describe('isWorkingDay', () => {
  it.each([
    ['2025-04-14', true], // Monday
    ['2025-04-12', false], // Saturday
    ['2025-04-13', false], // Sunday
    ['2025-04-17', false], // Maundy Thursday
    ['2025-05-29', false], // Ascension Day
    ['2026-05-01', false], // Labour Day on a Friday
    ['2025-12-24', true], // Christmas Eve is a working day by default
    ['2025-12-31', true], // so is New Year's Eve
    ['2025-12-25', false],
    ['2026-01-01', false],
  ])('%s → %p', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });
});

describe('addWorkingDays', () => {
  it.each([
    // the worked examples of docs/domain.md
    ['2025-04-14', 20, '2025-05-16'], // across Easter, 1 May and 17 May (a Saturday)
    ['2026-11-23', 20, '2026-12-21'],
    ['2025-12-15', 20, '2026-01-15'], // across Christmas and New Year
    // the start day never counts
    ['2025-04-14', 1, '2025-04-15'],
    ['2025-04-11', 1, '2025-04-14'], // Friday → Monday
    ['2025-04-12', 1, '2025-04-14'], // weekend start
    ['2025-04-12', 20, '2025-05-15'],
    ['2025-04-17', 1, '2025-04-22'], // holiday start: skips Good Friday, the weekend and Easter Monday
    ['2025-12-31', 1, '2026-01-02'], // year-end crossing, 1 January skipped
    ['2026-12-01', 20, '2026-12-30'],
    // n = 0 returns the date unchanged, working day or not
    ['2025-04-14', 0, '2025-04-14'],
    ['2025-04-12', 0, '2025-04-12'],
    // negative n: strictly before
    ['2025-05-16', -20, '2025-04-14'],
    ['2025-04-22', -1, '2025-04-16'],
    ['2026-01-02', -1, '2025-12-31'],
    ['2025-04-13', -1, '2025-04-11'], // from a Sunday
  ])('%s + %i = %s', (date, n, expected) => {
    expect(calendar.addWorkingDays(date, n)).toBe(expected);
  });

  it('always lands on a working day when n ≠ 0', () => {
    for (const n of [1, 5, 20, -3, -20]) {
      expect(calendar.isWorkingDay(calendar.addWorkingDays('2025-12-20', n))).toBe(true);
    }
  });

  it.each(['2025-02-29', '2025-4-14', '2025-04-14T09:00:00Z', '', '1899-12-31', '2200-01-01'])(
    'rejects the date %p with a RangeError',
    (date) => {
      expect(() => calendar.addWorkingDays(date, 1)).toThrow(RangeError);
    },
  );

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects n = %p', (n) => {
    expect(() => calendar.addWorkingDays('2025-04-14', n)).toThrow(RangeError);
  });

  it('throws a RangeError when the result leaves 1900–2199', () => {
    expect(() => calendar.addWorkingDays('2199-12-30', 2)).toThrow(/outside the supported years/);
    expect(() => calendar.addWorkingDays('1900-01-01', -1)).toThrow(RangeError);
    expect(calendar.addWorkingDays('1900-01-01', 1)).toBe('1900-01-02');
    expect(calendar.addWorkingDays('2199-12-31', -1)).toBe('2199-12-30');
  });
});

describe('workingDaysBetween', () => {
  it('counts working days in (from, to]', () => {
    expect(calendar.workingDaysBetween('2025-04-14', '2025-05-16')).toBe(20);
    expect(calendar.workingDaysBetween('2025-04-14', '2025-04-14')).toBe(0);
    expect(calendar.workingDaysBetween('2025-04-11', '2025-04-14')).toBe(1);
    expect(calendar.workingDaysBetween('2025-04-16', '2025-04-21')).toBe(0); // Easter
    expect(calendar.workingDaysBetween('2025-12-15', '2026-01-15')).toBe(20);
  });

  it('counts backwards as the mirror, [to, from), negative', () => {
    expect(calendar.workingDaysBetween('2025-05-16', '2025-04-14')).toBe(-20);
    expect(calendar.workingDaysBetween('2025-04-14', '2025-04-11')).toBe(-1);
    // Not antisymmetric when an end is a closed day: Saturday → Monday steps onto one working
    // day, Monday → Saturday steps back over none ([Sat, Mon) holds no working day).
    expect(calendar.workingDaysBetween('2025-04-12', '2025-04-14')).toBe(1);
    expect(calendar.workingDaysBetween('2025-04-14', '2025-04-12')).toBe(0);
  });

  it('inverts addWorkingDays for a closed start day, both directions', () => {
    for (const n of [-25, -1, 1, 25]) {
      expect(calendar.workingDaysBetween('2025-04-19', calendar.addWorkingDays('2025-04-19', n))).toBe(n);
    }
  });

  it('rejects invalid dates', () => {
    expect(() => calendar.workingDaysBetween('2025-02-29', '2025-03-01')).toThrow(RangeError);
    expect(() => calendar.workingDaysBetween('2025-03-01', '2025-02-30')).toThrow(RangeError);
  });
});

describe('extra closure days', () => {
  it('shift a deadline that crosses them', () => {
    const closed24 = createWorkingDayCalendar({ extraClosedDays: ['2026-12-24'] });
    expect(closed24.isWorkingDay('2026-12-24')).toBe(false);
    expect(closed24.addWorkingDays('2026-12-01', 20)).toBe('2026-12-31');
    const closed24and31 = createWorkingDayCalendar({ extraClosedDays: ['2026-12-31', '2026-12-24'] });
    expect(closed24and31.addWorkingDays('2026-12-01', 20)).toBe('2027-01-04');
    expect(closed24and31.workingDaysBetween('2026-12-01', '2027-01-04')).toBe(20);
  });

  it('leave the default calendar and a deadline before them alone', () => {
    const closed24 = createWorkingDayCalendar({ extraClosedDays: ['2026-12-24'] });
    expect(closed24.addWorkingDays('2026-11-23', 20)).toBe('2026-12-21');
    expect(calendar.isWorkingDay('2026-12-24')).toBe(true);
  });

  it('are kept sorted and without duplicates, and are not holidays', () => {
    const c = createWorkingDayCalendar({ extraClosedDays: ['2026-12-31', '2026-12-24', '2026-12-31'] });
    expect(c.extraClosedDays).toEqual(['2026-12-24', '2026-12-31']);
    expect(c.holidays(2026).map((h) => h.date)).not.toContain('2026-12-24');
  });

  it.each(['2026-02-29', '2026-12-24 ', '24.12.2026', '2200-12-24'])('reject %p at creation', (day) => {
    expect(() => createWorkingDayCalendar({ extraClosedDays: [day] })).toThrow(/Invalid extra closed day/);
  });
});

describe('holidays', () => {
  it('are the public holidays of the year', () => {
    expect(calendar.holidays(2026)).toHaveLength(12);
    expect(calendar.holidays(2026)[0]).toEqual({ date: '2026-01-01', name: "New Year's Day", nameNb: 'Første nyttårsdag' });
    expect(() => calendar.holidays(2200)).toThrow(RangeError);
  });
});

describe('calendarVersion', () => {
  it('names the holiday rules and the extra closure days', () => {
    expect(calendarVersion(calendar)).toBe('no-holidays-v1');
    expect(calendarVersion(createWorkingDayCalendar({ extraClosedDays: ['2026-12-31', '2026-12-24'] }))).toBe(
      'no-holidays-v1+closed(2026-12-24,2026-12-31)',
    );
  });

  it('summarises a long list as a count and a stable hash', () => {
    const days = Array.from({ length: 10 }, (_, i) => `2026-07-${String(i + 10)}`);
    const version = calendarVersion(createWorkingDayCalendar({ extraClosedDays: days }));
    expect(version).toMatch(/^no-holidays-v1\+closed\(10 days,fnv1a:[0-9a-f]{8}\)$/);
    expect(calendarVersion(createWorkingDayCalendar({ extraClosedDays: [...days].reverse() }))).toBe(version);
    expect(calendarVersion(createWorkingDayCalendar({ extraClosedDays: days.slice(1) }))).not.toBe(version);
  });
});

describe('error messages', () => {
  it('name the offending value', () => {
    expect(() => calendar.isWorkingDay('2025-02-29')).toThrow('Invalid date "2025-02-29"');
    expect(() => calendar.isWorkingDay('2200-01-01')).toThrow('Unsupported date 2200-01-01');
    expect(() => createWorkingDayCalendar({ extraClosedDays: ['2026-13-01'] })).toThrow(
      'Invalid extra closed day: Invalid date "2026-13-01"',
    );
  });
});
