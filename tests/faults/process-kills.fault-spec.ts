import { describeScenario } from './support/describe-scenario';
import { privatePostgresForThisFile } from './support/private-postgres';
import { TIMER_CONCURRENCY } from './support/scenario';
import { waitUntil } from './support/wait';

/*
 * Processes dying: a worker and the API killed with SIGKILL in the middle of a burst, and two
 * workers sharing the queues. Each scenario: its own Redis and database, the built apps as
 * processes, a webhook receiver and a load generator (see support/).
 */

const pg = privatePostgresForThisFile();

describeScenario(pg, {
  title: 'kill -9 of the worker mid-burst, then a new worker',
  async fault(s) {
    await s.burstUnderWay(40, 20);
    // The kill lands inside sends: requests at the receiver, not yet answered.
    await waitUntil(() => s.receiver.open().length >= 3, { timeoutMs: 30_000, intervalMs: 5, what: 'three sends in flight' });
    const { killAt, exitAt } = await s.killWorker();
    // A send is in flight from the moment its request reaches the receiver until its outcome
    // is recorded: open at the kill, or answered but not yet recorded `sent`.
    const sent = await s.sentKeys();
    const open = s.receiver.requests.filter((r) => r.arrivedAt <= exitAt && (r.answeredAt === null || r.answeredAt >= killAt));
    const unrecorded = s.receiver.requests.filter(
      (r) => r.status !== null && r.status < 300 && r.answeredAt !== null && r.answeredAt < killAt && !sent.has(r.key),
    );
    const end = Date.now();
    await s.startWorker();
    return {
      start: killAt,
      end,
      allowedRepeats: new Set([...open, ...unrecorded].map((r) => r.key)),
      notes: {
        openAtKill: open.length,
        answeredUnrecordedAtKill: unrecorded.length,
        oldestUnrecordedAnswerMs: unrecorded.length ? killAt - Math.min(...unrecorded.map((r) => r.answeredAt!)) : 0,
      },
    };
  },
  duplicates: {
    bound: 'allowed-repeats',
    why: `only sends in flight at the kill (request at the receiver, outcome not yet recorded), each once more with the same key; at most ${TIMER_CONCURRENCY}, the timer concurrency`,
  },
  // A replacement starts in a few seconds; BullMQ hands it the dead worker's jobs once their
  // 10 s locks have lapsed and the next 10 s stalled check has run.
  recoverySeconds: 45,
  // A job run again after the crash must just find its work done (a re-run that failed every
  // attempt here is how a bug in settling re-runs showed up).
  workerProblemLines: { max: 0, why: 'the replacement redoes the dead worker’s jobs without an error' },
});

describeScenario(pg, {
  title: 'kill -9 of the API mid-burst, idempotent retries, then a new API',
  async fault(s) {
    await s.burstUnderWay(60, 5);
    const { killAt, exitAt } = await s.killApi();
    await s.restartApi();
    return { start: killAt, end: exitAt, notes: { apiDownSeconds: Math.round((Date.now() - killAt) / 100) / 10 } };
  },
  duplicates: { bound: 0, why: 'no worker crashed, so nothing is sent twice' },
  recoverySeconds: 30,
  workerProblemLines: { max: 0, why: 'the worker does not notice the API' },
});

describeScenario(pg, {
  title: 'two workers on the same queues',
  setup: { workers: 2 },
  async fault(s) {
    await s.burstUnderWay(150, 40);
    // No fault: "recovery" is how long the pipeline takes to catch up once the burst ends.
    const now = Date.now();
    return { start: now, end: now };
  },
  duplicates: { bound: 0, why: 'two workers never send the same notification twice' },
  recoverySeconds: 30,
  workerProblemLines: { max: 0, why: 'sharing the queues is no error' },
});
