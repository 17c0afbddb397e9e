import type { Clock, Logger } from '@cardtrail/infra';
import type { Job } from 'bullmq';
import type { TimerJobData, WorkerQueues } from '../queues/worker-queues';
import type { RunTimer, TimerOutcome } from './run-timer';
import { schedulePunctualJobs } from './timer-jobs';

/** The `timers` queue's processor: a thin adapter over {@link RunTimer}. */
export function createTimersProcessor(
  useCase: RunTimer,
  queues: WorkerQueues,
  clock: Clock,
  logger: Logger,
): (job: Job<TimerJobData>) => Promise<TimerOutcome['status']> {
  return async (job) => {
    const outcome = await useCase.execute(job.data.timerId);
    if (outcome.status === 'rescheduled') {
      await schedulePunctualJobs(queues, [outcome.timer], clock.now()).catch((error: unknown) =>
        logger.warn({ err: error, timerId: job.data.timerId }, 'could not add a delayed job; the sweeper will fire the timer'),
      );
    }
    return outcome.status;
  };
}
