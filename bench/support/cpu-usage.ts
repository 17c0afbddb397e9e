import { readdirSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { fmt, table } from './bench-report';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Snapshot {
  at: number;
  ticks: Map<number, { comm: string; ticks: number }>;
}

/** CPU time of every process, from /proc/<pid>/stat (utime + stime). */
export function cpuSnapshot(): Snapshot {
  const ticks = new Map<number, { comm: string; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      ticks.set(Number(entry), { comm, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  return { at: performance.now(), ticks };
}

/**
 * Prints where the machine's CPU went between two snapshots: the named processes, Postgres,
 * Redis, and everything else (other work on the machine, which skews a run). Percentages are of
 * the whole machine (all cores).
 */
export function printCpuUsage(before: Snapshot, after: Snapshot, named: Record<string, number | undefined>): void {
  const seconds = (after.at - before.at) / 1000;
  const capacity = seconds * TICKS_PER_SECOND * cpus().length;
  const groups = new Map<string, number>();
  const nameOf = new Map<number, string>();
  for (const [name, pid] of Object.entries(named)) if (pid !== undefined) nameOf.set(pid, name);
  for (const [pid, now] of after.ticks) {
    const used = now.ticks - (before.ticks.get(pid)?.ticks ?? 0);
    if (used <= 0) continue;
    const group =
      nameOf.get(pid) ??
      (now.comm === 'postgres' || now.comm.startsWith('pgbench')
        ? now.comm
        : now.comm.startsWith('redis')
          ? 'redis-server'
          : 'other processes');
    groups.set(group, (groups.get(group) ?? 0) + used);
  }
  const total = [...groups.values()].reduce((a, b) => a + b, 0);
  table([
    [`CPU over ${fmt(seconds, 1)} s (${cpus().length} cores = 100%)`, 'share'],
    ...[...groups.entries()].sort((a, b) => b[1] - a[1]).map(([g, t]) => [g, `${fmt((100 * t) / capacity, 1)}%`]),
    ['idle', `${fmt(Math.max(0, 100 - (100 * total) / capacity), 1)}%`],
  ]);
}

/** The 1-minute load average before a run: more than a core or so means other work skews it. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** One line naming the machine a run measured: CPU model and count, memory, kernel, Node. */
export function machineLine(): string {
  const list = cpus();
  const model = (list[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  return `machine: ${list.length} × ${model}, ${fmtGiB(totalmem())} GiB RAM, Linux ${release()}, Node ${process.versions.node}; load average ${loadAverage()}`;
}

function fmtGiB(bytes: number): string {
  return (bytes / 1024 ** 3).toFixed(0);
}

/**
 * The API's processes by name for `printCpuUsage`: the process itself and, with API_PROCESSES > 1,
 * its cluster workers (its children).
 */
export function apiPids(service: { pid: number }): Record<string, number> {
  const named: Record<string, number> = { 'API (node)': service.pid };
  let children: string[] = [];
  try {
    children = readFileSync(`/proc/${service.pid}/task/${service.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    // no children file on this kernel: the primary alone
  }
  children.forEach((pid, i) => (named[`API worker ${i + 1} (node)`] = Number(pid)));
  return named;
}
