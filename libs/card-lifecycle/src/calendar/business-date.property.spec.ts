import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { atBusinessTime, businessDate, endOfBusinessDay, startOfBusinessDay, zonedParts } from './business-date';

// The reference: the luxon implementation these functions had before they cached zone work.
const luxonBusinessDate = (instant: Date, zone: string): string => DateTime.fromJSDate(instant, { zone }).toISODate() as string;
const luxonMidnight = (date: string, zone: string): DateTime => DateTime.fromISO(date, { zone }).startOf('day');

// Oslo, zones with the DST change at midnight (Santiago), a half-hour DST shift (Lord Howe), a
// zone far west (Honolulu) and far east (Kiritimati, which skipped 1994-12-31), a quarter-hour
// offset (Kathmandu), and UTC.
const ZONES = [
  'Europe/Oslo',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Pacific/Honolulu',
  'Pacific/Kiritimati',
  'Asia/Kathmandu',
  'America/New_York',
  'UTC',
];
const zoneArb = fc.constantFrom(...ZONES);

const instantArb = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2199, 11, 31, 23, 59, 59, 999) }).map((ms) => new Date(ms));
// Instants within a few hours of a UTC midnight, where the UTC date and the zone's differ most often.
const nearMidnightArb = fc
  .tuple(fc.integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2199, 11, 31) / 86_400_000 }), fc.integer({ min: -14 * 3_600_000, max: 14 * 3_600_000 }))
  .map(([day, offset]) => new Date(day * 86_400_000 + offset));
const dateArb = fc
  .integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2199, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

describe('businessDate agrees with luxon', () => {
  it('for random instants 1900–2199 in Europe/Oslo', () => {
    fc.assert(
      fc.property(instantArb, (instant) => {
        expect(businessDate(instant, 'Europe/Oslo')).toBe(luxonBusinessDate(instant, 'Europe/Oslo'));
        expect(businessDate(instant)).toBe(luxonBusinessDate(instant, 'Europe/Oslo'));
      }),
      { numRuns: 5000 },
    );
  });

  it('for random instants near UTC midnight in other zones', () => {
    fc.assert(
      fc.property(fc.oneof(instantArb, nearMidnightArb), zoneArb, (instant, zone) => {
        expect(businessDate(instant, zone)).toBe(luxonBusinessDate(instant, zone));
      }),
      { numRuns: 5000 },
    );
  });

  it('for the wall clock (zonedParts) too, around DST changes and at random, in every zone', () => {
    const around = fc
      .tuple(fc.integer({ min: 1980, max: 2030 }), fc.constantFrom(2, 9), fc.integer({ min: 24, max: 31 }), fc.integer({ min: -3 * 3_600_000, max: 4 * 3_600_000 }))
      .map(([year, month, day, ms]) => new Date(Date.UTC(year, month, day) + ms));
    fc.assert(
      fc.property(fc.oneof(instantArb, nearMidnightArb, around), zoneArb, (instant, zone) => {
        const luxon = DateTime.fromJSDate(instant, { zone });
        expect(zonedParts(instant, zone)).toEqual({ year: luxon.year, month: luxon.month, day: luxon.day, hour: luxon.hour, minute: luxon.minute });
      }),
      { numRuns: 5000 },
    );
  });

  it('around every Oslo DST change and midnight 1980–2030, to the millisecond', () => {
    for (let year = 1980; year <= 2030; year += 1) {
      for (const month of [2, 9]) {
        // The last days of March and October (DST changes at 01:00Z on a Sunday among them), at
        // the UTC hours around Oslo's midnight and the change, each ±1 ms.
        for (let day = 24; day <= 31; day += 1) {
          for (const hour of [-2, -1, 0, 1, 2, 3]) {
            const base = Date.UTC(year, month, day, hour);
            for (const ms of [base - 1, base, base + 1]) {
              const instant = new Date(ms);
              expect(businessDate(instant)).toBe(luxonBusinessDate(instant, 'Europe/Oslo'));
            }
          }
        }
      }
    }
  });

  it('outside years 1000–9999 and for zones only luxon knows', () => {
    for (const iso of ['0999-12-31T23:30:00Z', '0500-06-01T12:00:00Z', '+010000-01-01T00:30:00Z', '-001000-06-01T00:00:00Z']) {
      const instant = new Date(iso);
      expect(businessDate(instant, 'Europe/Oslo')).toBe(luxonBusinessDate(instant, 'Europe/Oslo'));
    }
    const instant = new Date('2025-06-01T22:30:00Z');
    expect(businessDate(instant, 'UTC+3')).toBe('2025-06-02');
    expect(businessDate(instant, 'UTC+3')).toBe(luxonBusinessDate(instant, 'UTC+3'));
  });

  it('keeps rejecting an invalid zone, every time', () => {
    for (let i = 0; i < 3; i += 1) {
      expect(() => businessDate(new Date(), 'Mars/Olympus')).toThrow(/Invalid time zone/);
      expect(() => startOfBusinessDay('2025-01-01', 'Mars/Olympus')).toThrow(/Invalid time zone/);
    }
  });
});

describe('the memoised midnights and business times agree with luxon', () => {
  it('for random dates in random zones, asked twice', () => {
    fc.assert(
      fc.property(dateArb, zoneArb, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (date, zone, hour, minute) => {
        const [year, month, day] = date.split('-').map(Number);
        const start = luxonMidnight(date, zone);
        const end = start.plus({ days: 1 }).startOf('day').toMillis();
        const wall = DateTime.fromObject({ year, month, day, hour, minute }, { zone }).toMillis();
        // The second round comes from the memo.
        for (let i = 0; i < 2; i += 1) {
          expect(startOfBusinessDay(date, zone).getTime()).toBe(start.toMillis());
          expect(endOfBusinessDay(date, zone).getTime()).toBe(end);
          expect(atBusinessTime(date, hour, minute, zone).getTime()).toBe(wall);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('hands out a new Date each time, so a caller mutating one changes nothing', () => {
    const first = startOfBusinessDay('2025-01-15');
    first.setTime(0);
    expect(startOfBusinessDay('2025-01-15')).toEqual(new Date('2025-01-14T23:00:00Z'));
    const nine = atBusinessTime('2025-01-15', 9, 0);
    nine.setTime(0);
    expect(atBusinessTime('2025-01-15', 9, 0)).toEqual(new Date('2025-01-15T08:00:00Z'));
  });
});
