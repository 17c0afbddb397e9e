import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { useTestDatabase } from './support/suite';

/**
 * Postgres ending a session (a shutdown or restart sends each one a FATAL 57P01) reaches a pg
 * client as an `error` event when no query is running on it. A client checked out of the pool
 * with no listener of its own then ends the whole process: the fault suite saw the worker die
 * so during Postgres restarts. Every client of our pool now carries a listener.
 *
 * Checked in a process of its own (the built data source), since the failure is the process
 * dying: a checked-out connection, idle, is terminated by the server; the process must live on
 * and the pool must hand out a working connection afterwards.
 */
const BUILT = resolve('dist/apps/api/libs/infra/src/database/data-source.js');

const SCRIPT = `
const { createDataSource } = require(${JSON.stringify(BUILT)});
(async () => {
  const ds = createDataSource({ url: process.env.URL, poolSize: 2 });
  await ds.initialize();
  const pool = ds.driver.master;
  const client = await pool.connect();
  const { rows: [{ pid }] } = await client.query('SELECT pg_backend_pid() AS pid');
  const ended = new Promise((r) => client.once('end', r));
  await ds.query('SELECT pg_terminate_backend($1)', [pid]);
  await ended;
  client.release(new Error('terminated'));
  const [{ one }] = await ds.query('SELECT 1 AS one');
  process.stdout.write('alive ' + one);
  await ds.destroy();
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(2); });
`;

describe('a pooled connection that Postgres ends while it is idle', () => {
  const db = useTestDatabase('connerrors');

  it('does not end the process, and the pool hands out a working connection after it', async () => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first (npm test does)`);
    const child = spawn(process.execPath, ['-e', SCRIPT], { env: { PATH: process.env.PATH ?? '', URL: db.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect({ code, out }).toEqual({ code: 0, out: 'alive 1' });
  });
});
