import { beforeAll, describe, expect, it } from '@jest/globals';
import { CardRefusedError } from '@cardtrail/card-lifecycle';
import {
  CardStore,
  CardVersionMismatchError,
  createDomain,
  loadConfig,
  type CardRecord,
} from '@cardtrail/infra';
import { useTestDatabase } from './support/suite';

const config = loadConfig({ NODE_ENV: 'test' });
const domain = createDomain(config);

function openInput() {
  return {
    dufNumber: '201258697561',
    policeDistrict: 'oslo' as const,
    reason: 'first' as const,
    applicant: {
      fullName: 'Amina Haddad',
      dateOfBirth: '1990-05-17',
      nationality: 'MA',
      preferredLanguage: 'en' as const,
    },
    address: { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo' },
    createdBy: 'caseworker-1',
  };
}

describe('the card store', () => {
  let store: CardStore;
  let card: CardRecord;
  const now = new Date('2025-04-10T08:00:00Z');

  const db = useTestDatabase('cardstore');
  beforeAll(async () => {
    store = new CardStore(db.dataSource, domain);
  });

  it('opens a card awaiting an appointment, with a human-friendly reference', async () => {
    card = await store.open(openInput());
    expect(card.status).toBe('awaiting_appointment');
    expect(card.version).toBe(0);
    expect(card.reference).toMatch(/^CT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('appends an event with its outbox row, and keeps the derived columns in step', async () => {
    const { card: after, events } = await store.append(
      card.id,
      (state) =>
        domain.decider.decide(
          {
            type: 'RecordEvent',
            now,
            event: {
              type: 'AppointmentBooked',
              occurredAt: now,
              data: { appointmentAt: new Date('2025-04-14T08:00:00Z'), station: 'Oslo sentrum', channel: 'portal' },
            },
          },
          state,
        ),
      { actor: 'caseworker-1' },
    );
    expect(events.map((e) => [e.seq, e.type])).toEqual([[1, 'AppointmentBooked']]);
    expect(after.version).toBe(1);
    expect(after.status).toBe('appointment_booked');
    expect(after.state.appointment?.at.toISOString()).toBe('2025-04-14T08:00:00.000Z');
    const outbox = await db.dataSource.query('SELECT topic, event_seq FROM outbox WHERE card_id = $1', [card.id]);
    expect(outbox).toEqual([{ topic: 'card-event', event_seq: 1 }]);

    const biometrics = await store.append(
      card.id,
      (state) =>
        domain.decider.decide(
          {
            type: 'RecordEvent',
            now: new Date('2025-04-14T09:00:00Z'),
            event: {
              type: 'BiometricsCaptured',
              occurredAt: new Date('2025-04-14T08:30:00Z'),
              data: { station: 'Oslo sentrum', fingerprints: true, guardianPresent: false },
            },
          },
          state,
        ),
      { actor: 'caseworker-1', expectedVersion: 1 },
    );
    const [row] = await db.dataSource.query(
      'SELECT status, version, due_date::text AS due, deadline_kind FROM cards WHERE id = $1',
      [card.id],
    );
    expect(row).toEqual({ status: 'biometrics_captured', version: 2, due: '2025-05-16', deadline_kind: 'issue' });
    expect(biometrics.card.state.deadline?.dueDate).toBe('2025-05-16');
  });

  it('writes nothing when the decision refuses or the version is stale', async () => {
    const count = async () => (await db.dataSource.query('SELECT count(*)::int AS n FROM card_events'))[0].n;
    const before = await count();
    await expect(
      store.append(
        card.id,
        (state) =>
          domain.decider.decide(
            { type: 'RecordEvent', now, event: { type: 'CardDelivered', occurredAt: now, data: {} } },
            state,
          ),
        { actor: 'caseworker-1' },
      ),
    ).rejects.toBeInstanceOf(CardRefusedError);
    await expect(store.append(card.id, () => [], { actor: 'x', expectedVersion: 1 })).rejects.toBeInstanceOf(
      CardVersionMismatchError,
    );
    expect(await count()).toBe(before);
  });

  it('appends several events at once: each stored with its recorded time and its own outbox row', async () => {
    const other = await store.open(openInput());
    const booked = new Date('2025-04-10T07:30:00Z');
    const captured = new Date('2025-04-14T08:30:00Z');
    const { card: after, events } = await store.append(
      other.id,
      (state) => {
        const first = domain.decider.decide(
          {
            type: 'RecordEvent',
            now,
            event: {
              type: 'AppointmentBooked',
              occurredAt: booked,
              data: { appointmentAt: new Date('2025-04-14T08:00:00Z'), station: 'Oslo sentrum', channel: 'portal' },
            },
          },
          state,
        );
        const next = first.reduce((s, e) => domain.decider.evolve(s, e), state);
        return [
          ...first,
          ...domain.decider.decide(
            {
              type: 'RecordEvent',
              now: new Date('2025-04-14T09:00:00Z'),
              event: {
                type: 'BiometricsCaptured',
                occurredAt: captured,
                data: { station: 'Oslo sentrum', fingerprints: true, guardianPresent: false },
              },
            },
            next,
          ),
        ];
      },
      { actor: 'caseworker-2' },
    );
    expect(events.map((e) => [e.seq, e.type, e.actor])).toEqual([
      [1, 'AppointmentBooked', 'caseworker-2'],
      [2, 'BiometricsCaptured', 'caseworker-2'],
    ]);
    expect(after).toMatchObject({ version: 2, status: 'biometrics_captured' });

    const rows: Array<{ seq: number; recorded_at: Date; occurred_at: Date }> = await db.dataSource.query(
      'SELECT seq, recorded_at, occurred_at FROM card_events WHERE card_id = $1 ORDER BY seq',
      [other.id],
    );
    expect(events.map((e) => e.recordedAt)).toEqual(rows.map((r) => r.recorded_at));
    expect(rows.map((r) => r.occurred_at)).toEqual([booked, captured]);
    const outbox = await db.dataSource.query(
      'SELECT topic, event_seq FROM outbox WHERE card_id = $1 ORDER BY event_seq',
      [other.id],
    );
    expect(outbox).toEqual([
      { topic: 'card-event', event_seq: 1 },
      { topic: 'card-event', event_seq: 2 },
    ]);
    expect(await store.load(other.id)).toEqual(after);
  });

  it('reads the history back with every instant revived', async () => {
    const history = await store.loadHistory(card.id);
    expect(history?.events.map((e) => e.type)).toEqual(['AppointmentBooked', 'BiometricsCaptured']);
    const booked = history?.events[0];
    expect(booked?.type === 'AppointmentBooked' && booked.data.appointmentAt).toEqual(
      new Date('2025-04-14T08:00:00Z'),
    );
    expect(history?.events[1].actor).toBe('caseworker-1');
  });
});

describe('appending to one card from many requests at once', () => {
  let store: CardStore;
  const db = useTestDatabase('cardrace');
  beforeAll(async () => {
    store = new CardStore(db.dataSource, domain);
  });

  it('keeps every event that is still allowed, each with its own seq, when appends race', async () => {
    const card = await store.open(openInput());
    const now = new Date('2025-04-10T08:00:00Z');
    // AddressConfirmed is allowed from every status but cancelled, so every racer must land:
    // the losers of the version guard read again and retry (or fall back to the row lock).
    const racers = Array.from({ length: 12 }, () =>
      store.append(
        card.id,
        (state) =>
          domain.decider.decide(
            { type: 'RecordEvent', now, event: { type: 'AddressConfirmed', occurredAt: now, data: { by: 'caseworker' } } },
            state,
          ),
        { actor: 'racer' },
      ),
    );
    const results = await Promise.all(racers);
    expect(results.map((r) => r.events[0].seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const [row] = await db.dataSource.query(
      'SELECT version, (SELECT count(*)::int FROM card_events WHERE card_id = $1) AS events, (SELECT count(*)::int FROM outbox WHERE card_id = $1) AS outbox FROM cards WHERE id = $1',
      [card.id],
    );
    expect(row).toEqual({ version: 12, events: 12, outbox: 12 });
  });
});
