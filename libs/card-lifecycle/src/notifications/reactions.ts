import { atBusinessTime, businessDate } from '../calendar/business-date';
import type { WorkingDayCalendar } from '../calendar/calendar.types';
import type { IsoDate } from '../calendar/iso-date';
import type { CardEvent } from '../card.events';
import type { CardState } from '../card.state';
export type { PlannedTimer } from '../deadlines/deadline-check';
import { planDeadlineCheck, type PlannedTimer } from '../deadlines/deadline-check';
import {
  NOTIFICATION_AUDIENCE,
  type NotificationAudience,
  type NotificationKind,
  type NotificationParams,
} from './notification-kinds';
import { withinSendingWindow } from './sending-window';

export interface PlannedNotification {
  /** `${cardId}:${kind}:${issueNumber}:${triggerSeq}`: delivered once per key: a repeat only follows a crash inside the send itself. */
  key: string;
  kind: NotificationKind;
  audience: NotificationAudience;
  issueNumber: number;
  /** Sequence number of the event that caused it. */
  triggerSeq: number;
  dueAt: Date;
  params: NotificationParams;
}

export interface Reactions {
  notifications: PlannedNotification[];
  timers: PlannedTimer[];
  /** True after `CardLostInMail`: the worker appends `ReissueOrdered`. */
  orderReissue: boolean;
  /**
   * When set, the worker cancels pending timers and scheduled notifications of every issue
   * below this number (a new issue started, or the card was cancelled: then issue + 1).
   */
  cancelPendingBeforeIssue: number | null;
}

export interface ReactionInput {
  cardId: string;
  eventSeq: number;
  event: CardEvent;
  before: CardState;
  after: CardState;
  zone: string;
  calendar: WorkingDayCalendar;
}

/** Reminders go at 09:00 business time on a working day. */
const REMINDER_HOUR = 9;
/** `address_check_final` falls this many working days before the due date. */
export const FINAL_ADDRESS_CHECK_WORKING_DAYS = 5;

export function notificationKey(
  cardId: string,
  kind: NotificationKind,
  issueNumber: number,
  triggerSeq: number,
): string {
  return `${cardId}:${kind}:${issueNumber}:${triggerSeq}`;
}

/**
 * The work an event causes, decided from the event and the states before and after it (as stored
 * with the events). Pure: the worker's reaction to the event stores the result, once, in its own
 * statement after the event has committed (the outbox row is what the event's append writes).
 * "When X is recorded" messages fall due at the event's `occurredAt` moved into the sending
 * window; a backdated event gives a due time in the past, which the worker sends at once, unless
 * the send-time check (`checkRelevance`) finds the card has moved past it.
 */
