import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { PURGE_EVERY } from '../../apps/api/src/cards/card-events.service';
import { useTestApi } from '../support/api-app';
import { eventBody, givenCard } from '../support/card-builders';

const NOW = new Date('2025-04-14T10:00:00Z');

describe('expired idempotency keys', () => {
  const clock = new ManualClock(NOW);

  const api = useTestApi({ label: 'idempurge', clock });

  it(`are purged by every ${PURGE_EVERY}th keyed request, live ones kept`, async () => {
    const token = await api.tokenFor({ role: 'admin' });
    const card = await givenCard(api, { status: 'produced', token });
    await api.db.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, expires_at)
       SELECT 'someone', 'old-' || i, 'x', 201, '{}'::jsonb, $1 FROM generate_series(1, 50) AS i`,
      [new Date(NOW.getTime() - 1000)],
    );
    const count = async (where: string): Promise<number> => {
      const [row]: Array<{ n: string }> = await api.db.dataSource.query(`SELECT count(*) AS n FROM idempotency_keys WHERE ${where}`);
      return Number(row?.n);
    };
    for (let i = 1; i < PURGE_EVERY; i += 1) {
      const res = await api.http().post(`/v1/cards/${card.id}/events`).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'mail').send(eventBody('CardMailed'));
      expect(res.status).toBe(201);
    }
    expect(await count(`key LIKE 'old-%'`)).toBe(50);
    await api.http().post(`/v1/cards/${card.id}/events`).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'mail').send(eventBody('CardMailed'));
    expect(await count(`key LIKE 'old-%'`)).toBe(0);
    expect(await count(`key = 'mail'`)).toBe(1);
  });
});
