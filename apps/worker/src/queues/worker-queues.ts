import { QUEUES, createRedis, type AppConfig } from '@cardtrail/infra';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** Payload of a `card-events` job: ids only, never personal data (Redis is not the source of truth). */
export interface CardEventJobData {
  cardId: string;
  seq: number;
  /** The outbox row that carried it; deleted when the reaction commits. */
  outboxId?: string;
}

/** Payload of a `timers` job. */
export interface TimerJobData {
  timerId: string;
}

/**
 * Completed and failed jobs are trimmed so Redis memory stays bounded whatever the volume; the
 * history that matters (events, notifications, timers) is in Postgres.
 */
export const KEEP_COMPLETED = { count: 1000 } as const;
export const KEEP_FAILED = { count: 5000 } as const;

export const EVENT_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: KEEP_COMPLETED,
  removeOnFail: KEEP_FAILED,
};

export const TIMER_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: KEEP_COMPLETED,
  removeOnFail: KEEP_FAILED,
};

/** BullMQ job ids may not contain ':'; card ids are uuids and seqs integers, so none appears. */
export function cardEventJobId(cardId: string, seq: number): string {
  return `evt-${cardId}-${seq}`;
}

/**
 * One id per (timer, generation): `timers.attempts` grows each time the timer is claimed or put
 * back, so a re-run after a retry or a crash is a new job rather than a duplicate of a completed
 * one that BullMQ would silently ignore.
 */
export function timerJobId(timerId: string, generation: number): string {
  return `timer-${timerId}-${generation}`;
}

/**
 * The three queues of the pipeline on one BullMQ connection (`maxRetriesPerRequest: null`, as
 * BullMQ requires). Workers get their own blocking connections from BullMQ.
 */
export class WorkerQueues {
  readonly connection: Redis;
  readonly events: Queue<CardEventJobData>;
  readonly timers: Queue<TimerJobData>;
  readonly maintenance: Queue;
  readonly prefix: string;

  constructor(config: Pick<AppConfig, 'REDIS_URL' | 'QUEUE_PREFIX'>) {
    this.prefix = config.QUEUE_PREFIX;
    this.connection = createRedis(config.REDIS_URL, { forBullMq: true });
    // Errors surface on the commands that fail; without a listener ioredis would log each retry.
    this.connection.on('error', () => undefined);
    const options = { connection: this.connection, prefix: this.prefix };
    this.events = new Queue<CardEventJobData>(QUEUES.events, options);
    this.timers = new Queue<TimerJobData>(QUEUES.timers, options);
    this.maintenance = new Queue(QUEUES.maintenance, options);
  }

  all(): Queue[] {
    return [this.events, this.timers, this.maintenance] as Queue[];
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.all().map((q) => q.close()));
    if (this.connection.status === 'ready') {
      await this.connection.quit().catch(() => this.connection.disconnect());
    } else {
      this.connection.disconnect();
    }
  }
}
