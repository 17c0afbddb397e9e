import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../libs/infra/src';
import { startTestApi, type TestApi } from '../support/api-app';
import { aCardBody, eventBody, givenCard, storedRowCounts } from '../support/card-builders';
import { pageAgent, submitForm } from '../support/pages';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * A lost dependency is an outage, not a defect: a request that needs Postgres while it is out
 * of reach gets 503 with Retry-After and `unavailable: ['database']`, as readiness says it, and
 * the API logs the outage once, not once per request. The API reaches Postgres through a TCP
 * proxy the test can cut (the shared server is never touched). Redis down takes nothing away
 * from the applicant lookup or event recording, which need Postgres only.
 */

type Res = { status: number; headers: Record<string, string>; body: Record<string, unknown> };

function expectDatabaseUnavailable(res: Res): void {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toBe('5');
  expect(res.body).toMatchObject({
    type: 'https://cardtrail.example/problems/dependency-unavailable',
    title: 'Service Unavailable',
    status: 503,
    unavailable: ['database'],
    detail: expect.stringContaining('database'),
  });
}

/** A logger whose lines the test can read. */
function capturingLogger(): { logger: Logger; lines: Array<{ level: string; msg: string }> } {
  const lines: Array<{ level: string; msg: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: string; msg: string });
      done();
    },
  });
  return { logger: createLogger({ LOG_LEVEL: 'warn' }, { destination: stream }), lines };
}

describe('Postgres out of reach', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let api: TestApi;
  let token: string;
  let card: { id: string; reference: string };
  const log = capturingLogger();

  beforeAll(async () => {
    db = await createTestDatabase('pgoutage');
    const direct = new URL(db.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    api = await startTestApi({ db: { ...db, url: proxy.via(db.url) }, logger: log.logger });
    token = await api.tokenFor({ role: 'caseworker', district: 'oslo' });
    card = await givenCard(api, { status: 'ordered', token });
  });
  afterAll(async () => {
    await api?.close();
    await proxy?.close();
    await db?.drop();
  });

  describe('refused (a stopped server: connections dropped, new ones refused)', () => {
    beforeAll(async () => {
      await proxy.refuse();
    });
    afterAll(async () => {
      await proxy.restore();
    });

    it('answers 503 database on every kind of request that needs it, and stores nothing', async () => {
      const before = await storedRowCounts(api);
      const auth = { Authorization: `Bearer ${token}` };
      const answers: Res[] = [
        await api.http().post('/v1/cards').set(auth).send(aCardBody()),
        await api.http().get(`/v1/cards/${card.id}`).set(auth),
        await api.http().get('/v1/cards').set(auth),
        await api.http().post(`/v1/cards/${card.id}/events`).set(auth).send(eventBody('CardProduced')),
        await api.http().post(`/v1/cards/${card.id}/events`).set(auth).set('Idempotency-Key', 'outage-1').send(eventBody('CardProduced')),
        await api.http().post('/v1/status').send({ reference: card.reference, dufNumber: '201258697561' }),
        await api.http().post('/v1/status/address-confirmation').send({ reference: card.reference, dufNumber: '201258697561' }),
        await api.http().get('/v1/reports/deadlines?from=2025-01-01&to=2025-12-31').set(auth),
      ];
      for (const res of answers) expectDatabaseUnavailable(res);
      await proxy.restore();
      expect(await storedRowCounts(api)).toEqual(before);
      await proxy.refuse();
    });

    it('says the same in readiness: 503 not-ready naming the database', async () => {
      const res = await api.http().get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ type: 'https://cardtrail.example/problems/not-ready', unavailable: ['database'] });
    });

    it('answers the applicant’s page with its 503 page, not a failure', async () => {
      const res = await submitForm(pageAgent(api.server), '/', '/', { reference: card.reference, dufNumber: '201258697561' });
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['retry-after']).toBeDefined();
    });

    it('still answers what needs no database (liveness, the calendar)', async () => {
      await api.http().get('/health/live').expect(200);
      await api.http().get('/v1/calendar/working-days?from=2026-11-23&days=20').expect(200);
    });

    it('still answers bad input with its 4xx, not a 503', async () => {
      const res = await api.http().post('/v1/status').send({ reference: 'CT-\u0000', dufNumber: '1' });
      expect(res.status).toBe(400);
    });

    it('logs the outage once, with its reason, not once per request', () => {
      const outage = log.lines.filter((l) => /Postgres is unavailable/.test(l.msg));
      expect(outage).toHaveLength(1);
      expect(log.lines.filter((l) => /Unhandled error/.test(l.msg))).toEqual([]);
    });
  });

  it('serves again once Postgres is back (the pool reconnects)', async () => {
    await proxy.restore();
    const res = await api.http().get(`/v1/cards/${card.id}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    await api.http().get('/health/ready').expect(200);
  });

  it('blackholed (accepts, never answers): 503 once the connection attempt times out, not a hang', async () => {
    await proxy.blackhole();
    try {
      const res = await api.http().post('/v1/status').send({ reference: card.reference, dufNumber: '201258697561' });
      expectDatabaseUnavailable(res);
    } finally {
      await proxy.restore();
    }
  }, 30_000);
});

describe('Redis out of reach', () => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    // Port 1 refuses connections: Redis is down from the start.
    api = await startTestApi({ label: 'redisoutage', env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    token = await api.tokenFor({ role: 'caseworker', district: 'oslo' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('opens cards, records events and answers applicants as usual', async () => {
    const card = await givenCard(api, { status: 'ordered', token });
    await api
      .http()
      .post(`/v1/cards/${card.id}/events`)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'redis-down-1')
      .send(eventBody('CardProduced'))
      .expect(201);
    const status = await api.http().post('/v1/status').send({ reference: card.reference, dufNumber: '201258697561' });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ status: 'produced' });
    await api.http().post('/v1/status').send({ reference: card.reference, dufNumber: '201258697562' }).expect(404);
    await api.http().post('/v1/status/address-confirmation').send({ reference: card.reference, dufNumber: '201258697561' }).expect(200);
  });

  it('is not ready: 503 naming the queue', async () => {
    const res = await api.http().get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ unavailable: ['queue'], checks: { postgres: { status: 'up' }, redis: { status: 'down' } } });
  });
});
