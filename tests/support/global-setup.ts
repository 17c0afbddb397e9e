import { createDataSource } from '../../libs/infra/src/database/data-source';
import { assertRedisReachable } from '../../libs/infra/src/redis/redis';
import { databaseUrl, stampedName, withAdminClient } from './test-database';

const STALE_AFTER_SECONDS = 3 * 3600;

/**
 * Runs once before the integration suites: checks that Postgres and Redis answer (saying how to
 * start them if not), drops databases an interrupted run left behind, and builds the migrated
 * template database the test files clone.
 */
export default async function globalSetup(): Promise<void> {
  try {
    await withAdminClient((c) => c.query('SELECT 1'));
  } catch (error) {
    throw new Error(
      `Integration tests need Postgres at 127.0.0.1:5432 (${(error as Error).message}). ` +
        'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      { cause: error },
    );
  }
  await assertRedisReachable(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379').catch(
    (error: Error) => {
      throw new Error(`${error.message}\nIntegration tests need Redis at 127.0.0.1:6379.`, {
        cause: error,
      });
    },
  );

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
