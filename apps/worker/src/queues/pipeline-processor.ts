import type { Logger, OutageLog } from '@cardtrail/infra';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import type { Job, WorkerOptions } from 'bullmq';
import { KEEP_COMPLETED, KEEP_FAILED } from './worker-queues';

/** Worker options the three queues share; each processor adds its concurrency. */
export const PIPELINE_WORKER_OPTIONS = {
  removeOnComplete: KEEP_COMPLETED,
  removeOnFail: KEEP_FAILED,
  // Jobs are short (a webhook times out in seconds): a killed worker's jobs are taken back
  // within ~20 s instead of BullMQ's default 30 s lock plus 30 s check.
  lockDuration: 10_000,
  stalledInterval: 10_000,
} as const satisfies Partial<WorkerOptions>;

/**
 * What every pipeline processor does with its worker's events: failures during a Postgres or
 * Redis outage count in the outage log's one line instead of one line each, and a completed job
 * shows both are back. The subclasses are the `@Processor`s; @nestjs/bullmq binds these
 * listeners when it creates their workers.
 */
export abstract class PipelineProcessor extends WorkerHost {
  protected constructor(
    protected readonly outages: OutageLog,
    protected readonly logger: Logger,
  ) {
    super();
  }

  // Logged unless it is part of an outage, and then still when a retried job has used up its
  // attempts. (A sweep has one attempt: the next sweep is its retry.)
  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    const attempts = job?.opts.attempts ?? 1;
    const lastTry = job !== undefined && attempts > 1 && job.attemptsMade >= attempts;
    if (this.outages.failed(error) && !lastTry) return;
    this.logger.warn(
      { queue: this.worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: error },
      lastTry ? 'job failed on its last attempt' : 'job failed',
    );
  }

  // A job begun and done since the outage was noticed: Postgres and Redis both answer.
  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.outages.recovered('database', job.processedOn);
    this.outages.recovered('queue', job.processedOn);
  }

  // BullMQ's own connection errors (a worker's connection is to Redis).
  @OnWorkerEvent('error')
  onError(error: Error): void {
    if (this.outages.failed(error, { socketErrorsMean: 'queue' })) return;
    this.logger.error({ queue: this.worker.name, err: error }, 'worker error');
  }
}
