import type { DeadlineKind } from '../card.events';
import type { IsoDate } from '../calendar/iso-date';
import {
  DEFAULT_BUSINESS_ZONE,
  businessDate,
  endOfBusinessDay,
} from '../calendar/business-date';
import type { WorkingDayCalendar } from '../calendar/calendar.types';
import { parseIsoDate } from '../calendar/iso-date';
import { calendarVersion } from '../calendar/working-day-calendar';
import type { DeadlinePolicy } from './deadline-policy.types';

/** A due date and what it was derived from, so it can be recomputed and the change recorded. */
export interface ComputedDeadline {
  kind: DeadlineKind;
  /** Business-zone date of the starting event; it never counts as one of the working days. */
  startDate: IsoDate;
  workingDays: number;
  dueDate: IsoDate;
  policyVersion: string;
  /** `calendarVersion(calendar)` of the calendar used. */
  calendarVersion: string;
}

/**
 * The deadline that starts on `startDate` under `policy` and `calendar`: the rule for recomputing
 * a deadline after a change of either (same kind and start date; the policy's working days, counted
 * on the calendar). `computeDeadline` is this from an instant.
 */
export function deadlineFrom(
  kind: DeadlineKind,
  startDate: IsoDate,
  policy: DeadlinePolicy,
  calendar: WorkingDayCalendar,
): ComputedDeadline {
  const rule = policy.rules[kind];
  if (!rule) throw new RangeError(`Unknown deadline kind ${JSON.stringify(kind)}`);
  return {
    kind,
    startDate,
    workingDays: rule.workingDays,
    dueDate: calendar.addWorkingDays(startDate, rule.workingDays),
    policyVersion: policy.version,
    calendarVersion: calendarVersion(calendar),
  };
}

export interface Lateness {
  late: boolean;
  /** 0 when on time; at least 1 when late. */
  workingDaysLate: number;
}

/**
 * The due date of a deadline that starts at `startInstant` (the `occurredAt` of
 * `BiometricsCaptured`, of `CardOrdered` with reused biometrics, or of `CardLostInMail`):
 * `rule.workingDays` working days after the business-zone date of that instant.
 */
export function computeDeadline(
  kind: DeadlineKind,
  startInstant: Date,
  policy: DeadlinePolicy,
  calendar: WorkingDayCalendar,
  zone: string = DEFAULT_BUSINESS_ZONE,
): ComputedDeadline {
  return deadlineFrom(kind, businessDate(startInstant, zone), policy, calendar);
}

/**
 * Whether a delivery (or collection) at `deliveredAt` met `dueDate`: it did when it happened by
 * the end of the due date in the business zone. A late delivery counts the working days in
 * (dueDate, delivered date].
 *
 * A delivery on the Saturday after a Friday due date counts 0 working days that way, yet it is
 * late: it is reported as 1 working day late. The rule is "late means at least 1", which also
 * keeps reports from showing late deliveries with 0 days late.
 */
export function lateness(
  dueDate: IsoDate,
  deliveredAt: Date,
  calendar: WorkingDayCalendar,
  zone: string = DEFAULT_BUSINESS_ZONE,
): Lateness {
  parseIsoDate(dueDate);
  const deliveredDate = businessDate(deliveredAt, zone);
  if (deliveredDate <= dueDate) return { late: false, workingDaysLate: 0 };
  return { late: true, workingDaysLate: Math.max(1, calendar.workingDaysBetween(dueDate, deliveredDate)) };
}

/** True once the business date of `now` is after `dueDate`: the due date has ended unmet. */
export function isPastDue(dueDate: IsoDate, now: Date, zone: string = DEFAULT_BUSINESS_ZONE): boolean {
  parseIsoDate(dueDate);
  // Both are validated YYYY-MM-DD strings with four-digit years, so string order is date order.
  return businessDate(now, zone) > dueDate;
}

/**
 * Working days from today (the business date of `now`) to `dueDate`, counting (today, dueDate]:
 * 0 when due today, 1 when due on the next working day. Past the due date it is negative, counting
 * [dueDate, today): -1 on the day after a (working-day) due date, as `workingDaysBetween` mirrors.
 */
export function workingDaysLeft(
  dueDate: IsoDate,
  now: Date,
  calendar: WorkingDayCalendar,
  zone: string = DEFAULT_BUSINESS_ZONE,
): number {
  return calendar.workingDaysBetween(businessDate(now, zone), dueDate);
}

/** The instant `dueDate` ends in the business zone (midnight Oslo after it): the breach time. */
export function breachInstant(dueDate: IsoDate, zone: string = DEFAULT_BUSINESS_ZONE): Date {
  return endOfBusinessDay(dueDate, zone);
}
