import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@cardtrail/infra';
import request from 'supertest';
import { mountQueueDashboard, type QueueDashboard } from '../../apps/api/src/admin/queue-dashboard';
import { jwtSettings, mintAccessToken, verifyAccessToken } from '../../apps/api/src/auth';
import { uniqueQueuePrefix } from '../support/test-database';
import { SHARED_REDIS_URL, obliterateQueues } from '../support/worker-harness';

@Module({})
class EmptyModule {}

describe('queue dashboard at /admin/queues', () => {
  const prefix = uniqueQueuePrefix('board');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_URL: SHARED_REDIS_URL, QUEUE_PREFIX: prefix });
  const settings = jwtSettings(config);
  let app: INestApplication;
  let dashboard: QueueDashboard;
  let adminToken: string;
  let caseworkerToken: string;

  beforeAll(async () => {
    app = await NestFactory.create(EmptyModule, { logger: false });
    dashboard = mountQueueDashboard(app, {
      config,
      verifyAdmin: async (authorization) => {
        const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
        return token ? (await verifyAccessToken(token, settings)).role === 'admin' : false;
      },
    });
    await app.init();
    adminToken = await mintAccessToken({ sub: 'ola', role: 'admin' }, settings);
    caseworkerToken = await mintAccessToken({ sub: 'kari', role: 'caseworker', district: 'oslo' }, settings);
  });

  afterAll(async () => {
    await dashboard?.close();
    await app?.close();
    await obliterateQueues(SHARED_REDIS_URL, prefix);
  });

  it('refuses a request without a token', async () => {
    const res = await request(app.getHttpServer()).get('/admin/queues');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses a caseworker and a forged token', async () => {
    for (const token of [caseworkerToken, `${adminToken.slice(0, -4)}AAAA`]) {
      const res = await request(app.getHttpServer()).get('/admin/queues/api/queues').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(403);
    }
  });

  it('shows the three queues to an admin', async () => {
    const page = await request(app.getHttpServer()).get('/admin/queues').set('Authorization', `Bearer ${adminToken}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const api = await request(app.getHttpServer())
      .get('/admin/queues/api/queues')
      .set('Authorization', `Bearer ${adminToken}`);
    expect(api.status).toBe(200);
    const names = (api.body as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['card-events', 'maintenance', 'timers']);
  });

  it('lets a browser in with ?token= once, then by an HttpOnly cookie', async () => {
    const first = await request(app.getHttpServer()).get(`/admin/queues?token=${adminToken}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/admin/queues');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Path=/admin/queues');
    const next = await request(app.getHttpServer()).get('/admin/queues/api/queues').set('Cookie', cookie.split(';')[0]);
    expect(next.status).toBe(200);
  });
});
