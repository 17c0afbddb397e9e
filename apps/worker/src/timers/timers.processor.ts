import { CLOCK, OutageLog, QUEUES, type Clock, type Logger } from '@cardtrail/infra';
import { LOGGER, PipelineQueues } from '@cardtrail/infra/nest';
import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PIPELINE_WORKER_OPTIONS, PipelineProcessor } from '../queues/pipeline-processor';
import type { TimerJobData } from '../queues/worker-queues';
import { RunTimer, type TimerOutcome } from './run-timer';
import { schedulePunctualJobs } from './timer-jobs';

/** The `timers` queue's processor: a thin adapter over {@link RunTimer}. */
@Processor(QUEUES.timers, { ...PIPELINE_WORKER_OPTIONS, concurrency: 20 })
export class TimersProcessor extends PipelineProcessor {
  constructor(
    @Inject(RunTimer) private readonly useCase: RunTimer,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OutageLog) outages: OutageLog,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(outages, logger);
  }

  async process(job: Job<TimerJobData>): Promise<TimerOutcome['status']> {
    const outcome = await this.useCase.execute(job.data.timerId);
    if (outcome.status === 'rescheduled') {
      await schedulePunctualJobs(this.queues, [outcome.timer], this.clock.now()).catch((error: unknown) =>
        this.logger.warn({ err: error, timerId: job.data.timerId }, 'could not add a delayed job; the sweeper will fire the timer'),
      );
    }
    return outcome.status;
  }
}
