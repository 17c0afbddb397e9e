import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { ConfigError, ManualClock, createRedis, loadConfig } from '@cardtrail/infra';
import { createWorker, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { startTestApi, type TestApi } from '../support/api-app';
import { aCardBody, eventBody } from '../support/card-builders';
import { startPrivateRedisCluster, type PrivateRedisCluster } from '../support/redis-cluster';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { TEST_WEBHOOK_SECRET, waitFor, workerTestConfig } from '../support/worker-harness';

/**
 * The pipeline on a 3-node Redis Cluster (private redis-servers started for this file, never the
 * shared Redis), with the hash-tagged queue prefix the configuration requires there: the API
 * commits, the worker's relay enqueues, the reaction runs, a timer fires through its queue and
 * the applicant rate limit counts on the cluster; every key of the prefix lives on one node.
 */
describe('the pipeline on a Redis Cluster', () => {
  const clock = new ManualClock(new Date('2025-06-10T10:00:00Z'));
  const prefix = `{cardtrail-cluster-${process.pid}}`;
  let cluster: PrivateRedisCluster;
  let api: TestApi;
  let worker: WorkerHandle;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    cluster = await startPrivateRedisCluster(3);
    receiver = await startWebhookReceiver({ secret: TEST_WEBHOOK_SECRET });
    api = await startTestApi({ label: 'rediscluster', clock, env: { REDIS_URL: cluster.url, QUEUE_PREFIX: prefix } });
    worker = await createWorker({
      config: workerTestConfig({ databaseUrl: api.db.url, prefix, redisUrl: cluster.url, webhookUrl: receiver.url }),
      clock,
      pipeline: { schedule: false },
    });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
    await cluster?.stop();
  });

  it('relays, reacts and fires a timer, with every queue key in the hash tag slot', async () => {
    const token = await api.tokenFor({ role: 'caseworker', district: 'oslo' });
    const opened = await api.http().post('/v1/cards').set('Authorization', `Bearer ${token}`).send(aCardBody());
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    const reference = opened.body.reference as string;
    // A backdated history: the biometrics reveal a deadline that ended on 16 May, so a deadline
    // check is planned for soon after now, and the breach is recorded with them.
    for (const [type, occurredAt, data] of [
      ['AppointmentBooked', '2025-04-01T08:00:00Z', { appointmentAt: '2025-04-14T08:00:00Z' }],
      ['BiometricsCaptured', '2025-04-14T08:30:00Z', {}],
      ['CardOrdered', '2025-04-14T09:00:00Z', {}],
    ] as const) {
      const res = await api
        .http()
        .post(`/v1/cards/${id}/events`)
        .set('Authorization', `Bearer ${token}`)
        .send(eventBody(type, { occurredAt, data }));
      expect({ type, status: res.status }).toEqual({ type, status: 201 });
    }

    // Outbox → relay → card-events queue (on the cluster) → reaction, for every stored event.
    const [{ events }] = await api.db.dataSource.query('SELECT count(*)::int AS events FROM card_events WHERE card_id = $1', [id]);
    await waitFor(async () => {
      const [{ n }] = await api.db.dataSource.query('SELECT count(*)::int AS n FROM processed_events WHERE card_id = $1', [id]);
      return n === events;
    }, { what: 'every event to be reacted to' });
    const [timer] = await waitFor(async () => {
      const rows: Array<{ id: string; due_at: Date }> = await api.db.dataSource.query(
        "SELECT id, due_at FROM timers WHERE card_id = $1 AND kind = 'deadline_check'",
        [id],
      );
      return rows.length > 0 ? rows : null;
    }, { what: 'the deadline-check timer' });

    // The sweep hands the due timer to the timers queue (on the cluster); its job runs it.
    clock.set(timer.due_at);
    expect((await worker.sweepOnce(clock.now())).claimed).toBeGreaterThanOrEqual(1);
    await waitFor(async () => {
      const [row] = await api.db.dataSource.query('SELECT status FROM timers WHERE id = $1', [timer.id]);
      return row.status === 'done';
    }, { what: 'the deadline check to run' });
    const alert = await waitFor(
      () => receiver.requests.find((r) => r.body.kind === 'deadline_breached' && r.body.card.id === id) ?? null,
      { what: 'the district alert' },
    );
    expect(alert.signatureValid).toBe(true);

    // The applicant rate limit counts a wrong DUF number on the cluster too.
    const lookup = await api.http().post('/v1/status').send({ reference, dufNumber: '000000000000' });
    expect(lookup.status).toBe(404);

    const keys = await cluster.keys();
    const ours = keys.filter((k) => k.key.startsWith(`${prefix}:`));
    expect(ours.map((k) => k.key)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^\\{cardtrail-cluster-\\d+\\}:card-events:`)),
        expect.stringMatching(new RegExp(`^\\{cardtrail-cluster-\\d+\\}:timers:`)),
        expect.stringMatching(new RegExp(`^\\{cardtrail-cluster-\\d+\\}:rate-limit:status:`)),
      ]),
    );
    const home = await cluster.nodeOf(prefix);
    expect([...new Set(ours.map((k) => k.port))]).toEqual([home]);
  });

  it('refuses a queue prefix without a hash tag: the configuration at start, and Redis if that were bypassed', async () => {
    const plain = `cardtrail-cluster-plain-${process.pid}`;
    let error: unknown;
    try {
      loadConfig({ REDIS_URL: cluster.url, QUEUE_PREFIX: plain });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^QUEUE_PREFIX: .*hash tag, such as \{cardtrail-cluster-plain-\d+\}/)]);

    // What BullMQ does with such a prefix on a cluster: its scripts touch several keys of the
    // queue, which then hash to different slots, and Redis refuses them.
    const connection = createRedis(cluster.url, { forBullMq: true });
    const queue = new Queue('card-events', { connection, prefix: plain });
    try {
      await expect(queue.add('card-event', { cardId: 'x', seq: 1 })).rejects.toThrow(/CROSSSLOT/);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    // No job was stored (BullMQ may have written the queue's one-key `meta` hash on start).
    expect((await cluster.keys()).filter((k) => k.key.startsWith(`${plain}:card-events:`) && !k.key.endsWith(':meta'))).toEqual([]);
  });
});
