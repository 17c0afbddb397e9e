import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '@cardtrail/infra';
import { REDIS } from '../../../../libs/infra/src/nest';
import { ProblemException } from '../common/problem';

const WINDOW_SECONDS = 60;

/**
 * Limits failed applicant lookups (unknown reference or wrong DUF number) per client IP per
 * minute, in Redis so the limit holds across API processes. Successful lookups are not counted:
 * they reveal nothing to a guesser, and many applicants share one address (a reception centre,
 * a library), who must not lock each other out. Once the limit is reached every lookup from the
 * address, successful or not, is a 429 until the window ends.
 *
 * If Redis is unavailable an in-process limiter with the same limit takes over (insurance), so
 * lookups neither fail nor go unlimited.
 */
@Injectable()
export class StatusRateLimiter {
  private readonly limiter: RateLimiterRedis;
  private readonly points: number;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.points = config.STATUS_RATE_LIMIT_PER_MINUTE;
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.QUEUE_PREFIX}:rate-limit:status`,
      points: this.points,
      duration: WINDOW_SECONDS,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: this.points, duration: WINDOW_SECONDS }),
    });
  }

  /** 429 when the address has used up its failed lookups for this window. */
  async assertNotBlocked(ip: string): Promise<void> {
    const state = await this.limiter.get(ip);
    if (state !== null && state.consumedPoints >= this.points) throw tooManyRequests(state.msBeforeNext);
  }

  /** Counts a failed lookup; 429 when it is one too many (the caller then answers that instead of 404). */
  async countFailure(ip: string): Promise<void> {
    try {
      await this.limiter.consume(ip);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw tooManyRequests(error.msBeforeNext);
      throw error;
    }
  }
}

function tooManyRequests(msBeforeNext: number): ProblemException {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ProblemException({
    status: 429,
    type: 'too-many-requests',
    title: 'Too Many Requests',
    detail: `Too many unsuccessful status lookups from this address. Try again in ${seconds} seconds.`,
    headers: { 'Retry-After': String(seconds) },
  });
}
