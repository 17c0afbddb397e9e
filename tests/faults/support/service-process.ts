import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { waitUntil } from './wait';

/**
 * The built apps, as production runs them. `FAULTS_DIST` points at another build (for instance
 * one of an older commit, to measure "before" figures with the same suite).
 */
const DIST = resolve(process.env.FAULTS_DIST ?? 'dist');
export const API_MAIN = resolve(DIST, 'apps/api/apps/api/src/main.js');
export const WORKER_MAIN = resolve(DIST, 'apps/worker/apps/worker/src/main.js');

/** One line of a process's output: pino JSON when it parses, else the raw text. */
export interface LogLine {
  /** When the test process read it (ms since epoch). */
  at: number;
  level: number | null;
  msg: string;
  raw: string;
}

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  lines: LogLine[];
  /** Lines at warn (40) or above, optionally only those read in [from, to]. */
  problems(from?: number, to?: number): LogLine[];
  alive(): boolean;
  /** Sends `signal` and waits for the exit; resolves at once if it has exited already. */
  kill(signal: NodeJS.Signals): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnService(name: string, main: string, env: Record<string, string>): ServiceProcess {
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: run \`npm run build\` before the fault suite (npm run test:faults does)`);
  }
  const child = spawn(process.execPath, [main], {
    // FAULTS_NODE_OPTIONS reaches the apps (a --require'd probe while looking into a figure).
    env: { PATH: process.env.PATH ?? '', ...(process.env.FAULTS_NODE_OPTIONS ? { NODE_OPTIONS: process.env.FAULTS_NODE_OPTIONS } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const collect = (stream: NodeJS.ReadableStream | null): void => {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const raw = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (raw.trim() !== '') lines.push(parseLine(raw));
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    lines,
    problems: (from = 0, to = Number.POSITIVE_INFINITY) =>
      lines.filter((l) => (l.level === null ? /error|fail/i.test(l.raw) : l.level >= 40) && l.at >= from && l.at <= to),
    alive,
    exited,
    async kill(signal) {
      if (alive()) child.kill(signal);
      await exited;
    },
  };
}

/** pino writes levels as numbers, or as labels when configured to (ours is). */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

function parseLine(raw: string): LogLine {
  try {
    const parsed = JSON.parse(raw) as { level?: unknown; msg?: unknown };
    return {
      at: Date.now(),
      level: typeof parsed.level === 'number' ? parsed.level : typeof parsed.level === 'string' ? (LEVELS[parsed.level] ?? null) : null,
      msg: typeof parsed.msg === 'string' ? parsed.msg : raw,
      raw,
    };
  } catch {
    return { at: Date.now(), level: null, msg: raw, raw };
  }
}

/** The API on `port`; resolves once `/health/live` answers (the process listens). */
export async function startApi(env: Record<string, string>, port: number): Promise<ServiceProcess> {
  const api = spawnService('api', API_MAIN, { ...env, PORT: String(port) });
  await waitUntil(
    async () => {
      if (!api.alive()) throw new Error(`the API exited: ${tail(api)}`);
      const res = await fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(1000) });
      return res.status === 200;
    },
    { timeoutMs: 60_000, what: 'the API to listen' },
  );
  return api;
}

/** A worker; resolves once it logs that it started (relay, queues and scheduler running). */
export async function startWorker(env: Record<string, string>, name = 'worker'): Promise<ServiceProcess> {
  const worker = spawnService(name, WORKER_MAIN, env);
  await waitUntil(
    () => {
      if (!worker.alive()) throw new Error(`the worker exited: ${tail(worker)}`);
      return worker.lines.some((l) => l.msg === 'worker started');
    },
    { timeoutMs: 60_000, what: `${name} to start` },
  );
  return worker;
}

export function tail(service: ServiceProcess, lines = 20): string {
  return service.lines
    .slice(-lines)
    .map((l) => l.raw)
    .join('\n');
}
