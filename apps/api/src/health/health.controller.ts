import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS, readinessChecks } from '@cardtrail/infra/nest';
import { Public } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { RETRY_AFTER_SECONDS } from '../common/dependency-unavailable';
import { ProblemException } from '../common/problem';

/** Readiness names its checks after the products; `unavailable` names them as the API's 503s do. */
const DEPENDENCY_OF_CHECK: Record<string, 'database' | 'queue'> = { postgres: 'database', redis: 'queue' };

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs; checks nothing else' })
  @ApiResponse({ status: 200, description: 'Alive', schema: { type: 'object', properties: { status: { type: 'string', example: 'ok' } } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Postgres answers SELECT 1 and Redis answers PING, each within 1 s' })
  @ApiResponse({ status: 200, description: 'Ready to take traffic' })
  @ApiProblems(503)
  async ready(): Promise<unknown> {
    try {
      return await this.health.check(readinessChecks(this.indicators, this.dataSource, this.redis));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as { error?: Record<string, { message?: string }>; details?: unknown };
      const down = Object.entries(result.error ?? {}).map(([name, r]) => (r.message ? `${name} (${r.message})` : name));
      throw new ProblemException({
        status: 503,
        type: 'not-ready',
        title: 'Service Unavailable',
        detail: `Not ready: ${down.join(', ') || 'a dependency'} is down.`,
        extensions: {
          checks: result.details,
          unavailable: Object.keys(result.error ?? {}).map((check) => DEPENDENCY_OF_CHECK[check] ?? check),
        },
        headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      });
    }
  }
}
