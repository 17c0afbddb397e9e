import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS } from '@cardtrail/infra';
import { databaseUrl, dropDatabase, stampedName } from '../support/test-database';

/*
 * `npm run migration:show | migration:run | migration:revert`, as an operator who starts the apps
 * with RUN_MIGRATIONS=false runs them (after `npm run build`; npm test builds first), against a
 * database of this test's own that does not exist yet.
 */
const DATA_SOURCE = 'dist/apps/api/libs/infra/src/database/migration-data-source.js';

describe('the migration scripts', () => {
  const name = stampedName('t', 'migscripts');
  const url = databaseUrl(name);

  afterAll(async () => {
    await dropDatabase(name);
  });

  const npmRun = (script: string) => {
    const result = spawnSync('npm', ['run', '-s', script], {
      encoding: 'utf8',
      // NODE_ENV=test: no .env is read, DATABASE_URL is this test's.
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: url },
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const names = MIGRATIONS.map((m) => m.name);
  /** The migrations recorded as applied in the database, in order. */
  const applied = async (): Promise<string[]> => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name);
    } finally {
      await client.end();
    }
  };
  const listed = (output: string, mark: 'X' | ' ', migration: string) =>
    new RegExp(`\\[${mark}\\] (\\d+ )?${migration}`).test(output);

  it('show, run and revert the migrations on DATABASE_URL, creating the database', async () => {
    expect(existsSync(resolve(DATA_SOURCE))).toBe(true);
    const before = npmRun('migration:show');
    expect(before.status).toBe(0);
    for (const migration of names) expect(listed(before.output, ' ', migration)).toBe(true);

    const run = npmRun('migration:run');
    expect(run.status).toBe(0);
    expect(await applied()).toEqual(names);
    const after = npmRun('migration:show');
    for (const migration of names) expect(listed(after.output, 'X', migration)).toBe(true);
    expect(after.output).not.toContain('[ ]');

    const revert = npmRun('migration:revert');
    expect(revert.status).toBe(0);
    expect(await applied()).toEqual(names.slice(0, -1));
    expect(listed(npmRun('migration:show').output, ' ', names.at(-1)!)).toBe(true);
  });

  it('stop with the configuration problem named when a setting is invalid', () => {
    const result = spawnSync('npm', ['run', '-s', 'migration:show'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: 'not a url' },
    });
    expect(result.status).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toMatch(/DATABASE_URL/);
  });
});
