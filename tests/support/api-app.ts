import type { ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { jwtSettings, mintAccessToken, type AuthUser } from '../../apps/api/src/auth/jwt';
import { createRedis, loadConfig, type AppConfig, type Clock, type Logger } from '../../libs/infra/src';
import { suiteResource } from './suite';
import { createTestDatabase, uniqueQueuePrefix, type TestDatabase } from './test-database';

/** 32+ bytes, as the configuration requires. */
export const TEST_JWT_SECRET = 'cardtrail-test-secret-0123456789abcdef';

/** Configuration for a test app: the given database, silent logs, a unique queue prefix. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: uniqueQueuePrefix('api'),
    JWT_SECRET: TEST_JWT_SECRET,
    RUN_MIGRATIONS: 'false',
    ...env,
  });
}

export interface TestApi {
  app: NestFastifyApplication;
  server: Server;
  config: AppConfig;
  db: TestDatabase;
  /** A supertest client on the app: `api.http().get('/v1/...')`. */
  http(): ReturnType<typeof request>;
  /** A valid token for the app (expiry counted from the app's clock). */
  tokenFor(user: { role: 'caseworker' | 'admin'; district?: AuthUser['district']; sub?: string; expiresIn?: string }): Promise<string>;
  /** Closes the app, drops the database (when this helper made it) and removes the queue keys. */
  close(): Promise<void>;
}

export interface StartTestApiOptions {
  /** Names the test database. */
  label?: string;
  /** A `ManualClock` for tests that move time; defaults to the system clock. */
  clock?: Clock;
  /** Environment overrides, e.g. `{ REDIS_URL: 'redis://127.0.0.1:1' }`. */
  env?: Record<string, string>;
  /** Reuse a database (the caller drops it); by default a fresh clone per app. */
  db?: TestDatabase;
  /** Extra modules (test-only controllers). */
  imports?: ModuleMetadata['imports'];
  /** A logger to inspect what the app logs; by default a silent one. */
  logger?: Logger;
}

/** Starts the API as production does (`createApiApp`) on a fresh test database. Call `close()` in afterAll. */
export async function startTestApi(options: StartTestApiOptions = {}): Promise<TestApi> {
  const db = options.db ?? (await createTestDatabase(options.label ?? 'api'));
  const config = testConfig(db.url, options.env);
  let app: NestFastifyApplication;
  try {
    app = await createApiApp({ config, clock: options.clock, imports: options.imports, logger: options.logger });
  } catch (error) {
    if (!options.db) await db.drop();
    throw error;
  }
  const server = app.getHttpServer() as Server;
  return {
    app,
    server,
    config,
    db,
    http: () => request(server),
    tokenFor: ({ role, district, sub, expiresIn }) =>
      mintAccessToken(
        role === 'caseworker' ? { sub: sub ?? 'caseworker-1', role, district: district ?? 'oslo' } : { sub: sub ?? 'admin-1', role },
        jwtSettings(config),
        { expiresIn, now: options.clock?.now() },
      ),
    async close() {
      await app.close();
      if (!options.db) await db.drop();
      await removeQueueKeys(config);
    },
  };
}

/** The API for the tests of the enclosing `describe`: started before them, closed after them. */
export function useTestApi(options: StartTestApiOptions = {}): TestApi {
  return suiteResource(`the test API '${options.label ?? 'api'}'`, async (onStop) => {
    const api = await startTestApi(options);
    onStop(() => api.close());
    return api;
  });
}

async function removeQueueKeys(config: AppConfig): Promise<void> {
  const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${config.QUEUE_PREFIX}:*`, count: 500 })) {
      keys.push(...(batch as string[]));
    }
    if (keys.length > 0) await redis.del(...keys);
  } catch {
    // The Redis-down tests point REDIS_URL at a closed port: nothing to clean there.
  } finally {
    redis.disconnect();
  }
}
