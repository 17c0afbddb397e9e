import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/jwt';
import { ApiProblems, ApiZodQuery, ApiZodResponse } from '../common/openapi';
import { ZodValidationPipe } from '../common/zod-validation';
import { deadlineReportQuerySchema, deadlineReportSchema, type DeadlineReport, type DeadlineReportQuery } from './reports.schemas';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@Roles('caseworker', 'admin')
// Every operation reads or writes Postgres: its outage is a 503 with Retry-After.
@ApiProblems(503)
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('deadlines')
  @ApiOperation({
    summary: 'Deadline performance per police district over a period of delivery dates',
    description: 'A caseworker gets their own district (another is a 403); an admin any district, or all twelve.',
  })
  @ApiZodQuery(deadlineReportQuerySchema)
  @ApiZodResponse(deadlineReportSchema, { description: 'One entry per district' })
  @ApiProblems(400)
  deadlines(
    @Query(new ZodValidationPipe(deadlineReportQuerySchema)) query: DeadlineReportQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<DeadlineReport> {
    return this.reports.deadlines(query, user);
  }
}
