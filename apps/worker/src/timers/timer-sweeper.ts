import { NotificationStore, OutboxStore, TimerStore, type ClaimedTimer } from '@cardtrail/infra';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { TIMER_JOB_OPTIONS, cardEventJobId, timerJobId, type WorkerQueues } from '../queues/worker-queues';

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
  /** Pending timers and scheduled notifications that fell due and were handed to jobs. */
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
 * Hands due timers to jobs: deadline checks (`timers`) and notifications (each its own timer,
 * decision 0035), on the same queue and job ids (`timer-<id>-<generation>`; a notification's id
 * is a uuid, a deadline check's a number). Due times live in Postgres; this is what fires them,
 * BullMQ delayed jobs only make them punctual. After downtime one sweep catches up everything
 * overdue, batch after batch. Time is an input (`now`), so tests sweep at any instant without
 * waiting.
 */
export class TimerSweeper {
  private readonly batchSize: number;
  private readonly claimMs: number;
  private readonly outboxGraceMs: number;
  private readonly timers: TimerStore;
  private readonly notifications: NotificationStore;
  private readonly outbox: OutboxStore;

  constructor(
    dataSource: DataSource,
    private readonly queues: WorkerQueues,
    options: TimerSweeperOptions = {},
    /** Called when outbox rows were put back, so the relay drains them now. */
    private readonly onRequeued: () => void = () => undefined,
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.claimMs = options.claimMs ?? DEFAULT_CLAIM_MS;
    this.outboxGraceMs = options.outboxGraceMs ?? DEFAULT_OUTBOX_GRACE_MS;
    this.timers = new TimerStore(dataSource);
    this.notifications = new NotificationStore(dataSource);
    this.outbox = new OutboxStore(dataSource);
  }

  async sweepOnce(now: Date): Promise<SweepResult> {
    const claimUntil = new Date(now.getTime() + this.claimMs);
    const addJobs = (timers: ClaimedTimer[]) => this.addTimerJobs(timers);

    // Pending timers that fell due: claimed and handed to jobs in one transaction, so a failed
    // `addBulk` (Redis down) leaves them unclaimed; a commit that fails leaves jobs that find
    // them pending and due, which the processor accepts.
    let claimed = 0;
    for (const store of [this.timers, this.notifications]) {
      for (;;) {
        const count = await store.claimBatch(now, claimUntil, this.batchSize, addJobs);
        claimed += count;
        if (count < this.batchSize) break;
      }
    }

    let reclaimed = 0;
    let renewed = 0;
    for (const store of [this.timers, this.notifications]) {
      for (;;) {
        const batch = await store.reviewExpiredClaims(now, claimUntil, this.batchSize, (timers) => this.queuedTimers(timers), addJobs);
        reclaimed += batch.reclaimed;
        renewed += batch.renewed;
        if (batch.reclaimed + batch.renewed < this.batchSize) break;
      }
    }

    let requeuedEvents = 0;
    const relayedBefore = new Date(now.getTime() - this.outboxGraceMs);
    for (;;) {
      const batch = await this.outbox.reviewRelayedBefore(relayedBefore, now, this.batchSize, async (rows) => {
        const queued = await unfinishedJobs(this.queues, this.queues.events, rows.map((r) => cardEventJobId(r.cardId, r.eventSeq)));
        return new Set(rows.filter((r) => queued.has(cardEventJobId(r.cardId, r.eventSeq))).map((r) => r.id));
      });
      requeuedEvents += batch.requeued;
      if (batch.seen < this.batchSize) break;
    }
    if (requeuedEvents > 0) this.onRequeued();
    return { claimed, reclaimed, renewed, requeuedEvents };
  }

  /** The ids of these timers whose current job BullMQ still holds. */
  private async queuedTimers(timers: ClaimedTimer[]): Promise<Set<string>> {
    const queued = await unfinishedJobs(this.queues, this.queues.timers, timers.map((t) => timerJobId(t.id, t.attempts)));
    return new Set(timers.filter((t) => queued.has(timerJobId(t.id, t.attempts))).map((t) => t.id));
  }

  private async addTimerJobs(timers: ClaimedTimer[]): Promise<void> {
    if (timers.length === 0) return;
    await this.queues.timers.addBulk(
      timers.map((t) => ({
        name: 'timer',
        data: { timerId: t.id },
        opts: { ...TIMER_JOB_OPTIONS, jobId: timerJobId(t.id, t.attempts) },
      })),
    );
  }
}
