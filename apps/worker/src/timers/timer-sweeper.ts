import { OutboxStore, TimerStore, type ClaimableTimers } from '@cardtrail/infra';
import type { DataSource } from 'typeorm';
import { TIMER_JOB_OPTIONS, timerJobId, type WorkerQueues } from '../queues/worker-queues';

export interface TimerSweeperOptions {
  /** Timers claimed per transaction. */
  batchSize?: number;
  /** How long a claim lasts; a claim not finished by then (crashed worker) is taken again. */
  claimMs?: number;
  /**
   * An outbox row relayed this long ago and still not deleted by its reaction lost its job
   * (Redis flushed, job failed for good): it is put back for the relay.
   */
  outboxGraceMs?: number;
}

export interface SweepResult {
  /** Pending timers that fell due and were handed to jobs. */
  claimed: number;
  /** Claims that had expired (their worker died) and were handed to new jobs. */
  reclaimed: number;
  /** Outbox rows put back for the relay. */
  requeuedEvents: number;
}

export const DEFAULT_CLAIM_MS = 5 * 60 * 1000;
export const DEFAULT_OUTBOX_GRACE_MS = 60 * 1000;

/**
 * Hands due timers to jobs. Due times live in Postgres; this is what fires them, BullMQ delayed
 * jobs only make them punctual. After downtime one sweep catches up everything overdue, batch
 * after batch. Time is an input (`now`), so tests sweep at any instant without waiting.
 */
export class TimerSweeper {
  private readonly batchSize: number;
  private readonly claimMs: number;
  private readonly outboxGraceMs: number;
  private readonly timers: TimerStore;
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
    this.outbox = new OutboxStore(dataSource);
  }

  async sweepOnce(now: Date): Promise<SweepResult> {
    const claimed = await this.claimAll(now, 'due');
    const reclaimed = await this.claimAll(now, 'expired-claims');
    const requeuedEvents = await this.outbox.requeueRelayedBefore(new Date(now.getTime() - this.outboxGraceMs));
    if (requeuedEvents > 0) this.onRequeued();
    return { claimed, reclaimed, requeuedEvents };
  }

  private async claimAll(now: Date, which: ClaimableTimers): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.claimBatch(now, which);
      total += count;
      if (count < this.batchSize) return total;
    }
  }

  /**
   * Claims a batch and adds its jobs in one transaction. The jobs are added before the commit: if
   * the commit fails, the timers stay pending and their jobs find them so (the processor accepts
   * a due pending timer); if the process dies after the commit, the claim expires and is retaken.
   */
  private async claimBatch(now: Date, which: ClaimableTimers): Promise<number> {
    return this.timers.claimBatch(which, now, new Date(now.getTime() + this.claimMs), this.batchSize, async (rows) => {
      await this.queues.timers.addBulk(
        rows.map((r) => ({
          name: 'timer',
          data: { timerId: r.id },
          opts: { ...TIMER_JOB_OPTIONS, jobId: timerJobId(r.id, r.attempts) },
        })),
      );
    });
  }
}
