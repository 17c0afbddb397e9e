import { businessDate } from './calendar';
import { breachInstant, deadlineFrom, isPastDue } from './deadlines';
import { hasOpenDeadline, isBreachDue } from './card.rules';
import type { CardCommand, RecordEvent } from './card.commands';
import { CardRefusedError } from './card.errors';
import { ADDRESS_CONFIRMERS, APPOINTMENT_CHANNELS, CANCELLATION_REASONS, CARD_EVENT_TYPES, LOSS_CIRCUMSTANCES, RETURN_REASONS, SYSTEM_EVENT_TYPES, type CardEvent, type RecordableEvent, type RecordableEventType } from './card.events';
import type { IsoDate } from './calendar/iso-date';
import type { CardOpening, CardState } from './card.state';
import {
  CARD_TRANSITIONS,
  RECORDABLE_EVENT_TYPES,
  allowedEventsFrom,
  createCardEvolve,
  initialCardState,
  type CardDeciderOptions,
} from './card';

export type { CardDeciderOptions } from './card';

export interface CardDecider {
  /** Status awaiting_appointment, issueNumber 1. */
  initialState(opening: CardOpening): CardState;
  /** The events a command causes; throws {@link CardRefusedError} when refused. */
  decide(command: CardCommand, state: CardState): CardEvent[];
  /** Pure; never throws for a stored event. */
  evolve(state: CardState, event: CardEvent): CardState;
  /** The state after `events`; folding under another calendar or policy is the recomputation. */
  fold(opening: CardOpening, events: readonly CardEvent[]): CardState;
  /** Events a caller may record from the state's status (system events never listed). */
  allowedEvents(state: CardState): RecordableEventType[];
}

/** How far `occurredAt` may be ahead of `now`: clocks of caseworkers' machines drift. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
/** Replacement fee for a delivered card later lost, stolen or damaged; a defective card is replaced free. */
export const REPLACEMENT_FEE_NOK = 300;

const GUARDIAN_AGE = 18;
const FINGERPRINT_AGE = 6;
/** Instants before this are typos; the calendar also supports only 1900–2199. */
const EARLIEST_INSTANT = Date.UTC(1970, 0, 1);
const LATEST_INSTANT = Date.UTC(2199, 11, 1);

/**
 * Whole years of age on `date` (both calendar dates, no time zone involved): the birthday must
 * have been reached. Someone born on 29 February turns a year older on 1 March in a non-leap
 * year (28 February is still before the birthday), as in Norwegian practice.
 */
export function ageOn(dateOfBirth: IsoDate, date: IsoDate): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/** Longest `reason` a `RecomputeDeadline` may carry. */
export const RECOMPUTE_REASON_MAX_LENGTH = 200;

