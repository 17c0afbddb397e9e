import { CLOCK, OutageLog, QUEUES, type Clock, type Logger } from '@cardtrail/infra';
import { LOGGER, PipelineQueues } from '@cardtrail/infra/nest';
import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PIPELINE_WORKER_OPTIONS, PipelineProcessor } from '../queues/pipeline-processor';
import type { CardEventJobData } from '../queues/worker-queues';
import { schedulePunctualJobs } from '../timers/timer-jobs';
import { ReactToCardEvent, type ReactionOutcome } from './react-to-card-event';

/** The `card-events` queue's processor: a thin adapter over {@link ReactToCardEvent}. */
@Processor(QUEUES.events, { ...PIPELINE_WORKER_OPTIONS, concurrency: 20 })
export class CardEventsProcessor extends PipelineProcessor {
  constructor(
    @Inject(ReactToCardEvent) private readonly useCase: ReactToCardEvent,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OutageLog) outages: OutageLog,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(outages, logger);
  }

  async process(job: Job<CardEventJobData>): Promise<ReactionOutcome['status']> {
    const { cardId, seq, outboxId } = job.data;
    const outcome = await this.useCase.execute(cardId, seq, outboxId);
    if (outcome.status === 'applied' && outcome.timers.length > 0) {
      // After the commit: the timers are durable already, the delayed jobs only make them punctual.
      await schedulePunctualJobs(this.queues, outcome.timers, this.clock.now()).catch((error: unknown) =>
        this.logger.warn({ err: error, cardId, seq }, 'could not add delayed timer jobs; the sweeper will fire them'),
      );
    }
    return outcome.status;
  }
}
