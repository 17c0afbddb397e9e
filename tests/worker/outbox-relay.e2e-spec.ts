import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock, type AppConfig } from '@cardtrail/infra';
import { pino } from 'pino';
import { createWorker, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { OutboxRelay } from '../../apps/worker/src/outbox/outbox-relay';
import { cardEventJobId } from '../../apps/worker/src/queues/worker-queues';
import { createTestDatabase, uniqueQueuePrefix, type TestDatabase } from '../support/test-database';
import { SHARED_REDIS_URL, obliterateQueues, openPipelineQueues, waitFor, workerTestConfig } from '../support/worker-harness';

describe('outbox relay', () => {
  let db: TestDatabase;
  let worker: WorkerHandle;
  let config: AppConfig;
  const prefix = uniqueQueuePrefix('relay');
  const logger = pino({ level: 'silent' });
  const clock = new ManualClock(new Date('2025-04-14T09:00:00Z'));

  beforeAll(async () => {
    db = await createTestDatabase('relay');
    config = workerTestConfig({ databaseUrl: db.url, prefix });
    // No processing: the jobs stay in the queue where the test can count them.
    worker = await createWorker({ config, clock, pipeline: { process: false, schedule: false } });
  });

  afterAll(async () => {
    await worker?.close();
    await obliterateQueues(SHARED_REDIS_URL, prefix);
    await db?.drop();
  });

  beforeEach(async () => {
    await worker.pipeline.queues.events.obliterate({ force: true });
    await db.dataSource.query('TRUNCATE outbox');
  });

  const insertRow = (q: { query: (sql: string, params?: unknown[]) => Promise<unknown> }, seq: number) =>
    q.query(
      `INSERT INTO outbox (topic, card_id, event_seq) VALUES ('card-event', '00000000-0000-4000-8000-000000000001', $1)
       RETURNING id`,
      [seq],
    ) as Promise<Array<{ id: string }>>;

  const jobIds = async (): Promise<string[]> =>
    (await worker.pipeline.queues.events.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']))
      .map((j) => j.id ?? '')
      .sort();

  it('relays a row whose transaction commits after a later row, once each', async () => {
    const late = db.dataSource.createQueryRunner();
    await late.connect();
    await late.startTransaction();
    try {
      const [a] = await insertRow(late, 1);
      const [b] = await insertRow(db.dataSource, 2);
      expect(Number(a.id)).toBeLessThan(Number(b.id));

      expect(await worker.relayOnce()).toBe(1);
      expect(await jobIds()).toEqual([cardEventJobId('00000000-0000-4000-8000-000000000001', 2)]);

      await late.commitTransaction();
    } finally {
      await late.release();
    }
    expect(await worker.relayOnce()).toBe(1);
    expect(await worker.relayOnce()).toBe(0);

    expect(await jobIds()).toEqual(
      [1, 2].map((seq) => cardEventJobId('00000000-0000-4000-8000-000000000001', seq)).sort(),
    );
    const pending = await db.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`);
    expect(pending[0].n).toBe(0);
  });

  it('never hands the same row to two relays running at once', async () => {
    const rows = 1500;
    await db.dataSource.query(
      `INSERT INTO outbox (topic, card_id, event_seq)
       SELECT 'card-event', '00000000-0000-4000-8000-000000000002', s FROM generate_series(1, $1) AS s`,
      [rows],
    );
    const otherQueues = openPipelineQueues(config.REDIS_URL, config.QUEUE_PREFIX);
    const second = new OutboxRelay(worker.dataSource, otherQueues, clock, logger, { batchSize: 100 });
    const first = new OutboxRelay(worker.dataSource, worker.pipeline.queues, clock, logger, { batchSize: 100 });
    try {
      const [x, y] = await Promise.all([first.relayAll(), second.relayAll()]);
      // Without the row locks both would claim the same rows and the sum would exceed `rows`.
      expect(x + y).toBe(rows);
    } finally {
      await otherQueues.close();
    }
    const counts = await worker.pipeline.queues.events.getJobCounts('waiting');
    expect(counts.waiting).toBe(rows);
  });

  it('picks up a committed row by polling, without a relayOnce call', async () => {
    const live = new OutboxRelay(worker.dataSource, worker.pipeline.queues, clock, logger, { pollIntervalMs: 20 });
    await live.start();
    try {
      // Committed after the relay's first pass has started: only a later poll can find it.
      await db.dataSource.transaction(async (m) => {
        await insertRow(m, 7);
      });
      await waitFor(async () => (await jobIds()).length > 0, { timeoutMs: 10_000, what: 'a relayed job' });
      expect(await jobIds()).toEqual([cardEventJobId('00000000-0000-4000-8000-000000000001', 7)]);
      await waitFor(
        async () => (await db.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`))[0].n === 0,
        { timeoutMs: 10_000, what: 'the row marked relayed' },
      );

      // And again once the relay has gone idle: a second row is found by the next poll.
      await insertRow(db.dataSource, 8);
      await waitFor(async () => (await jobIds()).length === 2, { timeoutMs: 10_000, what: 'the second relayed job' });
    } finally {
      await live.stop();
    }
  });
});
