import { Module } from '@nestjs/common';
import { CalendarModule } from '../../../calendar/calendar.module';
import { ConsolePagesModule } from '../console-pages.module';
import { ClosuresPagesController } from './closures-pages.controller';

/** `/console/closures`: admins close and reopen dates, and see how many deadlines moved. */
@Module({
  imports: [ConsolePagesModule, CalendarModule],
  controllers: [ClosuresPagesController],
})
export class ClosuresPagesModule {}
