import { OutboxStore, type Clock, type Logger, type OutageLog } from '@cardtrail/infra';
import type { DataSource } from 'typeorm';
import {
  EVENT_JOB_OPTIONS,
  cardEventJobId,
  type CardEventJobData,
  type WorkerQueues,
} from '../queues/worker-queues';

/** How long the relay waits after a pass that found nothing (the default of `OUTBOX_POLL_MS`). */
export const DEFAULT_OUTBOX_POLL_MS = 50;

/** Wait after a failed pass (database or Redis down), so an outage does not flood the log. */
const RETRY_AFTER_ERROR_MS = 1000;

export interface OutboxRelayOptions {
  /** Rows per transaction (one `addBulk` each). */
  batchSize?: number;
  /** Wait after a pass that found no row (default {@link DEFAULT_OUTBOX_POLL_MS}). */
  pollIntervalMs?: number;
  /** Logs a Postgres or Redis outage once instead of once per failed pass. */
  outages?: OutageLog;
}

/**
 * Moves committed outbox rows into the `card-events` queue.
 *
 * Every pass selects *all* rows still unrelayed (no high-water mark), oldest id first, locked
 * `FOR UPDATE SKIP LOCKED`, adds their jobs and marks them relayed in the same transaction. So a
 * transaction that commits late with a lower id is picked up by the next pass instead of being
 * skipped, and two relays never take the same row. Jobs are added before the commit: if the
 * commit fails the rows are relayed again under the same deterministic job ids, which BullMQ
 * ignores while the first job exists, and `processed_events` makes a repeat harmless anyway.
 *
 * Wake-up is adaptive polling, not LISTEN/NOTIFY: a `pg_notify` in every appending transaction
 * serialised all commits on one global lock and halved what Postgres could append (issue 5).
 * A pass that relayed rows is followed at once by another; a pass that found none waits
 * `pollIntervalMs`. So under load the relay drains back to back, and when idle it costs one
 * indexed probe (`outbox_pending_idx`) per interval; commit → relay lag is at most about one
 * interval plus a pass.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly outages?: OutageLog;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private readonly outbox: OutboxStore;

  constructor(
    dataSource: DataSource,
    private readonly queues: WorkerQueues,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_OUTBOX_POLL_MS;
    this.outages = options.outages;
    this.outbox = new OutboxStore(dataSource);
  }

  /** Starts polling; the first pass runs straight away. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.wake();
  }

  /** Stops polling and waits for a pass in progress to commit. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.draining;
  }

  /**
   * Runs a pass now instead of at the next poll (the sweeper calls it after putting rows back).
   * Passes never overlap within a process: a request during one runs right after it.
   */
  wake(): void {
    this.run(false);
  }

  /** Relays until no unrelayed row is visible; returns how many rows this process relayed. */
  async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const relayed = await this.relayBatch();
      total += relayed;
      if (relayed < this.batchSize) return total;
    }
  }

  /** One transaction: claim up to `batchSize` rows, add their jobs, mark them relayed. */
  async relayBatch(): Promise<number> {
    return this.outbox.relayBatch(this.batchSize, () => this.clock.now(), async (rows) => {
      await this.queues.events.addBulk(
        rows.map((row) => {
          const data: CardEventJobData = { cardId: row.cardId, seq: row.eventSeq, outboxId: row.id };
          return { name: 'card-event', data, opts: { ...EVENT_JOB_OPTIONS, jobId: cardEventJobId(row.cardId, row.eventSeq) } };
        }),
      );
    });
  }

  private run(probeFirst: boolean): void {
    if (this.stopped) return;
    this.clearTimer();
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain(probeFirst).finally(() => {
      this.draining = null;
    });
  }

  /**
   * Passes back to back while they find rows (or a wake-up came in during one), then schedules
   * the next poll. A pass that follows an empty one or a poll probes first without a transaction:
   * one round trip instead of BEGIN, SELECT, COMMIT while there is nothing to relay.
   */
  private async drain(probeFirst: boolean): Promise<void> {
    let probe = probeFirst;
    let wait = this.pollIntervalMs;
    for (;;) {
      this.again = false;
      let relayed: number;
      const startedAt = Date.now();
      try {
        relayed = probe && !(await this.anyPending()) ? 0 : await this.relayAll();
      } catch (error) {
        if (!this.outages?.failed(error)) this.logger.warn({ err: error }, 'outbox relay pass failed; retrying shortly');
        wait = Math.max(this.pollIntervalMs, RETRY_AFTER_ERROR_MS);
        break;
      }
      this.outages?.recovered('database', startedAt);
      if (relayed > 0) this.outages?.recovered('queue', startedAt);
      if (this.stopped) return;
      if (relayed === 0 && !this.again) break;
      // Rows found: go again at once (probing, since the batch loop already emptied what it
      // saw); a wake-up during the pass: a full pass, since someone knows of rows.
      probe = !this.again;
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run(true);
    }, wait);
    this.timer.unref();
  }

  private async anyPending(): Promise<boolean> {
    return this.outbox.anyUnrelayed();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
