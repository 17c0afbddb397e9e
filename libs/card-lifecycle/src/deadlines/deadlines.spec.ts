import { describe, expect, it } from '@jest/globals';
import { createWorkingDayCalendar } from '../calendar/working-day-calendar';
import { createDeadlinePolicy, defaultDeadlinePolicy } from './deadline-policy';
import { breachInstant, computeDeadline, isPastDue, lateness, workingDaysLeft } from './deadlines';

const calendar = createWorkingDayCalendar();
const at = (iso: string): Date => new Date(iso);

describe('computeDeadline', () => {
  it('issue: 20 working days from the Oslo date of the biometrics capture', () => {
    expect(computeDeadline('issue', at('2025-04-14T07:00:00Z'), defaultDeadlinePolicy, calendar)).toEqual({
      kind: 'issue',
      startDate: '2025-04-14',
      workingDays: 20,
      dueDate: '2025-05-16',
      policyVersion: '2025-01',
      calendarVersion: 'no-holidays-v1',
    });
  });

  it('reissue: 10 working days from the loss, across Christmas and New Year', () => {
    const deadline = computeDeadline('reissue', at('2025-12-19T10:00:00Z'), defaultDeadlinePolicy, calendar);
    expect(deadline).toMatchObject({ startDate: '2025-12-19', workingDays: 10, dueDate: '2026-01-07' });
  });

  it('counts from the Oslo date, not the UTC date', () => {
    // 23:59 in Oslo: still the 14th in both.
    expect(computeDeadline('issue', at('2025-04-14T21:59:00Z'), defaultDeadlinePolicy, calendar).startDate).toBe(
      '2025-04-14',
    );
    // 00:30 in Oslo on the 15th while UTC is still on the 14th: the deadline moves a day.
    expect(computeDeadline('issue', at('2025-04-14T22:30:00Z'), defaultDeadlinePolicy, calendar)).toMatchObject({
      startDate: '2025-04-15',
      dueDate: '2025-05-19',
    });
    // New Year's night: the start date is a holiday, which never counts anyway.
    expect(computeDeadline('reissue', at('2025-12-31T23:30:00Z'), defaultDeadlinePolicy, calendar)).toMatchObject({
      startDate: '2026-01-01',
      dueDate: '2026-01-15',
    });
  });

  it('records the policy and calendar it used', () => {
    const policy = createDeadlinePolicy({ issueWorkingDays: 15 });
    const closed = createWorkingDayCalendar({ extraClosedDays: ['2025-05-02'] });
    expect(computeDeadline('issue', at('2025-04-14T07:00:00Z'), policy, closed)).toMatchObject({
      workingDays: 15,
      dueDate: '2025-05-12',
      policyVersion: '2025-01+config(issue=15)',
      calendarVersion: 'no-holidays-v1+closed(2025-05-02)',
    });
  });
});

describe('lateness', () => {
  const due = '2025-05-16'; // a Friday

  it.each([
    ['2025-05-02T10:00:00Z', false, 0], // early
    ['2025-05-16T21:59:59Z', false, 0], // 23:59:59 in Oslo on the due date
    ['2025-05-16T22:00:00Z', true, 1], // midnight: Saturday, 0 working days past, reported as 1
    ['2025-05-18T12:00:00Z', true, 1], // Sunday
    ['2025-05-19T08:00:00Z', true, 1], // Monday
    ['2025-05-30T10:00:00Z', true, 9], // skips Ascension Day, 29 May
  ])('delivered at %s: late %p by %i working days', (deliveredAt, late, workingDaysLate) => {
    expect(lateness(due, at(deliveredAt), calendar)).toEqual({ late, workingDaysLate });
  });

  it('rejects an invalid due date', () => {
    expect(() => lateness('2025-02-30', at('2025-03-01T10:00:00Z'), calendar)).toThrow(RangeError);
  });
});

describe('isPastDue', () => {
  it('turns true at midnight Oslo after the due date', () => {
    expect(isPastDue('2025-05-16', at('2025-05-16T21:59:59Z'))).toBe(false);
    expect(isPastDue('2025-05-16', at('2025-05-16T22:00:00Z'))).toBe(true);
    expect(isPastDue('2025-05-16', at('2025-05-01T10:00:00Z'))).toBe(false);
  });

  it('rejects an invalid due date', () => {
    expect(() => isPastDue('16.05.2025', at('2025-05-01T10:00:00Z'))).toThrow(RangeError);
  });
});

describe('workingDaysLeft', () => {
  it.each([
    ['2025-04-14T10:00:00Z', 20],
    ['2025-05-15T10:00:00Z', 1],
    ['2025-05-16T10:00:00Z', 0], // due today
    ['2025-05-17T10:00:00Z', -1], // Saturday after a Friday due date
    ['2025-05-19T10:00:00Z', -1],
    ['2025-05-20T10:00:00Z', -2],
  ])('on %s: %i', (now, left) => {
    expect(workingDaysLeft('2025-05-16', at(now), calendar)).toBe(left);
  });

  it('uses the Oslo date of now', () => {
    expect(workingDaysLeft('2025-05-16', at('2025-05-15T22:30:00Z'), calendar)).toBe(0);
  });
});

describe('breachInstant', () => {
  it.each([
    ['2025-05-16', '2025-05-16T22:00:00Z'],
    ['2025-12-15', '2025-12-15T23:00:00Z'],
    ['2025-03-29', '2025-03-29T23:00:00Z'], // the next day starts in winter time
    ['2025-03-30', '2025-03-30T22:00:00Z'], // the next day starts in summer time
    ['2025-10-25', '2025-10-25T22:00:00Z'],
    ['2025-10-26', '2025-10-26T23:00:00Z'],
  ])('the due date %s ends at %s', (dueDate, instant) => {
    expect(breachInstant(dueDate)).toEqual(at(instant));
  });

  it('is when isPastDue turns true', () => {
    const end = breachInstant('2025-10-26');
    expect(isPastDue('2025-10-26', new Date(end.getTime() - 1))).toBe(false);
    expect(isPastDue('2025-10-26', end)).toBe(true);
  });
});
