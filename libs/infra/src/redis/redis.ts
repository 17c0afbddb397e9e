import { Redis, type RedisOptions } from 'ioredis';

export class RedisUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    super(
      `Cannot reach Redis at ${redact(url)} (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Start it (for example `redis-server --daemonize yes`) or set REDIS_URL; with REDIS_URL unset, ' +
        '`npm start` starts a private redis-server where none answers at 127.0.0.1:6379.',
    );
    this.name = 'RedisUnavailableError';
  }
}

/**
 * An ioredis connection. BullMQ workers need `maxRetriesPerRequest: null` (blocking commands
 * must not time out); plain clients keep ioredis' default so a dead Redis fails requests fast.
 */
export function createRedis(url: string, options: RedisOptions & { forBullMq?: boolean } = {}): Redis {
  const { forBullMq, ...rest } = options;
  return new Redis(url, {
    lazyConnect: false,
    enableReadyCheck: true,
    ...(forBullMq ? { maxRetriesPerRequest: null } : {}),
    ...rest,
  });
}

/** Pings Redis once with a short timeout; throws `RedisUnavailableError` with a how-to. */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  // ioredis rejects `connect()` with "Connection is closed."; the socket's own error (such as
  // ECONNREFUSED) arrives on the 'error' event, and is the one worth reporting.
  let socketError: unknown;
  probe.on('error', (error) => {
    socketError ??= error;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new RedisUnavailableError(url, socketError ?? error);
  } finally {
    probe.disconnect();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}
