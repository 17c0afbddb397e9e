import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { QUEUES, assertRedisReachable, createRedis, loadConfig, type AppConfig } from '@cardtrail/infra';
import { PipelineQueues } from '@cardtrail/infra/nest';
import { freePort, waitFor } from './wait';

/** The bounded wait and the free port, for the suites that import them from here. */
export { freePort, waitFor };

export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

/** A validated worker configuration for a test database and queue prefix. */
export function workerTestConfig(options: {
  databaseUrl: string;
  prefix: string;
  redisUrl?: string;
  webhookUrl?: string;
  env?: Record<string, string>;
}): AppConfig {
  return loadConfig(workerTestEnv(options));
}

export function workerTestEnv(options: {
  databaseUrl: string;
  prefix: string;
  redisUrl?: string;
  webhookUrl?: string;
  env?: Record<string, string>;
}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RUN_MIGRATIONS: 'false',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl ?? SHARED_REDIS_URL,
    QUEUE_PREFIX: options.prefix,
    ...(options.webhookUrl
      ? { NOTIFY_WEBHOOK_URL: options.webhookUrl, NOTIFY_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }
      : {}),
    ...options.env,
  };
}

/**
 * The pipeline's queues under `prefix` on a connection of their own, outside any Nest app (as
 * a second worker process would have them); `close()` when done.
 */
export function openPipelineQueues(redisUrl: string, prefix: string): PipelineQueues {
  const connection = createRedis(redisUrl, { forBullMq: true });
  connection.on('error', () => undefined);
  const queue = (name: string): Queue => new Queue(name, { connection, prefix });
  return new PipelineQueues(queue(QUEUES.events), queue(QUEUES.timers), queue(QUEUES.maintenance), connection);
}

/** Removes every key of the pipeline's queues under `prefix`. */
export async function obliterateQueues(redisUrl: string, prefix: string): Promise<void> {
  const queues = openPipelineQueues(redisUrl, prefix);
  try {
    for (const queue of queues.all()) await queue.obliterate({ force: true });
  } finally {
    await queues.close();
  }
}

export interface PrivateRedis {
  url: string;
  /** FLUSHALL: only ever on this private server, never the shared one. */
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}

/** A throwaway redis-server on a free port, no persistence; killed in `stop`. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cardtrail-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(() => assertRedisReachable(url, 500).then(() => true), { timeoutMs: 10_000, what: 'private redis' });
  return {
    url,
    async flushAll() {
      const client = new Redis(url);
      try {
        await client.flushall();
      } finally {
        client.disconnect();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const BUILT_WORKER = resolve('dist/apps/worker/apps/worker/src/main.js');

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Runs the built worker (`npm run build` first) as a child process with `env`. */
export function spawnWorkerProcess(env: Record<string, string>): WorkerProcess {
  if (!existsSync(BUILT_WORKER)) {
    throw new Error(`${BUILT_WORKER} is missing: run \`npm run build\` (or \`npx nest build worker\`) before the tests`);
  }
  const child = spawn(process.execPath, [BUILT_WORKER], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    output: () => output,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
