import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { createWorker, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { startTestApi, type TestApi } from '../support/api-app';
import { eventBody, givenCard, storedRowCounts } from '../support/card-builders';
import { obliterateQueues, waitFor, workerTestConfig } from '../support/worker-harness';

/**
 * Closure days at run time: an admin closes a date through the API; the API answers with the new
 * calendar at once, another API process and the worker (in-process, same database and queues)
 * pick it up at their next check without a restart, and the worker recomputes every open
 * deadline it moves, visible on the card as a DeadlineRecomputed event and a new ETag.
 */
describe('closure days at run time', () => {
  // Biometrics on Monday 14 April 2025: due Friday 16 May; a closure on Friday 2 May moves it to Monday 19 May.
  const clock = new ManualClock(new Date('2025-04-14T10:00:00Z'));
  let api: TestApi;
  let otherApi: TestApi;
  let worker: WorkerHandle;
  let admin: string;
  let caseworker: string;
  /** The card opened before the closure: its id and version then. */
  let card: { id: string; version: number };

  beforeAll(async () => {
    api = await startTestApi({ label: 'closures', clock, env: { EXTRA_CLOSED_DAYS: '2025-12-24' } });
    otherApi = await startTestApi({ db: api.db, clock, env: { CALENDAR_POLL_MS: '100' } });
    worker = await createWorker({
      config: workerTestConfig({ databaseUrl: api.db.url, prefix: api.config.QUEUE_PREFIX, env: { CALENDAR_POLL_MS: '100' } }),
      clock,
    });
    admin = await api.tokenFor({ role: 'admin', sub: 'ola', expiresIn: '365d' });
    caseworker = await api.tokenFor({ role: 'caseworker', district: 'oslo', sub: 'kari', expiresIn: '365d' });
  });
  afterAll(async () => {
    await worker?.close();
    await otherApi?.close();
    await api?.close();
    if (api) await obliterateQueues(api.config.REDIS_URL, api.config.QUEUE_PREFIX);
  });

  const put = (date: string, body: unknown, token = admin) =>
    api.http().put(`/v1/calendar/closures/${date}`).set('Authorization', `Bearer ${token}`).send(body as object);
  const del = (date: string, body: unknown, token = admin) =>
    api.http().delete(`/v1/calendar/closures/${date}`).set('Authorization', `Bearer ${token}`).send(body as object);
  const dueDateAfter20 = async (app: TestApi) =>
    (await app.http().get('/v1/calendar/working-days?from=2025-04-14&days=20')).body.date as string;
  const cardView = (id: string) => api.http().get(`/v1/cards/${id}`).set('Authorization', `Bearer ${caseworker}`);
  const history = async (id: string) =>
    (await api.http().get(`/v1/cards/${id}/events`).set('Authorization', `Bearer ${caseworker}`)).body.items as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('is for admins only', async () => {
    expect((await api.http().get('/v1/calendar/closures')).status).toBe(401);
    expect((await api.http().get('/v1/calendar/closures').set('Authorization', `Bearer ${caseworker}`)).status).toBe(403);
    expect((await put('2025-05-02', { reason: 'IT outage' }, caseworker)).status).toBe(403);
  });

  it.each([
    ['2025-02-30', { reason: 'IT outage' }, 400, 'date'],
    ['1969-12-31', { reason: 'IT outage' }, 400, 'date'],
    ['tomorrow', { reason: 'IT outage' }, 400, 'date'],
    ['2025-05-02', {}, 400, 'reason'],
    ['2025-05-02', { reason: '   ' }, 400, 'reason'],
    ['2025-05-02', { reason: 'x'.repeat(201) }, 400, 'reason'],
    ['2025-05-02', { reason: 'IT outage', extra: 1 }, 400, 'extra'],
    ['2025-05-03', { reason: 'IT outage' }, 409, 'a weekend day'],
    ['2025-05-01', { reason: 'IT outage' }, 409, 'a public holiday'],
    ['2025-12-24', { reason: 'IT outage' }, 409, 'EXTRA_CLOSED_DAYS'],
  ])('refuses PUT %s %j with %i (%s) and stores nothing', async (date, body, status, what) => {
    const before = await storedRowCounts(api);
    const res = await put(date, body);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (status === 400) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(what);
    else expect(res.body.detail).toContain(what);
    expect(await storedRowCounts(api)).toEqual(before);
  });

  it('closes a date: the API answers with the new calendar at once, another API process at its next check', async () => {
    expect(await dueDateAfter20(api)).toBe('2025-05-16');
    expect(await dueDateAfter20(otherApi)).toBe('2025-05-16');
    const mailed = await givenCard(api, { status: 'mailed', token: caseworker });
    expect(mailed).toMatchObject({ deadline: { dueDate: '2025-05-16' } });
    card = { id: mailed.id, version: mailed.version };

    clock.set(new Date('2025-04-22T08:00:00Z'));
    const res = await put('2025-05-02', { reason: 'IT outage at the police offices' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      revision: 1,
      date: '2025-05-02',
      action: 'added',
      reason: 'IT outage at the police offices',
      by: 'ola',
      at: expect.any(String),
      deadlinesMoved: 0,
      recomputedAt: null,
    });
    expect(await dueDateAfter20(api)).toBe('2025-05-19');
    await waitFor(async () => (await dueDateAfter20(otherApi)) === '2025-05-19', { what: 'the other API process to reload its calendar' });

    // The same again changes nothing.
    const again = await put('2025-05-02', { reason: 'IT outage, again' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ revision: 1, reason: 'IT outage at the police offices' });
  });

  it('has the worker recompute the open deadline it moves, visible on the card and in its ETag', async () => {
    // Its own check may have got there first; either way this resolves once it is done.
    await worker.refreshCalendar();

    const view = await cardView(card.id);
    expect(view.body.deadline.dueDate).toBe('2025-05-19');
    expect(view.headers.etag).toBe(`"${card.version + 1}"`);
    expect((await history(card.id)).at(-1)).toMatchObject({
      seq: card.version + 1,
      type: 'DeadlineRecomputed',
      actor: 'system:worker',
      occurredAt: '2025-04-22T08:00:00.000Z',
      data: {
        deadline: 'issue',
        previousDueDate: '2025-05-16',
        dueDate: '2025-05-19',
        breachWithdrawn: false,
        reason: 'closure day 2025-05-02 added: IT outage at the police offices',
      },
    });
    const closure = await api.http().get('/v1/calendar/closures/2025-05-02').set('Authorization', `Bearer ${admin}`);
    expect(closure.body).toMatchObject({ deadlinesMoved: 1, recomputedAt: expect.any(String) });

    // A caseworker who read the card before the recomputation gets a 412, not a silent overwrite.
    const stale = await api
      .http()
      .post(`/v1/cards/${card.id}/events`)
      .set('Authorization', `Bearer ${caseworker}`)
      .set('If-Match', `"${card.version}"`)
      .send(eventBody('CardDelivered'));
    expect(stale.status).toBe(412);
  });

  it('lists the closures in force, the start-up ones and the audit trail', async () => {
    const res = await api.http().get('/v1/calendar/closures').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      revision: 1,
      startUp: ['2025-12-24'],
      closures: [{ date: '2025-05-02', action: 'added', by: 'ola' }],
      changes: [{ revision: 1, date: '2025-05-02', action: 'added' }],
    });
  });

  it('reopens a date without a restart: the worker picks it up at its next check and moves the deadline back', async () => {
    expect((await del('2025-05-05', { reason: 'typo' })).status).toBe(404);
    expect((await del('2025-12-24', { reason: 'typo' })).status).toBe(409);
    expect((await del('2025-05-02', {})).status).toBe(400);

    clock.set(new Date('2025-04-23T08:00:00Z'));
    const res = await del('2025-05-02', { reason: 'The offices opened after all' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ revision: 2, date: '2025-05-02', action: 'removed', by: 'ola' });
    expect(await dueDateAfter20(api)).toBe('2025-05-16');

    // No explicit refresh: the worker's own check (CALENDAR_POLL_MS=100) finds the change.
    await waitFor(async () => (await cardView(card.id)).body.deadline.dueDate === '2025-05-16', { what: 'the worker to recompute' });
    expect((await history(card.id)).at(-1)).toMatchObject({
      type: 'DeadlineRecomputed',
      data: { previousDueDate: '2025-05-19', dueDate: '2025-05-16', reason: 'closure day 2025-05-02 removed: The offices opened after all' },
    });
    const list = await api.http().get('/v1/calendar/closures').set('Authorization', `Bearer ${admin}`);
    expect(list.body.closures).toEqual([]);
    await waitFor(async () => {
      const changes = (await api.http().get('/v1/calendar/closures').set('Authorization', `Bearer ${admin}`)).body.changes;
      return changes[0]?.recomputedAt ? changes : null;
    });
    const { body } = await api.http().get('/v1/calendar/closures').set('Authorization', `Bearer ${admin}`);
    expect(body.changes.map((c: { action: string; deadlinesMoved: number }) => [c.action, c.deadlinesMoved])).toEqual([
      ['removed', 1],
      ['added', 1],
    ]);
  });
});
