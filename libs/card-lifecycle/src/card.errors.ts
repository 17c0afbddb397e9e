import type { RecordableEventType } from './card.events';
import type { CardStatus } from './card.state';

/**
 * Stable refusal codes. Adapters map them to HTTP answers; clients may switch on them, so a code
 * is never renamed once shipped.
 */
export const CARD_REFUSAL_CODES = [
  /** The event is not allowed from the card's current status (the lifecycle table, docs/domain.md). */
  'CARD.TRANSITION_NOT_ALLOWED',
  /** `BiometricsCaptured` for an applicant under 18 without a parent or guardian present. */
  'CARD.GUARDIAN_REQUIRED',
  /** `BiometricsCaptured` without fingerprints for an applicant aged 6 or older. */
  'CARD.FINGERPRINTS_REQUIRED',
  /** `occurredAt` more than 5 minutes after `now`. */
  'CARD.OCCURRED_IN_FUTURE',
  /** `occurredAt` before the card's previous lifecycle event. */
  'CARD.OCCURRED_BEFORE_PREVIOUS_EVENT',
  /** `occurredAt`, `appointmentAt` or `lostAt` is not a valid instant in 1970–2199. */
  'CARD.INVALID_INSTANT',
  /**
   * A caller tried to record an event only the system records (ReissueOrdered, DeadlineBreached,
   * DeadlineRecomputed): `parseRecordEvent` refuses it (`system-event`); the API answers with this code.
   */
  'CARD.SYSTEM_EVENT',
  /** A `RecomputeDeadline` reason outside 1–200 characters. (Event data is checked by the parsers, card.input.ts.) */
  'CARD.INVALID_EVENT_DATA',
  /** Not raised since the parsers (card.input.ts) took over input checks; kept: a shipped code is never removed. */
  'CARD.UNKNOWN_EVENT_TYPE',
  /** Opening a card for an EU/EEA (or Swiss) national: they get a registration certificate. */
  'CARD.EU_EEA_NATIONAL',
  /** Nationality is not an ISO 3166-1 alpha-2 country code. */
  'CARD.INVALID_NATIONALITY',
  /** DUF number is not 12 digits starting with a plausible year. */
  'CARD.INVALID_DUF_NUMBER',
  /** Date of birth is not a real calendar date `YYYY-MM-DD`. */
  'CARD.INVALID_DATE_OF_BIRTH',
  /** Date of birth after today's business date. */
  'CARD.DATE_OF_BIRTH_IN_FUTURE',
] as const;
export type CardRefusalCode = (typeof CARD_REFUSAL_CODES)[number];

/**
 * `transition`: the event does not fit the card's current status (the API answers 409 with the
 * status and the allowed events). `rule`: the event fits the status but breaks a domain rule, or
 * the input is unacceptable for the domain (the API answers 422).
 */
export type CardRefusalKind = 'transition' | 'rule';

/** A command the domain refuses. A refused command changes nothing. */
export class CardRefusedError extends Error {
  override readonly name = 'CardRefusedError';
  readonly code: CardRefusalCode;
  readonly kind: CardRefusalKind;
  /** The card's status when refused; null when no card exists yet (opening a card). */
  readonly status: CardStatus | null;
  /** Events a caller may record from `status` (empty when `status` is null or cancelled). */
  readonly allowedEvents: RecordableEventType[];

  constructor(args: {
    code: CardRefusalCode;
    kind: CardRefusalKind;
    message: string;
    status?: CardStatus | null;
    allowedEvents?: readonly RecordableEventType[];
  }) {
    super(args.message);
    this.code = args.code;
    this.kind = args.kind;
    this.status = args.status ?? null;
    this.allowedEvents = [...(args.allowedEvents ?? [])];
  }
}

export function isCardRefusedError(error: unknown): error is CardRefusedError {
  return error instanceof CardRefusedError;
}
