import { describe, expect, it } from '@jest/globals';
import { useTestApi } from '../support/api-app';
import { useTestDatabase } from '../support/suite';

describe('health checks', () => {
  const db = useTestDatabase('health');

  describe('with Postgres and Redis up', () => {
    const api = useTestApi({ db });

    it('is live', async () => {
      const res = await api.http().get('/health/live').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('is ready, having checked Postgres and Redis', async () => {
      const res = await api.http().get('/health/ready').expect(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        details: { postgres: { status: 'up' }, redis: { status: 'up' } },
      });
    });

    it('needs no token for either', async () => {
      await api.http().get('/health/ready').set('Authorization', 'Bearer not-a-token').expect(200);
    });
  });

  describe('with Redis unreachable', () => {
    // Port 1 refuses connections: the app must still start, and say it is not ready.
    const api = useTestApi({ db, env: { REDIS_URL: 'redis://127.0.0.1:1' } });

    it('is still live', async () => {
      await api.http().get('/health/live').expect(200);
    });

    it('is not ready: 503 problem naming Redis, with the per-check details', async () => {
      const res = await api.http().get('/health/ready').expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({
        type: 'https://cardtrail.example/problems/not-ready',
        status: 503,
        detail: expect.stringContaining('redis'),
        checks: { postgres: { status: 'up' }, redis: { status: 'down' } },
      });
    });

    it('still serves endpoints that need only Postgres and memory', async () => {
      await api.http().get('/v1/calendar/holidays?year=2026').expect(200);
    });
  });
});
