import { Module } from '@nestjs/common';
import { CardStoreModule } from '../cards/card-store.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [CardStoreModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
