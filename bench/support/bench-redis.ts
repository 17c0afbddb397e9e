import { Redis } from 'ioredis';

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function redis(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: null });
}

/** Deletes every key under `prefix:` (a bench's own QUEUE_PREFIX only; never anything else). */
export async function clearPrefix(client: Redis, prefix: string): Promise<number> {
  if (!/^bench-[a-z0-9-]+$/.test(prefix)) throw new Error(`refusing to clear ${prefix}: not a bench prefix`);
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await client.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** `INFO memory` used_memory, in bytes. */
export async function usedMemory(client: Redis): Promise<number> {
  const info = await client.info('memory');
  const match = /^used_memory:(\d+)/m.exec(info);
  return match ? Number(match[1]) : Number.NaN;
}

export async function redisVersion(client: Redis): Promise<string> {
  const info = await client.info('server');
  return `Redis ${/^redis_version:(\S+)/m.exec(info)?.[1] ?? '?'}`;
}
