import type { PipelineQueues } from '@cardtrail/infra/nest';
import type { JobsOptions } from 'bullmq';

/**
 * The pipeline's queues as the worker uses them: @nestjs/bullmq registers them
 * (`PipelineQueuesModule`), the relay, the sweeper and the processors add jobs to them.
 */
export type WorkerQueues = PipelineQueues;

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
