import { Module } from '@nestjs/common';
import { DeadlineReportStore } from '@cardtrail/infra';
import { DataSource } from 'typeorm';
import { CardStoreModule } from '../common/card-store.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [CardStoreModule],
  controllers: [ReportsController],
  providers: [
    ReportsService,
    { provide: DeadlineReportStore, useFactory: (dataSource: DataSource) => new DeadlineReportStore(dataSource), inject: [DataSource] },
  ],
  exports: [ReportsService],
})
export class ReportsModule {}
