import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fmt, heading, sleep, table } from './bench-report';
import type { ServiceProcess } from './bench-services';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/** Env for an app to profile with the preload; pass `nodeArgs` to `startService`. */
export function profilerSetup(enabled: boolean, file: string): { nodeArgs: string[]; env: Record<string, string> } {
  if (!enabled) return { nodeArgs: [], env: {} };
  rmSync(file, { force: true });
  return {
    nodeArgs: ['-r', `${__dirname}/cpu-profiler.preload.js`],
    env: { BENCH_CPU_PROFILE: file },
  };
}

/** Starts the profiler of a service started with `profilerSetup(true, …)`; a no-op otherwise. */
export function startProfiling(service: ServiceProcess | undefined): void {
  // Only profiled services get the signal, though SIGWINCH is harmless to the others.
  if (service?.env.BENCH_CPU_PROFILE) service.child.kill('SIGWINCH');
}

/** Stops the profiler and waits for the file. */
export async function stopProfiling(service: ServiceProcess | undefined, file: string): Promise<boolean> {
  if (!service?.env.BENCH_CPU_PROFILE) return false;
  service.child.kill('SIGWINCH');
  for (let i = 0; i < 100; i += 1) {
    await sleep(100);
    if (existsSync(file)) {
      await sleep(300);
      return true;
    }
  }
  console.log(`WARNING: no CPU profile written to ${file}`);
  return false;
}

/** Where a frame's code lives: app code, a package, Node internals, or V8 (GC, idle, program). */
function origin(url: string, name: string): string {
  if (!url) return `(${name || 'anonymous'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  const app = /\/dist\/[^/]+\/((?:apps|libs)\/[^/]+)/.exec(url);
  if (app) return `cardtrail ${app[1]}`;
  return url;
}

/** Prints the top self-time functions and self time by package. */
export function summariseProfile(file: string, title: string, top = 20): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const total = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/').replace(/^file:\/\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}  ${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    const o = origin(url, functionName);
    byOrigin.set(o, (byOrigin.get(o) ?? 0) + hits);
    // Inclusive: every origin on the sample's stack counts once (pg's time includes the write
    // syscalls it makes, a framework's includes the handlers it calls).
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = node; n; n = parent.get(n.id)) {
      if (!n.callFrame.url) continue;
      const on = origin(n.callFrame.url, n.callFrame.functionName);
      if (!seen.has(on)) {
        seen.add(on);
        inclusive.set(on, (inclusive.get(on) ?? 0) + hits);
      }
    }
  }
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  heading(`CPU profile: ${title} (${fmt(seconds, 1)} s, ${fmt(total)} samples) — ${file}`);
  const pct = (hits: number): string => `${fmt((100 * hits) / total, 1)}%`;
  const origins = [...byOrigin.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14);
  table([
    ['by origin', 'self', 'inclusive'],
    ...origins.map(([k, v]) => [k, pct(v), inclusive.has(k) ? pct(inclusive.get(k) ?? 0) : '-']),
    ...[...inclusive.entries()]
      .filter(([k]) => !origins.some(([o]) => o === k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, v]) => [k, pct(byOrigin.get(k) ?? 0), pct(v)]),
  ]);
  console.log('');
  table([
    ['top self-time functions', 'self'],
    ...[...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k.slice(0, 130), pct(v)]),
  ]);
}
