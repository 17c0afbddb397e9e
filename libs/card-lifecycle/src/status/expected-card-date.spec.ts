import { describe, expect, it } from '@jest/globals';
import { createWorkingDayCalendar } from '../calendar/working-day-calendar';
import { checkDeparture, expectedCardDate } from './expected-card-date';

const calendar = createWorkingDayCalendar();
const expected = (appointmentDate: string, departureDate?: string) =>
  expectedCardDate({ appointmentDate, departureDate, calendar, issueWorkingDays: 20 });

describe('expectedCardDate: 20 working days after the appointment', () => {
  it('counts working days past holidays (the worked examples of docs/domain.md)', () => {
    expect(expected('2025-04-14').expectedDate).toBe('2025-05-16');
    expect(expected('2026-11-23').expectedDate).toBe('2026-12-21');
    expect(expected('2025-12-15').expectedDate).toBe('2026-01-15');
  });

  it('answers no departure question without a departure date', () => {
    expect(expected('2025-04-14')).toEqual({
      appointmentDate: '2025-04-14',
      workingDays: 20,
      expectedDate: '2025-05-16',
      departureDate: null,
      arrivesBeforeDeparture: null,
      workingDaysToSpare: null,
    });
  });

  it('arrives before a departure after the expected date', () => {
    expect(expected('2025-04-14', '2025-05-20')).toMatchObject({ arrivesBeforeDeparture: true, workingDaysToSpare: 2 });
  });

  it('arrives before a departure on the weekend after a Friday, with no working day to spare', () => {
    expect(expected('2025-04-14', '2025-05-17')).toMatchObject({ arrivesBeforeDeparture: true, workingDaysToSpare: 0 });
  });

  it('does not count arriving on the departure day itself as before it', () => {
    expect(expected('2025-04-14', '2025-05-16')).toMatchObject({ arrivesBeforeDeparture: false, workingDaysToSpare: 0 });
  });

  it('does not arrive before an earlier departure, and says by how many working days', () => {
    expect(expected('2025-04-14', '2025-05-09')).toMatchObject({ arrivesBeforeDeparture: false, workingDaysToSpare: -5 });
  });

  it('uses the configured number of working days and extra closure days', () => {
    const closed = createWorkingDayCalendar({ extraClosedDays: ['2025-05-16'] });
    expect(
      expectedCardDate({ appointmentDate: '2025-04-14', calendar: closed, issueWorkingDays: 20 }).expectedDate,
    ).toBe('2025-05-19');
    expect(expectedCardDate({ appointmentDate: '2025-04-14', calendar, issueWorkingDays: 10 }).expectedDate).toBe(
      '2025-05-02', // past Easter and 1 May
    );
  });
});

describe('checkDeparture: any expected date against a departure', () => {
  it('counts the margin past holidays, and the departure day itself as too late', () => {
    // Due Thursday 17 December 2026: 18, 21–24 and 28 December (Christmas Day is a Friday).
    expect(checkDeparture('2026-12-17', '2026-12-28', calendar)).toEqual({ arrivesBeforeDeparture: true, workingDaysToSpare: 6 });
    expect(checkDeparture('2026-12-17', '2026-12-17', calendar)).toEqual({ arrivesBeforeDeparture: false, workingDaysToSpare: 0 });
    expect(checkDeparture('2026-12-17', '2026-12-14', calendar)).toEqual({ arrivesBeforeDeparture: false, workingDaysToSpare: -3 });
  });
});
