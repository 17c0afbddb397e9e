import type { CardStatus, PoliceDistrict } from '@cardtrail/card-lifecycle';
import type { TestApi } from './api-app';

/** Deep partial overrides for request bodies: nested objects merge, everything else replaces. */
type Overrides = Record<string, unknown>;

function merge(base: Record<string, unknown>, overrides: Overrides): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    if (value === undefined) delete out[key];
    else if (isPlainObject(value) && isPlainObject(current)) out[key] = merge(current, value);
    else out[key] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A valid `POST /v1/cards` body: a Moroccan adult in Oslo. Override any field
 * (`aCardBody({ applicant: { nationality: 'SE' } })`); `undefined` removes one.
 */
export function aCardBody(overrides: Overrides = {}): Record<string, unknown> {
  return merge(
    {
      dufNumber: '201258697561',
      policeDistrict: 'oslo',
      reason: 'first',
      applicant: {
        fullName: 'Amina Haddad',
        dateOfBirth: '1990-05-17',
        nationality: 'MA',
        email: 'amina@example.org',
        preferredLanguage: 'en',
      },
      address: { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo' },
    },
    overrides,
  );
}

const DEFAULT_DATA: Record<string, Record<string, unknown>> = {
  AppointmentBooked: { appointmentAt: '2025-04-14T08:00:00Z', station: 'Oslo sentrum', channel: 'portal' },
  AppointmentMissed: {},
  BiometricsCaptured: { station: 'Oslo sentrum', fingerprints: true, guardianPresent: false },
  CardOrdered: { biometricsReused: false },
  CardProduced: {},
  CardMailed: { trackingNumber: 'RR123456785NO' },
  CardDelivered: {},
  CardReturned: { reason: 'name_not_on_letterbox' },
  CardCollected: {},
  CardLostInMail: {},
  CardReportedLost: { circumstance: 'lost' },
  AddressChanged: { address: { line1: 'Kirkeveien 2', postalCode: '0368', city: 'Oslo' } },
  AddressConfirmed: { by: 'caseworker' },
  CardCancelled: { reason: 'withdrawn' },
};

/**
 * A valid `POST /v1/cards/{id}/events` body of `type` with sensible data. `overrides` may set
 * `occurredAt` and replace or extend `data` (`eventBody('CardMailed', { data: { trackingNumber: 'X' } })`).
 */
export function eventBody(type: string, overrides: { occurredAt?: string; data?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    type,
    ...(overrides.occurredAt !== undefined ? { occurredAt: overrides.occurredAt } : {}),
    data: { ...(DEFAULT_DATA[type] ?? {}), ...(overrides.data ?? {}) },
  };
}

/** The events that take a new card to each status through the API (ReissueOrdered is the worker's). */
export const PATH_TO: Record<Exclude<CardStatus, 'reissue_ordered'>, string[]> = {
  awaiting_appointment: [],
  appointment_booked: ['AppointmentBooked'],
  biometrics_captured: ['AppointmentBooked', 'BiometricsCaptured'],
  ordered: ['AppointmentBooked', 'BiometricsCaptured', 'CardOrdered'],
  produced: ['AppointmentBooked', 'BiometricsCaptured', 'CardOrdered', 'CardProduced'],
  mailed: ['AppointmentBooked', 'BiometricsCaptured', 'CardOrdered', 'CardProduced', 'CardMailed'],
  delivered: ['AppointmentBooked', 'BiometricsCaptured', 'CardOrdered', 'CardProduced', 'CardMailed', 'CardDelivered'],
  returned: ['AppointmentBooked', 'BiometricsCaptured', 'CardOrdered', 'CardProduced', 'CardMailed', 'CardReturned'],
  lost_in_mail: ['AppointmentBooked', 'BiometricsCaptured', 'CardOrdered', 'CardProduced', 'CardMailed', 'CardLostInMail'],
  replacement_requested: [
    'AppointmentBooked',
    'BiometricsCaptured',
    'CardOrdered',
    'CardProduced',
    'CardMailed',
    'CardDelivered',
    'CardReportedLost',
  ],
  cancelled: ['CardCancelled'],
};

export interface GivenCardOptions {
  status?: Exclude<CardStatus, 'reissue_ordered'>;
  district?: PoliceDistrict;
  /** Overrides of the opening body. */
  body?: Overrides;
  /** `occurredAt` per event type, for backdated histories. */
  at?: Partial<Record<string, string>>;
  /** A token to drive the API with; by default an admin's. */
  token?: string;
}

/** A card opened and driven through the API to `status`; returns the card view after the last step. */
export async function givenCard(api: TestApi, options: GivenCardOptions = {}): Promise<Record<string, unknown> & { id: string; reference: string; version: number; status: string }> {
  const token = options.token ?? (await api.tokenFor({ role: 'admin' }));
  const district = options.district ?? 'oslo';
  const opened = await api
    .http()
    .post('/v1/cards')
    .set('Authorization', `Bearer ${token}`)
    .send(aCardBody({ policeDistrict: district, ...(options.body ?? {}) }));
  if (opened.status !== 201) throw new Error(`opening a card failed: ${opened.status} ${JSON.stringify(opened.body)}`);
  let card = opened.body as { id: string; reference: string; version: number; status: string };
  for (const type of PATH_TO[options.status ?? 'awaiting_appointment']) {
    const at = options.at?.[type];
    const res = await api
      .http()
      .post(`/v1/cards/${card.id}/events`)
      .set('Authorization', `Bearer ${token}`)
      .send(eventBody(type, at ? { occurredAt: at } : {}));
    if (res.status !== 201) throw new Error(`recording ${type} failed: ${res.status} ${JSON.stringify(res.body)}`);
    card = res.body.card;
  }
  return card;
}

/** Row counts of the tables a request could write to: compare before and after to prove nothing was stored. */
export async function storedRowCounts(api: TestApi): Promise<Record<string, number>> {
  const [row]: Array<Record<string, string>> = await api.db.dataSource.query(
    `SELECT (SELECT count(*) FROM cards) AS cards, (SELECT count(*) FROM card_events) AS card_events,
            (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM idempotency_keys) AS idempotency_keys,
            (SELECT count(*) FROM calendar_closure_changes) AS calendar_closure_changes`,
  );
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
}
