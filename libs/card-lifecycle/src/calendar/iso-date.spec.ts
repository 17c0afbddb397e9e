import { describe, expect, it } from '@jest/globals';
import {
  addCalendarDays,
  fromDayNumber,
  isValidIsoDate,
  isoWeekday,
  parseIsoDate,
  toDayNumber,
} from './iso-date';

const DAY_MS = 86_400_000;

describe('validating YYYY-MM-DD dates', () => {
  it.each(['2025-01-01', '2024-02-29', '2000-02-29', '2025-12-31', '1900-01-01', '0001-01-01'])(
    'accepts %s',
    (value) => {
      expect(isValidIsoDate(value)).toBe(true);
      expect(() => parseIsoDate(value)).not.toThrow();
    },
  );

  it.each([
    '2025-02-29', // not a leap year
    '1900-02-29', // century, not a leap year
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-1-01',
    '25-01-01',
    '2025-01-01T00:00:00Z',
    ' 2025-01-01',
    '2025/01/01',
    '',
    '0000-01-01',
  ])('rejects %p', (value) => {
    expect(isValidIsoDate(value)).toBe(false);
    expect(() => parseIsoDate(value)).toThrow(RangeError);
  });

  it('rejects non-strings without throwing from the predicate', () => {
    expect(isValidIsoDate(20250101)).toBe(false);
    expect(isValidIsoDate(null)).toBe(false);
    expect(isValidIsoDate(new Date())).toBe(false);
  });

  it('names the bad value in the error', () => {
    expect(() => parseIsoDate('2025-02-29')).toThrow('Invalid date "2025-02-29"');
  });
});

describe('day numbers', () => {
  it('agree with UTC milliseconds for every day 1899–2201', () => {
    const from = Date.UTC(1899, 0, 1) / DAY_MS;
    const to = Date.UTC(2201, 11, 31) / DAY_MS;
    for (let n = from; n <= to; n++) {
      const iso = new Date(n * DAY_MS).toISOString().slice(0, 10);
      if (toDayNumber(iso) !== n || fromDayNumber(n) !== iso) {
        throw new Error(`day ${n} (${iso}) converts to ${toDayNumber(iso)} / ${fromDayNumber(n)}`);
      }
    }
    expect(toDayNumber('1970-01-01')).toBe(0);
  });

  it('give ISO weekdays, Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2025-04-14')).toBe(1);
    expect(isoWeekday('2025-04-20')).toBe(7);
    expect(isoWeekday('1900-01-01')).toBe(1);
    expect(isoWeekday('1969-12-31')).toBe(3);
  });

  it('step calendar days across months, leap days and years', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(() => addCalendarDays('2025-01-01', 1.5)).toThrow(RangeError);
  });
});
