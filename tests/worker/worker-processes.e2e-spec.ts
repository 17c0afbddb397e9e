import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { CardStore, createDomain, type Domain } from '@cardtrail/infra';
import { createTestDatabase, uniqueQueuePrefix, type TestDatabase } from '../support/test-database';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { givenCard, orderEvents, record } from '../support/worker-builders';
import {
  SHARED_REDIS_URL,
  obliterateQueues,
  spawnWorkerProcess,
  waitFor,
  workerTestConfig,
  workerTestEnv,
  type WorkerProcess,
} from '../support/worker-harness';

/*
 * The built worker (`dist/…/main.js`, from `npm run build`) in child processes, on the real
 * clock: each card was ordered 60 days ago, so its deadline has passed and the worker has a
 * backlog of reactions, deadline checks and notifications to work through.
 */

const DAY = 86_400_000;
const CARDS = 40;

interface Fixture {
  db: TestDatabase;
  prefix: string;
  receiver: WebhookReceiver;
  env: Record<string, string>;
  cards: CardStore;
  domain: Domain;
}

async function fixture(label: string): Promise<Fixture> {
  const db = await createTestDatabase(label);
  const prefix = uniqueQueuePrefix(label);
  // A slow receiver keeps deliveries in flight, so a kill lands in the middle of a batch.
  const receiver = await startWebhookReceiver({ delayMs: 25 });
  const options = { databaseUrl: db.url, prefix, webhookUrl: receiver.url, env: { SWEEP_INTERVAL_MS: '500', DEADLINE_CHECK_GRACE_MS: '0' } };
  const domain = createDomain(workerTestConfig(options));
  return { db, prefix, receiver, env: workerTestEnv(options), cards: new CardStore(db.dataSource, domain), domain };
}

async function givenOverdueCards(f: Fixture, count: number): Promise<string[]> {
  const now = new Date();
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const card = await givenCard(f.cards);
    await record(f.cards, f.domain, card.id, orderEvents(new Date(now.getTime() - 60 * DAY + i * 60_000)), now);
    ids.push(card.id);
  }
  return ids;
}

/** Every event reacted to, every deadline checked, every notification that is due settled. */
async function pipelineSettled(f: Fixture, cardCount: number): Promise<void> {
  await waitFor(
    async () => {
      const [row] = await f.db.dataSource.query(
        `SELECT
           (SELECT count(*)::int FROM card_events) AS events,
           (SELECT count(*)::int FROM processed_events) AS processed,
           (SELECT count(*)::int FROM card_events WHERE type = 'DeadlineBreached') AS breaches,
           (SELECT count(*)::int FROM timers WHERE status IN ('pending', 'claimed') AND due_at <= now()) AS due,
           (SELECT count(*)::int FROM notifications WHERE status IN ('scheduled', 'sending') AND due_at <= now()) AS unsent`,
      );
      return row.breaches === cardCount && row.events === row.processed && row.due === 0 && row.unsent === 0;
    },
    { timeoutMs: 90_000, intervalMs: 200, what: 'the pipeline to settle' },
  );
}

async function assertEachCardBreachedOnce(f: Fixture, ids: string[]): Promise<void> {
  const rows: Array<{ card_id: string; n: number }> = await f.db.dataSource.query(
    `SELECT card_id, count(*)::int AS n FROM card_events WHERE type = 'DeadlineBreached' GROUP BY card_id`,
  );
  expect(rows).toHaveLength(ids.length);
  expect(rows.every((r) => r.n === 1)).toBe(true);
}

async function sentKeys(f: Fixture): Promise<string[]> {
  const rows: Array<{ key: string }> = await f.db.dataSource.query(
    `SELECT key FROM notifications WHERE status = 'sent' ORDER BY key`,
  );
  return rows.map((r) => r.key);
}

describe('worker processes', () => {
  const processes: WorkerProcess[] = [];
  const fixtures: Fixture[] = [];

  const spawnWorker = (f: Fixture): WorkerProcess => {
    const p = spawnWorkerProcess(f.env);
    processes.push(p);
    return p;
  };

  afterEach(async () => {
    for (const p of processes.splice(0)) await p.kill('SIGKILL');
  });

  afterAll(async () => {
    for (const f of fixtures) {
      await f.receiver.close();
      await obliterateQueues(SHARED_REDIS_URL, f.prefix);
      await f.db.drop();
    }
  });

  it('recovers from a worker killed with SIGKILL in the middle of a batch', async () => {
    const f = await fixture('sigkill');
    fixtures.push(f);
    const ids = await givenOverdueCards(f, CARDS);

    const doomed = spawnWorker(f);
    await waitFor(() => f.receiver.requests.length >= 10, { timeoutMs: 30_000, what: 'the first deliveries' });
    await doomed.kill('SIGKILL');
    const seenBeforeKill = new Set(f.receiver.requests.map((r) => r.key));

    const survivor = spawnWorker(f);
    await pipelineSettled(f, CARDS);
    await assertEachCardBreachedOnce(f, ids);

    const sent = await sentKeys(f);
    expect(sent.filter((k) => k.includes(':deadline_breached:'))).toHaveLength(CARDS);
    // Every sent notification reached the receiver, and the receiver got nothing else.
    expect([...f.receiver.delivered].sort()).toEqual(sent);
    // A delivery in flight at the kill may be repeated once, under the same Idempotency-Key (the
    // receiver acts on it once); nothing delivered after the kill is ever repeated.
    const counts = f.receiver.countsByKey();
    for (const [key, n] of counts) {
      if (n > 1) {
        expect(seenBeforeKill.has(key)).toBe(true);
        expect(n).toBe(2);
      }
    }
    expect([...counts.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(20);
    expect(f.receiver.requests.every((r) => r.signatureValid)).toBe(true);

    // Graceful stop: SIGTERM finishes active jobs and exits 0.
    expect(await survivor.kill('SIGTERM')).toBe(0);
  }, 150_000);

  it('never sends a notification twice with two worker processes on the same queues', async () => {
    const f = await fixture('twoworkers');
    fixtures.push(f);
    const ids = await givenOverdueCards(f, CARDS);

    const [one, two] = [spawnWorker(f), spawnWorker(f)];
    await pipelineSettled(f, CARDS);
    await assertEachCardBreachedOnce(f, ids);

    const sent = await sentKeys(f);
    expect(sent.filter((k) => k.includes(':deadline_breached:'))).toHaveLength(CARDS);
    expect([...f.receiver.delivered].sort()).toEqual(sent);
    const counts = f.receiver.countsByKey();
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(f.receiver.requests).toHaveLength(sent.length);

    const [a, b] = await Promise.all([one.kill('SIGTERM'), two.kill('SIGTERM')]);
    expect([a, b]).toEqual([0, 0]);
  }, 150_000);
});
