import { describe, expect, it } from '@jest/globals';
import { at } from '../testing/builders';
import { isWithinSendingWindow, withinSendingWindow } from './sending-window';

const zone = 'Europe/Oslo';

describe('withinSendingWindow: applicant messages go between 08:00 and 20:00 Oslo time', () => {
  it.each([
    ['07:59 waits until 08:00 the same day', '2025-04-15T07:59:00+02:00', '2025-04-15T08:00:00+02:00'],
    ['00:00 waits until 08:00 the same day', '2025-04-15T00:00:00+02:00', '2025-04-15T08:00:00+02:00'],
    ['08:00 goes at once', '2025-04-15T08:00:00+02:00', '2025-04-15T08:00:00+02:00'],
    ['12:00 goes at once', '2025-04-15T12:00:00+02:00', '2025-04-15T12:00:00+02:00'],
    ['19:59:59 goes at once', '2025-04-15T19:59:59+02:00', '2025-04-15T19:59:59+02:00'],
    ['20:00 waits until 08:00 the next day', '2025-04-15T20:00:00+02:00', '2025-04-16T08:00:00+02:00'],
    ['23:59 waits until 08:00 the next day', '2025-04-15T23:59:00+02:00', '2025-04-16T08:00:00+02:00'],
    ['Saturday night waits until Sunday 08:00 (every day is a sending day)', '2025-04-19T21:00:00+02:00', '2025-04-20T08:00:00+02:00'],
  ])('%s', (_case, instant, expected) => {
    expect(withinSendingWindow(at(instant), zone)).toEqual(at(expected));
  });

  it('waits until 08:00 summer time on the night the clocks go forward', () => {
    // 2025-03-30: 02:00 CET becomes 03:00 CEST.
    expect(withinSendingWindow(at('2025-03-29T21:00:00+01:00'), zone)).toEqual(at('2025-03-30T06:00:00Z'));
    expect(withinSendingWindow(at('2025-03-30T01:30:00Z'), zone)).toEqual(at('2025-03-30T06:00:00Z'));
  });

  it('waits until 08:00 winter time on the night the clocks go back', () => {
    // 2025-10-26: 03:00 CEST becomes 02:00 CET.
    expect(withinSendingWindow(at('2025-10-25T20:30:00+02:00'), zone)).toEqual(at('2025-10-26T07:00:00Z'));
    expect(withinSendingWindow(at('2025-10-26T01:30:00Z'), zone)).toEqual(at('2025-10-26T07:00:00Z'));
  });

  it('keeps milliseconds of an instant inside the window untouched', () => {
    const instant = at('2025-04-15T12:34:56.789+02:00');
    expect(withinSendingWindow(instant, zone)).toBe(instant);
  });
});

describe('isWithinSendingWindow', () => {
  it.each([
    ['2025-04-15T07:59:59+02:00', false],
    ['2025-04-15T08:00:00+02:00', true],
    ['2025-04-15T19:59:59+02:00', true],
    ['2025-04-15T20:00:00+02:00', false],
  ])('%s → %s', (instant, expected) => {
    expect(isWithinSendingWindow(at(instant), zone)).toBe(expected);
  });
});
