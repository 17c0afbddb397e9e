import { Module } from '@nestjs/common';
import { CardStoreModule } from '../../common/card-store.module';
import { StatusModule } from '../../status/status.module';
import { WebModule } from '../web.module';
import { ApplicantExceptionFilter, ApplicantPagesController } from './applicant-pages.controller';
import { ApplicantSessions } from './applicant-session';

/** The applicant's pages at `/`, on the status service (lookups, rate limit, address confirmation). */
@Module({
  imports: [WebModule, StatusModule, CardStoreModule],
  controllers: [ApplicantPagesController],
  providers: [ApplicantSessions, ApplicantExceptionFilter],
})
export class ApplicantPagesModule {}
