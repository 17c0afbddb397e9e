import { beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { jwtSettings, mintAccessToken } from '../../apps/api/src/auth/jwt';
import { useTestApi, type TestApi } from '../support/api-app';
import { aCardBody, eventBody, givenCard } from '../support/card-builders';

const NOW = new Date('2025-04-14T10:00:00Z');

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('who may do what: tokens, roles and police districts', () => {
  const clock = new ManualClock(NOW);
  let oslo: string;
  let vest: string;
  let admin: string;
  let card: { id: string; version: number };

  const api = useTestApi({ label: 'authz', clock });
  beforeAll(async () => {
    oslo = await api.tokenFor({ role: 'caseworker', district: 'oslo', sub: 'cw-oslo' });
    vest = await api.tokenFor({ role: 'caseworker', district: 'vest', sub: 'cw-vest' });
    admin = await api.tokenFor({ role: 'admin' });
    card = await givenCard(api, { status: 'produced', token: oslo });
  });

  /** Every caseworker endpoint of the cards API, as [name, request]. */
  const endpoints = (): Array<[string, (bearer?: string) => ReturnType<ReturnType<TestApi['http']>['get']>]> => {
    const withToken = <T extends { set(name: string, value: string): T }>(req: T, bearer?: string): T =>
      bearer === undefined ? req : req.set('Authorization', `Bearer ${bearer}`);
    return [
      ['open', (b) => withToken(api.http().post('/v1/cards'), b).send(aCardBody())],
      ['read', (b) => withToken(api.http().get(`/v1/cards/${card.id}`), b)],
      ['list', (b) => withToken(api.http().get('/v1/cards?policeDistrict=oslo'), b)],
      ['record', (b) => withToken(api.http().post(`/v1/cards/${card.id}/events`), b).send(eventBody('AddressConfirmed'))],
      ['history', (b) => withToken(api.http().get(`/v1/cards/${card.id}/events`), b)],
      ['notifications', (b) => withToken(api.http().get(`/v1/cards/${card.id}/notifications`), b)],
      ['report', (b) => withToken(api.http().get('/v1/reports/deadlines?policeDistrict=oslo&from=2025-04-01&to=2025-04-30'), b)],
    ];
  };

  const badTokens = async (): Promise<Array<[string, string | undefined]>> => {
    const settings = jwtSettings(api.config);
    const user = { sub: 'cw-oslo', role: 'caseworker' as const, district: 'oslo' as const };
    const now = Math.floor(NOW.getTime() / 1000);
    return [
      ['no token', undefined],
      ['a malformed token', 'not.a.jwt'],
      ['a bad signature', await mintAccessToken(user, { ...settings, secret: 'another-secret-that-is-32-bytes-long!!' }, { now: NOW })],
      [
        'alg: none',
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...user, iss: settings.issuer, aud: settings.audience, exp: now + 3600 })}.`,
      ],
      ['an expired token', await mintAccessToken(user, settings, { now: new Date(NOW.getTime() - 86_400_000), expiresIn: '1h' })],
      ['a wrong issuer', await mintAccessToken(user, { ...settings, issuer: 'someone-else' }, { now: NOW })],
      ['a wrong audience', await mintAccessToken(user, { ...settings, audience: 'another-api' }, { now: NOW })],
      ['an unknown role', await mintAccessToken({ sub: 'x', role: 'applicant' as 'admin' }, settings, { now: NOW })],
    ];
  };

  it('answers 401 with WWW-Authenticate on every endpoint for a missing or invalid token, and stores nothing', async () => {
    const [before] = await api.db.dataSource.query('SELECT (SELECT count(*) FROM cards) AS cards, (SELECT count(*) FROM card_events) AS events');
    for (const [what, bearer] of await badTokens()) {
      for (const [name, call] of endpoints()) {
        const res = await call(bearer);
        expect({ what, name, status: res.status }).toEqual({ what, name, status: 401 });
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
    const [after] = await api.db.dataSource.query('SELECT (SELECT count(*) FROM cards) AS cards, (SELECT count(*) FROM card_events) AS events');
    expect(after).toEqual(before);
  });

  it('answers 403 to a caseworker of another district on every endpoint, and stores nothing', async () => {
    const before = card.version;
    for (const [name, call] of endpoints()) {
      const res = await call(vest);
      expect({ name, status: res.status }).toEqual({ name, status: 403 });
      expect(res.body.detail).not.toContain('Amina');
    }
    const [row]: Array<{ version: number }> = await api.db.dataSource.query('SELECT version FROM cards WHERE id = $1', [card.id]);
    expect(row?.version).toBe(before);
  });

  it('lets the caseworker of the district and an admin use every endpoint', async () => {
    for (const bearer of [oslo, admin]) {
      for (const [name, call] of endpoints()) {
        const res = await call(bearer);
        expect({ name, ok: res.status < 300 }).toEqual({ name, ok: true });
      }
    }
  });

  it("confines a caseworker's list to their district; an admin lists every district", async () => {
    const inVest = await givenCard(api, { district: 'vest', token: vest });
    const vestList = await api.http().get('/v1/cards?limit=100').set('Authorization', `Bearer ${vest}`);
    expect(vestList.status).toBe(200);
    expect(vestList.body.items.map((c: { id: string }) => c.id)).toEqual([inVest.id]);
    const osloList = await api.http().get('/v1/cards?limit=100').set('Authorization', `Bearer ${oslo}`);
    expect(osloList.body.items.every((c: { policeDistrict: string }) => c.policeDistrict === 'oslo')).toBe(true);
    const all = await api.http().get('/v1/cards?limit=100').set('Authorization', `Bearer ${admin}`);
    expect(new Set(all.body.items.map((c: { policeDistrict: string }) => c.policeDistrict))).toEqual(new Set(['oslo', 'vest']));
  });

  it('keeps the applicant endpoints public', async () => {
    const res = await api.http().post('/v1/status').send({ reference: 'CT-0000-0000-0000', dufNumber: '201258697561' });
    expect(res.status).toBe(404);
  });
});
