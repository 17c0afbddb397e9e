import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { percentile } from './bench-report';

const run = promisify(execFile);

export const PGBENCH = process.env.PGBENCH ?? '/usr/lib/postgresql/15/bin/pgbench';

export interface PgbenchResult {
  tps: number;
  transactions: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  output: string;
}

/**
 * Runs a custom pgbench script with prepared statements and per-transaction logging, and reads
 * the latencies back for percentiles (pgbench itself only prints the average).
 */
export async function pgbench(options: { url: string; script: string; clients: number; seconds: number; threads?: number }): Promise<PgbenchResult> {
  if (!existsSync(PGBENCH)) throw new Error(`pgbench not found at ${PGBENCH} (set PGBENCH)`);
  const dir = mkdtempSync(join(tmpdir(), 'cardtrail-pgbench-'));
  try {
    const scriptFile = join(dir, 'script.sql');
    writeFileSync(scriptFile, options.script);
    const url = new URL(options.url);
    const { stdout, stderr } = await run(
      PGBENCH,
      [
        '-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'),
        '-n', '-M', 'prepared',
        '-c', String(options.clients), '-j', String(options.threads ?? 2), '-T', String(options.seconds),
        '-f', scriptFile, '-l', `--log-prefix=${join(dir, 'log')}`,
        decodeURIComponent(url.pathname.slice(1)),
      ],
      { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } },
    );
    const output = `${stdout}${stderr}`;
    const latencies: number[] = [];
    for (const file of readdirSync(dir).filter((f) => f.startsWith('log'))) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        const fields = line.split(' ');
        if (fields.length >= 3 && fields[2] !== 'failed') latencies.push(Number(fields[2]) / 1000);
      }
    }
    const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1] ?? Number.NaN);
    const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
    return { tps, transactions: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), failed, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
