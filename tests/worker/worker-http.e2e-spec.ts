import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { ManualClock } from '@cardtrail/infra';
import { createWorker, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { WorkerHttpServer } from '../../apps/worker/src/http/worker-http.server';
import { createTestDatabase, uniqueQueuePrefix, type TestDatabase } from '../support/test-database';
import { useTestWorker } from '../support/test-worker';
import { givenCard, record } from '../support/worker-builders';
import {
  startPrivateRedis,
  waitFor,
  workerTestConfig,
  type PrivateRedis,
} from '../support/worker-harness';

/** The worker's own port (WORKER_PORT; 0 under NODE_ENV=test, so each test worker picks one). */
function baseUrlOf(worker: WorkerHandle): string {
  const port = worker.app.get(WorkerHttpServer).port();
  if (!port) throw new Error('the worker HTTP server is not listening');
  return `http://127.0.0.1:${port}`;
}

describe("the worker's metrics and health port", () => {
  // A working Monday at 11:00 in Oslo: an address check goes out at once.
  const clock = new ManualClock(new Date('2025-04-14T09:00:00Z'));
  const { worker, receiver } = useTestWorker({ label: 'workerhttp', clock, webhook: 'receiver' });
  let base: string;

  beforeAll(() => {
    base = baseUrlOf(worker);
  });

  it('answers liveness, and readiness with Postgres and Redis up', async () => {
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });

    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      details: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('serves the notification outcomes this worker recorded, in Prometheus text', async () => {
    const card = await givenCard(worker.cards);
    await record(worker.cards, worker.domain, card.id, [{ type: 'CardOrdered', occurredAt: clock.now(), data: { biometricsReused: true } }], clock.now());
    await waitFor(() => receiver.requests.length > 0, { what: 'the address check at the receiver' });

    const scrape = async () => {
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text();
    };
    // The outcome is counted once the send's transaction has committed: wait on the counter.
    const text = await waitFor(async () => {
      const body = await scrape();
      return /cardtrail_notifications_total\{[^}]*kind="address_check"[^}]*\} 1/.test(body) ? body : null;
    }, { what: 'the address check counted in /metrics' });
    expect(text).toMatch(/cardtrail_notifications_total\{[^}]*app="worker"/);
    expect(text).toMatch(/^cardtrail_process_resident_memory_bytes\{app="worker"\} \d+/m);
  });

  it('answers other paths with a 404 and other methods with a 405, as problem documents', async () => {
    const missing = await fetch(`${base}/v1/cards`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(await missing.json()).toMatchObject({ status: 404, title: 'Not Found' });

    const post = await fetch(`${base}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe("the worker's readiness when Redis stops answering", () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  let worker: WorkerHandle;

  beforeAll(async () => {
    db = await createTestDatabase('workerready');
    redis = await startPrivateRedis();
    worker = await createWorker({
      config: workerTestConfig({ databaseUrl: db.url, prefix: uniqueQueuePrefix('workerready'), redisUrl: redis.url }),
      pipeline: { schedule: false, process: false },
    });
  });

  afterAll(async () => {
    await worker?.close();
    await redis?.stop();
    await db?.drop();
  });

  it('reports 503 naming Redis, with Retry-After, while liveness stays 200', async () => {
    const base = baseUrlOf(worker);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);

    // Every client of this private Redis waits: the PING check runs into its 1 s timeout.
    const admin = new Redis(redis.url);
    try {
      await admin.call('CLIENT', 'PAUSE', '30000', 'ALL');
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe('5');
      expect(ready.headers.get('content-type')).toBe('application/problem+json');
      const body = (await ready.json()) as { detail: string; checks: Record<string, { status: string }> };
      expect(body.detail).toMatch(/^Not ready: redis/);
      expect(body.checks).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'down' } });
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
      admin.disconnect();
    }
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });
});
