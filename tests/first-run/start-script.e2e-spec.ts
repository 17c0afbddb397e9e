import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUILT_WORKER, freePort, waitFor } from '../support/worker-harness';
import { processesMentioning } from './processes';

/*
 * `npm start`'s script (scripts/start.mjs, on the built apps: `npm test` builds first) on the
 * embedded path, CARDTRAIL_EMBEDDED=true: private ports, a temporary data folder, never the
 * shared Postgres and Redis. The CI smoke test (scripts/smoke-start.mjs) runs `npm start` itself
 * on both paths and records events through it.
 */

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  api: string;
  worker: string;
  dataDir: string;
  pids: () => number[];
}

const runs: Started[] = [];

async function start(): Promise<Started> {
  if (!existsSync(BUILT_WORKER)) throw new Error('run `npm run build` before this test (npm test does)');
  const [port, workerPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'cardtrail-start-spec-'));
  // Its own process group, as a shell runs a command: a "terminal Ctrl-C" is a SIGINT to the group.
  const child = spawn(process.execPath, [resolve('scripts/start.mjs')], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      // No .env is read under NODE_ENV=test: a developer's file cannot change this test.
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      WORKER_PORT: String(workerPort),
      CARDTRAIL_EMBEDDED: 'true',
      CARDTRAIL_EMBEDDED_DIR: dataDir,
    },
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const run: Started = {
    child,
    output: () => output,
    exited,
    api: `http://127.0.0.1:${port}`,
    worker: `http://127.0.0.1:${workerPort}`,
    dataDir,
    pids: () => [...output.matchAll(/\[start\] api \(pid (\d+)\) and worker \(pid (\d+)\)/g)].flatMap((m) => [Number(m[1]), Number(m[2])]),
  };
  runs.push(run);
  const ready = async (url: string) => (await fetch(url).catch(() => null))?.status === 200;
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(
    async () => {
      if (gone) throw new Error(`the start script exited:\n${output}`);
      return (await ready(`${run.api}/health/ready`)) && (await ready(`${run.worker}/health/ready`));
    },
    { timeoutMs: 90_000, intervalMs: 100, what: 'the API and the worker to be ready' },
  );
  return run;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterEach(async () => {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGTERM');
      await run.exited;
    }
    rmSync(run.dataDir, { recursive: true, force: true });
  }
});

describe('npm start on embedded Postgres and Redis', () => {
  it('says it uses them and where the data lives, and stops everything on one Ctrl-C', async () => {
    const run = await start();
    expect(run.output()).toContain(
      `[start] embedded Postgres on 127.0.0.1:`,
    );
    expect(run.output()).toMatch(new RegExp(`and Redis on 127\\.0\\.0\\.1:\\d+ \\(CARDTRAIL_EMBEDDED=true\\); data in ${run.dataDir}, kept between runs`));
    const pids = run.pids();
    expect(pids).toHaveLength(2);

    // A terminal's Ctrl-C reaches the script twice (from the terminal and through npm): the
    // apps get one SIGINT each, finish, and the embedded services stop after them.
    process.kill(-run.child.pid!, 'SIGINT');
    process.kill(-run.child.pid!, 'SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).toMatch(/\[start\] api exited \((SIGINT|0|130)\)/);
    expect(run.output()).toMatch(/\[start\] worker exited \(0\)/);
    expect(run.output()).toContain('[start] embedded services stopped');
    expect(run.output()).not.toContain('stopping the apps at once');
    expect(pids.filter(alive)).toEqual([]);
    expect(processesMentioning(run.dataDir)).toEqual([]);
    // Kept between runs.
    expect(existsSync(join(run.dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
  });

  it('stops the API and the services, and exits 1, when the worker dies', async () => {
    const run = await start();
    const [apiPid, workerPid] = run.pids();
    process.kill(workerPid, 'SIGKILL');
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.output()).toContain('[start] worker exited (SIGKILL)');
    expect(run.output()).toContain('[start] embedded services stopped');
    expect(alive(apiPid)).toBe(false);
    expect(processesMentioning(run.dataDir)).toEqual([]);
  });
});
