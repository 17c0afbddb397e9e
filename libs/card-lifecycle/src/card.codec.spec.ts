import { describe, expect, it } from '@jest/globals';
import { eventFromJson, eventToJson, stateFromJson, stateToJson } from './card.codec';
import { CARD_EVENT_TYPES, type CardEvent } from './card.events';
import type { CardState } from './card.state';
import {
  addressChanged,
  addressConfirmed,
  appointmentBooked,
  appointmentMissed,
  at,
  biometricsCaptured,
  cardCancelled,
  cardCollected,
  cardDelivered,
  cardLostInMail,
  cardMailed,
  cardOrdered,
  cardProduced,
  cardReportedLost,
  cardReturned,
  deadlineBreached,
  deadlineRecomputed,
  reissueOrdered,
} from './testing/builders';
import { DeciderSpec } from './testing/decider-spec';

const oneOfEach: CardEvent[] = [
  appointmentBooked({ occurredAt: '2025-04-10T12:00:00+02:00' }),
  appointmentMissed(),
  biometricsCaptured({ guardianPresent: true }),
  cardOrdered({ biometricsReused: true }),
  cardProduced(),
  cardMailed({ trackingNumber: 'RR123456785NO' }),
  cardDelivered(),
  cardReturned({ reason: 'address_unknown' }),
  cardCollected(),
  cardLostInMail(),
  reissueOrdered(),
  cardReportedLost({ circumstance: 'defective' }),
  addressChanged({ address: { line1: 'Nygata 2', line2: 'H0201', postalCode: '5017', city: 'Bergen' } }),
  addressConfirmed({ by: 'caseworker' }),
  cardCancelled({ reason: 'permit_revoked' }),
  deadlineBreached({ deadline: 'reissue', dueDate: '2025-05-28' }),
  deadlineRecomputed({ previousDueDate: '2025-05-28', dueDate: '2025-05-29' }),
];

/** Through real JSON text, as a jsonb column would store it. */
const viaJsonText = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('event codec', () => {
  it('covers every event type', () => {
    expect(oneOfEach.map((e) => e.type)).toEqual([...CARD_EVENT_TYPES]);
  });

  it.each(oneOfEach.map((e) => [e.type, e] as const))('round-trips %s through JSON text', (_type, event) => {
    const json = viaJsonText(eventToJson(event));
    expect(typeof json.occurredAt).toBe('string');
    expect(eventFromJson(json)).toEqual(event);
  });

  it('writes instants as ISO strings in UTC', () => {
    expect(eventToJson(appointmentBooked({ occurredAt: '2025-04-10T12:00:00+02:00', appointmentAt: at('2025-04-22T09:30:00+02:00') }))).toEqual({
      type: 'AppointmentBooked',
      occurredAt: '2025-04-10T10:00:00.000Z',
      data: { appointmentAt: '2025-04-22T07:30:00.000Z', station: 'Oslo politihus', channel: 'portal' },
    });
  });

  it('does not change the event it encodes', () => {
    const event = appointmentBooked();
    eventToJson(event);
    expect(event.data.appointmentAt).toBeInstanceOf(Date);
  });

  it('rejects corrupt stored data', () => {
    expect(() => eventFromJson({ type: 'CardEaten', occurredAt: '2025-04-10T10:00:00Z', data: {} })).toThrow(TypeError);
    expect(() => eventFromJson({ type: 'CardMailed', occurredAt: 'yesterday', data: {} })).toThrow(/occurredAt/);
    expect(() => eventFromJson({ type: 'AppointmentBooked', occurredAt: '2025-04-10T10:00:00Z', data: {} })).toThrow(/appointmentAt/);
  });
});

describe('state codec', () => {
  const full = DeciderSpec.for()
    .given([
      appointmentBooked({ occurredAt: '2025-04-10T12:00:00+02:00' }),
      addressConfirmed({ occurredAt: '2025-04-11T12:00:00+02:00' }),
      biometricsCaptured({ occurredAt: '2025-04-14T10:00:00+02:00' }),
      cardOrdered({ occurredAt: '2025-04-14T11:00:00+02:00' }),
      cardMailed({ occurredAt: '2025-05-12T10:00:00+02:00' }),
      deadlineBreached({ occurredAt: '2025-05-17T00:00:00+02:00' }),
      cardDelivered({ occurredAt: '2025-05-21T10:00:00+02:00' }),
    ])
    .state();
  const replaced = DeciderSpec.for()
    .given([cardOrdered({ biometricsReused: true, occurredAt: '2025-04-14T10:00:00+02:00' }), cardMailed({ occurredAt: '2025-04-20T10:00:00+02:00' }), cardDelivered({ occurredAt: '2025-04-22T10:00:00+02:00' }), cardReportedLost({ occurredAt: '2025-06-01T10:00:00+02:00' })])
    .state();

  it('has every instant of the state set in the fixtures', () => {
    expect(full).toMatchObject({ addressConfirmedAt: expect.any(Date), orderedAt: expect.any(Date), lastEventAt: expect.any(Date) });
    expect(full.appointment?.at).toBeInstanceOf(Date);
    expect(full.deadline?.breachedAt).toBeInstanceOf(Date);
    expect(full.delivered?.at).toBeInstanceOf(Date);
    expect(replaced.fee).toEqual({ amountNok: 300, circumstance: 'lost' });
  });

  it.each([
    ['a delivered, late card', full],
    ['a replacement with a fee', replaced],
  ] as Array<[string, CardState]>)('round-trips %s through JSON text', (_name, state) => {
    const json = viaJsonText(stateToJson(state));
    expect(json.lastEventAt).toEqual(expect.any(String));
    expect(stateFromJson(json)).toEqual(state);
  });

  it('round-trips the initial state', () => {
    const initial = DeciderSpec.for().state();
    expect(stateFromJson(viaJsonText(stateToJson(initial)))).toEqual(initial);
  });

  it('rejects a corrupt instant', () => {
    const json = stateToJson(full);
    expect(() => stateFromJson({ ...json, orderedAt: 'soon' })).toThrow(/orderedAt/);
  });
});
