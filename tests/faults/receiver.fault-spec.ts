import { describeScenario } from './support/describe-scenario';
import { privatePostgresForThisFile } from './support/private-postgres';
import { delay } from './support/wait';

/*
 * The notification provider failing: it answers 500 for a while, then hangs (accepts requests
 * and never answers, beyond the worker's webhook timeout), then recovers. Retries back off in
 * Postgres; nothing may be marked failed, nothing delivered twice, and every notification goes
 * out once the provider is back.
 */

const pg = privatePostgresForThisFile();

const FAIL_MS = 8000;
const HANG_MS = 8000;
/** The worker gives up on a request after this: well within the hang. */
const WEBHOOK_TIMEOUT_MS = 1500;

describeScenario(pg, {
  title: `a receiver that answers 500 for ${FAIL_MS / 1000} s, then hangs ${HANG_MS / 1000} s (timeout ${WEBHOOK_TIMEOUT_MS} ms), then recovers`,
  setup: { webhookTimeoutMs: WEBHOOK_TIMEOUT_MS },
  async fault(s) {
    await s.burstUnderWay(40, 5);
    const start = Date.now();
    s.receiver.setMode('fail');
    // How long each phase lasts is part of the scenario, not a wait for a race.
    await delay(FAIL_MS);
    s.receiver.setMode('hang');
    await delay(HANG_MS);
    s.receiver.setMode('ok');
    const failed = s.receiver.requests.filter((r) => r.status === 500).length;
    const hung = s.receiver.requests.filter((r) => r.abandoned).length;
    return { start, end: Date.now(), notes: { answered500: failed, abandonedByWorker: hung } };
  },
  duplicates: { bound: 0, why: 'a 500 or an unanswered request is not a delivery; each key is delivered once' },
  // Retries back off 1 s, 2 s, 4 s, … from the first failure: a notification that first failed
  // at the start of the 16 s outage is next tried about 16 s after it ended.
  recoverySeconds: 45,
  // Failed deliveries are retried from Postgres and visible on the card; none ran out of attempts.
  workerProblemLines: { max: 0, why: 'a delivery retried is no error of the worker' },
});
