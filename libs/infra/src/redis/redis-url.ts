/**
 * Where Redis is, from `REDIS_URL`: one server (`redis://…`, `rediss://…`, as ioredis reads it),
 * or a Redis Cluster named by some of its nodes, `redis+cluster://[user:password@]host:port,host:port`
 * (`rediss+cluster://` for TLS). The client learns the other nodes and the slot map from the
 * ones named, so two or three are enough; every node must be reachable at the address it
 * announces.
 */
export type RedisLocation =
  | { kind: 'server'; url: string }
  | {
      kind: 'cluster';
      nodes: Array<{ host: string; port: number }>;
      username?: string;
      password?: string;
      tls: boolean;
    };

const CLUSTER_SCHEME = /^(rediss?)\+cluster:\/\/(.*)$/i;

export class RedisUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUrlError';
  }
}

/** Parses `REDIS_URL`; throws `RedisUrlError` saying what is wrong (never echoing a password). */
export function parseRedisUrl(url: string): RedisLocation {
  const cluster = CLUSTER_SCHEME.exec(url.trim());
  if (!cluster) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new RedisUrlError('must be a redis:// or rediss:// URL, or redis+cluster://host:port,host:port');
    }
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
      throw new RedisUrlError('must be a redis:// or rediss:// URL, or redis+cluster://host:port,host:port');
    }
    return { kind: 'server', url };
  }
  const [, scheme, rest] = cluster;
  const at = rest.lastIndexOf('@');
  const credentials = at >= 0 ? rest.slice(0, at) : '';
  const hosts = (at >= 0 ? rest.slice(at + 1) : rest).replace(/\/.*$/, '');
  const nodes = hosts.split(',').map((entry) => {
    const match = /^(\[[0-9a-f:.]+\]|[^:/[\]]+):(\d{1,5})$/i.exec(entry.trim());
    const port = match ? Number(match[2]) : NaN;
    if (!match || port < 1 || port > 65535) {
      throw new RedisUrlError('a redis+cluster:// URL lists its nodes as host:port, separated by commas');
    }
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
  const colon = credentials.indexOf(':');
  const username = decodeURIComponent(colon >= 0 ? credentials.slice(0, colon) : credentials);
  const password = colon >= 0 ? decodeURIComponent(credentials.slice(colon + 1)) : '';
  return {
    kind: 'cluster',
    nodes,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    tls: scheme.toLowerCase() === 'rediss',
  };
}

/**
 * Whether a BullMQ prefix keeps every key of a queue in one Redis Cluster slot: it holds a hash
 * tag (`{cardtrail}`), so only the part inside the braces is hashed. BullMQ's scripts touch
 * several keys of a queue at once, which Redis Cluster allows only within one slot; with a hash
 * tag all of the prefix's queues (and the status rate limit's keys) live on one node.
 */
export function isClusterSafePrefix(prefix: string): boolean {
  // Redis hashes what lies between the first '{' and the first '}' after it, if anything does.
  return /^[^{]*\{[^}]+\}/.test(prefix);
}
