import { beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { useTestApi } from '../support/api-app';
import { eventBody, givenCard } from '../support/card-builders';

const NOW = new Date('2025-04-14T10:00:00Z');

describe('recording events: idempotency keys, If-Match and concurrent writers', () => {
  let token: string;
  const clock = new ManualClock(NOW);

  const api = useTestApi({ label: 'concurrency', clock });
  beforeAll(async () => {
    token = await api.tokenFor({ role: 'caseworker', district: 'oslo', sub: 'cw-1', expiresIn: '365d' });
  });

  const record = (id: string, body: object, headers: Record<string, string> = {}, bearer = token) => {
    const req = api.http().post(`/v1/cards/${id}/events`).set('Authorization', `Bearer ${bearer}`);
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return req.send(body);
  };
  const eventCount = async (id: string): Promise<number> => {
    const [row]: Array<{ n: string }> = await api.db.dataSource.query('SELECT count(*) AS n FROM card_events WHERE card_id = $1', [id]);
    return Number(row?.n);
  };

  describe('Idempotency-Key', () => {
    it('replays the first answer to a sequential retry, and stores one event', async () => {
      const card = await givenCard(api, { status: 'produced', token });
      const body = eventBody('CardMailed');
      const first = await record(card.id, body, { 'Idempotency-Key': 'mail-1' });
      const retry = await record(card.id, { data: body.data, type: body.type }, { 'Idempotency-Key': 'mail-1' });
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(retry.body).toEqual(first.body);
      expect(await eventCount(card.id)).toBe(card.version + 1);
    });

    it('stores exactly one event when 50 requests with the same key arrive at once; the others replay or get 409, none a 5xx', async () => {
      const card = await givenCard(api, { status: 'produced', token });
      const body = eventBody('CardMailed', { data: { trackingNumber: 'RR000000001NO' } });
      const answers = await Promise.all(Array.from({ length: 50 }, () => record(card.id, body, { 'Idempotency-Key': 'parallel-key' })));
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      const created = answers.filter((a) => a.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const a of created) expect(a.body).toEqual(created[0]?.body);
      expect(created.filter((a) => a.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
      for (const a of answers.filter((x) => x.status === 409)) {
        expect(a.body.type).toMatch(/idempotency-key-in-flight$/);
      }
      expect(await eventCount(card.id)).toBe(card.version + 1);
      const keys: unknown[] = await api.db.dataSource.query(`SELECT 1 FROM idempotency_keys WHERE key = 'parallel-key'`);
      expect(keys).toHaveLength(1);
    });

    it('refuses the same key with another body (422) and stores nothing more', async () => {
      const card = await givenCard(api, { status: 'produced', token });
      await record(card.id, eventBody('CardMailed', { data: { trackingNumber: 'A' } }), { 'Idempotency-Key': 'reuse' });
      const res = await record(card.id, eventBody('CardMailed', { data: { trackingNumber: 'B' } }), { 'Idempotency-Key': 'reuse' });
      expect(res.status).toBe(422);
      expect(res.body.type).toMatch(/idempotency-key-reused$/);
      expect(await eventCount(card.id)).toBe(card.version + 1);
    });

    it('replays a refusal too: the first answer was a decision', async () => {
      const card = await givenCard(api, { token });
      const first = await record(card.id, eventBody('CardDelivered'), { 'Idempotency-Key': 'refused-once' });
      expect(first.status).toBe(409);
      const retry = await record(card.id, eventBody('CardDelivered'), { 'Idempotency-Key': 'refused-once' });
      expect(retry.status).toBe(409);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(retry.body).toEqual(first.body);
      expect(await eventCount(card.id)).toBe(0);
    });

    it('does not store input errors: a corrected retry with the same key is decided afresh', async () => {
      const card = await givenCard(api, { status: 'produced', token });
      const bad = await record(card.id, { type: 'CardMailed', data: { trackingNumber: 42 } }, { 'Idempotency-Key': 'fix-me' });
      expect(bad.status).toBe(400);
      const good = await record(card.id, eventBody('CardMailed'), { 'Idempotency-Key': 'fix-me' });
      expect(good.status).toBe(201);
    });

    it('scopes keys to the caller: another caseworker using the same key gets their own answer', async () => {
      const card = await givenCard(api, { status: 'produced', token });
      const other = await api.tokenFor({ role: 'caseworker', district: 'oslo', sub: 'cw-2', expiresIn: '365d' });
      const mine = await record(card.id, eventBody('CardMailed'), { 'Idempotency-Key': 'shared-name' });
      const theirs = await record(card.id, eventBody('CardMailed'), { 'Idempotency-Key': 'shared-name' }, other);
      expect(mine.status).toBe(201);
      expect(theirs.status).toBe(409);
      expect(theirs.body.cardStatus).toBe('mailed');
    });

    it('forgets a key after 24 hours', async () => {
      const card = await givenCard(api, { status: 'produced', token });
      await record(card.id, eventBody('CardMailed'), { 'Idempotency-Key': 'day-old' });
      clock.set(new Date(NOW.getTime() + 25 * 3600 * 1000));
      try {
        const res = await record(card.id, eventBody('CardDelivered'), { 'Idempotency-Key': 'day-old' });
        expect(res.status).toBe(201);
        expect(res.body.card.status).toBe('delivered');
      } finally {
        clock.set(NOW);
      }
    });

    it('refuses a malformed key (400)', async () => {
      const card = await givenCard(api, { status: 'produced', token });
      const res = await record(card.id, eventBody('CardMailed'), { 'Idempotency-Key': 'x'.repeat(201) });
      expect(res.status).toBe(400);
      expect(await eventCount(card.id)).toBe(card.version);
    });
  });

  describe('If-Match', () => {
    it('records when the version matches ("n", W/"n", n or *) and answers 412 when it is stale', async () => {
      const card = await givenCard(api, { status: 'ordered', token });
      const v = card.version;
      const stale = await record(card.id, eventBody('CardProduced'), { 'If-Match': `"${v - 1}"` });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ status: 412, currentVersion: v });
      expect(stale.headers.etag).toBe(`"${v}"`);
      expect(await eventCount(card.id)).toBe(v);

      const produced = await record(card.id, eventBody('CardProduced'), { 'If-Match': `"${v}"` });
      expect(produced.status).toBe(201);
      expect(produced.headers.etag).toBe(`"${v + 1}"`);
      expect((await record(card.id, eventBody('CardMailed'), { 'If-Match': `W/"${v + 1}"` })).status).toBe(201);
      expect((await record(card.id, eventBody('AddressConfirmed'), { 'If-Match': String(v + 2) })).status).toBe(201);
      expect((await record(card.id, eventBody('CardDelivered'), { 'If-Match': '*' })).status).toBe(201);
    });
  });

  describe('concurrent writers on one card', () => {
    it('lets exactly one of 20 parallel CardMailed win; the rest get 409 and nothing else is stored', async () => {
      const card = await givenCard(api, { status: 'produced', token });
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => record(card.id, eventBody('CardMailed', { data: { trackingNumber: `RR${i}NO` } }))),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([201, ...Array(19).fill(409)]);
      for (const a of answers.filter((x) => x.status === 409)) expect(a.body.cardStatus).toBe('mailed');
      expect(await eventCount(card.id)).toBe(card.version + 1);
      const outbox: unknown[] = await api.db.dataSource.query('SELECT 1 FROM outbox WHERE card_id = $1', [card.id]);
      expect(outbox).toHaveLength(card.version + 1);
    });

    it('with If-Match, exactly one of 20 wins and the rest get 412', async () => {
      const card = await givenCard(api, { status: 'ordered', token });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => record(card.id, eventBody('AddressConfirmed'), { 'If-Match': `"${card.version}"` })),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([201, ...Array(19).fill(412)]);
      expect(await eventCount(card.id)).toBe(card.version + 1);
    });
  });

  it('counts recorded and refused events in the metrics', async () => {
    const res = await api.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/cardtrail_events_recorded_total\{[^}]*type="CardMailed"[^}]*\} \d+/);
    expect(res.text).toMatch(/cardtrail_events_refused_total\{[^}]*code="CARD.TRANSITION_NOT_ALLOWED"[^}]*\} \d+/);
  });
});
