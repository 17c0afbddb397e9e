import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { TIMER_JOB_OPTIONS, cardEventJobId, timerJobId, type WorkerQueues } from '../queues/worker-queues';
import { returnedRows } from './sql-rows';

export interface TimerSweeperOptions {
  /** Timers claimed per transaction. */
  batchSize?: number;
  /**
   * How long a claim lasts before the sweeper looks at its job again: a job BullMQ still holds
   * (waiting, delayed or running) renews the claim; a job Redis lost or that failed for good is
   * replaced by a new one.
   */
  claimMs?: number;
  /**
   * How long after relaying an outbox row the sweeper looks at its job (the row is deleted by its
   * reaction): a job still held renews the wait; a lost one puts the row back for the relay.
   */
  outboxGraceMs?: number;
}

export interface SweepResult {
  /** Pending timers that fell due and were handed to jobs. */
  claimed: number;
  /** Expired claims whose job was gone (Redis lost it, or it failed for good): new jobs. */
  reclaimed: number;
  /** Expired claims whose job BullMQ still holds: the claim is renewed, no job added. */
  renewed: number;
  /** Outbox rows whose job was gone, put back for the relay. */
  requeuedEvents: number;
}

/**
 * Short, because a claim only stands for "a job exists": when it expires the sweeper asks Redis
 * whether the job is still there (one pipelined round trip per batch) and renews the claim if so.
 * A timer claimed just before Redis died thus runs within about this long of Redis returning.
 */
export const DEFAULT_CLAIM_MS = 10 * 1000;
export const DEFAULT_OUTBOX_GRACE_MS = 10 * 1000;

/**
 * Which of these jobs BullMQ still holds unfinished (waiting, delayed, prioritised or running),
 * in one pipelined round trip: a job's hash exists until it is removed, and gets `finishedOn`
 * when it completes or fails for good. The keys share the queue's prefix, so on a Redis Cluster
 * with a `{…}` prefix they live in one slot.
 */
export async function unfinishedJobs(queues: WorkerQueues, queue: Queue, jobIds: string[]): Promise<Set<string>> {
  if (jobIds.length === 0) return new Set();
  const pipeline = queues.connection.pipeline();
  for (const id of jobIds) pipeline.hmget(queue.toKey(id), 'timestamp', 'finishedOn');
  const replies = (await pipeline.exec()) ?? [];
  const alive = new Set<string>();
  replies.forEach(([error, fields], i) => {
    if (error) throw error;
    const [created, finished] = fields as [string | null, string | null];
    if (created !== null && finished === null) alive.add(jobIds[i]!);
  });
  return alive;
}

/**
 * Hands due timers to jobs. Due times live in Postgres; this is what fires them, BullMQ delayed
 * jobs only make them punctual. After downtime one sweep catches up everything overdue, batch
 * after batch. Time is an input (`now`), so tests sweep at any instant without waiting.
 */
