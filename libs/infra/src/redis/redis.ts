import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { parseRedisUrl, type RedisLocation } from './redis-url';

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
 * An ioredis connection to the Redis `url` names. BullMQ workers need `maxRetriesPerRequest:
 * null` (blocking commands must not time out); plain clients keep ioredis' default so a dead
 * Redis fails requests fast.
 *
 * With a `redis+cluster://` URL it is an ioredis `Cluster` (options go to each node's
 * connection), typed as `Redis` so both apps and BullMQ take it where they take one server: the
 * commands, events, `status`, `quit` and `disconnect` cardtrail uses work alike on both (BullMQ
 * tells them apart by `isCluster`). Only `duplicate` differs: use {@link duplicateRedis}.
 */
export function createRedis(url: string, options: RedisOptions & { forBullMq?: boolean } = {}): Redis {
  const { forBullMq, ...rest } = options;
  const merged: RedisOptions = {
    lazyConnect: false,
    enableReadyCheck: true,
    ...(forBullMq ? { maxRetriesPerRequest: null } : {}),
    ...rest,
  };
  const location = parseRedisUrl(url);
  if (location.kind === 'server') return new Redis(url, merged);
  return createCluster(location, merged) as unknown as Redis;
}

/** Whether `redis` (from {@link createRedis}) is a Redis Cluster client. */
export function isRedisCluster(redis: Redis | Cluster): redis is Cluster {
  return (redis as { isCluster?: boolean }).isCluster === true;
}

/** A second connection to the same Redis (server or cluster), with `options` on top of the first's. */
export function duplicateRedis(redis: Redis, options: RedisOptions = {}): Redis {
  if (!isRedisCluster(redis)) return redis.duplicate(options);
  const cluster = redis as Cluster;
  const { enableAutoPipelining, lazyConnect, ...perNode } = options;
  return cluster.duplicate(undefined, {
    ...cluster.options,
    ...(enableAutoPipelining !== undefined ? { enableAutoPipelining } : {}),
    ...(lazyConnect !== undefined ? { lazyConnect } : {}),
    redisOptions: { ...cluster.options.redisOptions, ...perNode },
  }) as unknown as Redis;
}

type ClusterLocation = Extract<RedisLocation, { kind: 'cluster' }>;

function createCluster(location: ClusterLocation, options: RedisOptions): Cluster {
  const { lazyConnect, enableReadyCheck, enableAutoPipelining, retryStrategy, enableOfflineQueue, ...perNode } = options;
  const clusterOptions: ClusterOptions = {
    lazyConnect,
    enableReadyCheck,
    enableAutoPipelining,
    enableOfflineQueue,
    // The cluster reconnects as a whole; a server's retryStrategy becomes the cluster's.
    ...(retryStrategy ? { clusterRetryStrategy: (times: number) => retryStrategy(times) } : {}),
    redisOptions: {
      ...perNode,
      ...(location.username ? { username: location.username } : {}),
      ...(location.password ? { password: location.password } : {}),
      ...(location.tls ? { tls: {} } : {}),
    },
  };
  return new Cluster(location.nodes, clusterOptions);
}

/** Pings Redis (the server, or a node of the cluster) once with a short timeout; throws `RedisUnavailableError` with a how-to. */
export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const probe = createRedis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  // ioredis rejects `connect()` with "Connection is closed."; the socket's own error (such as
  // ECONNREFUSED) arrives on the 'error' event, and is the one worth reporting.
  let socketError: unknown;
  probe.on('error', (error: unknown) => {
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
  const location = (() => {
    try {
      return parseRedisUrl(url);
    } catch {
      return null;
    }
  })();
  if (location?.kind === 'cluster') {
    return `${location.tls ? 'rediss' : 'redis'}+cluster://${location.nodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  }
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}
