/**
 * Pure builders for tests: sensible defaults, every field overridable. Nothing here reads the
 * clock; the default instant is a fixed Monday morning in Oslo.
 */
import { DateTime } from 'luxon';
import type { CheckDeadline, OrderReissue, RecomputeDeadline, RecordEvent } from '../card.commands';
import type {
  AddressChanged,
  AddressConfirmed,
  AppointmentBooked,
  AppointmentMissed,
  BiometricsCaptured,
  CardCancelled,
  CardCollected,
  CardDelivered,
  CardEvent,
  CardLostInMail,
  CardMailed,
  CardOrdered,
  CardProduced,
  CardReportedLost,
  CardReturned,
  DeadlineBreached,
  DeadlineRecomputed,
  LossCircumstance,
  RecordableEvent,
  ReissueOrdered,
} from '../card.events';
import type { CardOpening, CardStatus } from '../card.state';

const ZONE = 'Europe/Oslo';

/** An instant from an ISO 8601 string with offset: `at('2025-04-14T10:00:00+02:00')`. */
export function at(iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`at(): not an ISO instant: ${iso}`);
  return date;
}

/** `base` moved by calendar days (and optionally minutes) in Oslo: wall-clock time is kept over DST. */
export function shift(base: Date, change: { days?: number; minutes?: number }): Date {
  return DateTime.fromJSDate(base, { zone: ZONE }).plus(change).toJSDate();
}

export const DEFAULT_AT = at('2025-04-14T10:00:00+02:00');

