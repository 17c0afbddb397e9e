import { describe, expect, it } from '@jest/globals';
import { atBusinessTime, businessDate, endOfBusinessDay, startOfBusinessDay } from './business-date';

const at = (iso: string): Date => new Date(iso);

describe('businessDate', () => {
  it.each([
    ['2025-03-30T22:30:00Z', '2025-03-31'], // 00:30 summer time
    ['2025-12-31T23:30:00Z', '2026-01-01'], // UTC still in the old year, Oslo in the new one
    ['2025-12-31T22:59:59.999Z', '2025-12-31'],
    ['2025-06-15T21:59:59Z', '2025-06-15'],
    ['2025-06-15T22:00:00Z', '2025-06-16'],
    ['2025-03-30T00:59:59Z', '2025-03-30'], // the DST change itself (01:00Z) is mid-day
  ])('%s is %s in Oslo', (instant, date) => {
    expect(businessDate(at(instant))).toBe(date);
  });

  it('takes the zone as an input', () => {
    expect(businessDate(at('2025-12-31T23:30:00Z'), 'UTC')).toBe('2025-12-31');
    expect(businessDate(at('2025-01-01T03:00:00Z'), 'America/New_York')).toBe('2024-12-31');
  });

  it('rejects an invalid Date or zone', () => {
    expect(() => businessDate(new Date('nope'))).toThrow(RangeError);
    expect(() => businessDate(at('2025-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(/Invalid time zone/);
  });
});

describe('startOfBusinessDay and endOfBusinessDay', () => {
  it('a normal winter day is 24 hours from 23:00Z', () => {
    expect(startOfBusinessDay('2025-01-15')).toEqual(at('2025-01-14T23:00:00Z'));
    expect(endOfBusinessDay('2025-01-15')).toEqual(at('2025-01-15T23:00:00Z'));
  });

  it('the spring DST day (2025-03-30) is 23 hours', () => {
    const start = startOfBusinessDay('2025-03-30');
    const end = endOfBusinessDay('2025-03-30');
    expect(start).toEqual(at('2025-03-29T23:00:00Z'));
    expect(end).toEqual(at('2025-03-30T22:00:00Z'));
    expect(end.getTime() - start.getTime()).toBe(23 * 3_600_000);
    expect(end).toEqual(startOfBusinessDay('2025-03-31'));
  });

  it('the autumn DST day (2025-10-26) is 25 hours', () => {
    const start = startOfBusinessDay('2025-10-26');
    const end = endOfBusinessDay('2025-10-26');
    expect(start).toEqual(at('2025-10-25T22:00:00Z'));
    expect(end).toEqual(at('2025-10-26T23:00:00Z'));
    expect(end.getTime() - start.getTime()).toBe(25 * 3_600_000);
  });

  it('ends a year at midnight Oslo', () => {
    expect(endOfBusinessDay('2025-12-31')).toEqual(at('2025-12-31T23:00:00Z'));
  });

  it('starts a day whose midnight does not exist at the first instant that does', () => {
    // Chile moved its clocks from 00:00 to 01:00 on 2025-09-07.
    expect(startOfBusinessDay('2025-09-07', 'America/Santiago')).toEqual(at('2025-09-07T04:00:00Z'));
  });

  it('rejects an invalid date', () => {
    expect(() => startOfBusinessDay('2025-02-29')).toThrow(RangeError);
    expect(() => endOfBusinessDay('2025-2-28')).toThrow(RangeError);
  });
});

describe('atBusinessTime', () => {
  it.each([
    ['2025-03-29', '2025-03-29T08:00:00Z'], // winter time, the day before the change
    ['2025-03-30', '2025-03-30T07:00:00Z'], // summer time from 02:00 that morning
    ['2025-10-25', '2025-10-25T07:00:00Z'],
    ['2025-10-26', '2025-10-26T08:00:00Z'], // winter time from 03:00 that morning
  ])('09:00 Oslo on %s is %s', (date, instant) => {
    expect(atBusinessTime(date, 9, 0)).toEqual(at(instant));
  });

  it('keeps the minutes and the zone', () => {
    expect(atBusinessTime('2025-06-01', 20, 30)).toEqual(at('2025-06-01T18:30:00Z'));
    expect(atBusinessTime('2025-06-01', 9, 0, 'UTC')).toEqual(at('2025-06-01T09:00:00Z'));
  });

  it('moves a wall time skipped in spring forward, takes standard time for a repeated one', () => {
    expect(atBusinessTime('2025-03-30', 2, 30)).toEqual(at('2025-03-30T01:30:00Z')); // 03:30 CEST
    expect(atBusinessTime('2025-10-26', 2, 30)).toEqual(at('2025-10-26T01:30:00Z')); // 02:30 CET
  });

  it.each([
    [24, 0],
    [-1, 0],
    [9.5, 0],
    [9, 60],
  ])('rejects %p:%p', (hour, minute) => {
    expect(() => atBusinessTime('2025-06-01', hour, minute)).toThrow(RangeError);
  });
});
