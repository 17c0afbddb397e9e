import type { Metrics } from './metrics';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';

/** Job states reported per queue. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;

export interface PipelineSnapshot {
  queues: Array<{ queue: string; state: string; count: number }>;
  /** Notifications by kind and status (scheduled, sent, skipped, failed, cancelled). */
  notifications: Array<{ kind: string; status: string; count: number }>;
  /** Outbox rows not yet handed to BullMQ. */
  outboxBacklog: number;
  /** Timers pending or claimed whose due time has passed: sweeper or worker lag. */
  timersOverdue: number;
}

/**
 * Reads the pipeline's state at scrape time: queue depths from BullMQ, outcomes from Postgres
 * (so the API, which sends nothing itself, reports what every worker did). `now` decides what
 * counts as an overdue timer.
 */
export async function collectPipelineMetrics(
  dataSource: DataSource,
  queues: readonly Queue[],
  now: Date = new Date(),
): Promise<PipelineSnapshot> {
  const depths = await Promise.all(
    queues.map(async (queue) => {
      const counts = await queue.getJobCounts(...QUEUE_STATES);
      return QUEUE_STATES.map((state) => ({ queue: queue.name, state, count: counts[state] ?? 0 }));
    }),
  );
  const notifications: Array<{ kind: string; status: string; count: number }> = await dataSource.query(
    `SELECT kind, status, count(*)::int AS count FROM notifications GROUP BY kind, status ORDER BY kind, status`,
  );
  const [backlog] = await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`);
  const [overdue] = await dataSource.query(
    // Deadline checks, and notifications (each its own timer, decision 0035) whose next attempt is past.
    `SELECT (SELECT count(*)::int FROM timers WHERE status IN ('pending', 'claimed') AND due_at < $1)
          + (SELECT count(*)::int FROM notifications
              WHERE status IN ('scheduled', 'sending') AND coalesce(retry_at, due_at) < $1) AS n`,
    [now],
  );
  return { queues: depths.flat(), notifications, outboxBacklog: backlog.n, timersOverdue: overdue.n };
}

/**
 * Registers the pipeline gauges on `metrics` and refreshes them before each scrape: the
 * `cardtrail_queue_jobs{queue,state}` gauge `Metrics` already has, plus
 * `cardtrail_notifications_by_status{kind,status}`, `cardtrail_outbox_backlog` and
 * `cardtrail_timers_overdue`. Call once per process (the API, or a worker that serves metrics).
 */
export function registerPipelineMetrics(
  metrics: Metrics,
  dataSource: DataSource,
  queues: readonly Queue[],
  now: () => Date = () => new Date(),
): void {
  const registers = [metrics.registry];
  const byStatus = new Gauge({
    name: 'cardtrail_notifications_by_status',
    help: 'Notifications in Postgres by kind and status, read at scrape time',
    labelNames: ['kind', 'status'],
    registers,
  });
  const backlog = new Gauge({
    name: 'cardtrail_outbox_backlog',
    help: 'Outbox rows not yet relayed to BullMQ',
    registers,
  });
  const overdue = new Gauge({
    name: 'cardtrail_timers_overdue',
    help: 'Timers past their due time and not yet fired',
    registers,
  });
  metrics.onScrape(async () => {
    const snapshot = await collectPipelineMetrics(dataSource, queues, now());
    metrics.queueDepth.reset();
    for (const d of snapshot.queues) metrics.queueDepth.set({ queue: d.queue, state: d.state }, d.count);
    byStatus.reset();
    for (const n of snapshot.notifications) byStatus.set({ kind: n.kind, status: n.status }, n.count);
    backlog.set(snapshot.outboxBacklog);
    overdue.set(snapshot.timersOverdue);
  });
}
