import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { WORKING_DAY_CALENDAR, workingDayCalendarProvider } from './calendar.providers';

/** The public calendar endpoints, and the configured calendar for other modules (import this module). */
@Module({
  controllers: [CalendarController],
  providers: [workingDayCalendarProvider],
  exports: [WORKING_DAY_CALENDAR],
})
export class CalendarModule {}
