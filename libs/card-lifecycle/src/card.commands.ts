import type { RecordableEvent } from './card.events';

/*
 * Deliberate deviation from STYLE.md ("commands imperative: RecordCardMailed"): caseworker facts
 * come in through ONE generic command, `RecordEvent`, instead of 13 near-identical commands. The
 * API receives `{type, occurredAt, data}` and every one of those commands would only wrap an
 * event; the per-type rules (the lifecycle table, guardian, fingerprints, fee) live in
 * `decide`. Commands with their own logic (`OrderReissue`, `CheckDeadline`) stay separate.
 */

/**
 * A caseworker (or the applicant, for `AddressConfirmed`) records a fact about the card.
 * `event.occurredAt` is when it happened; `now` is when it is being recorded.
 * `CardReportedLost` carries only `{ circumstance }`: `decide` adds the fee.
 */
export interface RecordEvent {
  type: 'RecordEvent';
  event: RecordableEvent;
  now: Date;
}

/**
 * The worker orders a new card after `CardLostInMail`. `lostAt` is that event's `occurredAt`:
 * the emitted `ReissueOrdered` is dated at it, so a backdated history stays in order.
 */
export interface OrderReissue {
  type: 'OrderReissue';
  now: Date;
  lostAt: Date;
}

/** The worker checks whether the current deadline has passed without delivery. */
export interface CheckDeadline {
  type: 'CheckDeadline';
  now: Date;
}

/**
 * The system recomputes the current deadline under the decider's calendar and policy (after a
 * closure day was added or removed, or the policy changed). `now` is when it runs; `reason` says
 * why, in a few words, and is kept on the event.
 */
export interface RecomputeDeadline {
  type: 'RecomputeDeadline';
  now: Date;
  reason: string;
}

export type CardCommand = RecordEvent | OrderReissue | CheckDeadline | RecomputeDeadline;
export type CardCommandType = CardCommand['type'];
