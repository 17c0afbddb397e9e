import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import {
  NO_REDIS_MESSAGE,
  embeddedMode,
  planServices,
  startEmbeddedServices,
  type EmbeddedServices,
} from '../../scripts/lib/embedded-services.mjs';
import { freePort } from '../support/worker-harness';
import { processesMentioning } from './processes';

/*
 * The embedded Postgres and Redis behind `npm start` and the test command on a machine that has
 * neither (scripts/lib/embedded-services.mjs). Each test starts its own on private ports, in a
 * temporary folder: never the shared services, never the project's .cardtrail/.
 */

describe('CARDTRAIL_EMBEDDED', () => {
  it.each([
    [undefined, 'auto'],
    ['', 'auto'],
    ['true', 'always'],
    ['1', 'always'],
    ['false', 'never'],
    ['0', 'never'],
  ])('%p means %s', (value, mode) => {
    expect(embeddedMode({ CARDTRAIL_EMBEDDED: value })).toBe(mode);
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => embeddedMode({ CARDTRAIL_EMBEDDED: 'maybe' })).toThrow(/CARDTRAIL_EMBEDDED must be true or false/);
  });
});

describe('which services are embedded', () => {
  let listening: Server;
  let open: { host: string; port: number };
  let closed: { host: string; port: number };

  const plan = (env: Record<string, string>, defaults: { postgres: typeof open; redis: typeof open }) =>
    planServices({ env, defaults });

  afterAll(async () => {
    await new Promise((resolve) => listening?.close(resolve));
  });

  it('embeds a service only where its URL is unset and nothing answers at its default port', async () => {
    listening = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    open = { host: '127.0.0.1', port: (listening.address() as { port: number }).port };
    closed = { host: '127.0.0.1', port: await freePort() };

    // Neither answers: both embedded.
    expect(await plan({}, { postgres: closed, redis: closed })).toEqual({ postgres: true, redis: true, mode: 'auto' });
    // A local Postgres but no Redis: only Redis embedded.
    expect(await plan({}, { postgres: open, redis: closed })).toEqual({ postgres: false, redis: true, mode: 'auto' });
    // A URL that is set is used as it is, even when nothing answers at the default port; an
    // empty one counts as unset.
    expect(await plan({ DATABASE_URL: 'postgres://db.example/cardtrail', REDIS_URL: '' }, { postgres: closed, redis: closed })).toEqual({
      postgres: false,
      redis: true,
      mode: 'auto',
    });
  });

  it('embeds both under CARDTRAIL_EMBEDDED=true and neither under =false, whatever answers', async () => {
    expect(await plan({ CARDTRAIL_EMBEDDED: 'true', DATABASE_URL: 'postgres://db.example/x' }, { postgres: open, redis: open })).toEqual({
      postgres: true,
      redis: true,
      mode: 'always',
    });
    expect(await plan({ CARDTRAIL_EMBEDDED: 'false' }, { postgres: closed, redis: closed })).toEqual({
      postgres: false,
      redis: false,
      mode: 'never',
    });
  });
});

describe('the embedded services', () => {
  const dirs: string[] = [];
  let services: EmbeddedServices | null = null;

  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cardtrail-embedded-spec-'));
    dirs.push(dir);
    return dir;
  };

  afterEach(async () => {
    await services?.stop();
    services = null;
  });

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('start a real Postgres and a Redis BullMQ can use, and leave nothing behind when stopped', async () => {
    const dataDir = newDir();
    services = await startEmbeddedServices({ postgres: true, redis: true, dataDir, persistent: false, fast: true });
    expect(services.postgres?.url).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
    expect(services.redis?.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect([services.postgres?.port, services.redis?.port]).not.toContain(5432);
    expect([services.postgres?.port, services.redis?.port]).not.toContain(6379);

    const client = new Client({ connectionString: services.postgres!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
      expect(Number(rows[0].v)).toBeGreaterThanOrEqual(130000);
      // gen_random_uuid is built in: the migrations need no extension.
      expect((await client.query('SELECT gen_random_uuid() AS id')).rows[0].id).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await client.end();
    }
    const redis = new Redis(services.redis!.url);
    try {
      expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      // A Lua script, as BullMQ runs them.
      expect(await redis.eval("return redis.call('INCR', KEYS[1])", 1, 'probe')).toBe(1);
    } finally {
      redis.disconnect();
    }

    await services.stop();
    services = null;
    expect(processesMentioning(dataDir)).toEqual([]);
    // Throwaway data: removed with the services.
    expect(existsSync(dataDir)).toBe(false);
  });

  it('keep their data, password and ports between runs when persistent', async () => {
    const dataDir = newDir();
    const start = () => startEmbeddedServices({ postgres: true, redis: true, dataDir, persistent: true });
    services = await start();
    const first = services;
    const client = new Client({ connectionString: first.postgres!.url });
    await client.connect();
    await client.query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
    await client.end();
    const redis = new Redis(first.redis!.url);
    await redis.set('kept', 'yes');
    redis.disconnect();
    await first.stop();

    services = await start();
    expect(services.postgres!.url).toBe(first.postgres!.url);
    expect(services.redis!.url).toBe(first.redis!.url);
    const again = new Client({ connectionString: services.postgres!.url });
    await again.connect();
    try {
      expect((await again.query('SELECT n FROM kept')).rows).toEqual([{ n: 42 }]);
    } finally {
      await again.end();
    }
    const redisAgain = new Redis(services.redis!.url);
    try {
      // Written to the append-only file when Redis shut down.
      expect(await redisAgain.get('kept')).toBe('yes');
    } finally {
      redisAgain.disconnect();
    }
  });

  it('say what to install when there is no redis-server to start', async () => {
    const dataDir = newDir();
    await expect(
      startEmbeddedServices({ postgres: false, redis: true, dataDir, persistent: false, env: { PATH: join(dataDir, 'empty') } }),
    ).rejects.toThrow(NO_REDIS_MESSAGE);
    expect(NO_REDIS_MESSAGE).toMatch(/apt-get install redis-server/);
    expect(NO_REDIS_MESSAGE).toMatch(/brew install redis/);
    expect(NO_REDIS_MESSAGE).toMatch(/REDIS_URL/);
  });
});
