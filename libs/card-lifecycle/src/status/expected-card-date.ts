import type { WorkingDayCalendar } from '../calendar/calendar.types';
import type { IsoDate } from '../card.events';

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

/** For `GET /v1/calendar/expected-card-date`: when a card from an appointment is expected. */
export function expectedCardDate(input: ExpectedCardDateInput): ExpectedCardDate {
  const { appointmentDate, calendar, issueWorkingDays } = input;
  const departureDate = input.departureDate ?? null;
  const expectedDate = calendar.addWorkingDays(appointmentDate, issueWorkingDays);
  return {
    appointmentDate,
    workingDays: issueWorkingDays,
    expectedDate,
    departureDate,
    // Both are YYYY-MM-DD, so string order is date order.
    arrivesBeforeDeparture: departureDate === null ? null : expectedDate < departureDate,
    workingDaysToSpare: departureDate === null ? null : calendar.workingDaysBetween(expectedDate, departureDate),
  };
}
