import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  expectedCardDate,
  type ExpectedCardDate,
  type Holiday,
  type WorkingDayCalendar,
} from '@cardtrail/card-lifecycle';
import { APP_CONFIG, DOMAIN, type AppConfig, type Domain } from '@cardtrail/infra';
import type { z } from 'zod';
import { Public } from '../auth/auth.decorators';
import { ApiProblems, ApiZodQuery, ApiZodResponse } from '../common/openapi';
import { ProblemException } from '../common/problem';
import { ZodValidationPipe } from '../common/zod-validation';
import {
  expectedCardDateQuery,
  expectedCardDateResponse,
  holidaysQuery,
  holidaysResponse,
  workingDaysQuery,
  workingDaysResponse,
} from './calendar.schemas';

@ApiTags('calendar')
@Public()
@Controller('calendar')
export class CalendarController {
  constructor(
    @Inject(DOMAIN) private readonly domain: Domain,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The calendar in force: public holidays, EXTRA_CLOSED_DAYS and the run-time closure days. */
  private get calendar(): WorkingDayCalendar {
    return this.domain.calendar;
  }

  @Get('holidays')
  @ApiOperation({ summary: 'The 12 Norwegian public holidays of a year, in date order' })
  @ApiZodQuery(holidaysQuery)
  @ApiZodResponse(holidaysResponse, { description: 'Public holidays (extra closure days are not listed)' })
  @ApiProblems(400)
  holidays(@Query(new ZodValidationPipe(holidaysQuery)) query: z.output<typeof holidaysQuery>): Holiday[] {
    return this.calendar.holidays(query.year);
  }

  @Get('working-days')
  @ApiOperation({
    summary: 'The n-th working day strictly after (or, for negative n, before) a date',
    description: 'Monday–Friday that is not a public holiday or a configured closure day. 2025-04-14 + 20 = 2025-05-16.',
  })
  @ApiZodQuery(workingDaysQuery)
  @ApiZodResponse(workingDaysResponse, { description: 'The resulting date' })
  @ApiProblems(400)
  workingDays(@Query(new ZodValidationPipe(workingDaysQuery)) query: z.output<typeof workingDaysQuery>): z.output<typeof workingDaysResponse> {
    const date = withinCalendar(() => this.calendar.addWorkingDays(query.from, query.days));
    return { from: query.from, days: query.days, date };
  }

  @Get('expected-card-date')
  @ApiOperation({
    summary: 'When a card ordered at an appointment is expected, and whether before a departure',
    description: 'The appointment date plus the issue deadline (ISSUE_WORKING_DAYS, 20 working days).',
  })
  @ApiZodQuery(expectedCardDateQuery)
  @ApiZodResponse(expectedCardDateResponse, { description: 'The expected date' })
  @ApiProblems(400)
  expectedCardDate(
    @Query(new ZodValidationPipe(expectedCardDateQuery)) query: z.output<typeof expectedCardDateQuery>,
  ): ExpectedCardDate {
    return withinCalendar(() =>
      expectedCardDate({
        appointmentDate: query.appointmentDate,
        departureDate: query.departureDate ?? null,
        calendar: this.calendar,
        issueWorkingDays: this.config.ISSUE_WORKING_DAYS,
      }),
    );
  }
}

/** Inputs are range-checked, but a result can still fall past 2199: a 400, not a 500. */
function withinCalendar<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new ProblemException({ status: 400, type: 'date-out-of-range', title: 'Date out of range', detail: error.message });
  }
}
