import { beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { useTestApi } from '../support/api-app';
import { aCardBody, eventBody, givenCard, storedRowCounts } from '../support/card-builders';

const NOW = new Date('2025-04-14T10:00:00Z');

interface BadRequest {
  name: string;
  method: 'get' | 'post';
  path: (id: string) => string;
  /** A JSON value, or a raw string sent as is with Content-Type application/json. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  status: number;
}

const cardPath = () => '/v1/cards';
const eventsPath = (id: string) => `/v1/cards/${id}/events`;

/** Each row: a request a careless or hostile client might send, and the 4xx it must get. */
const TABLE: BadRequest[] = [
  { name: 'malformed JSON', method: 'post', path: cardPath, raw: '{"dufNumber": "2012', status: 400 },
  { name: 'a JSON array instead of an object', method: 'post', path: cardPath, raw: '[]', status: 400 },
  { name: 'JSON null', method: 'post', path: cardPath, raw: 'null', status: 400 },
  { name: 'no body at all', method: 'post', path: cardPath, status: 400 },
  { name: 'a form body', method: 'post', path: cardPath, raw: 'a=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, status: 415 },
  { name: 'an unknown top-level field', method: 'post', path: cardPath, body: aCardBody({ admin: true }), status: 400 },
  { name: 'an unknown nested field', method: 'post', path: cardPath, body: aCardBody({ applicant: { passportNumber: 'X1' } }), status: 400 },
  { name: 'a number for a string', method: 'post', path: cardPath, body: aCardBody({ dufNumber: 201258697561 }), status: 400 },
  { name: 'a missing required field', method: 'post', path: cardPath, body: aCardBody({ address: { city: undefined } }), status: 400 },
  { name: 'an impossible date of birth', method: 'post', path: cardPath, body: aCardBody({ applicant: { dateOfBirth: '2025-02-30' } }), status: 400 },
  { name: 'a date of birth in the future', method: 'post', path: cardPath, body: aCardBody({ applicant: { dateOfBirth: '2030-01-01' } }), status: 400 },
  { name: 'an unknown district', method: 'post', path: cardPath, body: aCardBody({ policeDistrict: 'bergen' }), status: 400 },
  { name: 'an unknown reason', method: 'post', path: cardPath, body: aCardBody({ reason: 'holiday' }), status: 400 },
  { name: 'an EU/EEA nationality', method: 'post', path: cardPath, body: aCardBody({ applicant: { nationality: 'SE' } }), status: 422 },
  { name: 'a Swiss nationality', method: 'post', path: cardPath, body: aCardBody({ applicant: { nationality: 'ch' } }), status: 422 },
  { name: 'an unknown country code', method: 'post', path: cardPath, body: aCardBody({ applicant: { nationality: 'XX' } }), status: 400 },
  { name: 'a DUF number of 11 digits', method: 'post', path: cardPath, body: aCardBody({ dufNumber: '20125869756' }), status: 400 },
  { name: 'a DUF number from the future', method: 'post', path: cardPath, body: aCardBody({ dufNumber: '209958697561' }), status: 400 },
  { name: 'a 5-digit postal code', method: 'post', path: cardPath, body: aCardBody({ address: { postalCode: '01550' } }), status: 400 },
  { name: 'an empty name', method: 'post', path: cardPath, body: aCardBody({ applicant: { fullName: '   ' } }), status: 400 },
  { name: 'a 201-character name', method: 'post', path: cardPath, body: aCardBody({ applicant: { fullName: 'A'.repeat(201) } }), status: 400 },
  { name: 'an invalid email', method: 'post', path: cardPath, body: aCardBody({ applicant: { email: 'not-an-email' } }), status: 400 },
  { name: 'an unknown language', method: 'post', path: cardPath, body: aCardBody({ applicant: { preferredLanguage: 'de' } }), status: 400 },
  { name: 'an oversized body', method: 'post', path: cardPath, body: aCardBody({ address: { line2: 'x'.repeat(200_000) } }), status: 413 },
  { name: 'an unknown event type', method: 'post', path: eventsPath, body: { type: 'CardEaten', data: {} }, status: 400 },
  { name: 'an event type of the wrong type', method: 'post', path: eventsPath, body: { type: 7, data: {} }, status: 400 },
  { name: 'an event without a type', method: 'post', path: eventsPath, body: { data: {} }, status: 400 },
  { name: 'a system event (ReissueOrdered)', method: 'post', path: eventsPath, body: { type: 'ReissueOrdered' }, status: 422 },
  { name: 'a system event (DeadlineBreached)', method: 'post', path: eventsPath, body: { type: 'DeadlineBreached', data: { deadline: 'issue', dueDate: '2025-05-16' } }, status: 422 },
  { name: 'an unknown field in event data', method: 'post', path: eventsPath, body: eventBody('CardMailed', { data: { weight: 20 } }), status: 400 },
  { name: 'an unknown field beside the event', method: 'post', path: eventsPath, body: { ...eventBody('CardMailed'), by: 'me' }, status: 400 },
  { name: 'an occurredAt without an offset', method: 'post', path: eventsPath, body: eventBody('CardMailed', { occurredAt: '2025-04-14T10:00:00' }), status: 400 },
  { name: 'an impossible occurredAt', method: 'post', path: eventsPath, body: eventBody('CardMailed', { occurredAt: '2025-02-30T10:00:00Z' }), status: 400 },
  { name: 'an occurredAt in 1850', method: 'post', path: eventsPath, body: eventBody('CardMailed', { occurredAt: '1850-01-01T10:00:00Z' }), status: 422 },
  { name: 'a wrong enum in event data', method: 'post', path: eventsPath, body: eventBody('CardReturned', { data: { reason: 'dog' } }), status: 400 },
  { name: 'a bare If-Match that is not a version', method: 'post', path: eventsPath, body: eventBody('CardMailed'), headers: { 'If-Match': 'abc' }, status: 400 },
  { name: 'two entity tags in If-Match', method: 'post', path: eventsPath, body: eventBody('CardMailed'), headers: { 'If-Match': '"1", "2"' }, status: 400 },
  { name: 'an Idempotency-Key with a space', method: 'post', path: eventsPath, body: eventBody('CardMailed'), headers: { 'Idempotency-Key': 'a b' }, status: 400 },
  { name: 'a non-UUID card id (events)', method: 'post', path: () => '/v1/cards/1%27%20OR%201=1/events', body: eventBody('CardMailed'), status: 404 },
  { name: 'a non-UUID card id (read)', method: 'get', path: () => '/v1/cards/12345', status: 404 },
  { name: 'a badly encoded path', method: 'get', path: () => '/v1/cards/%E0%A4%A', status: 400 },
  { name: 'a bad cursor', method: 'get', path: () => '/v1/cards?cursor=bm90LWEtY3Vyc29y', status: 400 },
  { name: 'a cursor that is not base64', method: 'get', path: () => '/v1/cards?cursor=%%%', status: 400 },
  { name: 'limit 0', method: 'get', path: () => '/v1/cards?limit=0', status: 400 },
  { name: 'limit 101', method: 'get', path: () => '/v1/cards?limit=101', status: 400 },
  { name: 'limit abc', method: 'get', path: () => '/v1/cards?limit=abc', status: 400 },
  { name: 'a repeated filter', method: 'get', path: () => '/v1/cards?status=ordered&status=mailed', status: 400 },
  { name: 'an unknown status filter', method: 'get', path: () => '/v1/cards?status=lost', status: 400 },
  { name: 'an unknown query parameter', method: 'get', path: () => '/v1/cards?sort=name', status: 400 },
  { name: 'overdue=yes', method: 'get', path: () => '/v1/cards?overdue=yes', status: 400 },
  { name: 'an impossible dueBefore', method: 'get', path: () => '/v1/cards?dueBefore=2025-13-01', status: 400 },
  { name: 'a nested query parameter', method: 'get', path: () => '/v1/cards?status[$ne]=x', status: 400 },
];

describe('bad input: a 4xx problem that says what is wrong, never a 5xx, and nothing stored', () => {
  let token: string;
  let card: { id: string };
  const clock = new ManualClock(NOW);

  const api = useTestApi({ label: 'badinput', clock });
  beforeAll(async () => {
    token = await api.tokenFor({ role: 'admin' });
    card = await givenCard(api, { status: 'produced', token });
  });

  it.each(TABLE.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const before = await storedRowCounts(api);
    let req = api.http()[row.method](row.path(card.id)).set('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(row.headers ?? {})) req = req.set(name, value);
    if (row.raw !== undefined) {
      if (!row.headers?.['Content-Type']) req = req.set('Content-Type', 'application/json');
      req = req.send(row.raw);
    } else if (row.body !== undefined) {
      req = req.send(row.body as object);
    }
    const res = await req;
    expect(res.status).toBe(row.status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: row.status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    if (res.status === 400 && res.body.errors) {
      for (const error of res.body.errors) expect(error).toEqual({ field: expect.any(String), message: expect.any(String) });
    }
    expect(await storedRowCounts(api)).toEqual(before);
  });

  it('names the offending fields', async () => {
    const res = await api
      .http()
      .post('/v1/cards')
      .set('Authorization', `Bearer ${token}`)
      .send(aCardBody({ admin: true, applicant: { dateOfBirth: '2025-02-30' }, address: { postalCode: 'abcd' } }));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['address.postalCode', 'admin', 'applicant.dateOfBirth']);
  });

  it('lists the known event types when the type is unknown', async () => {
    const res = await api.http().post(eventsPath(card.id)).set('Authorization', `Bearer ${token}`).send({ type: 'CardEaten' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('AppointmentBooked');
    expect(res.body.detail).toContain('CardCancelled');
    expect(res.body.detail).not.toContain('ReissueOrdered');
  });

  it('names the code of an EU/EEA refusal', async () => {
    const res = await api.http().post('/v1/cards').set('Authorization', `Bearer ${token}`).send(aCardBody({ applicant: { nationality: 'PL' } }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'CARD.EU_EEA_NATIONAL' });
  });
});
