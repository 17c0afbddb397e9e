import type { WorkingDayCalendar } from './calendar/calendar.types';
import type { DeadlinePolicy } from './deadlines/deadline-policy.types';
import { computeDeadline, lateness } from './deadlines';
import type { CardEvent, CardEventType, DeadlineKind, RecordableEventType } from './card.events';
import { CARD_STATUSES, type CardDeadline, type CardOpening, type CardState, type CardStatus } from './card.state';

/** What `evolve` (and so `decide` and `fold`) needs besides the events. */
export interface CardDeciderOptions {
  calendar: WorkingDayCalendar;
  policy: DeadlinePolicy;
  /** Business time zone, 'Europe/Oslo'. */
  zone: string;
}

const ANY_BUT_CANCELLED: readonly CardStatus[] = CARD_STATUSES.filter((s) => s !== 'cancelled');

export interface CardTransition {
  /** Statuses the event may be recorded from. */
  from: readonly CardStatus[];
  /** The status it leads to; null leaves the status unchanged. */
  to: CardStatus | null;
}

/**
 * The lifecycle table (docs/domain.md). `CardOrdered` lists awaiting_appointment because it is allowed
 * from there, but only with `biometricsReused: true` (checked in `decide`).
 */
export const CARD_TRANSITIONS: { readonly [T in CardEventType]: CardTransition } = {
  AppointmentBooked: {
    from: ['awaiting_appointment', 'appointment_booked', 'replacement_requested'],
    to: 'appointment_booked',
  },
  AppointmentMissed: { from: ['appointment_booked'], to: 'awaiting_appointment' },
  BiometricsCaptured: { from: ['appointment_booked'], to: 'biometrics_captured' },
  CardOrdered: { from: ['biometrics_captured', 'awaiting_appointment'], to: 'ordered' },
  CardProduced: { from: ['ordered', 'reissue_ordered'], to: 'produced' },
  CardMailed: { from: ['ordered', 'produced', 'reissue_ordered', 'returned'], to: 'mailed' },
  CardDelivered: { from: ['mailed'], to: 'delivered' },
  CardReturned: { from: ['mailed'], to: 'returned' },
  CardCollected: { from: ['returned'], to: 'delivered' },
  CardLostInMail: { from: ['mailed'], to: 'lost_in_mail' },
  ReissueOrdered: { from: ['lost_in_mail'], to: 'reissue_ordered' },
  CardReportedLost: { from: ['delivered'], to: 'replacement_requested' },
  AddressChanged: { from: ANY_BUT_CANCELLED, to: null },
  AddressConfirmed: { from: ANY_BUT_CANCELLED, to: null },
  CardCancelled: { from: ANY_BUT_CANCELLED, to: 'cancelled' },
  DeadlineBreached: {
    from: CARD_STATUSES.filter((s) => s !== 'delivered' && s !== 'cancelled'),
    to: null,
  },
  DeadlineRecomputed: {
    from: CARD_STATUSES.filter((s) => s !== 'delivered' && s !== 'cancelled' && s !== 'replacement_requested'),
    to: null,
  },
};

/** Recordable event types in a stable order (the order of the lifecycle table in docs/domain.md), for `allowedEvents`. */
export const RECORDABLE_EVENT_TYPES = [
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
  'CardReportedLost',
  'AddressChanged',
  'AddressConfirmed',
  'CardCancelled',
] as const satisfies readonly RecordableEventType[];

/** The events a caller may record while the card is in `status`. */
export function allowedEventsFrom(status: CardStatus): RecordableEventType[] {
  return RECORDABLE_EVENT_TYPES.filter((type) => CARD_TRANSITIONS[type].from.includes(status));
}

export function initialCardState(opening: CardOpening): CardState {
  return {
    status: 'awaiting_appointment',
    issueNumber: 1,
    dateOfBirth: opening.dateOfBirth,
    address: { ...opening.address },
    addressConfirmedAt: null,
    appointment: null,
    orderedAt: null,
    deadline: null,
    overdue: false,
    delivered: null,
    fee: null,
    lastEventAt: null,
    timeline: [],
  };
}

/**
 * Builds `evolve(state, event) → state`: pure, and it never throws for a stored event. It applies
 * an event without judging it (that is `decide`'s job), so a history folded under another calendar
 * or deadline policy simply yields the recomputed deadlines.
 *
 * Edges:
 * - `lastEventAt` only moves forward and ignores `DeadlineBreached` and `DeadlineRecomputed`:
 *   they are the system's facts (the breach dated at the end of the due date, the recomputation at
 *   when it ran), and a delivery that happened before them but is recorded after them must still
 *   be accepted.
 * - `DeadlineRecomputed` sets the due date it records on the current deadline (when it names
 *   that deadline's kind), so the stored history, folded under any calendar, ends with the due
 *   date last recorded; `breachWithdrawn` clears a breach the new due date no longer supports.
 * - `DeadlineBreached` applies only when it names the kind of the current deadline; a breach of a
 *   deadline that has since been replaced changes nothing.
 * - `AddressChanged` clears `addressConfirmedAt`: the new address has not been confirmed yet.
 */
