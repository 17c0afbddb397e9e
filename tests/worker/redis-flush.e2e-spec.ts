import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { createWorker, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { SWEEP_SCHEDULER_ID } from '../../apps/worker/src/timers/maintenance.processor';
import { createTestDatabase, uniqueQueuePrefix, type TestDatabase } from '../support/test-database';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { givenCard, orderEvents, record } from '../support/worker-builders';
import { startPrivateRedis, waitFor, workerTestConfig, type PrivateRedis } from '../support/worker-harness';

describe('Redis loses every key while timers are pending', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  let receiver: WebhookReceiver;
  const open: WorkerHandle[] = [];
  const prefix = uniqueQueuePrefix('flush');

  beforeAll(async () => {
    db = await createTestDatabase('flush');
    redis = await startPrivateRedis();
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    for (const w of open) await w.close();
    await receiver?.close();
    await redis?.stop();
    await db?.drop();
  });

  const start = async (clock: ManualClock, pipeline: { process: boolean; schedule: boolean }) => {
    const worker = await createWorker({
      config: workerTestConfig({
        databaseUrl: db.url,
        prefix,
        redisUrl: redis.url,
        webhookUrl: receiver.url,
        env: { SWEEP_INTERVAL_MS: '200' },
      }),
      clock,
      pipeline,
    });
    open.push(worker);
    return worker;
  };

  it('fires every timer and reaction after a restart, once each', async () => {
    // Monday 3 March 2025: two cards are ordered; their deadlines fall on 31 March.
    const before = new ManualClock(new Date('2025-03-03T09:00:00Z'));
    const first = await start(before, { process: true, schedule: false });
    const a = await givenCard(first.cards);
    const b = await givenCard(first.cards, { policeDistrict: 'troms' });
    for (const card of [a, b]) {
      await record(first.cards, first.domain, card.id, orderEvents(new Date('2025-03-03T08:30:00Z')), before.now());
    }
    // The orders' reactions, and the timers they made that were due at once (the first address
    // checks): on a busy machine the worker could otherwise stop before sending them.
    await waitFor(async () => {
      const [{ processed, due }] = await db.dataSource.query(
        `SELECT (SELECT count(*)::int FROM processed_events) AS processed,
                (SELECT count(*)::int FROM timers WHERE status IN ('pending', 'claimed') AND due_at <= $1)
                + (SELECT count(*)::int FROM notifications WHERE status IN ('scheduled', 'sending') AND due_at <= $1) AS due`,
        [before.now()],
      );
      return processed === 6 && due === 0;
    }, { what: 'the orders to be processed and their due timers and notifications fired' });
    await first.close();

    // 14 April: a worker relays a new event and claims the due timers, then Redis loses it all
    // before any job runs.
    const later = new ManualClock(new Date('2025-04-14T09:00:00Z'));
    const second = await start(later, { process: false, schedule: false });
    await record(second.cards, second.domain, b.id, [{ type: 'CardMailed', occurredAt: later.now(), data: {} }], later.now());
    // Mailed after its due date ended: the breach is recorded with it, at once (decision 0010).
    expect(await second.relayOnce()).toBe(2);
    const swept = await second.sweepOnce();
    expect(swept.claimed).toBe(4); // final address checks and deadline checks of both cards
    expect((await second.pipeline.queues.timers.getJobCounts('waiting')).waiting).toBe(4);
    await second.close();

    await redis.flushAll();

    // The restarted worker's scheduled sweep takes back the expired claims and the lost event.
    const restartedAt = new ManualClock(new Date('2025-04-14T09:06:00Z'));
    const third = await start(restartedAt, { process: true, schedule: true });
    expect(await third.pipeline.queues.maintenance.getJobScheduler(SWEEP_SCHEDULER_ID)).toBeDefined();

    await waitFor(async () => {
      const [row] = await db.dataSource.query(
        `SELECT
           (SELECT count(*)::int FROM card_events) AS events,
           (SELECT count(*)::int FROM processed_events) AS processed,
           (SELECT count(*)::int FROM timers WHERE status IN ('pending', 'claimed') AND due_at <= $1) AS due,
           (SELECT count(*)::int FROM notifications WHERE status IN ('scheduled', 'sending') AND due_at <= $1) AS unsent`,
        [restartedAt.now()],
      );
      return row.events === row.processed && row.due === 0 && row.unsent === 0 && row.events === 9 ? row : null;
    }, { what: 'the pipeline to catch up', timeoutMs: 30_000 });

    for (const card of [a, b]) {
      const breaches = (await third.cards.events(card.id)).filter((e) => e.type === 'DeadlineBreached');
      expect(breaches).toHaveLength(1);
    }
    const sent: Array<{ key: string; kind: string }> = await db.dataSource.query(
      `SELECT key, kind FROM notifications WHERE status = 'sent' ORDER BY key`,
    );
    expect(sent.map((n) => n.kind).sort()).toEqual([
      'address_check',
      'address_check',
      'address_check_final', // card a; card b's was skipped, it had been mailed
      'card_mailed',
      'deadline_breached',
      'deadline_breached',
    ]);
    const counts = receiver.countsByKey();
    expect([...counts.keys()].sort()).toEqual(sent.map((n) => n.key).sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    // A flush while the worker runs removes the sweep scheduler too; the worker puts it back.
    await redis.flushAll();
    await third.pipeline.ensureSweepScheduler();
    expect(await third.pipeline.queues.maintenance.getJobScheduler(SWEEP_SCHEDULER_ID)).toBeDefined();
  });
});
