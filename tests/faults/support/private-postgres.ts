import { afterAll, beforeAll } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, waitUntil } from './wait';

/** Debian's PostgreSQL 15 binaries; `PG_BIN` points elsewhere. */
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url(database: string): string;
  /** Is the postmaster running? */
  running(): boolean;
  /** Fast shutdown (what `pg_ctl stop -m fast` does): sessions are ended, then the server exits. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory; resolves once it accepts queries. */
  start(): Promise<void>;
  /** Stops it and deletes its data directory. */
  destroy(): Promise<void>;
}

/**
 * Postgres owned by one test file: `initdb` in a temporary directory, a free port, a socket
 * directory of its own, never the shared 5432. Postgres refuses to run as root, so as root the
 * server runs as the `postgres` user (the data directory is handed to it).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  for (const program of ['initdb', 'postgres']) {
    if (!existsSync(join(PG_BIN, program))) {
      throw new Error(`${join(PG_BIN, program)} is missing: install PostgreSQL 15 or set PG_BIN`);
    }
  }
  const runAs = process.getuid?.() === 0 ? postgresUser() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cardtrail-faults-pg-'));
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  const data = join(dir, 'data');
  const init = spawnSync(
    join(PG_BIN, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
    { cwd: dir, encoding: 'utf8', ...(runAs ?? {}) },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);

  const port = await freePort();
  let child: ChildProcess | null = null;
  let log = '';

  const launch = async (): Promise<void> => {
    const proc = spawn(
      join(PG_BIN, 'postgres'),
      [
        '-D', data,
        '-p', String(port),
        '-k', dir,
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'max_connections=200',
        // Durability against an operating-system crash is not under test; speed is welcome.
        '-c', 'fsync=off',
        '-c', 'full_page_writes=off',
        '-c', 'logging_collector=off',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...(runAs ?? {}) },
    );
    proc.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
    proc.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
    child = proc;
    await waitUntil(
      async () => {
        if (proc.exitCode !== null) throw new Error(`postgres exited with ${proc.exitCode}: ${log.slice(-2000)}`);
        return canQuery(port);
      },
      { timeoutMs: 30_000, what: `private postgres on port ${port}` },
    );
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    // SIGINT is the postmaster's fast shutdown.
    proc.kill('SIGINT');
    await exited;
  };

  await launch();
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
    stop,
    start: launch,
    async destroy() {
      const proc = child;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise<void>((r) => proc.once('exit', () => r()));
        // Immediate shutdown: nothing left to save.
        proc.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function canQuery(port: number): Promise<boolean> {
  const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function postgresUser(): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('Running as root, and there is no `postgres` user to run a private Postgres as');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * One private Postgres for the scenarios of a test file: started before them, destroyed after.
 * Returns a getter, since the server exists only once `beforeAll` has run.
 */
export function privatePostgresForThisFile(): () => PrivatePostgres {
  let pg: PrivatePostgres | undefined;
  beforeAll(async () => {
    pg = await startPrivatePostgres();
  }, 60_000);
  afterAll(async () => {
    await pg?.destroy();
  }, 30_000);
  return () => {
    if (!pg) throw new Error('the private Postgres is not started (used outside a test?)');
    return pg;
  };
}