export function createCardEvolve(options: CardDeciderOptions): (state: CardState, event: CardEvent) => CardState {
  const { calendar, policy, zone } = options;

  const startDeadline = (kind: DeadlineKind, at: Date): CardDeadline => ({
    ...computeDeadline(kind, at, policy, calendar, zone),
    breachedAt: null,
  });

  const deliver = (state: CardState, at: Date): Pick<CardState, 'delivered' | 'overdue'> => ({
    delivered: state.deadline
      ? { at, ...lateness(state.deadline.dueDate, at, calendar, zone) }
      : { at, late: false, workingDaysLate: 0 },
    overdue: false,
  });

  const apply = (state: CardState, event: CardEvent): CardState => {
    switch (event.type) {
      case 'AppointmentBooked':
        return {
          ...state,
          appointment: {
            at: event.data.appointmentAt,
            station: event.data.station,
            channel: event.data.channel,
          },
        };
      case 'AppointmentMissed':
        return { ...state, appointment: null };
      case 'BiometricsCaptured':
        // The appointment is kept as the record of where the capture took place.
        return { ...state, deadline: startDeadline('issue', event.occurredAt), overdue: false };
      case 'CardOrdered':
        return {
          ...state,
          orderedAt: event.occurredAt,
          // With biometrics on file no capture started the count: the order does, once per issue.
          deadline:
            event.data.biometricsReused && state.deadline === null
              ? startDeadline('issue', event.occurredAt)
              : state.deadline,
        };
      case 'CardProduced':
      case 'CardMailed':
      case 'CardReturned':
        return state;
      case 'CardDelivered':
      case 'CardCollected':
        return { ...state, ...deliver(state, event.occurredAt) };
      case 'CardLostInMail':
        return { ...state, deadline: startDeadline('reissue', event.occurredAt), overdue: false };
      case 'ReissueOrdered':
        // A new physical card; the reissue deadline counted from CardLostInMail stays.
        return { ...state, issueNumber: state.issueNumber + 1, orderedAt: event.occurredAt, delivered: null };
      case 'CardReportedLost':
        // A replacement starts from scratch: new appointment, new order, new deadline.
        return {
          ...state,
          issueNumber: state.issueNumber + 1,
          fee: { amountNok: event.data.feeNok, circumstance: event.data.circumstance },
          deadline: null,
          delivered: null,
          overdue: false,
          orderedAt: null,
          appointment: null,
        };
      case 'AddressChanged':
        return { ...state, address: { ...event.data.address }, addressConfirmedAt: null };
      case 'AddressConfirmed':
        return { ...state, addressConfirmedAt: event.occurredAt };
      case 'CardCancelled':
        return { ...state, overdue: false };
      case 'DeadlineBreached':
        if (state.deadline === null || state.deadline.kind !== event.data.deadline) return state;
        return { ...state, overdue: true, deadline: { ...state.deadline, breachedAt: event.occurredAt } };
      case 'DeadlineRecomputed': {
        if (state.deadline === null || state.deadline.kind !== event.data.deadline) return state;
        const withdrawn = event.data.breachWithdrawn;
        return {
          ...state,
          overdue: withdrawn ? false : state.overdue,
          deadline: {
            ...state.deadline,
            dueDate: event.data.dueDate,
            workingDays: event.data.workingDays,
            policyVersion: event.data.policyVersion,
            calendarVersion: event.data.calendarVersion,
            breachedAt: withdrawn ? null : state.deadline.breachedAt,
          },
        };
      }
      default: {
        // Compile-time exhaustiveness; at run time an unknown stored type changes nothing.
        const unknownEvent: never = event;
        void unknownEvent;
        return state;
      }
    }
  };

  return (state, event) => {
    const next = apply(state, event);
    const to = CARD_TRANSITIONS[event.type]?.to ?? null;
    const status = to ?? state.status;
    const lastEventAt =
      event.type === 'DeadlineBreached' ||
      event.type === 'DeadlineRecomputed' ||
      (state.lastEventAt !== null && state.lastEventAt > event.occurredAt)
        ? state.lastEventAt
        : event.occurredAt;
    return {
      ...next,
      status,
      lastEventAt,
      timeline:
        status === state.status
          ? state.timeline
          : [...state.timeline, { status, at: event.occurredAt, event: event.type }],
    };
  };
}
