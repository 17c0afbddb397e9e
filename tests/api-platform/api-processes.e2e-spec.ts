import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEST_JWT_SECRET } from '../support/api-app';
import { createTestDatabase, uniqueQueuePrefix, type TestDatabase } from '../support/test-database';
import { freePort, SHARED_REDIS_URL, waitFor } from '../support/worker-harness';

/*
 * The built API (`dist/…/main.js`, from `npm run build`) with API_PROCESSES=2: a primary and two
 * API processes sharing one port.
 */
const BUILT_API = resolve('dist/apps/api/apps/api/src/main.js');

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe('API_PROCESSES=2 runs the API as a cluster', () => {
  let db: TestDatabase;
  let primary: ChildProcess;
  let exited: Promise<number | null>;
  let output = '';
  let base: string;

  beforeAll(async () => {
    if (!existsSync(BUILT_API)) throw new Error(`${BUILT_API} is missing: run \`npm run build\` before the tests`);
    db = await createTestDatabase('cluster');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    primary = spawn(process.execPath, [BUILT_API], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        PORT: String(port),
        DATABASE_URL: db.url,
        REDIS_URL: SHARED_REDIS_URL,
        QUEUE_PREFIX: uniqueQueuePrefix('cluster'),
        JWT_SECRET: TEST_JWT_SECRET,
        RUN_MIGRATIONS: 'false',
        LOG_LEVEL: 'info',
        API_PROCESSES: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    primary.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    primary.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    exited = new Promise((r) => primary.once('exit', (code) => r(code)));
    // The output is read when the wait gives up, not when it starts (it was always empty then).
    await waitFor(() => output.includes('in 2 processes'), { timeoutMs: 30_000, what: 'the cluster to listen' }).catch((error: Error) => {
      throw new Error(`${error.message}\noutput so far:\n${output}`);
    });
  });

  afterAll(async () => {
    if (primary.exitCode === null && primary.signalCode === null) {
      primary.kill('SIGKILL');
      await exited;
    }
    await db.drop();
  });

  it('starts two API processes that answer on the one port', async () => {
    expect(childrenOf(primary.pid as number)).toHaveLength(2);
    for (let i = 0; i < 10; i += 1) {
      const response = await fetch(`${base}/health/live`);
      expect(response.status).toBe(200);
    }
  });

  it('replaces an API process that dies', async () => {
    const [victim] = childrenOf(primary.pid as number);
    process.kill(victim, 'SIGKILL');
    const replaced = await waitFor(
      () => {
        const now = childrenOf(primary.pid as number);
        return now.length === 2 && !now.includes(victim) ? now : null;
      },
      { timeoutMs: 30_000, what: 'a new API process' },
    );
    expect(replaced).toHaveLength(2);
    await waitFor(() => output.includes('an API process died; starting another'), { what: 'the log line' });
    const response = await fetch(`${base}/health/live`);
    expect(response.status).toBe(200);
  });

  it('stops every process on SIGTERM and exits 0', async () => {
    const workers = childrenOf(primary.pid as number);
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of workers) expect(existsSync(`/proc/${pid}`)).toBe(false);
  });
});
