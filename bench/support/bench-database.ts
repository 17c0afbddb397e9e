import { openDatabase } from '@cardtrail/infra';
import { Client, Pool } from 'pg';

export const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** URL of a bench's own database on the same server as ADMIN_URL. */
export function benchDatabaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops and recreates `name`, then creates the schema with the service's own migrations, so every
 * run starts from the same empty store whatever a previous (maybe interrupted) run left behind.
 */
export async function freshDatabase(name: string): Promise<string> {
  if (!/^cardtrail_bench_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to drop ${name}: not a bench database`);
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = benchDatabaseUrl(name);
  const dataSource = await openDatabase({ url, poolSize: 2, applicationName: 'cardtrail-bench' });
  await dataSource.destroy();
  return url;
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export function pool(url: string, max = 4): Pool {
  return new Pool({ connectionString: url, max, application_name: 'cardtrail-bench' });
}

/** Postgres and Redis versions for the report header. */
export async function serverVersions(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    return `Postgres ${rows[0].v}`;
  } finally {
    await client.end();
  }
}
