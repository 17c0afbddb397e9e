import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sleep } from './bench-report';

/** A TCP port free on 127.0.0.1 now (the OS picks it), so benches never collide on a fixed port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** `--port N` when given, else a free port. */
export async function portOption(given: number): Promise<number> {
  return given > 0 ? given : freePort();
}

/** Where the built apps are (`npm run build`). Run from the repository root. */
/** `BENCH_API_ENTRY` runs another build of the API (e.g. a copy of an earlier build, to compare). */
export const API_ENTRY = process.env.BENCH_API_ENTRY ?? 'dist/apps/api/apps/api/src/main.js';
export const WORKER_ENTRY = 'dist/apps/worker/apps/worker/src/main.js';
/** The framework-free Node ceilings (bench/support/bare-*-server.ts), built by `nest build bench`. */
export const BARE_INGEST_ENTRY = 'dist/bench/bench/support/bare-ingest-server.js';
export const BARE_STATUS_ENTRY = 'dist/bench/bench/support/bare-status-server.js';
export const LOG_DIR = process.env.BENCH_LOG_DIR ?? '/tmp/cardtrail-bench';

export const BENCH_JWT = {
  secret: 'cardtrail-bench-secret-0123456789abcdef',
  issuer: 'cardtrail',
  audience: 'cardtrail-api',
};

export interface ServiceEnv {
  databaseUrl: string;
  queuePrefix: string;
  port?: number;
  extra?: Record<string, string>;
}

/** The environment a bench gives the API and the worker: production mode, its own database and prefix. */
export function serviceEnv(options: ServiceEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: String(options.port ?? 0),
    // The worker's own HTTP port (metrics, health): any free one.
    WORKER_PORT: '0',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: options.queuePrefix,
    JWT_SECRET: BENCH_JWT.secret,
    JWT_ISSUER: BENCH_JWT.issuer,
    JWT_AUDIENCE: BENCH_JWT.audience,
    // Request logs would measure the disk; warnings and errors still reach the log file.
    LOG_LEVEL: 'warn',
    ...options.extra,
  };
}

export class ServiceProcess {
  private exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
    readonly env: NodeJS.ProcessEnv,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} has no pid`);
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resident set size in KiB, from /proc/<pid>/status (VmRSS). */
  rssKb(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) : Number.NaN;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  async stop(graceMs = 15_000): Promise<number | null> {
    if (!this.running) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  tail(lines = 20): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

/** Starts a built app with `env`; `nodeArgs` such as `--cpu-prof` go before the entry file. */
export function startService(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): ServiceProcess {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `${name}.log`);
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...nodeArgs, entry], { env, stdio: ['ignore', out, out] });
  return new ServiceProcess(name, child, logFile, env);
}

/** Polls `url` until it answers 200; throws with the service's log tail if it dies or times out. */
export async function waitForHttp(url: string, service: ServiceProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!service.running) throw new Error(`${service.name} exited during start:\n${service.tail()}`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${service.name} not ready at ${url} after ${timeoutMs} ms:\n${service.tail()}`);
}

/** Profiling flags for a service when the bench runs with `--profile`: a .cpuprofile in LOG_DIR. */
export function profileArgs(enabled: boolean, name: string): string[] {
  if (!enabled) return [];
  mkdirSync(LOG_DIR, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${LOG_DIR}`, `--cpu-prof-name=${name}.cpuprofile`];
}

export async function stopAll(services: ReadonlyArray<ServiceProcess | undefined>): Promise<void> {
  await Promise.all(services.map((s) => s?.stop()));
}
