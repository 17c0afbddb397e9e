import { Module } from '@nestjs/common';
import { CardEventsService } from './card-events.service';
import { CardStoreModule } from '../common/card-store.module';
import { CardsController } from './cards.controller';
import { CardsService } from './cards.service';

@Module({
  imports: [CardStoreModule],
  controllers: [CardsController],
  providers: [CardsService, CardEventsService],
  // The console's pages read and record through the same services (apps/api/src/web/console).
  exports: [CardsService, CardEventsService],
})
export class CardsModule {}