export function reactTo(input: ReactionInput): Reactions {
  const { cardId, eventSeq, event, before, after, zone, calendar } = input;
  const finalAddressCheckAt = (dueDate: IsoDate): Date =>
    atBusinessTime(calendar.addWorkingDays(dueDate, -FINAL_ADDRESS_CHECK_WORKING_DAYS), REMINDER_HOUR, 0, zone);
  const issueNumber = after.issueNumber;
  const notifications: PlannedNotification[] = [];
  const timers: PlannedTimer[] = [];
  let orderReissue = false;
  let cancelPendingBeforeIssue: number | null = null;

  const plan = (kind: NotificationKind, dueAt: Date, params: NotificationParams): void => {
    const audience = NOTIFICATION_AUDIENCE[kind];
    notifications.push({
      key: notificationKey(cardId, kind, issueNumber, eventSeq),
      kind,
      audience,
      issueNumber,
      triggerSeq: eventSeq,
      // Only applicant messages are windowed; caseworkers get theirs as it happens.
      dueAt: audience === 'applicant' ? withinSendingWindow(dueAt, zone) : dueAt,
      params,
    });
  };

  switch (event.type) {
    case 'AppointmentBooked': {
      const appointmentDate = businessDate(event.data.appointmentAt, zone);
      const reminderAt = atBusinessTime(
        calendar.addWorkingDays(appointmentDate, -1),
        REMINDER_HOUR,
        0,
        zone,
      );
      // Booked after the reminder's time (e.g. the afternoon before): remind when booked rather
      // than back-date the due time. If the appointment has passed by send time, it is skipped.
      const dueAt = reminderAt < event.occurredAt ? event.occurredAt : reminderAt;
      plan('appointment_reminder', dueAt, { appointmentAt: event.data.appointmentAt.toISOString() });
      break;
    }
    case 'CardOrdered':
    case 'ReissueOrdered': {
      const checkAt = withinSendingWindow(event.occurredAt, zone);
      const params: NotificationParams = {
        ...(after.deadline ? { dueDate: after.deadline.dueDate } : {}),
        ...(after.orderedAt ? { orderedAt: after.orderedAt.toISOString() } : {}),
      };
      plan('address_check', checkAt, params);
      if (after.deadline) {
        const finalAt = finalAddressCheckAt(after.deadline.dueDate);
        // An order recorded within the last five working days (or late) already got its
        // address check just now: a second one at the same time would only repeat it.
        if (finalAt > checkAt) plan('address_check_final', finalAt, params);
      }
      if (event.type === 'ReissueOrdered') cancelPendingBeforeIssue = issueNumber;
      break;
    }
    case 'CardMailed':
      plan(
        'card_mailed',
        event.occurredAt,
        {
          ...(event.data.trackingNumber ? { trackingNumber: event.data.trackingNumber } : {}),
          ...(after.deadline ? { dueDate: after.deadline.dueDate } : {}),
        },
      );
      break;
    case 'CardReturned':
      plan('card_returned', event.occurredAt, { reason: event.data.reason });
      break;
    case 'DeadlineBreached':
      plan('deadline_breached', event.occurredAt, {
        deadline: event.data.deadline,
        dueDate: event.data.dueDate,
      });
      break;
    case 'CardLostInMail':
      orderReissue = true;
      break;
    case 'CardReportedLost':
      cancelPendingBeforeIssue = issueNumber;
      break;
    case 'CardCancelled':
      // Nothing of any issue is relevant any more.
      cancelPendingBeforeIssue = issueNumber + 1;
      break;
    case 'AppointmentMissed':
    case 'BiometricsCaptured':
    case 'CardProduced':
    case 'CardDelivered':
    case 'CardCollected':
    case 'AddressChanged':
    case 'AddressConfirmed':
      break;
    case 'DeadlineRecomputed': {
      // The recomputation moves the deadline check itself, in its transaction; a check planned
      // below (from the before/after states) only repeats it, under the same key. The final
      // address check moves with the due date for a card ordered and not yet mailed: a new one
      // for the new date (the one planned for the old date is skipped at send time, its due date
      // having moved), unless the new time has already passed.
      const awaitingMail = after.status === 'ordered' || after.status === 'produced' || after.status === 'reissue_ordered';
      if (awaitingMail && after.deadline && before.deadline?.kind === after.deadline.kind) {
        const finalAt = finalAddressCheckAt(after.deadline.dueDate);
        if (finalAt > event.occurredAt) {
          plan('address_check_final', finalAt, {
            dueDate: after.deadline.dueDate,
            ...(after.orderedAt ? { orderedAt: after.orderedAt.toISOString() } : {}),
          });
        }
      }
      break;
    }
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled event ${(unknown as CardEvent).type}`);
    }
  }

  // A deadline that started (or moved to a new issue, so the old issue's cancelled check is
  // replaced) gets a check at the first instant its due date has passed.
  // A replacement's deadline starts with its biometrics, so a deadline still on the state of a
  // delivered, replaced or cancelled card is history, never checked again.
  const check = planDeadlineCheck(cardId, after, zone);
  if (check && (!sameDeadline(before, after) || before.issueNumber !== after.issueNumber)) timers.push(check);

  return { notifications, timers, orderReissue, cancelPendingBeforeIssue };
}

function sameDeadline(before: CardState, after: CardState): boolean {
  const a = before.deadline;
  const b = after.deadline;
  if (!a || !b) return a === b;
  return a.kind === b.kind && a.startDate === b.startDate && a.dueDate === b.dueDate;
}
