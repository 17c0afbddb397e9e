import { beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { useTestApi, type TestApi } from '../support/api-app';

describe('the queue dashboard at /admin/queues, mounted by the API', () => {
  let app: TestApi['server'];
  let adminToken: string;
  let caseworkerToken: string;

  const api = useTestApi({ label: 'board' });
  beforeAll(async () => {
    app = api.server;
    adminToken = await api.tokenFor({ role: 'admin' });
    caseworkerToken = await api.tokenFor({ role: 'caseworker', district: 'oslo' });
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
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure');
    const next = await request(app).get('/admin/queues/api/queues').set('Cookie', cookie.split(';')[0]);
    expect(next.status).toBe(200);
  });

  it('does not trust X-Forwarded-Proto without TRUST_PROXY: the cookie stays without Secure', async () => {
    const first = await request(app).get(`/admin/queues?token=${adminToken}`).set('X-Forwarded-Proto', 'https');
    expect(first.status).toBe(303);
    expect(String(first.headers['set-cookie'])).not.toContain('Secure');
  });

  it('refuses a state-changing request from a foreign Origin with 403, even with a valid admin cookie', async () => {
    const cookie = await adminCookie();
    const res = await request(app)
      .put('/admin/queues/api/queues/timers/pause')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example');
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toContain('Cross-site');
    const paused = await request(app).get('/admin/queues/api/queues').set('Authorization', `Bearer ${adminToken}`);
    const timers = (paused.body as { queues: Array<{ name: string; isPaused: boolean }> }).queues.find((q) => q.name === 'timers');
    expect(timers?.isPaused).toBe(false);
  });

  it('refuses a state-changing request without Origin that the browser marks cross-site', async () => {
    const cookie = await adminCookie();
    for (const site of ['cross-site', 'same-site']) {
      const res = await request(app).put('/admin/queues/api/queues/timers/pause').set('Cookie', cookie).set('Sec-Fetch-Site', site);
      expect(res.status).toBe(403);
    }
  });

  it('lets a same-origin state-changing request through', async () => {
    const cookie = await adminCookie();
    const host = 'cardtrail.local';
    const pause = await request(app)
      .put('/admin/queues/api/queues/timers/pause')
      .set('Host', host)
      .set('Cookie', cookie)
      .set('Origin', `http://${host}`)
      .set('Sec-Fetch-Site', 'same-origin');
    expect(pause.status).toBe(200);
    const resume = await request(app)
      .put('/admin/queues/api/queues/timers/resume')
      .set('Authorization', `Bearer ${adminToken}`);
    expect(resume.status).toBe(200);
  });

  async function adminCookie(): Promise<string> {
    const first = await request(app).get(`/admin/queues?token=${adminToken}`);
    return String(first.headers['set-cookie']).split(';')[0];
  }
});

describe('the queue dashboard behind a trusted proxy', () => {
  let adminToken: string;

  const api = useTestApi({ label: 'board-proxy', env: { TRUST_PROXY: 'loopback' } });
  beforeAll(async () => {
    adminToken = await api.tokenFor({ role: 'admin' });
  });

  it('sets the cookie Secure when the proxy says the request came over HTTPS', async () => {
    const first = await api.http().get(`/admin/queues?token=${adminToken}`).set('X-Forwarded-Proto', 'https');
    expect(first.status).toBe(303);
    expect(String(first.headers['set-cookie'])).toMatch(/; Secure/);
    const plain = await api.http().get(`/admin/queues?token=${adminToken}`);
    expect(String(plain.headers['set-cookie'])).not.toContain('Secure');
  });

  it('judges Origin against the scheme the proxy reports', async () => {
    const cookie = String((await api.http().get(`/admin/queues?token=${adminToken}`)).headers['set-cookie']).split(';')[0];
    const host = 'cardtrail.example';
    const ok = await api
      .http()
      .put('/admin/queues/api/queues/maintenance/pause')
      .set('Cookie', cookie)
      .set('Host', host)
      .set('X-Forwarded-Proto', 'https')
      .set('Origin', `https://${host}`);
    expect(ok.status).toBe(200);
    const downgraded = await api
      .http()
      .put('/admin/queues/api/queues/maintenance/resume')
      .set('Cookie', cookie)
      .set('Host', host)
      .set('X-Forwarded-Proto', 'https')
      .set('Origin', `http://${host}`);
    expect(downgraded.status).toBe(403);
  });
});

describe('pipeline gauges on /metrics', () => {
  const api = useTestApi({ label: 'pipemetrics' });

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
    // Overdue as the card view says it, the breach not yet recorded; a delivered card is not.
    await api.db.dataSource.query(
      `INSERT INTO cards (reference, duf_number, police_district, reason, applicant, address, opening, status, state, created_by, due_date)
       VALUES ('CT-TEST-0000-0002', '201258697561', 'vest', 'first', '{}', '{}', '{}', 'mailed', '{}', 't', '2020-01-02'),
              ('CT-TEST-0000-0003', '201258697561', 'vest', 'first', '{}', '{}', '{}', 'delivered', '{}', 't', '2020-01-02')`,
    );
    const res = await api.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/cardtrail_queue_jobs\{[^}]*queue="card-events"[^}]*state="waiting"[^}]*\} 0/);
    expect(res.text).toMatch(/cardtrail_notifications_by_status\{[^}]*kind="address_check"[^}]*status="sent"[^}]*\} 1/);
    expect(res.text).toMatch(/cardtrail_outbox_backlog\{[^}]*\} 0/);
    expect(res.text).toMatch(/cardtrail_overdue_cards\{[^}]*district="vest"[^}]*\} 2/);
  });
});
