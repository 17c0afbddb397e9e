import { describe, expect, it } from '@jest/globals';
import { isClusterSafePrefix, parseRedisUrl } from './redis-url';

describe('where Redis is, from REDIS_URL', () => {
  it('passes a single server URL through as ioredis reads it', () => {
    expect(parseRedisUrl('redis://:secret@10.0.0.1:6380/2')).toEqual({ kind: 'server', url: 'redis://:secret@10.0.0.1:6380/2' });
    expect(parseRedisUrl('rediss://cache.example:6380')).toEqual({ kind: 'server', url: 'rediss://cache.example:6380' });
  });

  it('reads a cluster from its nodes, credentials and TLS', () => {
    expect(parseRedisUrl('redis+cluster://10.0.0.1:7000, 10.0.0.2:7001,[::1]:7002')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      tls: false,
    });
    expect(parseRedisUrl('rediss+cluster://app:p%40ss@redis-a.example:6379')).toEqual({
      kind: 'cluster',
      nodes: [{ host: 'redis-a.example', port: 6379 }],
      username: 'app',
      password: 'p@ss',
      tls: true,
    });
  });

  it.each(['redis+cluster://10.0.0.1', 'redis+cluster://10.0.0.1:70000', 'redis+cluster://a:1,', 'http://x', 'x'])(
    'refuses %s without echoing it',
    (url) => {
      expect(() => parseRedisUrl(url)).toThrow(/redis/);
    },
  );
});

describe('a queue prefix on a Redis Cluster', () => {
  it.each([
    ['{cardtrail}', true],
    ['{cardtrail}-staging', true],
    ['prod:{cardtrail}', true],
    ['cardtrail', false],
    ['{}cardtrail', false],
    ['cardtrail}{', false],
  ])('%s keeps each queue in one slot: %s', (prefix, safe) => {
    expect(isClusterSafePrefix(prefix)).toBe(safe);
  });
});