export class TimerSweeper {
  private readonly batchSize: number;
  private readonly claimMs: number;
  private readonly outboxGraceMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: WorkerQueues,
    options: TimerSweeperOptions = {},
    /** Called when outbox rows were put back, so the relay drains them now. */
    private readonly onRequeued: () => void = () => undefined,
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.claimMs = options.claimMs ?? DEFAULT_CLAIM_MS;
    this.outboxGraceMs = options.outboxGraceMs ?? DEFAULT_OUTBOX_GRACE_MS;
  }

  async sweepOnce(now: Date): Promise<SweepResult> {
    let claimed = 0;
    for (;;) {
      const count = await this.claimBatch(now);
      claimed += count;
      if (count < this.batchSize) break;
    }
    let reclaimed = 0;
    let renewed = 0;
    for (;;) {
      const batch = await this.reviewExpiredClaims(now);
      reclaimed += batch.reclaimed;
      renewed += batch.renewed;
      if (batch.reclaimed + batch.renewed < this.batchSize) break;
    }
    const requeuedEvents = await this.reviewRelayedEvents(now);
    if (requeuedEvents > 0) this.onRequeued();
    return { claimed, reclaimed, renewed, requeuedEvents };
  }

  /**
   * Claims a batch of due pending timers and adds their jobs in one transaction. The jobs are
   * added before the commit: if adding fails (Redis down) the transaction rolls back and the
   * timers stay pending, unclaimed; if the commit fails, their jobs find them pending and due (the
   * processor accepts that); if the process dies after the commit, the claim expires and is
   * reviewed.
   */
  private async claimBatch(now: Date): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows = returnedRows<{ id: string; attempts: number }>(
        await m.query(
          `UPDATE timers SET status = 'claimed', claimed_until = $2, attempts = attempts + 1
            WHERE id IN (
              SELECT id FROM timers WHERE status = 'pending' AND due_at <= $1
               ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id, attempts`,
          [now, this.claimUntil(now), this.batchSize],
        ),
      );
      await this.addTimerJobs(rows);
      return rows.length;
    });
  }

  /**
   * Expired claims, one batch: those whose job BullMQ still holds (a backlog, a job being retried)
   * are renewed; the others (Redis restarted empty or flushed, the job failed for good) get a new
   * job under the next generation's id. A timer whose job is running is locked by that run and
   * skipped here. All in one transaction, so a failure (Redis down) changes nothing.
   */
  private async reviewExpiredClaims(now: Date): Promise<{ reclaimed: number; renewed: number }> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; attempts: number }> = await m.query(
        `SELECT id, attempts FROM timers WHERE status = 'claimed' AND claimed_until < $1
          ORDER BY claimed_until LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, this.batchSize],
      );
      if (rows.length === 0) return { reclaimed: 0, renewed: 0 };
      const alive = await unfinishedJobs(
        this.queues,
        this.queues.timers,
        rows.map((r) => timerJobId(String(r.id), r.attempts)),
      );
      const live = rows.filter((r) => alive.has(timerJobId(String(r.id), r.attempts))).map((r) => r.id);
      const lost = rows.filter((r) => !alive.has(timerJobId(String(r.id), r.attempts))).map((r) => r.id);
      if (live.length > 0) {
        await m.query(`UPDATE timers SET claimed_until = $2 WHERE id = ANY($1::bigint[])`, [live, this.claimUntil(now)]);
      }
      if (lost.length > 0) {
        const retaken = returnedRows<{ id: string; attempts: number }>(
          await m.query(
            `UPDATE timers SET claimed_until = $2, attempts = attempts + 1 WHERE id = ANY($1::bigint[])
              RETURNING id, attempts`,
            [lost, this.claimUntil(now)],
          ),
        );
        await this.addTimerJobs(retaken);
      }
      return { reclaimed: lost.length, renewed: live.length };
    });
  }

  /**
   * Outbox rows relayed a while ago and not yet deleted by their reaction: a job still held by
   * BullMQ renews the wait; a lost one (Redis flushed or restarted empty, the job failed for good)
   * puts the row back for the relay, which adds it again under the same job id.
   */
  private async reviewRelayedEvents(now: Date): Promise<number> {
    let requeued = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (m) => {
        const rows: Array<{ id: string; card_id: string; event_seq: number }> = await m.query(
          `SELECT id, card_id, event_seq FROM outbox WHERE relayed_at < $1
            ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [new Date(now.getTime() - this.outboxGraceMs), this.batchSize],
        );
        if (rows.length === 0) return { seen: 0, lost: 0 };
        const alive = await unfinishedJobs(
          this.queues,
          this.queues.events,
          rows.map((r) => cardEventJobId(r.card_id, r.event_seq)),
        );
        const live = rows.filter((r) => alive.has(cardEventJobId(r.card_id, r.event_seq))).map((r) => r.id);
        const lost = rows.filter((r) => !alive.has(cardEventJobId(r.card_id, r.event_seq))).map((r) => r.id);
        if (live.length > 0) await m.query(`UPDATE outbox SET relayed_at = $2 WHERE id = ANY($1::bigint[])`, [live, now]);
        if (lost.length > 0) await m.query(`UPDATE outbox SET relayed_at = NULL WHERE id = ANY($1::bigint[])`, [lost]);
        return { seen: rows.length, lost: lost.length };
      });
      requeued += batch.lost;
      if (batch.seen < this.batchSize) return requeued;
    }
  }

  private claimUntil(now: Date): Date {
    return new Date(now.getTime() + this.claimMs);
  }

  private async addTimerJobs(rows: Array<{ id: string; attempts: number }>): Promise<void> {
    if (rows.length === 0) return;
    await this.queues.timers.addBulk(
      rows.map((r) => ({
        name: 'timer',
        data: { timerId: String(r.id) },
        opts: { ...TIMER_JOB_OPTIONS, jobId: timerJobId(String(r.id), r.attempts) },
      })),
    );
  }
}
