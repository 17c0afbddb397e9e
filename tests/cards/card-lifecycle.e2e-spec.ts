import { beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { useTestApi } from '../support/api-app';
import { aCardBody, eventBody, givenCard } from '../support/card-builders';

/** Monday 14 April 2025, 12:00 in Oslo: 20 working days later is Friday 16 May. */
const NOW = new Date('2025-04-14T10:00:00Z');

describe('a card through its lifecycle, recorded by a caseworker over the API', () => {
  let token: string;
  const clock = new ManualClock(NOW);

  const api = useTestApi({ label: 'lifecycle', clock });
  beforeAll(async () => {
    token = await api.tokenFor({ role: 'caseworker', district: 'oslo', sub: 'cw-oslo-1', expiresIn: '365d' });
  });

  const post = (path: string, body: unknown) =>
    api.http().post(path).set('Authorization', `Bearer ${token}`).send(body as object);
  const get = (path: string) => api.http().get(path).set('Authorization', `Bearer ${token}`);
  const record = (id: string, type: string, overrides: Parameters<typeof eventBody>[1] = {}) =>
    post(`/v1/cards/${id}/events`, eventBody(type, overrides));

  it('opens a card awaiting an appointment, with Location and ETag "0"', async () => {
    const res = await post('/v1/cards', aCardBody());
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/cards/${res.body.id}`);
    expect(res.headers.etag).toBe('"0"');
    expect(res.body).toMatchObject({
      status: 'awaiting_appointment',
      issueNumber: 1,
      version: 0,
      policeDistrict: 'oslo',
      reason: 'first',
      dufNumber: '201258697561',
      applicant: { fullName: 'Amina Haddad', nationality: 'MA', preferredLanguage: 'en', phone: null },
      address: { line1: 'Storgata 1', line2: null, postalCode: '0155', city: 'Oslo' },
      addressConfirmedAt: null,
      appointment: null,
      deadline: null,
      delivered: null,
      fee: null,
    });
    expect(res.body.reference).toMatch(/^CT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  });

  it('follows open → book → biometrics → order → produce → mail → deliver, on time', async () => {
    const opened = await post('/v1/cards', aCardBody());
    const id: string = opened.body.id;

    const booked = await record(id, 'AppointmentBooked', { occurredAt: '2025-04-10T09:00:00Z' });
    expect(booked.status).toBe(201);
    expect(booked.headers.etag).toBe('"1"');
    expect(booked.body.event).toMatchObject({
      seq: 1,
      type: 'AppointmentBooked',
      occurredAt: '2025-04-10T09:00:00.000Z',
      actor: 'cw-oslo-1',
      data: { appointmentAt: '2025-04-14T08:00:00.000Z', station: 'Oslo sentrum', channel: 'portal' },
    });
    expect(booked.body.card).toMatchObject({
      status: 'appointment_booked',
      version: 1,
      appointment: { at: '2025-04-14T08:00:00.000Z', station: 'Oslo sentrum', channel: 'portal' },
    });

    const captured = await record(id, 'BiometricsCaptured');
    expect(captured.status).toBe(201);
    expect(captured.body.event.occurredAt).toBe(NOW.toISOString());
    expect(captured.body.card.deadline).toEqual({
      kind: 'issue',
      startDate: '2025-04-14',
      workingDays: 20,
      dueDate: '2025-05-16',
      overdue: false,
      breachedAt: null,
    });

    for (const [type, status] of [
      ['CardOrdered', 'ordered'],
      ['CardProduced', 'produced'],
      ['CardMailed', 'mailed'],
    ] as const) {
      const res = await record(id, type);
      expect(res.status).toBe(201);
      expect(res.body.card.status).toBe(status);
    }
    clock.set(new Date('2025-05-16T15:00:00Z'));
    const delivered = await record(id, 'CardDelivered');
    clock.set(NOW);
    expect(delivered.status).toBe(201);
    expect(delivered.body.card).toMatchObject({
      status: 'delivered',
      version: 6,
      delivered: { at: '2025-05-16T15:00:00.000Z', late: false, workingDaysLate: 0 },
    });

    const card = await get(`/v1/cards/${id}`);
    expect(card.status).toBe(200);
    expect(card.headers.etag).toBe('"6"');
    expect(card.body).toEqual(delivered.body.card);

    const history = await get(`/v1/cards/${id}/events`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { seq: number; type: string }) => [e.seq, e.type])).toEqual([
      [1, 'AppointmentBooked'],
      [2, 'BiometricsCaptured'],
      [3, 'CardOrdered'],
      [4, 'CardProduced'],
      [5, 'CardMailed'],
      [6, 'CardDelivered'],
    ]);
    expect(history.body.items[4]).toMatchObject({ actor: 'cw-oslo-1', data: { trackingNumber: 'RR123456785NO' } });
    expect(typeof history.body.items[0].recordedAt).toBe('string');

    const notifications = await get(`/v1/cards/${id}/notifications`);
    expect(notifications.status).toBe(200);
    expect(notifications.body).toEqual({ items: [] });
  });

  it('marks a delivery after the due date late, with the working days late', async () => {
    const card = await givenCard(api, { status: 'mailed', token });
    clock.set(new Date('2025-05-20T10:00:00Z')); // Tuesday after the Friday due date
    const res = await record(card.id, 'CardDelivered');
    clock.set(NOW);
    expect(res.status).toBe(201);
    expect(res.body.card.delivered).toEqual({ at: '2025-05-20T10:00:00.000Z', late: true, workingDaysLate: 2 });
  });

  it('takes a card lost in the mail to lost_in_mail with a 10-working-day reissue deadline (the worker orders the reissue)', async () => {
    const card = await givenCard(api, { status: 'mailed', token });
    const res = await record(card.id, 'CardLostInMail');
    expect(res.status).toBe(201);
    expect(res.body.card).toMatchObject({
      status: 'lost_in_mail',
      issueNumber: 1,
      deadline: { kind: 'reissue', startDate: '2025-04-14', workingDays: 10, dueDate: '2025-05-02' },
    });
  });

  it('takes a returned card to delivered when the applicant collects it', async () => {
    const card = await givenCard(api, { status: 'mailed', token });
    const returned = await record(card.id, 'CardReturned', { data: { reason: 'address_unknown' } });
    expect(returned.body.card.status).toBe('returned');
    const collected = await record(card.id, 'CardCollected');
    expect(collected.status).toBe(201);
    expect(collected.body.card).toMatchObject({ status: 'delivered', delivered: { late: false } });
  });

  it('starts a replacement with a 300 NOK fee when a delivered card is reported lost, free when defective', async () => {
    const lost = await givenCard(api, { status: 'delivered', token });
    const res = await record(lost.id, 'CardReportedLost', { data: { circumstance: 'stolen' } });
    expect(res.status).toBe(201);
    expect(res.body.event.data).toEqual({ circumstance: 'stolen', feeNok: 300 });
    expect(res.body.card).toMatchObject({
      status: 'replacement_requested',
      issueNumber: 2,
      fee: { amountNok: 300, circumstance: 'stolen' },
      deadline: null,
      delivered: null,
    });
    const rebooked = await record(lost.id, 'AppointmentBooked', { data: { appointmentAt: '2025-04-22T08:00:00Z' } });
    expect(rebooked.body.card.status).toBe('appointment_booked');

    const defective = await givenCard(api, { status: 'delivered', token });
    const free = await record(defective.id, 'CardReportedLost', { data: { circumstance: 'defective' } });
    expect(free.body.card.fee).toEqual({ amountNok: 0, circumstance: 'defective' });
  });

  it('orders a card without an appointment when biometrics on file are reused, the deadline counted from the order', async () => {
    const card = await givenCard(api, { token });
    const refused = await record(card.id, 'CardOrdered');
    expect(refused.status).toBe(409);
    const res = await record(card.id, 'CardOrdered', { data: { biometricsReused: true } });
    expect(res.status).toBe(201);
    expect(res.body.card).toMatchObject({ status: 'ordered', deadline: { kind: 'issue', startDate: '2025-04-14', dueDate: '2025-05-16' } });
  });

  it('changes and confirms the address without changing the status', async () => {
    const card = await givenCard(api, { status: 'ordered', token });
    const changed = await record(card.id, 'AddressChanged');
    expect(changed.body.card).toMatchObject({ status: 'ordered', address: { line1: 'Kirkeveien 2', line2: null }, addressConfirmedAt: null });
    const confirmed = await record(card.id, 'AddressConfirmed');
    expect(confirmed.body.card).toMatchObject({ status: 'ordered', addressConfirmedAt: NOW.toISOString() });
  });

  it("lists the card's notifications as the workers recorded them", async () => {
    const card = await givenCard(api, { status: 'ordered', token });
    await api.db.dataSource.query(
      `INSERT INTO notifications (key, card_id, kind, audience, issue_number, trigger_seq, due_at, status, attempts, reason, last_error, sent_at)
       VALUES ($1, $2, 'address_check', 'applicant', 1, 3, '2025-04-14T10:00:00Z', 'sent', 1, NULL, NULL, '2025-04-14T10:00:05Z'),
              ($3, $2, 'address_check_final', 'applicant', 1, 3, '2025-05-09T07:00:00Z', 'skipped', 0, 'address_confirmed', NULL, NULL)`,
      [`${card.id}:address_check:1:3`, card.id, `${card.id}:address_check_final:1:3`],
    );
    const res = await get(`/v1/cards/${card.id}/notifications`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        key: `${card.id}:address_check:1:3`,
        kind: 'address_check',
        audience: 'applicant',
        issueNumber: 1,
        dueAt: '2025-04-14T10:00:00.000Z',
        status: 'sent',
        attempts: 1,
        reason: null,
        lastError: null,
        sentAt: '2025-04-14T10:00:05.000Z',
      },
      {
        key: `${card.id}:address_check_final:1:3`,
        kind: 'address_check_final',
        audience: 'applicant',
        issueNumber: 1,
        dueAt: '2025-05-09T07:00:00.000Z',
        status: 'skipped',
        attempts: 0,
        reason: 'address_confirmed',
        lastError: null,
        sentAt: null,
      },
    ]);
  });

  describe('refusals', () => {
    it('answers a transition the status does not allow with 409, the status and the allowed events', async () => {
      const card = await givenCard(api, { token });
      const res = await record(card.id, 'CardDelivered');
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 409,
        code: 'CARD.TRANSITION_NOT_ALLOWED',
        cardStatus: 'awaiting_appointment',
        allowedEvents: ['AppointmentBooked', 'CardOrdered', 'AddressChanged', 'AddressConfirmed', 'CardCancelled'],
      });
      expect(res.body.detail).toContain('CardDelivered is not allowed while the card is awaiting_appointment');
      const after = await get(`/v1/cards/${card.id}`);
      expect(after.body.version).toBe(0);
    });

    it('allows nothing on a cancelled card', async () => {
      const card = await givenCard(api, { status: 'cancelled', token });
      const res = await record(card.id, 'AddressConfirmed');
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ cardStatus: 'cancelled', allowedEvents: [] });
    });

    it('refuses biometrics of a child without a guardian (422 CARD.GUARDIAN_REQUIRED)', async () => {
      const card = await givenCard(api, { status: 'appointment_booked', token, body: { applicant: { dateOfBirth: '2015-06-01' } } });
      const res = await record(card.id, 'BiometricsCaptured', { data: { guardianPresent: false } });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'CARD.GUARDIAN_REQUIRED', cardStatus: 'appointment_booked' });
      const ok = await record(card.id, 'BiometricsCaptured', { data: { guardianPresent: true } });
      expect(ok.status).toBe(201);
    });

    it('refuses biometrics without fingerprints from age 6 (422 CARD.FINGERPRINTS_REQUIRED)', async () => {
      const card = await givenCard(api, { status: 'appointment_booked', token });
      const res = await record(card.id, 'BiometricsCaptured', { data: { fingerprints: false } });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CARD.FINGERPRINTS_REQUIRED');
    });

    it('refuses an occurredAt more than 5 minutes in the future, and one before the previous event (422)', async () => {
      const card = await givenCard(api, { status: 'appointment_booked', token });
      const future = await record(card.id, 'BiometricsCaptured', { occurredAt: '2025-04-14T10:06:00Z' });
      expect(future.status).toBe(422);
      expect(future.body.code).toBe('CARD.OCCURRED_IN_FUTURE');
      const soon = await record(card.id, 'BiometricsCaptured', { occurredAt: '2025-04-14T12:04:00+02:00' });
      expect(soon.status).toBe(201);
      const before = await record(card.id, 'CardOrdered', { occurredAt: '2025-04-14T10:00:00Z' });
      expect(before.status).toBe(422);
      expect(before.body.code).toBe('CARD.OCCURRED_BEFORE_PREVIOUS_EVENT');
    });

    it.each(['ReissueOrdered', 'DeadlineBreached'])('refuses %s: the worker records it (422 CARD.SYSTEM_EVENT)', async (type) => {
      const card = await givenCard(api, { status: 'mailed', token });
      const res = await post(`/v1/cards/${card.id}/events`, { type, data: {} });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'CARD.SYSTEM_EVENT' });
      expect(res.body.detail).toContain('recorded by the worker');
    });

    it('answers 404 for an unknown card, and for an id that is not a UUID', async () => {
      for (const path of ['/v1/cards/00000000-0000-4000-8000-000000000000', '/v1/cards/not-a-uuid', '/v1/cards/not-a-uuid/events']) {
        const res = await get(path);
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      const res = await record('00000000-0000-4000-8000-000000000000', 'CardProduced');
      expect(res.status).toBe(404);
    });
  });
});