export function anOpening(overrides: Partial<CardOpening> = {}): CardOpening {
  return {
    dateOfBirth: '1990-06-15',
    address: { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo' },
    ...overrides,
  };
}

/** Data fields to override, plus `occurredAt` (a Date or an ISO string). */
type Overrides<E extends CardEvent | RecordableEvent> = (E['data'] extends Record<string, never>
  ? unknown
  : Partial<E['data']>) & { occurredAt?: Date | string };

function build<E extends CardEvent | RecordableEvent>(
  type: E['type'],
  defaults: E['data'],
  { occurredAt, ...data }: Overrides<E>,
): E {
  const when = occurredAt === undefined ? DEFAULT_AT : typeof occurredAt === 'string' ? at(occurredAt) : occurredAt;
  return { type, occurredAt: when, data: { ...defaults, ...data } } as E;
}

export const appointmentBooked = (o: Overrides<AppointmentBooked> = {}): AppointmentBooked =>
  build<AppointmentBooked>(
    'AppointmentBooked',
    { appointmentAt: at('2025-04-22T09:30:00+02:00'), station: 'Oslo politihus', channel: 'portal' },
    o,
  );
export const appointmentMissed = (o: Overrides<AppointmentMissed> = {}): AppointmentMissed =>
  build<AppointmentMissed>('AppointmentMissed', {}, o);
export const biometricsCaptured = (o: Overrides<BiometricsCaptured> = {}): BiometricsCaptured =>
  build<BiometricsCaptured>(
    'BiometricsCaptured',
    { station: 'Oslo politihus', fingerprints: true, guardianPresent: false },
    o,
  );
export const cardOrdered = (o: Overrides<CardOrdered> = {}): CardOrdered =>
  build<CardOrdered>('CardOrdered', { biometricsReused: false }, o);
export const cardProduced = (o: Overrides<CardProduced> = {}): CardProduced => build<CardProduced>('CardProduced', {}, o);
export const cardMailed = (o: Overrides<CardMailed> = {}): CardMailed => build<CardMailed>('CardMailed', {}, o);
export const cardDelivered = (o: Overrides<CardDelivered> = {}): CardDelivered =>
  build<CardDelivered>('CardDelivered', {}, o);
export const cardReturned = (o: Overrides<CardReturned> = {}): CardReturned =>
  build<CardReturned>('CardReturned', { reason: 'name_not_on_letterbox' }, o);
export const cardCollected = (o: Overrides<CardCollected> = {}): CardCollected =>
  build<CardCollected>('CardCollected', {}, o);
export const cardLostInMail = (o: Overrides<CardLostInMail> = {}): CardLostInMail =>
  build<CardLostInMail>('CardLostInMail', {}, o);
export const reissueOrdered = (o: Overrides<ReissueOrdered> = {}): ReissueOrdered =>
  build<ReissueOrdered>('ReissueOrdered', {}, o);
/** The stored event, fee included (300, or 0 for a defective card, unless overridden). */
export const cardReportedLost = (o: Overrides<CardReportedLost> = {}): CardReportedLost => {
  const circumstance: LossCircumstance = o.circumstance ?? 'lost';
  return build<CardReportedLost>('CardReportedLost', { circumstance, feeNok: circumstance === 'defective' ? 0 : 300 }, o);
};
/** What a caseworker records: the circumstance only. */
export const reportLost = (
  o: Partial<{ circumstance: LossCircumstance }> & { occurredAt?: Date | string } = {},
): RecordableEvent => build<Extract<RecordableEvent, { type: 'CardReportedLost' }>>('CardReportedLost', { circumstance: 'lost' }, o);
export const addressChanged = (o: Overrides<AddressChanged> = {}): AddressChanged =>
  build<AddressChanged>('AddressChanged', { address: { line1: 'Kirkeveien 7', postalCode: '0368', city: 'Oslo' } }, o);
export const addressConfirmed = (o: Overrides<AddressConfirmed> = {}): AddressConfirmed =>
  build<AddressConfirmed>('AddressConfirmed', { by: 'applicant' }, o);
export const cardCancelled = (o: Overrides<CardCancelled> = {}): CardCancelled =>
  build<CardCancelled>('CardCancelled', { reason: 'withdrawn' }, o);
export const deadlineBreached = (o: Overrides<DeadlineBreached> = {}): DeadlineBreached =>
  build<DeadlineBreached>('DeadlineBreached', { deadline: 'issue', dueDate: '2025-05-16' }, o);
export const deadlineRecomputed = (o: Overrides<DeadlineRecomputed> = {}): DeadlineRecomputed =>
  build<DeadlineRecomputed>(
    'DeadlineRecomputed',
    {
      deadline: 'issue',
      previousDueDate: '2025-05-16',
      dueDate: '2025-05-19',
      workingDays: 20,
      policyVersion: 'test-policy',
      calendarVersion: 'no-holidays-v1+closed(2025-05-02)',
      breachWithdrawn: false,
      reason: 'closure day 2025-05-02 added',
    },
    o,
  );

/** Records `event`; `now` defaults to the event's own `occurredAt`. */
export function record(event: RecordableEvent, now: Date | string = event.occurredAt): RecordEvent {
  return { type: 'RecordEvent', event, now: typeof now === 'string' ? at(now) : now };
}
export function orderReissue(lostAt: Date | string, now: Date | string = lostAt): OrderReissue {
  return {
    type: 'OrderReissue',
    lostAt: typeof lostAt === 'string' ? at(lostAt) : lostAt,
    now: typeof now === 'string' ? at(now) : now,
  };
}
export function checkDeadline(now: Date | string): CheckDeadline {
  return { type: 'CheckDeadline', now: typeof now === 'string' ? at(now) : now };
}

export function recomputeDeadline(now: Date | string, reason = 'closure day 2025-05-02 added'): RecomputeDeadline {
  return { type: 'RecomputeDeadline', now: typeof now === 'string' ? at(now) : now, reason };
}

/**
 * A plausible history that leaves the card in `status`, one event a day at 10:00 Oslo from
 * `start` (so the next event may be dated any time after the returned `lastAt`).
 */
export function historyTo(status: CardStatus, start: Date = at('2025-04-01T10:00:00+02:00')): CardEvent[] {
  const steps: ReadonlyArray<(o: { occurredAt: Date }) => CardEvent> = ((): Array<(o: { occurredAt: Date }) => CardEvent> => {
    const toOrdered = [appointmentBooked, biometricsCaptured, cardOrdered];
    const toMailed = [...toOrdered, cardProduced, cardMailed];
    switch (status) {
      case 'awaiting_appointment':
        return [];
      case 'appointment_booked':
        return [appointmentBooked];
      case 'biometrics_captured':
        return [appointmentBooked, biometricsCaptured];
      case 'ordered':
        return toOrdered;
      case 'produced':
        return [...toOrdered, cardProduced];
      case 'mailed':
        return toMailed;
      case 'delivered':
        return [...toMailed, cardDelivered];
      case 'returned':
        return [...toMailed, cardReturned];
      case 'lost_in_mail':
        return [...toMailed, cardLostInMail];
      case 'reissue_ordered':
        return [...toMailed, cardLostInMail, reissueOrdered];
      case 'replacement_requested':
        return [...toMailed, cardDelivered, cardReportedLost];
      case 'cancelled':
        return [appointmentBooked, cardCancelled];
      default: {
        const unknownStatus: never = status;
        throw new Error(`historyTo: unknown status ${String(unknownStatus)}`);
      }
    }
  })();
  return steps.map((step, i) => step({ occurredAt: shift(start, { days: i }) }));
}
