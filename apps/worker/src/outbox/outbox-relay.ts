import { OUTBOX_CHANNEL, type Clock, type Logger } from '@cardtrail/infra';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import {
  EVENT_JOB_OPTIONS,
  cardEventJobId,
  type CardEventJobData,
  type WorkerQueues,
} from '../queues/worker-queues';

export interface OutboxRelayOptions {
  databaseUrl: string;
  /** Rows per transaction (one `addBulk` each). */
  batchSize?: number;
  /** Safety-net poll when a NOTIFY is missed (LISTEN connection down, notification lost). */
  pollIntervalMs?: number;
}

interface OutboxRow {
  id: string;
  card_id: string;
  event_seq: number;
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
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private listener: Client | null = null;
  private connecting = false;
  private poll: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: WorkerQueues,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  /** LISTENs for commits and polls as a safety net; drains once straight away. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.poll = setInterval(() => {
      if (!this.listener) void this.listen();
      this.wake();
    }, this.pollIntervalMs);
    this.poll.unref();
    this.wake();
  }

  /** Stops listening and polling, and waits for a pass in progress to commit. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    const listener = this.listener;
    this.listener = null;
    if (listener) await listener.end().catch(() => undefined);
    await this.draining;
  }

  /** Asks for a drain; passes never overlap within a process, a request during one runs after it. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        try {
          await this.relayAll();
        } catch (error) {
          this.logger.warn({ err: error }, 'outbox relay pass failed; the next poll retries');
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.draining = null;
    });
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
    return this.dataSource.transaction(async (m) => {
      const rows: OutboxRow[] = await m.query(
        `SELECT id, card_id, event_seq FROM outbox
          WHERE relayed_at IS NULL AND topic = 'card-event'
          ORDER BY id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      await this.queues.events.addBulk(
        rows.map((row) => {
          const data: CardEventJobData = { cardId: row.card_id, seq: row.event_seq, outboxId: String(row.id) };
          return { name: 'card-event', data, opts: { ...EVENT_JOB_OPTIONS, jobId: cardEventJobId(row.card_id, row.event_seq) } };
        }),
      );
      await m.query(`UPDATE outbox SET relayed_at = $2 WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
        this.clock.now(),
      ]);
      return rows.length;
    });
  }

  private async listen(): Promise<void> {
    if (this.stopped || this.listener || this.connecting) return;
    this.connecting = true;
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: 'cardtrail-relay' });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'outbox LISTEN connection lost; polling until it is back');
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.listener = client;
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot LISTEN for outbox rows; polling instead');
      await client.end().catch(() => undefined);
    } finally {
      this.connecting = false;
    }
  }
}
