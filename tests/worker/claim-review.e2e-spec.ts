import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { createWorker, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { DEFAULT_CLAIM_MS, DEFAULT_OUTBOX_GRACE_MS } from '../../apps/worker/src/timers/timer-sweeper';
import { createTestDatabase, uniqueQueuePrefix, type TestDatabase } from '../support/test-database';
import { givenCard, orderEvents, record } from '../support/worker-builders';
import { startPrivateRedis, workerTestConfig, type PrivateRedis } from '../support/worker-harness';

/**
 * A claim stands for "a job exists". When it expires the sweeper asks Redis: a job still held
 * renews the claim, a lost one (Redis restarted empty) is replaced at once. So timers claimed
 * just before Redis died run seconds after it is back, not minutes.
 */
describe('expired timer claims and relayed outbox rows are reviewed against Redis', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  const open: WorkerHandle[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('claims');
    redis = await startPrivateRedis();
  });

  afterAll(async () => {
    for (const w of open) await w.close();
    await redis?.stop();
    await db?.drop();
  });

  const start = async (clock: ManualClock, prefix: string) => {
    const worker = await createWorker({
      config: workerTestConfig({ databaseUrl: db.url, prefix, redisUrl: redis.url }),
      clock,
      pipeline: { process: false, schedule: false },
    });
    open.push(worker);
    return worker;
  };

  const claimedTimers = async () =>
    (await db.dataSource.query(
      `SELECT id, attempts, claimed_until FROM timers WHERE status = 'claimed' ORDER BY id`,
    )) as Array<{ id: string; attempts: number; claimed_until: Date }>;

  it('renews a claim whose job is still queued and re-adds one whose job Redis lost', async () => {
    await db.dataSource.query(`TRUNCATE timers, notifications, outbox, card_events, cards CASCADE`);
    const clock = new ManualClock(new Date('2025-03-03T09:00:00Z'));
    const worker = await start(clock, uniqueQueuePrefix('claims'));
    const card = await givenCard(worker.cards);
    await db.dataSource.query(`DELETE FROM outbox`); // only the timer is under test here

    // A timer due now, as a reaction would plan it.
    await db.dataSource.query(
      `INSERT INTO timers (kind, card_id, issue_number, key, due_at) VALUES ('deadline_check', $1, 1, 'claims-test', $2)`,
      [card.id, clock.now()],
    );
    const first = await worker.sweepOnce(clock.now());
    expect(first.claimed).toBe(1);
    const [claimed] = await claimedTimers();
    expect((await worker.pipeline.queues.timers.getJobCounts('waiting')).waiting).toBe(1);

    // Past the lease with the job still waiting (a backlog): renewed, no second job.
    const later = new Date(clock.now().getTime() + DEFAULT_CLAIM_MS + 1000);
    const second = await worker.sweepOnce(later);
    expect(second).toMatchObject({ claimed: 0, reclaimed: 0, renewed: 1 });
    const [renewed] = await claimedTimers();
    expect(renewed!.attempts).toBe(claimed!.attempts);
    expect(renewed!.claimed_until.getTime()).toBe(later.getTime() + DEFAULT_CLAIM_MS);
    expect((await worker.pipeline.queues.timers.getJobCounts('waiting')).waiting).toBe(1);

    // Redis restarts empty: at the next review the claim gets a new job under the next generation.
    await redis.flushAll();
    const afterFlush = new Date(later.getTime() + DEFAULT_CLAIM_MS + 1000);
    const third = await worker.sweepOnce(afterFlush);
    expect(third).toMatchObject({ claimed: 0, reclaimed: 1, renewed: 0 });
    const [retaken] = await claimedTimers();
    expect(retaken!.attempts).toBe(claimed!.attempts + 1);
    const jobs = await worker.pipeline.queues.timers.getJobs(['waiting']);
    expect(jobs.map((j) => j.id)).toEqual([`timer-${retaken!.id}-${retaken!.attempts}`]);
  });

  it('leaves a relayed outbox row alone while its job is queued and relays it again once Redis lost it', async () => {
    await db.dataSource.query(`TRUNCATE timers, notifications, outbox, card_events, cards CASCADE`);
    const clock = new ManualClock(new Date('2025-03-03T09:00:00Z'));
    const worker = await start(clock, uniqueQueuePrefix('outbox'));
    const card = await givenCard(worker.cards);
    await record(worker.cards, worker.domain, card.id, orderEvents(new Date('2025-03-03T08:30:00Z')), clock.now());
    const [{ rows }] = await db.dataSource.query(`SELECT count(*)::int AS rows FROM outbox`);
    expect(rows).toBeGreaterThan(0);
    expect(await worker.relayOnce()).toBe(rows);
    const relayedAt = async () =>
      ((await db.dataSource.query(`SELECT relayed_at FROM outbox`)) as Array<{ relayed_at: Date | null }>).map(
        (r) => r.relayed_at,
      );

    const later = new Date(clock.now().getTime() + DEFAULT_OUTBOX_GRACE_MS + 1000);
    expect((await worker.sweepOnce(later)).requeuedEvents).toBe(0);
    expect(await relayedAt()).toEqual(Array(rows).fill(later));

    await redis.flushAll();
    const afterFlush = new Date(later.getTime() + DEFAULT_OUTBOX_GRACE_MS + 1000);
    expect((await worker.sweepOnce(afterFlush)).requeuedEvents).toBe(rows);
    expect(await relayedAt()).toEqual(Array(rows).fill(null));
    expect(await worker.relayOnce()).toBe(rows);
    expect((await worker.pipeline.queues.events.getJobCounts('waiting')).waiting).toBe(rows);
  });
});
