import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/jwt';
import { ApiProblems, ApiZodBody, ApiZodResponse } from '../common/openapi';
import { ZodValidationPipe } from '../common/zod-validation';
import {
  closureChangeBodySchema,
  closureChangeSchema,
  closureDateParams,
  closuresSchema,
  type ClosureChangeBody,
  type ClosureChangeView,
  type ClosuresView,
} from './closures.schemas';
import { ClosuresService } from './closures.service';

const dateParam = ApiParam({ name: 'date', description: 'YYYY-MM-DD, 1970–2199', format: 'date' });

/** Admins: extra closure days at run time, on top of EXTRA_CLOSED_DAYS. */
@ApiTags('calendar')
// Every operation reads or writes Postgres: its outage is a 503 with Retry-After.
@ApiProblems(503)
@Roles('admin')
@Controller('calendar/closures')
export class ClosuresController {
  constructor(private readonly closures: ClosuresService) {}

  @Get()
  @ApiOperation({ summary: 'Closure days: set at start, in force at run time, and the audit trail of changes' })
  @ApiZodResponse(closuresSchema, { description: 'The closure days' })
  list(): Promise<ClosuresView> {
    return this.closures.list();
  }

  @Get(':date')
  @ApiOperation({ summary: 'A run-time closure day in force (404 when the date is not one)' })
  @dateParam
  @ApiZodResponse(closureChangeSchema, { description: 'Its addition: who, when, why, deadlines moved' })
  @ApiProblems(400, 404)
  get(@Param(new ZodValidationPipe(closureDateParams)) params: z.output<typeof closureDateParams>): Promise<ClosureChangeView> {
    return this.closures.get(params.date);
  }

  @Put(':date')
  @ApiOperation({
    summary: 'Close a date (an office closed by an IT outage, a strike)',
    description:
      '201 when added; 200 with the closure in force when the date already was one (nothing changes). The date stops being a ' +
      'working day in every API and worker process within CALENDAR_POLL_MS; the worker then recomputes every open deadline ' +
      'it moves, recording `DeadlineRecomputed` on each card, and counts them in `deadlinesMoved`. 409 for a weekend day, ' +
      'a public holiday or a date of EXTRA_CLOSED_DAYS.',
  })
  @dateParam
  @ApiZodBody(closureChangeBodySchema)
  @ApiZodResponse(closureChangeSchema, { status: 201, description: 'The change' })
  @ApiProblems(400, 409)
  async add(
    @Param(new ZodValidationPipe(closureDateParams)) params: z.output<typeof closureDateParams>,
    @Body(new ZodValidationPipe(closureChangeBodySchema)) body: ClosureChangeBody,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ClosureChangeView> {
    const { created, closure } = await this.closures.add(params.date, body.reason, user.sub);
    res.status(created ? 201 : 200);
    return closure;
  }

  @Delete(':date')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reopen a run-time closure day',
    description:
      'The date is a working day again everywhere within CALENDAR_POLL_MS, and the deadlines it moves are recomputed. ' +
      '404 when it is not a run-time closure day; 409 for a date of EXTRA_CLOSED_DAYS (change the setting and restart).',
  })
  @dateParam
  @ApiZodBody(closureChangeBodySchema)
  @ApiZodResponse(closureChangeSchema, { description: 'The removal' })
  @ApiProblems(400, 404, 409)
  remove(
    @Param(new ZodValidationPipe(closureDateParams)) params: z.output<typeof closureDateParams>,
    @Body(new ZodValidationPipe(closureChangeBodySchema)) body: ClosureChangeBody,
    @CurrentUser() user: AuthUser,
  ): Promise<ClosureChangeView> {
    return this.closures.remove(params.date, body.reason, user.sub);
  }
}
