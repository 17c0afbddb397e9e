import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/jwt';
import { ApiProblems, ApiZodQuery, ApiZodResponse } from '../common/openapi';
import { ZodValidationPipe } from '../common/zod-validation';
import { deadlineReportCsv } from './deadline-report';
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
    summary: 'Deadline performance per police district and month over any period of delivery dates',
    description: 'A caseworker gets their own district (another is a 403); an admin any district, or all twelve.',
  })
  @ApiZodQuery(deadlineReportQuerySchema)
  @ApiZodResponse(deadlineReportSchema, { description: 'One entry per district, each with its months' })
  @ApiProblems(400)
  deadlines(
    @Query(new ZodValidationPipe(deadlineReportQuerySchema)) query: DeadlineReportQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<DeadlineReport> {
    return this.reports.deadlines(query, user);
  }

  @Get('deadlines.csv')
  @ApiOperation({
    summary: 'The deadline report as a CSV download',
    description:
      'The same query and access rules as `GET /v1/reports/deadlines`. Columns: police_district, period (YYYY-MM, or from/to ' +
      'for the whole period), delivered, on_time, late, on_time_rate, median_working_days_to_delivery, open_overdue ' +
      '(on the whole-period rows only). One row per district and month, then one per district for the whole period.',
  })
  @ApiZodQuery(deadlineReportQuerySchema)
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv; charset=utf-8, as an attachment', schema: { type: 'string' } })
  @ApiProblems(400)
  async deadlinesCsv(
    @Query(new ZodValidationPipe(deadlineReportQuerySchema)) query: DeadlineReportQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<string> {
    const report = await this.reports.deadlines(query, user);
    const district = query.policeDistrict ?? (user.role === 'admin' ? 'all' : user.district);
    res
      .header('Content-Type', 'text/csv; charset=utf-8')
      // Only a district slug and validated dates: plain ASCII, nothing to quote or encode.
      .header('Content-Disposition', `attachment; filename="cardtrail-deadlines-${district}-${query.from}-${query.to}.csv"`);
    return deadlineReportCsv(report);
  }
}
