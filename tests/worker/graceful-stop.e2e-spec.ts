import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { createWorker, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { createTestDatabase, uniqueQueuePrefix, type TestDatabase } from '../support/test-database';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { givenCard, record } from '../support/worker-builders';
import { SHARED_REDIS_URL, obliterateQueues, waitFor, workerTestConfig } from '../support/worker-harness';

/*
 * The stop order: the workers finish their active jobs while Postgres is still open, so a send
 * in flight at the stop is recorded `sent`, not left `sending` for a repeat after its deadline.
 */
describe('graceful stop', () => {
  let db: TestDatabase;
  let worker: WorkerHandle | undefined;
  let receiver: WebhookReceiver;
  const prefix = uniqueQueuePrefix('stop');
  const clock = new ManualClock(new Date('2025-04-14T09:00:00Z'));

  beforeAll(async () => {
    db = await createTestDatabase('stop');
    // Answers late, so the stop begins while the request is out.
    receiver = await startWebhookReceiver({ delayMs: 1500 });
  });

  afterAll(async () => {
    await worker?.close();
    await receiver?.close();
    await obliterateQueues(SHARED_REDIS_URL, prefix);
    await db?.drop();
  });

  it('lets a send in flight finish and records its answer before the connections close', async () => {
    worker = await createWorker({
      config: workerTestConfig({
        databaseUrl: db.url,
        prefix,
        webhookUrl: receiver.url,
        env: { NOTIFY_WEBHOOK_TIMEOUT_MS: '10000' },
      }),
      clock,
      pipeline: { schedule: false },
    });
    const card = await givenCard(worker.cards);
    await record(worker.cards, worker.domain, card.id, [{ type: 'CardOrdered', occurredAt: clock.now(), data: { biometricsReused: true } }], clock.now());
    await waitFor(() => receiver.requests.length > 0, { what: 'the address check request to reach the receiver' });
    const [inFlight] = await db.dataSource.query(`SELECT status FROM notifications WHERE card_id = $1 AND kind = 'address_check'`, [card.id]);
    expect(inFlight.status).toBe('sending');

    await worker.close();

    const rows = await db.dataSource.query(
      `SELECT status, attempts FROM notifications WHERE card_id = $1 AND kind = 'address_check'`,
      [card.id],
    );
    expect(rows).toEqual([{ status: 'sent', attempts: 1 }]);
    expect(receiver.requests).toHaveLength(1);
  });
});
