export type { Holiday, WorkingDayCalendar } from './calendar.types';
export { easterSunday } from './easter';
export {
  FIRST_SUPPORTED_YEAR,
  LAST_SUPPORTED_YEAR,
  norwegianPublicHolidays,
} from './norwegian-holidays';
export {
  addCalendarDays,
  isValidIsoDate,
  isoWeekday,
  parseIsoDate,
} from './iso-date';
export type { CalendarDate, IsoDate } from './iso-date';
export {
  HOLIDAY_RULES_VERSION,
  calendarVersion,
  createWorkingDayCalendar,
} from './working-day-calendar';
export type { WorkingDayCalendarOptions } from './working-day-calendar';
export {
  DEFAULT_BUSINESS_ZONE,
  atBusinessTime,
  businessDate,
  endOfBusinessDay,
  startOfBusinessDay,
} from './business-date';
