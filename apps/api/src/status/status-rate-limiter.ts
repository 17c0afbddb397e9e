import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, duplicateRedis, type AppConfig } from '@cardtrail/infra';
import { REDIS } from '@cardtrail/infra/nest';
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
export class StatusRateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly limiter: RateLimiterRedis;
  private readonly points: number;
  private readonly keyPrefix: string;
  /**
   * The check's own connection, auto-pipelined: the GETs of lookups arriving together go out in
   * one write. On this kind of machine a socket write costs about as much as the rest of the
   * GET, and every lookup makes one.
   */
  private readonly checks: Redis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.checks = duplicateRedis(redis, { enableAutoPipelining: true });
    // Errors surface as failed GETs (the limiter then answers); ioredis reconnects by itself.
    this.checks.on('error', () => undefined);
    this.points = config.STATUS_RATE_LIMIT_PER_MINUTE;
    this.keyPrefix = `${config.QUEUE_PREFIX}:rate-limit:status`;
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: this.keyPrefix,
      points: this.points,
      duration: WINDOW_SECONDS,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: this.points, duration: WINDOW_SECONDS }),
    });
  }

  /**
   * 429 when the address has used up its failed lookups for this window. This runs on every
   * lookup, successful or not (a blocked address must not learn which guess was right), so the
   * usual answer, "not blocked", costs one Redis GET of the counter the limiter keeps at
   * `<keyPrefix>:<ip>`, rather than the limiter's MULTI/GET/PTTL/EXEC. Only a blocked address,
   * or a Redis that is down or failing, goes through the limiter (its Retry-After, its insurance).
   */
  async assertNotBlocked(ip: string): Promise<void> {
    if (this.checks.status === 'ready') {
      let consumed: string | null | undefined;
      try {
        consumed = await this.checks.get(`${this.keyPrefix}:${ip}`);
      } catch {
        consumed = undefined;
      }
      if (consumed === null || (consumed !== undefined && Number(consumed) < this.points)) return;
    }
    const state = await this.limiter.get(ip);
    if (state !== null && state.consumedPoints >= this.points) throw tooManyRequests(state.msBeforeNext);
  }

  /**
   * Waits for the check's connection, so the first lookups take the quick way too; never fails
   * (with Redis down the limiter's insurance answers, as it would later).
   */
  async onModuleInit(): Promise<void> {
    if (this.checks.status === 'ready') return;
    // A lazy client (should the shared one be configured so) waits for its first command, and
    // the check sends none until the connection is ready.
    if (this.checks.status === 'wait') {
      await this.checks.connect().catch(() => undefined);
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.checks.off('ready', done).off('error', done).off('end', done);
        resolve();
      };
      this.checks.once('ready', done).once('error', done).once('end', done);
    });
  }

  onModuleDestroy(): void {
    this.checks.disconnect();
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
