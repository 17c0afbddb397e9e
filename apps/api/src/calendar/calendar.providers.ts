import type { Provider } from '@nestjs/common';
import { createWorkingDayCalendar } from '@cardtrail/card-lifecycle';
import { APP_CONFIG, type AppConfig } from '@cardtrail/infra';

/** The Norwegian working-day calendar with the configured extra closure days (EXTRA_CLOSED_DAYS). */
export const WORKING_DAY_CALENDAR = Symbol('WORKING_DAY_CALENDAR');

export const workingDayCalendarProvider: Provider = {
  provide: WORKING_DAY_CALENDAR,
  useFactory: (config: AppConfig) => createWorkingDayCalendar({ extraClosedDays: config.EXTRA_CLOSED_DAYS }),
  inject: [APP_CONFIG],
};
