import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { pingDatabase } from '@cardtrail/infra';
import { REDIS } from '@cardtrail/infra/nest';

/** A check that takes longer than this counts as down (the API's readiness uses the same). */
const CHECK_TIMEOUT_MS = 1000;

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
      const result = await this.health.check([
        () =>
          this.indicators
            .check('postgres')
            .attempt(async () => {
              await pingDatabase(this.dataSource);
            })
            .withTimeout(CHECK_TIMEOUT_MS),
        () =>
          this.indicators
            .check('redis')
            .attempt(async () => {
              // Not connected: say so at once rather than queueing a PING until the timeout.
              if (this.redis.status !== 'ready') throw new Error(`connection is ${this.redis.status}`);
              await this.redis.ping();
            })
            .withTimeout(CHECK_TIMEOUT_MS),
      ]);
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
