import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { createWorker, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { startTestApi, type TestApi } from '../support/api-app';
import { eventBody, givenCard } from '../support/card-builders';
import { pageAgent, submitForm, visibleText, type PageAgent } from '../support/pages';
import { obliterateQueues, workerTestConfig } from '../support/worker-harness';

/** Biometrics on Monday 14 April 2025: due Friday 16 May. */
const CAPTURED = new Date('2025-04-14T10:00:00Z');

describe("the console's compliance and closure-day pages", () => {
  const clock = new ManualClock(CAPTURED);
  let api: TestApi;
  let worker: WorkerHandle;
  let admin: PageAgent;
  let oslo: PageAgent;
  let mailedId: string;

  const signIn = async (token: string): Promise<PageAgent> => {
    const agent = pageAgent(api.server);
    const res = await submitForm(agent, '/console/sign-in', '/console/sign-in', { token });
    expect(res.status).toBe(303);
    return agent;
  };

  beforeAll(async () => {
    api = await startTestApi({ label: 'console_reports', clock });
    worker = await createWorker({ config: workerTestConfig({ databaseUrl: api.db.url, prefix: api.config.QUEUE_PREFIX }), clock });
    const token = await api.tokenFor({ role: 'admin', sub: 'ola', expiresIn: '365d' });
    for (const [district, at] of [
      ['oslo', '2025-05-16T09:00:00Z'],
      ['oslo', '2025-05-20T09:00:00Z'],
      ['vest', '2025-06-10T09:00:00Z'],
    ] as const) {
      clock.set(CAPTURED);
      const card = await givenCard(api, { status: 'mailed', district, token });
      clock.set(new Date('2025-06-20T10:00:00Z'));
      const res = await api.http().post(`/v1/cards/${card.id}/events`).set('Authorization', `Bearer ${token}`).send(eventBody('CardDelivered', { occurredAt: at }));
      expect(res.status).toBe(201);
    }
    clock.set(CAPTURED);
    mailedId = (await givenCard(api, { status: 'mailed', token })).id; // never delivered: overdue by 20 June
    clock.set(new Date('2025-06-20T10:00:00Z'));
    admin = await signIn(token);
    oslo = await signIn(await api.tokenFor({ role: 'caseworker', district: 'oslo', sub: 'kari', expiresIn: '365d' }));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    if (api) await obliterateQueues(api.config.REDIS_URL, api.config.QUEUE_PREFIX);
  });

  describe('compliance', () => {
    it('shows an admin every district over two years, with the months in a table beside the chart and a CSV link', async () => {
      const res = await admin.get('/console/compliance?from=2024-06-01&to=2026-05-31&district=all');
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const text = visibleText(res.text);
      expect(text).toContain('From 1 June 2024 to 31 May 2026: 3 cards delivered, 33.3% on time.');
      expect(res.text).toContain('<svg class="ct-chart" role="img"');
      expect(res.text).toContain('<title>May 2025: 50.0%</title>');
      expect(text).toContain('May 2025 2 1 1 50.0% 21');
      expect(text).toContain('June 2025 1 0 1 0.0% 35');
      expect((res.text.match(/<tr><th scope="row">/g) ?? []).length).toBe(24 + 13);
      expect(text).toContain('All districts 3 1 2 33.3% 22 1');
      expect(res.text).toContain('href="/console/compliance/csv?from=2024-06-01&amp;to=2026-05-31&amp;district=all"');

      const csv = await admin.get('/console/compliance/csv?from=2024-06-01&to=2026-05-31&district=all');
      expect(csv.status).toBe(200);
      expect(csv.headers['content-disposition']).toBe('attachment; filename="cardtrail-deadlines-all-2024-06-01-2026-05-31.csv"');
      expect(csv.text).toContain('oslo,2025-05,2,1,1,0.5,21,\r\n');
    });

    it('gives a caseworker their district, and the no-access page for another', async () => {
      const res = await oslo.get('/console/compliance?from=2025-01-01&to=2025-12-31');
      expect(res.status).toBe(200);
      const text = visibleText(res.text);
      expect(text).toContain('2 cards delivered, 50.0% on time');
      expect(res.text).not.toContain('<select');
      expect((await oslo.get('/console/compliance?from=2025-01-01&to=2025-12-31&district=vest')).status).toBe(403);
      expect((await oslo.get('/console/compliance/csv?from=2025-01-01&to=2025-12-31&district=vest')).status).toBe(403);
    });

    it('explains a bad period next to its fields, in the reader’s language', async () => {
      const reader = await signIn(await api.tokenFor({ role: 'admin', sub: 'ola', expiresIn: '365d' }));
      const res = await reader.get('/console/compliance?from=2025-02-30&to=2025-01-01&lang=nb');
      expect(res.status).toBe(400);
      expect(visibleText(res.text)).toContain('Skriv første dato som en gyldig dato');
      const order = await reader.get('/console/compliance?from=2025-02-01&to=2025-01-01&lang=nn');
      expect(visibleText(order.text)).toContain('Første dato kan ikkje vere etter siste dato.');
      expect(order.text).toContain('aria-invalid="true"');
    });
  });

  describe('closure days', () => {
    it('is for admins', async () => {
      expect((await oslo.get('/console/closures')).status).toBe(403);
    });

    it('closes a date from the form, and after the worker ran shows how many deadlines moved', async () => {
      const closed = await submitForm(admin, '/console/closures', '/console/closures', { date: '02.05.2025', reason: 'IT outage' });
      expect(closed.status).toBe(303);
      expect(closed.headers.location).toBe('/console/closures?done=added&date=2025-05-02');
      let page = await admin.get(closed.headers.location!);
      expect(visibleText(page.text)).toContain('Friday 2 May 2025 is closed.');
      expect(visibleText(page.text)).toMatch(/Deadlines moved (Being recalculated|1 deadline moved)/);

      await worker.refreshCalendar();
      page = await admin.get('/console/closures');
      expect(visibleText(page.text)).toContain('Deadlines moved 1 deadline moved');
      const card = await api.http().get(`/v1/cards/${mailedId}`).set('Authorization', `Bearer ${await api.tokenFor({ role: 'admin' })}`);
      expect(card.body.deadline.dueDate).toBe('2025-05-19');
    });

    it('explains what cannot be closed or reopened, and keeps what was typed', async () => {
      const weekend = await submitForm(admin, '/console/closures', '/console/closures', { date: '2025-05-03', reason: 'Strike' });
      expect(weekend.status).toBe(400);
      expect(visibleText(weekend.text)).toContain('Saturday 3 May 2025 is a weekend day.');
      expect(weekend.text).toContain('value="Strike"');
      const empty = await submitForm(admin, '/console/closures', '/console/closures', { date: 'soon', reason: '' });
      expect(visibleText(empty.text)).toContain('Enter a real date, for example 2026-12-01.');
      expect(visibleText(empty.text)).toContain('Write why the offices are closed.');
      const noReason = await submitForm(admin, '/console/closures', '/console/closures/remove', { date: '2025-05-02', reason: ' ' });
      expect(noReason.status).toBe(400);
      expect(noReason.text).toContain('id="reason-2025-05-02-error"');
    });

    it('reopens a date with a reason', async () => {
      const res = await submitForm(admin, '/console/closures', '/console/closures/remove', { date: '2025-05-02', reason: 'Offices opened' });
      expect(res.status).toBe(303);
      const page = await admin.get(res.headers.location!);
      expect(visibleText(page.text)).toContain('Friday 2 May 2025 is open again.');
      expect(visibleText(page.text)).toContain('No dates are closed here.');
      expect(visibleText(page.text)).toContain('Reopened Offices opened ola');
    });
  });
});
