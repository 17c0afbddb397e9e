import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApi, type TestApi } from '../support/api-app';

describe('the queue dashboard at /admin/queues, mounted by the API', () => {
  let api: TestApi;
  let app: TestApi['server'];
  let adminToken: string;
  let caseworkerToken: string;

  beforeAll(async () => {
    api = await startTestApi({ label: 'board' });
    app = api.server;
    adminToken = await api.tokenFor({ role: 'admin' });
    caseworkerToken = await api.tokenFor({ role: 'caseworker', district: 'oslo' });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('refuses a request without a token', async () => {
    const res = await request(app).get('/admin/queues');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses a caseworker and a forged token', async () => {
    for (const token of [caseworkerToken, `${adminToken.slice(0, -4)}AAAA`]) {
      const res = await request(app).get('/admin/queues/api/queues').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(403);
    }
  });

  it('shows the three queues to an admin', async () => {
    const page = await request(app).get('/admin/queues').set('Authorization', `Bearer ${adminToken}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const api = await request(app)
      .get('/admin/queues/api/queues')
      .set('Authorization', `Bearer ${adminToken}`);
    expect(api.status).toBe(200);
    const names = (api.body as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['card-events', 'maintenance', 'timers']);
  });

  it('lets a browser in with ?token= once, then by an HttpOnly cookie', async () => {
    const first = await request(app).get(`/admin/queues?token=${adminToken}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/admin/queues');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Path=/admin/queues');
    const next = await request(app).get('/admin/queues/api/queues').set('Cookie', cookie.split(';')[0]);
    expect(next.status).toBe(200);
  });
});

describe('pipeline gauges on /metrics', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ label: 'pipemetrics' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('reports queue depths, notification outcomes, the outbox backlog and overdue cards', async () => {
    const card = await api.db.dataSource.query(
      `INSERT INTO cards (reference, duf_number, police_district, reason, applicant, address, opening, status, state, created_by, overdue)
       VALUES ('CT-TEST-0000-0001', '201258697561', 'vest', 'first', '{}', '{}', '{}', 'ordered', '{}', 't', true) RETURNING id`,
    );
    await api.db.dataSource.query(
      `INSERT INTO notifications (key, card_id, kind, audience, issue_number, trigger_seq, due_at, status)
       VALUES ('k1', $1, 'address_check', 'applicant', 1, 1, now(), 'sent')`,
      [card[0].id],
    );
    const res = await api.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/cardtrail_queue_jobs\{[^}]*queue="card-events"[^}]*state="waiting"[^}]*\} 0/);
    expect(res.text).toMatch(/cardtrail_notifications_by_status\{[^}]*kind="address_check"[^}]*status="sent"[^}]*\} 1/);
    expect(res.text).toMatch(/cardtrail_outbox_backlog\{[^}]*\} 0/);
    expect(res.text).toMatch(/cardtrail_overdue_cards\{[^}]*district="vest"[^}]*\} 1/);
  });
});
