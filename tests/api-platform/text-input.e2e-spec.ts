import { beforeAll, describe, expect, it } from '@jest/globals';
import { useTestApi } from '../support/api-app';
import { aCardBody, eventBody, givenCard, storedRowCounts } from '../support/card-builders';

/**
 * The reproductions of issue #9 (a NUL or a lone surrogate answered 500 and reached Postgres'
 * log), and the rule that replaced them: every string of every request, anywhere, refuses NUL
 * and unpaired surrogates with a 400 naming the field, and nothing is stored.
 */
describe('strings with NUL or an unpaired surrogate', () => {
  let token: string;
  let card: { id: string; reference: string };

  const api = useTestApi({ label: 'textinput' });
  beforeAll(async () => {
    token = await api.tokenFor({ role: 'caseworker', district: 'oslo' });
    card = await givenCard(api, { status: 'ordered' });
  });

  async function expectRefused(
    send: () => PromiseLike<{ status: number; body: { errors?: Array<{ field: string; message: string }> }; headers: Record<string, string> }>,
    fields: string[],
  ): Promise<void> {
    const before = await storedRowCounts(api);
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'https://cardtrail.example/problems/validation-error', status: 400 });
    expect(res.body.errors?.map((e) => e.field).sort()).toEqual([...fields].sort());
    for (const error of res.body.errors ?? []) expect(error.message).toMatch(/NUL|unpaired surrogate/);
    expect(await storedRowCounts(api)).toEqual(before);
  }

  const openCard = (body: object) => () => api.http().post('/v1/cards').set('Authorization', `Bearer ${token}`).send(body);

  it('POST /v1/cards with NUL in applicant.fullName and address.city: 400 naming both, nothing stored', async () => {
    await expectRefused(openCard(aCardBody({ applicant: { fullName: 'Amina\u0000Haddad' }, address: { city: 'Os\u0000lo' } })), [
      'applicant.fullName',
      'address.city',
    ]);
  });

  it('POST /v1/cards with a lone surrogate (high or low) in a name or address line', async () => {
    await expectRefused(openCard(aCardBody({ applicant: { fullName: 'Amina \ud800' } })), ['applicant.fullName']);
    await expectRefused(openCard(aCardBody({ address: { line1: '\udc00Storgata 1' } })), ['address.line1']);
  });

  it('accepts real unicode: a surrogate pair, combining marks, RTL and emoji are not refused', async () => {
    const res = await openCard(aCardBody({ applicant: { fullName: 'Āmina 𝒜 Ḥaddad \u202b🇳🇴 e\u0301' } }))();
    expect(res.status).toBe(201);
    expect(res.body.applicant.fullName).toBe('Āmina 𝒜 Ḥaddad \u202b🇳🇴 e\u0301');
  });

  it('POST /v1/status {"reference":"CT-\\u0000","dufNumber":"201910999999"}: 400 naming reference', async () => {
    await expectRefused(() => api.http().post('/v1/status').send({ reference: 'CT-\u0000', dufNumber: '201910999999' }), ['reference']);
  });

  it('POST /v1/status/address-confirmation with the same body: 400 naming reference, nothing recorded', async () => {
    await expectRefused(
      () => api.http().post('/v1/status/address-confirmation').send({ reference: 'CT-\u0000', dufNumber: '201910999999' }),
      ['reference'],
    );
    await expectRefused(
      () => api.http().post('/v1/status/address-confirmation').send({ reference: card.reference, dufNumber: '2019\ud83d10999999' }),
      ['dufNumber'],
    );
  });

  it('event data, at any depth', async () => {
    await expectRefused(
      () =>
        api
          .http()
          .post(`/v1/cards/${card.id}/events`)
          .set('Authorization', `Bearer ${token}`)
          .send(eventBody('AddressChanged', { data: { address: { line1: 'Kirkeveien 2', postalCode: '0368', city: 'Oslo\u0000' } } })),
      ['data.address.city'],
    );
  });

  it('a field name with NUL, and strings inside arrays', async () => {
    await expectRefused(openCard({ ...aCardBody(), 'admin\u0000': true }), ['admin\u0000']);
    await expectRefused(
      () => api.http().post('/v1/status').send({ reference: ['CT-1', 'x\u0000'], dufNumber: '201910999999' }),
      ['reference[1]'],
    );
  });

  it('a query parameter (GET /v1/cards?cursor=%00): 400 naming cursor', async () => {
    await expectRefused(() => api.http().get('/v1/cards?cursor=abc%00').set('Authorization', `Bearer ${token}`), ['cursor']);
  });

  it('a path parameter (GET /v1/cards/%00): 400 naming id', async () => {
    await expectRefused(() => api.http().get('/v1/cards/ab%00cd').set('Authorization', `Bearer ${token}`), ['id']);
  });

  it('says where the problem is in its detail', async () => {
    const res = await api.http().post('/v1/status').send({ reference: 'CT-\u0000', dufNumber: '201910999999' });
    expect(res.body.detail).toBe('Invalid request body: reference: must not contain the NUL character (U+0000).');
  });
});
