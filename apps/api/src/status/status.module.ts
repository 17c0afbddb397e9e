import { Module } from '@nestjs/common';
import { CardStoreModule } from '../common/card-store.module';
import { StatusRateLimiter } from './status-rate-limiter';
import { StatusController } from './status.controller';
import { StatusService } from './status.service';

@Module({
  imports: [CardStoreModule],
  controllers: [StatusController],
  providers: [StatusService, StatusRateLimiter],
  exports: [StatusService],
})
export class StatusModule {}
