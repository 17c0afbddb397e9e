import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { loadConfig } from '@cardtrail/infra';
import { StatusRateLimiter } from '../../apps/api/src/status/status-rate-limiter';
import { ProblemException } from '../../apps/api/src/common/problem';
import { uniqueQueuePrefix } from '../support/test-database';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMIT = 2;

function limiterOn(redis: Redis, prefix: string): StatusRateLimiter {
  const config = loadConfig({ ...process.env, REDIS_URL, QUEUE_PREFIX: prefix, STATUS_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  return new StatusRateLimiter(redis, config);
}

async function blockedAnswer(check: Promise<void>): Promise<ProblemException | null> {
  try {
    await check;
    return null;
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
}

describe('the status rate limiter', () => {
  const prefix = uniqueQueuePrefix('status-limiter');
  let redis: Redis;
  let limiter: StatusRateLimiter;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    await redis.ping();
    limiter = limiterOn(redis, prefix);
    await limiter.onModuleInit();
  });
  afterAll(async () => {
    limiter?.onModuleDestroy();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('lets an address through until its failures reach the limit, then answers 429 with Retry-After', async () => {
    const ip = '203.0.113.7';
    expect(await blockedAnswer(limiter.assertNotBlocked(ip))).toBeNull();
    await limiter.countFailure(ip);
    expect(await blockedAnswer(limiter.assertNotBlocked(ip))).toBeNull();
    await limiter.countFailure(ip);

    // The quick check reads the counter the limiter keeps; this is the layout it relies on.
    expect(await redis.get(`${prefix}:rate-limit:status:${ip}`)).toBe(String(LIMIT));
    const blocked = await blockedAnswer(limiter.assertNotBlocked(ip));
    expect(blocked?.problem.status).toBe(429);
    expect(Number(blocked?.headers['Retry-After'])).toBeGreaterThan(0);
    expect(Number(blocked?.headers['Retry-After'])).toBeLessThanOrEqual(60);

    const third = await blockedAnswer(limiter.countFailure(ip));
    expect(third?.problem.status).toBe(429);
    // Other addresses are not affected.
    expect(await blockedAnswer(limiter.assertNotBlocked('203.0.113.8'))).toBeNull();
  });

  it('counts per address in memory when Redis cannot be reached, with the same limit', async () => {
    // Nothing listens on port 1; no retries, so both connections give up at once.
    const offline = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    offline.on('error', () => undefined);
    const fallback = limiterOn(offline, prefix);
    await fallback.onModuleInit();
    try {
      const ip = '198.51.100.1';
      expect(offline.status).not.toBe('ready');
      expect(await blockedAnswer(fallback.assertNotBlocked(ip))).toBeNull();
      await fallback.countFailure(ip);
      await fallback.countFailure(ip);
      expect((await blockedAnswer(fallback.assertNotBlocked(ip)))?.problem.status).toBe(429);
      expect(await redis.get(`${prefix}:rate-limit:status:${ip}`)).toBeNull();
    } finally {
      fallback.onModuleDestroy();
      offline.disconnect();
    }
  });
});
