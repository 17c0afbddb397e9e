import { describeScenario } from './support/describe-scenario';
import { privatePostgresForThisFile } from './support/private-postgres';
import { delay, waitUntil } from './support/wait';

/*
 * Postgres, the source of truth, stopped for 10 seconds under load (a fast shutdown, as a
 * restart or a failover does it) and started again. Requests that need it get 503 with
 * Retry-After meanwhile; nothing acknowledged is lost; the worker picks up where it was.
 */

const pg = privatePostgresForThisFile();

const OUTAGE_MS = 10_000;

describeScenario(pg, {
  title: `Postgres stopped ${OUTAGE_MS / 1000} s under load, then started`,
  expect503: true,
  async fault(s) {
    await s.burstUnderWay(40, 5);
    // Sends in flight when Postgres goes: the receiver holds them until it is down, then
    // answers 200, so the worker learns of deliveries it cannot record yet.
    s.receiver.setMode('hold');
    await waitUntil(() => s.receiver.open().length >= 5, { timeoutMs: 30_000, what: 'five sends in flight' });
    const start = Date.now();
    await s.pg.stop();
    s.receiver.release();
    // How long the outage lasts is part of the scenario, not a wait for a race.
    await delay(Math.max(0, start + OUTAGE_MS - Date.now()));
    const stoppedUntil = Date.now();
    await s.pg.start();
    const answeredWhileDown = s.receiver.requests.filter(
      (r) => r.status !== null && r.status < 300 && r.answeredAt !== null && r.answeredAt >= start && r.answeredAt <= stoppedUntil,
    ).length;
    return { start, end: Date.now(), notes: { deliveriesAnsweredWhileDown: answeredWhileDown } };
  },
  duplicates: {
    bound: 0,
    why: 'no process crashed: a delivery answered while Postgres was down is recorded once it is back, not sent again',
  },
  recoverySeconds: 30,
  workerProblemLines: { max: 2, why: 'one line when Postgres is lost, one if a job then failed for good' },
});
