import { atBusinessTime, businessDate, createWorkingDayCalendar } from '@cardtrail/card-lifecycle';

const ZONE = 'Europe/Oslo';

/**
 * The offset that moves `now` to the next working day (Monday–Friday, no Norwegian public
 * holiday) at 10:00 Oslo time: today at 10:00 if today is a working day and it is not 10:00 yet,
 * else the next working day. Never negative, so events are never dated before the cards they
 * belong to. Inside the applicant sending window (08:00–20:00) for hours after it.
 */
export function daytimeOffsetMs(now: Date = new Date()): { offsetMs: number; pinnedAt: Date } {
  const calendar = createWorkingDayCalendar();
  const today = businessDate(now, ZONE);
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', hourCycle: 'h23' }).format(now));
  const day = calendar.isWorkingDay(today) && hour < 10 ? today : calendar.addWorkingDays(today, 1);
  const pinnedAt = atBusinessTime(day, 10, 0, ZONE);
  return { offsetMs: pinnedAt.getTime() - now.getTime(), pinnedAt };
}

/** A clock `offsetMs` ahead of the machine's, for code the bench runs in its own process. */
export function offsetClock(offsetMs: number): { now(): Date } {
  return { now: () => new Date(Date.now() + offsetMs) };
}
