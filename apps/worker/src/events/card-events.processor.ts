import type { Clock, Logger } from '@cardtrail/infra';
import type { Job } from 'bullmq';
import type { CardEventJobData, WorkerQueues } from '../queues/worker-queues';
import { schedulePunctualJobs } from '../timers/timer-jobs';
import type { ReactToCardEvent, ReactionOutcome } from './react-to-card-event';

/** The `card-events` queue's processor: a thin adapter over {@link ReactToCardEvent}. */
export function createCardEventsProcessor(
  useCase: ReactToCardEvent,
  queues: WorkerQueues,
  clock: Clock,
  logger: Logger,
): (job: Job<CardEventJobData>) => Promise<ReactionOutcome['status']> {
  return async (job) => {
    const { cardId, seq, outboxId } = job.data;
    const outcome = await useCase.execute(cardId, seq, outboxId);
    if (outcome.status === 'applied' && outcome.timers.length > 0) {
      // After the commit: the timers are durable already, the delayed jobs only make them punctual.
      await schedulePunctualJobs(queues, outcome.timers, clock.now()).catch((error: unknown) =>
        logger.warn({ err: error, cardId, seq }, 'could not add delayed timer jobs; the sweeper will fire them'),
      );
    }
    return outcome.status;
  };
}
