import type { IsoDate } from './calendar/iso-date';
/**
 * The facts recorded about a card. Past tense, `type` a string literal. Instants are `Date`
 * (UTC); `occurredAt` is when it happened in the world, which may be before it was recorded.
 * Serialisation to and from JSON lives in `card.codec.ts`.
 */

export const POLICE_DISTRICTS = [
  'oslo',
  'ost',
  'innlandet',
  'sor-ost',
  'agder',
  'sor-vest',
  'vest',
  'more-og-romsdal',
  'trondelag',
  'nordland',
  'troms',
  'finnmark',
] as const;
export type PoliceDistrict = (typeof POLICE_DISTRICTS)[number];

export const APPOINTMENT_CHANNELS = ['portal', 'phone', 'police'] as const;
export type AppointmentChannel = (typeof APPOINTMENT_CHANNELS)[number];

export const RETURN_REASONS = ['address_unknown', 'name_not_on_letterbox', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const LOSS_CIRCUMSTANCES = ['lost', 'stolen', 'damaged', 'defective'] as const;
export type LossCircumstance = (typeof LOSS_CIRCUMSTANCES)[number];

export const CANCELLATION_REASONS = ['permit_revoked', 'withdrawn', 'other'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

export const ADDRESS_CONFIRMERS = ['applicant', 'caseworker'] as const;
export type AddressConfirmer = (typeof ADDRESS_CONFIRMERS)[number];

export const DEADLINE_KINDS = ['issue', 'reissue'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];


export interface Address {
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
}

type Event<T extends string, D> = { type: T; occurredAt: Date; data: D };
type Empty = Record<string, never>;

export type AppointmentBooked = Event<
  'AppointmentBooked',
  { appointmentAt: Date; station: string; channel: AppointmentChannel }
>;
export type AppointmentMissed = Event<'AppointmentMissed', Empty>;
/** Only that a capture happened, where and when: never the biometrics themselves. */
export type BiometricsCaptured = Event<
  'BiometricsCaptured',
  { station: string; fingerprints: boolean; guardianPresent: boolean }
>;
export type CardOrdered = Event<'CardOrdered', { biometricsReused: boolean }>;
export type CardProduced = Event<'CardProduced', Empty>;
export type CardMailed = Event<'CardMailed', { trackingNumber?: string }>;
export type CardDelivered = Event<'CardDelivered', Empty>;
export type CardReturned = Event<'CardReturned', { reason: ReturnReason }>;
export type CardCollected = Event<'CardCollected', Empty>;
export type CardLostInMail = Event<'CardLostInMail', Empty>;
/** Recorded by the worker shortly after `CardLostInMail`; starts a new issue. */
export type ReissueOrdered = Event<'ReissueOrdered', Empty>;
/** Starts a new issue; `feeNok` is 300, or 0 for a defective card. */
export type CardReportedLost = Event<
  'CardReportedLost',
  { circumstance: LossCircumstance; feeNok: number }
>;
export type AddressChanged = Event<'AddressChanged', { address: Address }>;
export type AddressConfirmed = Event<'AddressConfirmed', { by: AddressConfirmer }>;
export type CardCancelled = Event<'CardCancelled', { reason: CancellationReason }>;
/** Recorded by the worker when the due date has passed without delivery. */
export type DeadlineBreached = Event<'DeadlineBreached', { deadline: DeadlineKind; dueDate: IsoDate }>;
/**
 * Recorded by the system when the due date of the current deadline changes under another
 * working-day calendar (a closure day added or removed) or deadline policy. `occurredAt` is when
 * the recomputation ran. `breachWithdrawn` is true when a recorded breach no longer holds: the new
 * due date had not passed when the deadline was recomputed.
 */
export type DeadlineRecomputed = Event<
  'DeadlineRecomputed',
  {
    deadline: DeadlineKind;
    previousDueDate: IsoDate;
    dueDate: IsoDate;
    workingDays: number;
    policyVersion: string;
    calendarVersion: string;
    breachWithdrawn: boolean;
    /** Why it was recomputed, in a few words (e.g. "closure day 2026-12-01 added"). */
    reason: string;
  }
>;

export type CardEvent =
  | AppointmentBooked
  | AppointmentMissed
  | BiometricsCaptured
  | CardOrdered
  | CardProduced
  | CardMailed
  | CardDelivered
  | CardReturned
  | CardCollected
  | CardLostInMail
  | ReissueOrdered
  | CardReportedLost
  | AddressChanged
  | AddressConfirmed
  | CardCancelled
  | DeadlineBreached
  | DeadlineRecomputed;

export type CardEventType = CardEvent['type'];

export const CARD_EVENT_TYPES = [
  'AppointmentBooked',
  'AppointmentMissed',
  'BiometricsCaptured',
  'CardOrdered',
  'CardProduced',
  'CardMailed',
  'CardDelivered',
  'CardReturned',
  'CardCollected',
  'CardLostInMail',
  'ReissueOrdered',
  'CardReportedLost',
  'AddressChanged',
  'AddressConfirmed',
  'CardCancelled',
  'DeadlineBreached',
  'DeadlineRecomputed',
] as const satisfies readonly CardEventType[];

/** Events only the worker records; a caseworker request naming one is refused. */
export const SYSTEM_EVENT_TYPES = ['ReissueOrdered', 'DeadlineBreached', 'DeadlineRecomputed'] as const;
export type SystemEventType = (typeof SYSTEM_EVENT_TYPES)[number];

/**
 * What a caseworker (or the applicant, for `AddressConfirmed`) records. `CardReportedLost`
 * carries only the circumstance: the fee is decided by the domain.
 */
export type RecordableEvent =
  | Exclude<CardEvent, ReissueOrdered | DeadlineBreached | DeadlineRecomputed | CardReportedLost>
  | Event<'CardReportedLost', { circumstance: LossCircumstance }>;
export type RecordableEventType = RecordableEvent['type'];
