import type { Clock } from '@cardtrail/infra';
import type { Job } from 'bullmq';
import type { SweepResult, TimerSweeper } from './timer-sweeper';

/** Id of the BullMQ job scheduler that produces one `sweep` job every SWEEP_INTERVAL_MS. */
export const SWEEP_SCHEDULER_ID = 'sweep';

/** The `maintenance` queue's processor: the scheduled sweep, at the injected clock's now. */
export function createMaintenanceProcessor(
  sweeper: TimerSweeper,
  clock: Clock,
): (job: Job) => Promise<SweepResult | null> {
  return async (job) => (job.name === SWEEP_SCHEDULER_ID ? sweeper.sweepOnce(clock.now()) : null);
}
