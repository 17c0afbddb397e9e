import { CLOCK, OutageLog, QUEUES, type Clock, type Logger } from '@cardtrail/infra';
import { LOGGER } from '@cardtrail/infra/nest';
import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PIPELINE_WORKER_OPTIONS, PipelineProcessor } from '../queues/pipeline-processor';
import { TimerSweeper, type SweepResult } from './timer-sweeper';

/** Id of the BullMQ job scheduler that produces one `sweep` job every SWEEP_INTERVAL_MS. */
export const SWEEP_SCHEDULER_ID = 'sweep';

/** The `maintenance` queue's processor: the scheduled sweep, at the injected clock's now. */
@Processor(QUEUES.maintenance, { ...PIPELINE_WORKER_OPTIONS, concurrency: 1 })
export class MaintenanceProcessor extends PipelineProcessor {
  constructor(
    @Inject(TimerSweeper) private readonly sweeper: TimerSweeper,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OutageLog) outages: OutageLog,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(outages, logger);
  }

  async process(job: Job): Promise<SweepResult | null> {
    return job.name === SWEEP_SCHEDULER_ID ? this.sweeper.sweepOnce(this.clock.now()) : null;
  }
}
