import { Module } from '@nestjs/common';
import { CardStoreModule } from '../common/card-store.module';
import { CalendarController } from './calendar.controller';
import { ClosuresController } from './closures.controller';
import { ClosuresService } from './closures.service';

/** The public calendar endpoints (the calendar in force) and the admins' run-time closure days. */
@Module({
  imports: [CardStoreModule],
  // The closures' routes first, so `closures` is never taken for a public calendar route.
  controllers: [ClosuresController, CalendarController],
  providers: [ClosuresService],
  exports: [ClosuresService],
})
export class CalendarModule {}
