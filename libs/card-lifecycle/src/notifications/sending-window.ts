import { DateTime } from 'luxon';

/**
 * Applicant messages go out between 08:00 (inclusive) and 20:00 (exclusive) business time, every
 * day of the week: the window is about not waking people, not about office hours, so weekends and
 * holidays are inside it too. Only the 09:00 reminders are tied to working days. Messages to the
 * district's caseworkers are not windowed: they go to a work queue, not a phone.
 */
export const SENDING_WINDOW = { startHour: 8, endHour: 20 } as const;

/** Whether `instant` is inside the applicant sending window in `zone`. */
export function isWithinSendingWindow(instant: Date, zone: string): boolean {
  const local = DateTime.fromJSDate(instant, { zone });
  return local.hour >= SENDING_WINDOW.startHour && local.hour < SENDING_WINDOW.endHour;
}

/**
 * `instant` itself when inside the window; before 08:00, 08:00 the same business day; at or after
 * 20:00, 08:00 the next business-zone calendar day. Calendar math, not 24-hour steps, so the
 * answer is 08:00 local time on DST change days too.
 */
export function withinSendingWindow(instant: Date, zone: string): Date {
  const local = DateTime.fromJSDate(instant, { zone });
  if (local.hour < SENDING_WINDOW.startHour) {
    return local.set({ hour: SENDING_WINDOW.startHour, minute: 0, second: 0, millisecond: 0 }).toJSDate();
  }
  if (local.hour >= SENDING_WINDOW.endHour) {
    return local
      .plus({ days: 1 })
      .set({ hour: SENDING_WINDOW.startHour, minute: 0, second: 0, millisecond: 0 })
      .toJSDate();
  }
  return instant;
}
