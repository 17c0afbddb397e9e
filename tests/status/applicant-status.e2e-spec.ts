import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { startTestApi, useTestApi, type TestApi } from '../support/api-app';
import { uniqueQueuePrefix } from '../support/test-database';
import { givenCard } from '../support/card-builders';

const NOW = new Date('2025-04-14T10:00:00Z');
const DUF = '201258697561';

describe('the applicant status lookup', () => {
  const clock = new ManualClock(NOW);

  const api = useTestApi({ label: 'status', clock });

  const lookUp = (body: object, language?: string) => {
    const req = api.http().post('/v1/status');
    if (language) req.set('Accept-Language', language);
    return req.send(body);
  };

  it('answers the applicant view in plain English, without personal data', async () => {
    const card = await givenCard(api, { status: 'ordered' });
    const res = await lookUp({ reference: card.reference, dufNumber: DUF });
    expect(res.status).toBe(200);
    expect(res.headers['content-language']).toBe('en');
    expect(res.body).toEqual({
      reference: card.reference,
      status: 'ordered',
      message: expect.stringContaining('Your card has been ordered'),
      nextSteps: expect.any(Array),
      expectedBy: '2025-05-16',
      overdue: false,
      workingDaysLeft: 20,
      timeline: [
        { status: 'appointment_booked', date: '2025-04-14' },
        { status: 'biometrics_captured', date: '2025-04-14' },
        { status: 'ordered', date: '2025-04-14' },
      ],
      addressCheck: { confirmed: false, advice: expect.stringContaining('Folkeregisteret') },
      policeDistrict: { slug: 'oslo', name: 'Oslo police district' },
    });
    const text = JSON.stringify(res.body);
    for (const personal of ['Amina', 'Haddad', DUF, 'Storgata', '0155', 'amina@example.org', '1990-05-17']) {
      expect(text).not.toContain(personal);
    }
  });

  it('answers in Norwegian when Accept-Language asks for it', async () => {
    const card = await givenCard(api, { status: 'ordered' });
    const res = await lookUp({ reference: card.reference, dufNumber: DUF }, 'nb-NO,nb;q=0.9,en;q=0.5');
    expect(res.status).toBe(200);
    expect(res.headers['content-language']).toBe('nb');
    expect(res.body.message).toContain('Kortet ditt er bestilt');
    expect(res.body.policeDistrict.name).toBe('Oslo politidistrikt');
  });

  it('answers in nynorsk for nn, and in bokmål for no; nn is a preferred language', async () => {
    const card = await givenCard(api, { status: 'ordered', district: 'ost', body: { applicant: { preferredLanguage: 'nn' } } });
    expect(card).toMatchObject({ applicant: { preferredLanguage: 'nn' } });
    const nn = await lookUp({ reference: card.reference, dufNumber: DUF }, 'nn-NO,nn;q=0.9,nb;q=0.8');
    expect(nn.status).toBe(200);
    expect(nn.headers['content-language']).toBe('nn');
    expect(nn.body.message).toBe('Kortet ditt er bestilt og blir produsert. Kortet skal vere framme innan fredag 16. mai 2025.');
    expect(nn.body.policeDistrict.name).toBe('Aust politidistrikt');
    const no = await lookUp({ reference: card.reference, dufNumber: DUF }, 'no');
    expect(no.headers['content-language']).toBe('nb');
    expect(no.body.policeDistrict.name).toBe('Øst politidistrikt');
  });

  it('accepts the reference typed in lower case, with O for 0, and the DUF number with spaces', async () => {
    const card = await givenCard(api);
    const typed = card.reference.toLowerCase().replace(/0/g, 'o');
    const res = await lookUp({ reference: ` ${typed} `, dufNumber: '2012 5869 7561' });
    expect(res.status).toBe(200);
    expect(res.body.reference).toBe(card.reference);
  });

  it('gives the same 404 for an unknown reference and for a wrong DUF number', async () => {
    const card = await givenCard(api);
    const unknown = await lookUp({ reference: 'CT-0000-0000-0000', dufNumber: DUF });
    const wrongDuf = await lookUp({ reference: card.reference, dufNumber: '201258697562' });
    const garbage = await lookUp({ reference: 'x', dufNumber: 'y' });
    for (const res of [unknown, wrongDuf, garbage]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe(unknown.headers['content-type']);
      expect(res.text).toBe(unknown.text);
    }
    expect(unknown.body).toMatchObject({ status: 404, type: expect.stringContaining('status-not-found') });
  });

  it('refuses a body that is not { reference, dufNumber } with a 400', async () => {
    for (const body of [{ reference: 'CT-0000-0000-0000' }, { reference: 'CT-0000-0000-0000', dufNumber: DUF, name: 'x' }, { reference: 1, dufNumber: DUF }]) {
      const res = await lookUp(body);
      expect(res.status).toBe(400);
    }
  });

  it("records the applicant's address confirmation once, and shows it confirmed", async () => {
    const card = await givenCard(api, { status: 'ordered' });
    const res = await api.http().post('/v1/status/address-confirmation').send({ reference: card.reference, dufNumber: DUF });
    expect(res.status).toBe(200);
    expect(res.body.addressCheck.confirmed).toBe(true);
    const again = await api.http().post('/v1/status/address-confirmation').send({ reference: card.reference, dufNumber: DUF });
    expect(again.status).toBe(200);
    const events: Array<{ type: string; actor: string; data: unknown }> = await api.db.dataSource.query(
      `SELECT type, actor, data FROM card_events WHERE card_id = $1 AND type = 'AddressConfirmed'`,
      [card.id],
    );
    expect(events).toEqual([{ type: 'AddressConfirmed', actor: 'applicant', data: { by: 'applicant' } }]);
  });

  it('refuses an address confirmation with a wrong DUF number (the same 404) and on a cancelled card (409)', async () => {
    const card = await givenCard(api, { status: 'cancelled' });
    const wrong = await api.http().post('/v1/status/address-confirmation').send({ reference: card.reference, dufNumber: '201258697562' });
    expect(wrong.status).toBe(404);
    const cancelled = await api.http().post('/v1/status/address-confirmation').send({ reference: card.reference, dufNumber: DUF });
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.detail).not.toContain('Amina');
  });

  describe('rate limiting, shared through Redis', () => {
    // Two API processes (apps) on the same Redis key prefix, as in a scaled-out deployment.
    let first: TestApi;
    let second: TestApi;
    beforeAll(async () => {
      const env = { STATUS_RATE_LIMIT_PER_MINUTE: '3', QUEUE_PREFIX: uniqueQueuePrefix('status-rl') };
      first = await startTestApi({ db: api.db, clock, env });
      second = await startTestApi({ db: api.db, clock, env });
    });
    afterAll(async () => {
      await first?.close();
      await second?.close();
    });

    it('answers 429 with Retry-After once the failed lookups of an address exceed the limit across processes, even for a correct lookup', async () => {
      const card = await givenCard(api);
      const good = { reference: card.reference, dufNumber: DUF };
      const wrong = { ...good, dufNumber: '201258697562' };
      // Successful lookups do not count.
      for (let i = 0; i < 5; i += 1) expect((await first.http().post('/v1/status').send(good)).status).toBe(200);
      expect((await first.http().post('/v1/status').send(wrong)).status).toBe(404);
      expect((await second.http().post('/v1/status').send(wrong)).status).toBe(404);
      expect((await first.http().post('/v1/status/address-confirmation').send(wrong)).status).toBe(404);

      const blocked = await second.http().post('/v1/status').send(wrong);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(blocked.body).toMatchObject({ status: 429, type: expect.stringContaining('too-many-requests') });
      expect((await first.http().post('/v1/status').send(good)).status).toBe(429);
      expect((await second.http().post('/v1/status/address-confirmation').send(good)).status).toBe(429);
    });
  });
});
