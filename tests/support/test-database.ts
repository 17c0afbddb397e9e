import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../libs/infra/src/database/data-source';

/**
 * The server the tests use: the local Postgres unless TEST_DATABASE_SERVER says otherwise (the
 * global setup sets it when it starts an embedded Postgres, so it is read when used, not loaded).
 */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/**
 * Migrated once per run by the global setup, which names it in CARDTRAIL_TEST_TEMPLATE; every
 * test file clones it. Names carry their creation time (epoch seconds) so a later run can drop
 * what an interrupted run left behind without touching a run that is still going.
 */
export function templateDatabase(): string {
  const name = process.env.CARDTRAIL_TEST_TEMPLATE;
  if (!name) throw new Error('CARDTRAIL_TEST_TEMPLATE is unset: run integration tests through jest (global setup)');
  return name;
}

export function stampedName(kind: 't' | 'tpl', label: string): string {
  const clean = label.replace(/[^a-z0-9]/gi, '').slice(0, 20).toLowerCase();
  return `cardtrail_${kind}_${Math.floor(Date.now() / 1000)}_${clean}_${randomBytes(3).toString('hex')}`;
}

export function databaseUrl(name: string): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** A TypeORM data source on the test database, for arranging and asserting. */
  dataSource: DataSource;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, cloned from the migrated template (fast: a file copy,
 * no migrations). Drop it in `afterAll`.
 */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = stampedName('t', label);
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`));
  const url = databaseUrl(name);
  const dataSource = createDataSource({ url, poolSize: 4, applicationName: 'cardtrail-test' });
  await dataSource.initialize();
  return {
    name,
    url,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(name);
    },
  };
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** A unique BullMQ prefix per test file, so queues never collide; remove its keys in teardown. */
export function uniqueQueuePrefix(label = 'test'): string {
  return `cardtrail-test-${label}-${randomBytes(4).toString('hex')}`;
}
