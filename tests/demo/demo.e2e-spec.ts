import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { jwtSettings } from '../../apps/api/src/auth/jwt';
import { mintDemoTokens } from '../../tools/demo/demo-tokens';
import { runDemo, type DemoProgress, type DemoSummary } from '../../tools/demo/run-demo';
import { createWorker, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { startTestApi, type TestApi } from '../support/api-app';
import { workerTestConfig } from '../support/worker-harness';

describe('the demo against a running API and worker', () => {
  let api: TestApi;
  let worker: WorkerHandle;
  let summary: DemoSummary;
  const progress: DemoProgress[] = [];

  const q = <T>(sql: string, params: unknown[] = []): Promise<T[]> => api.db.dataSource.query(sql, params);

  beforeAll(async () => {
    api = await startTestApi({ label: 'demo' });
    await api.app.listen(0, '127.0.0.1');
    const { port } = api.server.address() as AddressInfo;
    worker = await createWorker({
      config: workerTestConfig({ databaseUrl: api.db.url, prefix: api.config.QUEUE_PREFIX, env: { SWEEP_INTERVAL_MS: '500' } }),
    });
    summary = await runDemo({
      baseUrl: `http://127.0.0.1:${port}`,
      cards: 30,
      seed: 20260101,
      tokens: await mintDemoTokens(jwtSettings(api.config)),
      onProgress: (p) => progress.push(p),
      reissueTimeoutMs: 15_000,
      settleQuietMs: 1500,
    });
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('plays every card without a refusal or a failure', () => {
    expect(summary.refusals).toEqual([]);
    expect(summary.failures).toEqual([]);
    expect(summary.cardsCreated).toBe(30);
    expect(Object.values(summary.scenarios).every((n) => n >= 1)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ cardsDone: 30, cardsTotal: 30, errors: 0, events: summary.eventsRecorded });
  });

  it('reports the cards by status that the database holds', async () => {
    const rows = await q<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM cards GROUP BY status');
    expect(summary.cardsByStatus).toEqual(Object.fromEntries(rows.map((r) => [r.status, r.n])));
    const [{ events }] = await q<{ events: number }>(
      `SELECT count(*)::int AS events FROM card_events WHERE actor NOT LIKE 'system:%'`,
    );
    expect(events).toBe(summary.eventsRecorded);
  });

  it('delivers some cards late and reissues some lost in the mail, as the database shows', async () => {
    const [late] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM cards WHERE status = 'delivered' AND delivered_late`);
    const [reissued] = await q<{ n: number }>(`SELECT count(DISTINCT card_id)::int AS n FROM card_events WHERE type = 'ReissueOrdered'`);
    expect(summary.deliveredLate).toBeGreaterThanOrEqual(1);
    expect(summary.deliveredLate).toBe(late.n);
    expect(summary.reissued).toBeGreaterThanOrEqual(1);
    expect(summary.reissued).toBe(reissued.n);
  });

  it('spreads the cards over all twelve districts with plausible applicants', async () => {
    const [districts] = await q<{ n: number }>('SELECT count(DISTINCT police_district)::int AS n FROM cards');
    expect(districts.n).toBe(12);
    const odd = await q<{ duf_number: string }>(
      `SELECT duf_number FROM cards WHERE duf_number !~ '^20[0-9]{10}$' OR left(duf_number, 4)::int > extract(year FROM now())`,
    );
    expect(odd).toEqual([]);
    const [nationalities] = await q<{ n: number }>(`SELECT count(DISTINCT applicant->>'nationality')::int AS n FROM cards`);
    expect(nationalities.n).toBeGreaterThanOrEqual(5);
  });

  it('counts the on-time rate per district from the deadline report, matching the deliveries', () => {
    expect(summary.onTime.districts).toHaveLength(12);
    const sum = (pick: (d: DemoSummary['onTime']['districts'][number]) => number) =>
      summary.onTime.districts.reduce((acc, d) => acc + pick(d), 0);
    expect(sum((d) => d.delivered)).toBe(summary.cardsByStatus.delivered ?? 0);
    expect(sum((d) => d.late)).toBe(summary.deliveredLate);
    expect(sum((d) => d.onTime)).toBe(summary.deliveredOnTime);
  });

  it('aggregates the notifications of the demo cards as the worker recorded them', async () => {
    const rows = await q<{ kind: string; n: number }>('SELECT kind, count(*)::int AS n FROM notifications GROUP BY kind');
    const totals = Object.fromEntries(
      Object.entries(summary.notifications.byKind).map(([kind, counts]) => [kind, Object.values(counts).reduce((a, b) => a + b, 0)]),
    );
    expect(summary.notifications.settled).toBe(true);
    expect(totals).toEqual(Object.fromEntries(rows.map((r) => [r.kind, r.n])));
    // Breaches of the late-entered histories are recorded at once (decision 0010); whether their
    // district alerts were sent or skipped depends on the deliveries recorded with them.
    expect(Object.keys(totals)).toEqual(expect.arrayContaining(['address_check', 'card_mailed']));
  });
});
