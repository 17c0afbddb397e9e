import { describeScenario, type FaultTimes } from './support/describe-scenario';
import { privatePostgresForThisFile } from './support/private-postgres';
import { TIMER_CONCURRENCY, type Scenario } from './support/scenario';
import { delay, waitUntil } from './support/wait';

/*
 * Redis losing its keys: flushed, and killed and restarted with and without its append-only
 * file. Redis only carries work that Postgres can rebuild, so nothing may be lost; what is
 * measured is how soon the pipeline catches up, and that the API never noticed.
 */

const pg = privatePostgresForThisFile();

/** How long Redis stays down when it is killed. */
const REDIS_DOWN_MS = 5000;

/**
 * The moment that strands work: the receiver holds every send open, so all timer slots are
 * busy, and the sweeper keeps claiming timers that fall due; once more timers are claimed than
 * can run, some claimed timers' jobs are waiting in Redis. The fault strikes then.
 */
async function claimsWaitingInRedis(s: Scenario): Promise<number> {
  await s.burstUnderWay(40, 5);
  s.receiver.setMode('hold');
  return waitUntil(
    async () => {
      // A notification is its own timer (decision 0035): its claim is on its row.
      const { rows } = await s.db.query<{ n: number }>(
        `SELECT (SELECT count(*)::int FROM timers WHERE status = 'claimed')
                + (SELECT count(*)::int FROM notifications WHERE claimed_until IS NOT NULL) AS n`,
      );
      return rows[0].n > TIMER_CONCURRENCY ? rows[0].n : false;
    },
    { timeoutMs: 60_000, what: `more than ${TIMER_CONCURRENCY} claimed timers` },
  );
}

async function killAndRestart(s: Scenario): Promise<FaultTimes> {
  const claimed = await claimsWaitingInRedis(s);
  const start = Date.now();
  await s.redis.kill();
  s.receiver.release();
  // How long the outage lasts is part of the scenario, not a wait for a race.
  await delay(REDIS_DOWN_MS);
  await s.redis.start();
  return { start, end: Date.now(), notes: { claimedAtFault: claimed } };
}

const REDIS_LINES =
  'Redis lost, from the pipeline and from the shared client; one more if it came back without the jobs in progress';

/*
 * Flushed or restarted empty, nothing in Redis says what was claimed: Postgres must hand the
 * work out again. A claim's lease is short (10 s); when it expires the sweeper asks Redis whether
 * the job is still there and adds a new one if not, so 30 s from Redis's return covers it.
 */

describeScenario(pg, {
  title: 'Redis flushed (FLUSHALL) mid-burst',
  async fault(s) {
    const claimed = await claimsWaitingInRedis(s);
    const start = Date.now();
    await s.redis.flushAll();
    s.receiver.release();
    return { start, end: Date.now(), notes: { claimedAtFault: claimed } };
  },
  duplicates: { bound: 0, why: 'no process crashed, so nothing is sent twice' },
  recoverySeconds: 30,
  workerProblemLines: { max: 1, why: 'one line for the jobs whose keys vanished' },
});

describeScenario(pg, {
  title: `Redis killed (no AOF: restarts empty), down ${REDIS_DOWN_MS / 1000} s, restarted`,
  fault: killAndRestart,
  duplicates: { bound: 0, why: 'no process crashed, so nothing is sent twice' },
  recoverySeconds: 30,
  workerProblemLines: { max: 3, why: REDIS_LINES },
});

describeScenario(pg, {
  title: `Redis killed (AOF, appendfsync always: restarts with every job), down ${REDIS_DOWN_MS / 1000} s, restarted`,
  setup: { redis: { aof: true } },
  fault: killAndRestart,
  duplicates: { bound: 0, why: 'no process crashed, so nothing is sent twice' },
  // The jobs that were active come back with expired locks: BullMQ's next 10 s stalled check
  // hands them out again, as after a worker kill.
  recoverySeconds: 45,
  workerProblemLines: { max: 3, why: REDIS_LINES },
});
