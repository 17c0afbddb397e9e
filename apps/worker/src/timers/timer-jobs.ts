import type { WorkerQueues } from '../queues/worker-queues';
import { TIMER_JOB_OPTIONS, timerJobId } from '../queues/worker-queues';

/** A timer row as the pipeline hands it around after a commit. */
export interface DueTimer {
  id: string;
  dueAt: Date;
  /** `timers.attempts`: the generation that names the job. */
  generation: number;
}

/**
 * Timers due further ahead than this get no delayed job: the sweeper fires them within one
 * sweep interval of their due time, and Redis does not fill up with weeks-long delays.
 */
export const PUNCTUALITY_HORIZON_MS = 60 * 60 * 1000;

/**
 * Adds delayed jobs so timers fire on time rather than at the next sweep. Only an optimisation:
 * the row in Postgres is what counts, so a failure here is logged by the caller and ignored.
 */
export async function schedulePunctualJobs(queues: WorkerQueues, timers: DueTimer[], now: Date): Promise<void> {
  const soon = timers
    .map((t) => ({ t, delay: Math.max(0, t.dueAt.getTime() - now.getTime()) }))
    .filter(({ delay }) => delay <= PUNCTUALITY_HORIZON_MS);
  if (soon.length === 0) return;
  await queues.timers.addBulk(
    soon.map(({ t, delay }) => ({
      name: 'timer',
      data: { timerId: t.id },
      opts: { ...TIMER_JOB_OPTIONS, delay, jobId: timerJobId(t.id, t.generation) },
    })),
  );
}
