import { isAddressConfirmed } from '../card.rules';
import type { CardState } from '../card.state';
import type { NotificationKind, NotificationParams } from './notification-kinds';

export type Relevance = { send: true } | { send: false; reason: string };

export interface NotificationToCheck {
  kind: NotificationKind;
  issueNumber: number;
  params: NotificationParams;
  createdAt: Date;
}

/** Why a notification was skipped; short stable sentences, kept in the database. */
export const SKIP_REASONS = {
  appointmentMoved: 'The appointment was moved to another time.',
  appointmentMissed: 'The appointment was missed; a new one has to be booked.',
  biometricsCaptured: 'The photo and fingerprints were already taken.',
  appointmentPassed: 'The appointment has already taken place.',
  cardCancelled: 'The card has been cancelled.',
  supersededByNewIssue: 'Superseded by a new issue of the card.',
  addressConfirmed: 'The address has been confirmed since the card was ordered.',
  alreadyMailed: 'The card has already been mailed.',
  alreadyDelivered: 'The card has already been delivered.',
  dueDateMoved: 'The due date moved; a reminder for the new date is planned.',
  returnedOrLost: 'The card has been returned or lost since it was mailed.',
  mailedAgain: 'The card has been mailed again since it was returned.',
} as const;

const SEND: Relevance = { send: true };
const skip = (reason: string): Relevance => ({ send: false, reason });

/**
 * The send-time re-check (the "skipped if" column of the reminders table in docs/domain.md),
 * against the card's current state. A message whose trigger the card has moved past is skipped
 * with the reason kept (docs/decisions/0010): news of a mailing once the card is delivered,
 * returned or lost; of a return once it is collected or mailed again; an address check or a
 * district's breach alert once it is delivered; anything planned for an issue a new one has
 * replaced. News of what happened still reaches a cancelled card's applicant and district.
 * `zone` is part of the contract for rules that need business dates; none does yet.
 */
export function checkRelevance(
  n: NotificationToCheck,
  state: CardState,
  now: Date,
  zone: string,
): Relevance {
  void zone;
  switch (n.kind) {
    case 'appointment_reminder': {
      // The reason says what happened instead of the appointment.
      if (state.status === 'cancelled') return skip(SKIP_REASONS.cardCancelled);
      if (state.status === 'awaiting_appointment') return skip(SKIP_REASONS.appointmentMissed);
      if (state.status !== 'appointment_booked' || !state.appointment) return skip(SKIP_REASONS.biometricsCaptured);
      const bookedFor = n.params.appointmentAt ? Date.parse(n.params.appointmentAt) : NaN;
      if (state.appointment.at.getTime() !== bookedFor) return skip(SKIP_REASONS.appointmentMoved);
      if (state.appointment.at.getTime() <= now.getTime()) return skip(SKIP_REASONS.appointmentPassed);
      return SEND;
    }
    case 'address_check':
      if (state.status === 'cancelled') return skip(SKIP_REASONS.cardCancelled);
      if (n.issueNumber !== state.issueNumber) return skip(SKIP_REASONS.supersededByNewIssue);
      return state.status === 'delivered' ? skip(SKIP_REASONS.alreadyDelivered) : SEND;
    case 'address_check_final': {
      if (state.status === 'cancelled') return skip(SKIP_REASONS.cardCancelled);
      if (n.issueNumber !== state.issueNumber) return skip(SKIP_REASONS.supersededByNewIssue);
      if (state.status === 'delivered') return skip(SKIP_REASONS.alreadyDelivered);
      // Returned and lost cards were mailed too: the advice comes too late for this issue.
      if (state.status === 'mailed' || state.status === 'returned' || state.status === 'lost_in_mail') {
        return skip(SKIP_REASONS.alreadyMailed);
      }
      if (isAddressConfirmed(state)) return skip(SKIP_REASONS.addressConfirmed);
      // Planned for a due date that a recomputation (a closure day) has since moved.
      if (n.params.dueDate && state.deadline && n.params.dueDate !== state.deadline.dueDate) {
        return skip(SKIP_REASONS.dueDateMoved);
      }
      return SEND;
    }
    case 'card_mailed':
    case 'card_returned':
    case 'deadline_breached': {
      if (state.status === 'cancelled') return SEND;
      if (n.issueNumber !== state.issueNumber) return skip(SKIP_REASONS.supersededByNewIssue);
      if (state.status === 'delivered') return skip(SKIP_REASONS.alreadyDelivered);
      if (n.kind === 'card_mailed' && (state.status === 'returned' || state.status === 'lost_in_mail')) {
        return skip(SKIP_REASONS.returnedOrLost);
      }
      if (n.kind === 'card_returned' && state.status === 'mailed') return skip(SKIP_REASONS.mailedAgain);
      return SEND;
    }
    default: {
      const unknown: never = n.kind;
      throw new Error(`Unknown notification kind ${String(unknown)}`);
    }
  }
}
