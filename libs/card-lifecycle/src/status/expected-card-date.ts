import type { WorkingDayCalendar } from '../calendar/calendar.types';
import type { IsoDate } from '../calendar/iso-date';

export interface ExpectedCardDateInput {
  appointmentDate: IsoDate;
  departureDate?: IsoDate | null;
  calendar: WorkingDayCalendar;
  /** Working days from the appointment to the card's arrival (policy `issue`, 20). */
  issueWorkingDays: number;
}

export interface ExpectedCardDate {
  appointmentDate: IsoDate;
  workingDays: number;
  /** `addWorkingDays(appointmentDate, workingDays)`. */
  expectedDate: IsoDate;
  departureDate: IsoDate | null;
  /**
   * True when the card is expected on a day before the departure date; null without a departure
   * date. Arriving on the departure day itself does not count: post comes some time during the
   * day, possibly after the applicant has left.
   */
  arrivesBeforeDeparture: boolean | null;
  /**
   * Working days in (expectedDate, departureDate]: the margin, negative when the departure is
   * before the expected date; null without a departure date. A departure on the weekend right
   * after the expected Friday has a margin of 0 yet arrives before it.
   */
  workingDaysToSpare: number | null;
}

/** Whether a card expected on a date comes before a departure, and with what margin. */
export interface DepartureCheck {
  /** See `ExpectedCardDate.arrivesBeforeDeparture`: the departure day itself does not count. */
  arrivesBeforeDeparture: boolean;
  /** See `ExpectedCardDate.workingDaysToSpare`. */
  workingDaysToSpare: number;
}

/**
 * The travel rule, for any expected date (a due date, or an estimate from an appointment): the
 * card comes before the departure when it is expected on an earlier day; the margin is the
 * working days in (expectedDate, departureDate], negative when the departure comes first.
 */
export function checkDeparture(expectedDate: IsoDate, departureDate: IsoDate, calendar: WorkingDayCalendar): DepartureCheck {
  return {
    // Both are YYYY-MM-DD, so string order is date order.
    arrivesBeforeDeparture: expectedDate < departureDate,
    workingDaysToSpare: calendar.workingDaysBetween(expectedDate, departureDate),
  };
}

/** For `GET /v1/calendar/expected-card-date`: when a card from an appointment is expected. */
export function expectedCardDate(input: ExpectedCardDateInput): ExpectedCardDate {
  const { appointmentDate, calendar, issueWorkingDays } = input;
  const departureDate = input.departureDate ?? null;
  const expectedDate = calendar.addWorkingDays(appointmentDate, issueWorkingDays);
  const check = departureDate === null ? null : checkDeparture(expectedDate, departureDate, calendar);
  return {
    appointmentDate,
    workingDays: issueWorkingDays,
    expectedDate,
    departureDate,
    arrivesBeforeDeparture: check?.arrivesBeforeDeparture ?? null,
    workingDaysToSpare: check?.workingDaysToSpare ?? null,
  };
}
