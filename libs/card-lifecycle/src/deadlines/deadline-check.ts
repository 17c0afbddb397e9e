import type { DeadlineKind } from '../card.events';
import type { IsoDate } from '../calendar/iso-date';
import { hasOpenDeadline } from '../card.rules';
import type { CardState } from '../card.state';
import { breachInstant } from './deadlines';

/** The durable timer that runs `CheckDeadline` when a deadline's due date has ended. */
export interface PlannedTimer {
  /** `${cardId}:deadline_check:${issueNumber}:${dueDate}`: one check per issue and due date. */
  key: string;
  kind: 'deadline_check';
  issueNumber: number;
  /** The first instant the due date has passed (midnight Oslo after it). */
  dueAt: Date;
  params: { deadline: DeadlineKind; dueDate: IsoDate };
}

export function deadlineTimerKey(cardId: string, issueNumber: number, dueDate: IsoDate): string {
  return `${cardId}:deadline_check:${issueNumber}:${dueDate}`;
}

/**
 * The deadline check a card in `state` needs: one at the end of its open deadline's due date,
 * keyed by issue and due date; null when no deadline is open (none yet, or the card is delivered
 * or cancelled). Both the worker's reaction to an event that starts or moves a deadline and the
 * deadline recompute plan through this.
 */
export function planDeadlineCheck(cardId: string, state: CardState, zone: string): PlannedTimer | null {
  const deadline = state.deadline;
  if (deadline === null || !hasOpenDeadline(state)) return null;
  return {
    key: deadlineTimerKey(cardId, state.issueNumber, deadline.dueDate),
    kind: 'deadline_check',
    issueNumber: state.issueNumber,
    dueAt: breachInstant(deadline.dueDate, zone),
    params: { deadline: deadline.kind, dueDate: deadline.dueDate },
  };
}
