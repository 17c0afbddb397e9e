import type { Pool } from 'pg';
import { fmt, sleep } from './bench-report';
import type { ServiceProcess } from './bench-services';

/** Counts that say how far the pipeline has got. */
export interface Progress {
  outbox: number;
  processed: number;
  events: number;
  timers: number;
  notifications: number;
}

export async function progress(db: Pool): Promise<Progress> {
  const { rows } = await db.query<Record<keyof Progress, string>>(
    `SELECT (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM processed_events) AS processed,
            (SELECT count(*) FROM card_events) AS events, (SELECT count(*) FROM timers) AS timers,
            (SELECT count(*) FROM notifications) AS notifications`,
  );
  const r = rows[0];
  return { outbox: +r.outbox, processed: +r.processed, events: +r.events, timers: +r.timers, notifications: +r.notifications };
}

/** Waits until every recorded event has its reaction and the outbox is empty. */
export async function drained(db: Pool, worker: ServiceProcess, timeoutS: number, label: string): Promise<Progress> {
  const deadline = Date.now() + timeoutS * 1000;
  let last = '';
  for (;;) {
    const p = await progress(db);
    if (p.outbox === 0 && p.processed >= p.events) return p;
    if (!worker.running) throw new Error(`worker exited while ${label}:\n${worker.tail()}`);
    if (Date.now() > deadline) throw new Error(`${label}: not drained after ${timeoutS} s: ${JSON.stringify(p)}\n${worker.tail()}`);
    const line = `  ${label}: ${fmt(p.processed)}/${fmt(p.events)} processed, outbox ${fmt(p.outbox)}`;
    if (line !== last && process.stdout.isTTY) process.stdout.write(`${line}\r`);
    last = line;
    await sleep(100);
  }
}

