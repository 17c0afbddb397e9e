import type { CardState, CardStatus } from './card.state';
import { isPastDue } from './deadlines/deadlines';

/*
 * The card rules every reader of a card shares: the API's card view and list, the applicant's
 * view, the worker's reactions and deadline check, the deadline recompute. Each rule is written
 * once, here. Where a rule must also be SQL (a list filter, a report, a partial index) its one
 * SQL spelling lives in libs/infra (`cards/card-rules.sql.ts`), next to a test that checks it
 * against the function below on generated cards.
 */

/** Statuses in which a deadline can no longer be missed: the card arrived, or will never come. */
export const SETTLED_STATUSES: readonly CardStatus[] = ['delivered', 'cancelled'];

/**
 * The card runs against a deadline that can still be missed: it has one, and it is neither
 * delivered nor cancelled. A replacement (`replacement_requested`) has none until its biometrics
 * are captured, so its old, delivered issue's deadline is never open again.
 */
export function hasOpenDeadline(state: CardState): boolean {
  return state.deadline !== null && !SETTLED_STATUSES.includes(state.status);
}

/**
 * The open deadline's due date has ended (business date of `at` after it) and no breach is
 * recorded for it yet: `DeadlineBreached` is due. What `CheckDeadline` and the decider's
 * after-the-fact rule decide on.
 */
export function isBreachDue(state: CardState, at: Date, zone: string): boolean {
  return (
    hasOpenDeadline(state) &&
    state.deadline !== null &&
    state.deadline.breachedAt === null &&
    isPastDue(state.deadline.dueDate, at, zone)
  );
}

/**
 * A card is overdue once `DeadlineBreached` is recorded for its current deadline (until it is
 * delivered or cancelled), or as soon as its open deadline's due date has ended: a reader never
 * sees a stale "on time" in the moment before the breach is recorded.
 */
export function isOverdue(state: CardState, now: Date, zone: string): boolean {
  if (state.overdue) return true;
  return hasOpenDeadline(state) && state.deadline !== null && isPastDue(state.deadline.dueDate, now, zone);
}

/**
 * The address is confirmed for the card on its way: confirmed after the current issue was
 * ordered, when it has been (an older confirmation says nothing about the address the card goes
 * to); any confirmation before an order. `AddressChanged` clears the confirmation.
 */
export function isAddressConfirmed(state: CardState): boolean {
  const confirmedAt = state.addressConfirmedAt;
  return confirmedAt !== null && (state.orderedAt === null || confirmedAt.getTime() >= state.orderedAt.getTime());
}
