import type { HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { pingDatabase } from '../database/data-source';

/** A check that takes longer than this counts as down. */
export const READINESS_CHECK_TIMEOUT_MS = 1000;

/**
 * The readiness checks of the API and the worker, named after the products: `postgres` answers
 * `SELECT 1` and `redis` answers PING, each within {@link READINESS_CHECK_TIMEOUT_MS}.
 */
export function readinessChecks(indicators: HealthIndicatorService, dataSource: DataSource, redis: Redis): HealthIndicatorFunction[] {
  return [
    () =>
      indicators
        .check('postgres')
        .attempt(async () => {
          await pingDatabase(dataSource);
        })
        .withTimeout(READINESS_CHECK_TIMEOUT_MS),
    () =>
      indicators
        .check('redis')
        .attempt(async () => {
          // Not connected: say so at once rather than queueing a PING until the timeout.
          if (redis.status !== 'ready') throw new Error(`connection is ${redis.status}`);
          await redis.ping();
        })
        .withTimeout(READINESS_CHECK_TIMEOUT_MS),
  ];
}
