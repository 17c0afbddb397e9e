import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS, readinessChecks } from '@cardtrail/infra/nest';

export type Readiness = { ready: true; result: HealthCheckResult } | { ready: false; result: HealthCheckResult; down: string[] };

/**
 * The worker's readiness: Postgres answers `SELECT 1` and Redis answers `PING`, each within 1 s,
 * checked with @nestjs/terminus as the API checks its own.
 */
@Injectable()
export class WorkerHealth {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async readiness(): Promise<Readiness> {
    try {
      const result = await this.health.check(readinessChecks(this.indicators, this.dataSource, this.redis));
      return { ready: true, result };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const down = Object.entries(result.error ?? {}).map(([name, r]) =>
        (r as { message?: string }).message ? `${name} (${(r as { message?: string }).message})` : name,
      );
      return { ready: false, result, down };
    }
  }
}