export function createCardDecider(options: CardDeciderOptions): CardDecider {
  const { zone, policy, calendar } = options;
  const evolve = createCardEvolve(options);

  const refuseTransition = (type: string, state: CardState, detail?: string): CardRefusedError => {
    const allowed = allowedEventsFrom(state.status);
    return new CardRefusedError({
      code: 'CARD.TRANSITION_NOT_ALLOWED',
      kind: 'transition',
      message:
        `${type} is not allowed while the card is ${state.status}` +
        (detail ? ` (${detail})` : '') +
        `; allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none'}`,
      status: state.status,
      allowedEvents: allowed,
    });
  };

  const refuseRule = (code: CardRefusedError['code'], state: CardState, message: string): CardRefusedError =>
    new CardRefusedError({
      code,
      kind: 'rule',
      message,
      status: state.status,
      allowedEvents: allowedEventsFrom(state.status),
    });

  const checkInstant = (name: string, value: unknown, state: CardState): void => {
    if (!(value instanceof Date) || !(value.getTime() >= EARLIEST_INSTANT && value.getTime() < LATEST_INSTANT)) {
      throw refuseRule('CARD.INVALID_INSTANT', state, `${name} must be a valid instant between 1970 and 2199`);
    }
  };

  const recordEvent = (command: RecordEvent, state: CardState): CardEvent[] => {
    // The adapter hands over parsed JSON: the type is checked at run time, not only by TypeScript.
    const type: string = command.event?.type;
    if ((SYSTEM_EVENT_TYPES as readonly string[]).includes(type)) {
      throw refuseRule('CARD.SYSTEM_EVENT', state, `${type} is recorded by the system, not by a caller`);
    }
    if (!(RECORDABLE_EVENT_TYPES as readonly string[]).includes(type)) {
      const known = (CARD_EVENT_TYPES as readonly string[]).includes(type);
      throw refuseRule(
        'CARD.UNKNOWN_EVENT_TYPE',
        state,
        `${JSON.stringify(type)} is not ${known ? 'a recordable' : 'a known'} card event type`,
      );
    }
    const event = command.event;
    checkInstant('occurredAt', event.occurredAt, state);
    if (typeof event.data !== 'object' || event.data === null) {
      throw refuseRule('CARD.INVALID_EVENT_DATA', state, `${event.type} needs a data object`);
    }

    if (!CARD_TRANSITIONS[event.type].from.includes(state.status)) {
      throw refuseTransition(event.type, state);
    }
    if (event.type === 'CardOrdered' && state.status === 'awaiting_appointment' && event.data.biometricsReused !== true) {
      throw refuseTransition(event.type, state, 'without an appointment only when biometrics on file are reused');
    }

    if (event.occurredAt.getTime() - command.now.getTime() > FUTURE_TOLERANCE_MS) {
      throw refuseRule(
        'CARD.OCCURRED_IN_FUTURE',
        state,
        `occurredAt ${event.occurredAt.toISOString()} is more than 5 minutes after now (${command.now.toISOString()})`,
      );
    }
    // lastEventAt ignores DeadlineBreached (see createCardEvolve): a delivery that happened before
    // the breach instant but is recorded after the breach is accepted, and counts as on time.
    if (state.lastEventAt !== null && event.occurredAt < state.lastEventAt) {
      throw refuseRule(
        'CARD.OCCURRED_BEFORE_PREVIOUS_EVENT',
        state,
        `occurredAt ${event.occurredAt.toISOString()} is before the card's previous event (${state.lastEventAt.toISOString()})`,
      );
    }

    return [normalise(event, state)];
  };

  /**
   * The adapter validates the request body too; these run-time checks keep the domain safe for any
   * other caller (a script, the demo) handing over parsed JSON.
   */
  const oneOf = <T extends string>(value: unknown, allowed: readonly T[], field: string, state: CardState): T => {
    if (!(allowed as readonly unknown[]).includes(value)) {
      throw refuseRule('CARD.INVALID_EVENT_DATA', state, `data.${field} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
    }
    return value as T;
  };
  const text = (value: unknown, field: string, state: CardState): string => {
    if (typeof value !== 'string' || value.trim() === '') {
      throw refuseRule('CARD.INVALID_EVENT_DATA', state, `data.${field} must be a non-empty string`);
    }
    return value;
  };

  /** Rebuilds the event from the fields its type has (unknown fields dropped) and checks its rules. */
  const normalise = (event: RecordableEvent, state: CardState): CardEvent => {
    const { occurredAt } = event;
    switch (event.type) {
      case 'AppointmentBooked':
        checkInstant('appointmentAt', event.data.appointmentAt, state);
        return {
          type: event.type,
          occurredAt,
          data: {
            appointmentAt: event.data.appointmentAt,
            station: text(event.data.station, 'station', state),
            channel: oneOf(event.data.channel, APPOINTMENT_CHANNELS, 'channel', state),
          },
        };
      case 'BiometricsCaptured': {
        const station = text(event.data.station, 'station', state);
        const age = ageOn(state.dateOfBirth, businessDate(occurredAt, zone));
        if (age < GUARDIAN_AGE && event.data.guardianPresent !== true) {
          throw refuseRule(
            'CARD.GUARDIAN_REQUIRED',
            state,
            `the applicant is ${age} on ${businessDate(occurredAt, zone)}: under 18 a parent or guardian must be present (guardianPresent: true)`,
          );
        }
        if (age >= FINGERPRINT_AGE && event.data.fingerprints !== true) {
          throw refuseRule(
            'CARD.FINGERPRINTS_REQUIRED',
            state,
            `the applicant is ${age}: fingerprints are taken from age 6 (fingerprints: true)`,
          );
        }
        return {
          type: event.type,
          occurredAt,
          data: {
            station,
            fingerprints: event.data.fingerprints === true,
            guardianPresent: event.data.guardianPresent === true,
          },
        };
      }
      case 'CardOrdered':
        return { type: event.type, occurredAt, data: { biometricsReused: event.data.biometricsReused === true } };
      case 'CardMailed':
        return {
          type: event.type,
          occurredAt,
          data:
            event.data.trackingNumber === undefined || event.data.trackingNumber === null
              ? {}
              : { trackingNumber: text(event.data.trackingNumber, 'trackingNumber', state) },
        };
      case 'CardReturned':
        return { type: event.type, occurredAt, data: { reason: oneOf(event.data.reason, RETURN_REASONS, 'reason', state) } };
      case 'CardReportedLost': {
        const circumstance = oneOf(event.data.circumstance, LOSS_CIRCUMSTANCES, 'circumstance', state);
        return {
          type: event.type,
          occurredAt,
          data: { circumstance, feeNok: circumstance === 'defective' ? 0 : REPLACEMENT_FEE_NOK },
        };
      }
      case 'AddressChanged': {
        const raw: unknown = event.data.address;
        const address = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<string, unknown>>;
        const line1 = text(address.line1, 'address.line1', state);
        const postalCode = text(address.postalCode, 'address.postalCode', state);
        const city = text(address.city, 'address.city', state);
        const line2 = address.line2 === undefined || address.line2 === null || address.line2 === '' ? undefined : text(address.line2, 'address.line2', state);
        return {
          type: event.type,
          occurredAt,
          data: { address: line2 === undefined ? { line1, postalCode, city } : { line1, line2, postalCode, city } },
        };
      }
      case 'AddressConfirmed':
        return { type: event.type, occurredAt, data: { by: oneOf(event.data.by, ADDRESS_CONFIRMERS, 'by', state) } };
      case 'CardCancelled':
        return {
          type: event.type,
          occurredAt,
          data: { reason: oneOf(event.data.reason, CANCELLATION_REASONS, 'reason', state) },
        };
      case 'AppointmentMissed':
      case 'CardProduced':
      case 'CardDelivered':
      case 'CardCollected':
      case 'CardLostInMail':
        return { type: event.type, occurredAt, data: {} };
      default: {
        const unknownEvent: never = event;
        throw new Error(`unhandled event ${JSON.stringify(unknownEvent)}`);
      }
    }
  };

  /** `DeadlineBreached` of the state's current deadline, dated at the end of its due date. */
  const breachOf = (deadline: NonNullable<CardState['deadline']>): CardEvent => ({
    type: 'DeadlineBreached',
    occurredAt: breachInstant(deadline.dueDate, zone),
    data: { deadline: deadline.kind, dueDate: deadline.dueDate },
  });

  /**
   * The breach is recorded at once, in the append that finds it (docs/decisions/0010): before the
   * decided event when that event happened after the due date had ended unmet (a late delivery
   * entered after the fact), after it when the card is left with a deadline whose due date has
   * ended by `now` (a history entered after the fact). So a card is never overdue in its view
   * while its `DeadlineBreached` waits for the worker.
   */
  const withBreachAtOnce = (
    state: CardState,
    eventAt: Date,
    now: Date,
    decideEvents: (state: CardState) => CardEvent[],
  ): CardEvent[] => {
    const events: CardEvent[] = [];
    let current = state;
    // An invalid instant is refused by the event's own checks below, not judged here.
    const validAt = eventAt instanceof Date && !Number.isNaN(eventAt.getTime());
    if (validAt && current.deadline !== null && isBreachDue(current, eventAt, zone)) {
      const breach = breachOf(current.deadline);
      events.push(breach);
      current = evolve(current, breach);
    }
    for (const event of decideEvents(current)) {
      events.push(event);
      current = evolve(current, event);
    }
    if (current.deadline !== null && isBreachDue(current, now, zone)) events.push(breachOf(current.deadline));
    return events;
  };

  const decide = (command: CardCommand, state: CardState): CardEvent[] => {
    switch (command.type) {
      case 'RecordEvent':
        // A breach put first changes neither status nor lastEventAt: the event is judged the same.
        return withBreachAtOnce(state, command.event.occurredAt, command.now, (s) => recordEvent(command, s));
      case 'OrderReissue':
        if (state.status !== 'lost_in_mail') {
          throw refuseTransition('ReissueOrdered', state);
        }
        checkInstant('lostAt', command.lostAt, state);
        // Dated at the loss, not at `now`: the reissue belongs to that moment in the history.
        return withBreachAtOnce(state, command.lostAt, command.now, () => [
          { type: 'ReissueOrdered', occurredAt: command.lostAt, data: {} },
        ]);
      case 'CheckDeadline': {
        const { deadline } = state;
        if (deadline === null || !isBreachDue(state, command.now, zone)) return [];
        return [breachOf(deadline)];
      }
      case 'RecomputeDeadline': {
        const { deadline } = state;
        if (deadline === null || !hasOpenDeadline(state)) return [];
        const reason = command.reason.trim();
        if (reason === '' || reason.length > RECOMPUTE_REASON_MAX_LENGTH) {
          throw refuseRule('CARD.INVALID_EVENT_DATA', state, `reason must be 1–${RECOMPUTE_REASON_MAX_LENGTH} characters`);
        }
        checkInstant('now', command.now, state);
        const target = deadlineFrom(deadline.kind, deadline.startDate, policy, calendar);
        // Only a moved due date is a fact worth recording; a calendar change that leaves it where
        // it was (a closure outside the count) records nothing.
        if (target.dueDate === deadline.dueDate) return [];
        return [
          {
            type: 'DeadlineRecomputed',
            occurredAt: command.now,
            data: {
              deadline: deadline.kind,
              previousDueDate: deadline.dueDate,
              dueDate: target.dueDate,
              workingDays: target.workingDays,
              policyVersion: target.policyVersion,
              calendarVersion: target.calendarVersion,
              breachWithdrawn: deadline.breachedAt !== null && !isPastDue(target.dueDate, command.now, zone),
              reason,
            },
          },
        ];
      }
      default: {
        const unknownCommand: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknownCommand)}`);
      }
    }
  };

  return {
    initialState: initialCardState,
    decide,
    evolve,
    fold: (opening, events) => events.reduce(evolve, initialCardState(opening)),
    allowedEvents: (state) => allowedEventsFrom(state.status),
  };
}
