import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { norwegianPublicHolidays } from './norwegian-holidays';
import { createWorkingDayCalendar } from './working-day-calendar';

// A deliberately naive reference: walk one UTC day at a time with Date, weekends from getUTCDay,
// holidays from the list (itself checked against the date-holidays package).
const DAY_MS = 86_400_000;
const holidayDates = new Set<string>();
for (let year = 1900; year <= 2199; year++) {
  for (const h of norwegianPublicHolidays(year)) holidayDates.add(h.date);
}
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const ms = (date: string): number => Date.parse(`${date}T00:00:00Z`);

function naiveIsWorkingDay(date: string, extra: ReadonlySet<string>): boolean {
  const weekday = new Date(ms(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidayDates.has(date) && !extra.has(date);
}

function naiveAddWorkingDays(date: string, n: number, extra: ReadonlySet<string>): string {
  let t = ms(date);
  const step = n > 0 ? DAY_MS : -DAY_MS;
  for (let left = Math.abs(n); left > 0; ) {
    t += step;
    if (naiveIsWorkingDay(iso(t), extra)) left--;
  }
  return iso(t);
}

// 1904–2195: 400 working days are about 1.6 calendar years and the compositions below step up
// to 800, so every result stays inside the calendar's 1900–2199.
const dateArb = fc
  .integer({ min: Date.UTC(1904, 0, 1) / DAY_MS, max: Date.UTC(2195, 11, 31) / DAY_MS })
  .map((day) => iso(day * DAY_MS));
const stepsArb = fc.integer({ min: 0, max: 400 });
const signedStepsArb = fc.integer({ min: -400, max: 400 });

const calendar = createWorkingDayCalendar();
const noExtra = new Set<string>();

describe('working-day calendar properties (random dates 1904–2195)', () => {
  it('addWorkingDays(d, n) is a working day for n ≠ 0, after d for n > 0 and before it for n < 0', () => {
    fc.assert(
      fc.property(dateArb, signedStepsArb, (d, n) => {
        fc.pre(n !== 0);
        const result = calendar.addWorkingDays(d, n);
        expect(calendar.isWorkingDay(result)).toBe(true);
        expect(n > 0 ? result > d : result < d).toBe(true);
      }),
    );
  });

  it('workingDaysBetween(d, addWorkingDays(d, n)) === n for every d and n', () => {
    fc.assert(
      fc.property(dateArb, signedStepsArb, (d, n) => {
        expect(calendar.workingDaysBetween(d, calendar.addWorkingDays(d, n))).toBe(n);
      }),
    );
  });

  it('addWorkingDays composes for a, b ≥ 1', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), (d, a, b) => {
        expect(calendar.addWorkingDays(calendar.addWorkingDays(d, a), b)).toBe(calendar.addWorkingDays(d, a + b));
      }),
    );
  });

  // In general the identity holds when d is a working day (any a, b), or when a and a + b have
  // the same sign. It fails when the walk turns back past a closed start day: from Saturday,
  // +1 then -1 lands on Monday - 1 = Friday, not on Saturday (+0).
  it('addWorkingDays composes for any a, b from a working day', () => {
    fc.assert(
      fc.property(dateArb, signedStepsArb, signedStepsArb, (d, a, b) => {
        fc.pre(calendar.isWorkingDay(d));
        expect(calendar.addWorkingDays(calendar.addWorkingDays(d, a), b)).toBe(calendar.addWorkingDays(d, a + b));
      }),
    );
  });

  it('addWorkingDays composes from any day when a and a + b have the same sign', () => {
    fc.assert(
      fc.property(dateArb, signedStepsArb, signedStepsArb, (d, a, b) => {
        fc.pre(a !== 0 && Math.sign(a) === Math.sign(a + b));
        expect(calendar.addWorkingDays(calendar.addWorkingDays(d, a), b)).toBe(calendar.addWorkingDays(d, a + b));
      }),
    );
  });

  it('does not compose when the walk turns back over a closed start day', () => {
    expect(calendar.addWorkingDays(calendar.addWorkingDays('2025-04-12', 1), -1)).toBe('2025-04-11');
    expect(calendar.addWorkingDays('2025-04-12', 0)).toBe('2025-04-12');
  });

  it('agrees with the naive day-by-day walk', () => {
    fc.assert(
      fc.property(dateArb, stepsArb, fc.boolean(), (d, n, backwards) => {
        const steps = backwards ? -n : n;
        expect(calendar.addWorkingDays(d, steps)).toBe(naiveAddWorkingDays(d, steps, noExtra));
        expect(calendar.isWorkingDay(d)).toBe(naiveIsWorkingDay(d, noExtra));
      }),
    );
  });

  it('agrees with the naive walk when extra closure days are configured', () => {
    fc.assert(
      fc.property(dateArb, stepsArb, fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 8 }), (d, n, offsets) => {
        const extra = [...new Set(offsets.map((o) => iso(ms(d) + o * DAY_MS)))];
        const closed = createWorkingDayCalendar({ extraClosedDays: extra });
        const result = closed.addWorkingDays(d, n);
        expect(result).toBe(naiveAddWorkingDays(d, n, new Set(extra)));
        expect(closed.workingDaysBetween(d, result)).toBe(n);
      }),
      { numRuns: 30 },
    );
  });

  it('workingDaysBetween agrees with counting day by day over (from, to]', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 600 }), (from, span) => {
        const to = iso(ms(from) + span * DAY_MS);
        let count = 0;
        for (let t = ms(from) + DAY_MS; t <= ms(to); t += DAY_MS) if (naiveIsWorkingDay(iso(t), noExtra)) count++;
        expect(calendar.workingDaysBetween(from, to)).toBe(count);
      }),
    );
  });
});
