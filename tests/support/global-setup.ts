import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource } from '../../libs/infra/src/database/data-source';
import { assertRedisReachable } from '../../libs/infra/src/redis/redis';
import { planServices, startEmbeddedServices, type EmbeddedServices } from '../../scripts/lib/embedded-services.mjs';
import { databaseUrl, stampedName, testServerUrl, withAdminClient } from './test-database';

const STALE_AFTER_SECONDS = 3 * 3600;

/** Where the teardown finds the embedded services (global setup and teardown share a process). */
const EMBEDDED = Symbol.for('cardtrail.test.embedded-services');

/**
 * Runs once before the integration suites. Chooses the Postgres and Redis the run uses: the local
 * ones (or TEST_DATABASE_SERVER / TEST_REDIS_URL), or, where nothing answers at the default ports
 * or CARDTRAIL_EMBEDDED=true, embedded ones started here once for the whole run, with throwaway
 * data, on private ports (the same code as `npm start`'s, scripts/lib/embedded-services.mjs).
 * Then checks both answer (saying how to start them if not), drops databases an interrupted run
 * left behind, and builds the migrated template database the test files clone.
 */
export default async function globalSetup(): Promise<void> {
  const plan = await planServices({ env: process.env, databaseVar: 'TEST_DATABASE_SERVER', redisVar: 'TEST_REDIS_URL' });
  if (plan.postgres || plan.redis) {
    const services = await startEmbeddedServices({
      postgres: plan.postgres,
      redis: plan.redis,
      dataDir: mkdtempSync(join(tmpdir(), 'cardtrail-test-services-')),
      persistent: false,
      fast: true,
    });
    (globalThis as Record<symbol, unknown>)[EMBEDDED] = services;
    // Read by tests/support (test-database.ts, worker-harness.ts, api-app.ts) when they load.
    if (services.postgres) process.env.TEST_DATABASE_SERVER = services.postgres.url;
    if (services.redis) process.env.TEST_REDIS_URL = services.redis.url;
    const what = [services.postgres && `Postgres :${services.postgres.port}`, services.redis && `Redis :${services.redis.port}`].filter(Boolean);
    process.stderr.write(`\nIntegration tests on embedded ${what.join(' and ')} (${plan.mode === 'always' ? 'CARDTRAIL_EMBEDDED=true' : 'nothing at the default local ports'}).\n`);
  }
  try {
    await withAdminClient((c) => c.query('SELECT 1'));
  } catch (error) {
    throw new Error(
      `Integration tests need Postgres at ${new URL(testServerUrl()).host} (${(error as Error).message}). ` +
        'Start it (for example: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start), ' +
        'or run the tests with CARDTRAIL_EMBEDDED=true.',
      { cause: error },
    );
  }
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  await assertRedisReachable(redisUrl).catch((error: Error) => {
    throw new Error(`${error.message}\nIntegration tests need Redis at ${redisUrl}, or CARDTRAIL_EMBEDDED=true.`, { cause: error });
  });

  await withAdminClient(async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname ~ '^cardtrail_(t|tpl)_[0-9]+_'",
    );
    const now = Math.floor(Date.now() / 1000);
    for (const { datname } of rows) {
      const stamp = Number(datname.split('_')[2]);
      if (now - stamp > STALE_AFTER_SECONDS) {
        await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    }
  });

  const template = stampedName('tpl', 'template');
  await withAdminClient((c) => c.query(`CREATE DATABASE "${template}"`));
  const dataSource = createDataSource({ url: databaseUrl(template), poolSize: 1 });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  process.env.CARDTRAIL_TEST_TEMPLATE = template;
}

/** Stops the embedded services, if this run started them (called by the global teardown). */
export async function stopEmbeddedServices(): Promise<void> {
  const services = (globalThis as Record<symbol, unknown>)[EMBEDDED] as EmbeddedServices | undefined;
  if (!services) return;
  delete (globalThis as Record<symbol, unknown>)[EMBEDDED];
  await services.stop();
}
