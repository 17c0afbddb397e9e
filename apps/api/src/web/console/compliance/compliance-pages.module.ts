import { Module } from '@nestjs/common';
import { ReportsModule } from '../../../reports/reports.module';
import { ConsolePagesModule } from '../console-pages.module';
import { CompliancePagesController } from './compliance-pages.controller';

/** `/console/compliance`: the deadline report as a page, a chart and a CSV download. */
@Module({
  imports: [ConsolePagesModule, ReportsModule],
  controllers: [CompliancePagesController],
})
export class CompliancePagesModule {}
