import type { CardStore, CardRecord, Domain, OpenCardInput } from '@cardtrail/infra';
import type { RecordableEvent } from '@cardtrail/card-lifecycle';

export const TEST_ACTOR = 'caseworker:test';
export const TEST_DUF_NUMBER = '201258697561';

/** Opens a card with realistic defaults; any field can be overridden. */
export async function givenCard(cards: CardStore, overrides: Partial<OpenCardInput> = {}): Promise<CardRecord> {
  return cards.open({
    dufNumber: TEST_DUF_NUMBER,
    policeDistrict: 'oslo',
    reason: 'first',
    applicant: {
      fullName: 'Amina Haddad',
      dateOfBirth: '1990-05-01',
      nationality: 'SY',
      email: 'amina@example.org',
      phone: '+4790000000',
      preferredLanguage: 'en',
    },
    address: { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo' },
    createdBy: TEST_ACTOR,
    ...overrides,
  });
}

/** Records caseworker events (as the API does: decide, append, outbox) at `now`. */
export async function record(
  cards: CardStore,
  domain: Domain,
  cardId: string,
  events: RecordableEvent[],
  now: Date,
): Promise<CardRecord> {
  let card: CardRecord | undefined;
  for (const event of events) {
    ({ card } = await cards.append(
      cardId,
      (state) => domain.decider.decide({ type: 'RecordEvent', event, now }, state),
      { actor: TEST_ACTOR },
    ));
  }
  if (!card) throw new Error('no events recorded');
  return card;
}

const HOUR = 3600_000;

/**
 * The events that take a new card to `ordered`: booked ten days before, biometrics at the
 * appointment, ordered at `orderedAt` (the deadline counts from the biometrics date).
 */
export function orderEvents(orderedAt: Date): RecordableEvent[] {
  const appointmentAt = new Date(orderedAt.getTime() - HOUR);
  return [
    {
      type: 'AppointmentBooked',
      occurredAt: new Date(orderedAt.getTime() - 240 * HOUR),
      data: { appointmentAt, station: 'Oslo sentrum', channel: 'portal' },
    },
    {
      type: 'BiometricsCaptured',
      occurredAt: appointmentAt,
      data: { station: 'Oslo sentrum', fingerprints: true, guardianPresent: false },
    },
    { type: 'CardOrdered', occurredAt: orderedAt, data: { biometricsReused: false } },
  ];
}
