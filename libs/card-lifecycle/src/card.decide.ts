import { businessDate } from './calendar';
import { breachInstant, deadlineFrom, isPastDue } from './deadlines';
import { hasOpenDeadline, isBreachDue } from './card.rules';
import type { CardCommand, RecordEvent } from './card.commands';
import { CardRefusedError } from './card.errors';
import type { CardEvent, RecordableEvent, RecordableEventType } from './card.events';
import type { IsoDate } from './calendar/iso-date';
import type { CardOpening, CardState } from './card.state';
import {
  CARD_TRANSITIONS,
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

  /**
   * A domain rule, not a shape check: an instant the parser accepts (year 1850, 2500) is still no
   * instant in a card's life. An invalid `Date` (NaN) is refused too.
   */
  const checkInstant = (name: string, value: Date, state: CardState): void => {
    if (!(value.getTime() >= EARLIEST_INSTANT && value.getTime() < LATEST_INSTANT)) {
      throw refuseRule('CARD.INVALID_INSTANT', state, `${name} must be a valid instant between 1970 and 2199`);
    }
  };

  /**
   * The command comes typed from `parseRecordEvent` (card.input.ts), the one place that checks
   * the input's shape and refuses system events; only the rules about this card are checked here.
   */
  const recordEvent = (command: RecordEvent, state: CardState): CardEvent[] => {
    const { event } = command;
    checkInstant('occurredAt', event.occurredAt, state);

    if (!CARD_TRANSITIONS[event.type].from.includes(state.status)) {
      throw refuseTransition(event.type, state);
    }
    if (event.type === 'CardOrdered' && state.status === 'awaiting_appointment' && !event.data.biometricsReused) {
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

    return [withRules(event, state)];
  };

  /** The rules of the event's own kind that depend on the card: age, a plausible appointment, the fee. */
  const withRules = (event: RecordableEvent, state: CardState): CardEvent => {
    switch (event.type) {
      case 'AppointmentBooked':
        checkInstant('appointmentAt', event.data.appointmentAt, state);
        return event;
      case 'BiometricsCaptured': {
        const date = businessDate(event.occurredAt, zone);
        const age = ageOn(state.dateOfBirth, date);
        if (age < GUARDIAN_AGE && !event.data.guardianPresent) {
          throw refuseRule(
            'CARD.GUARDIAN_REQUIRED',
            state,
            `the applicant is ${age} on ${date}: under 18 a parent or guardian must be present (guardianPresent: true)`,
          );
        }
        if (age >= FINGERPRINT_AGE && !event.data.fingerprints) {
          throw refuseRule(
            'CARD.FINGERPRINTS_REQUIRED',
            state,
            `the applicant is ${age}: fingerprints are taken from age 6 (fingerprints: true)`,
          );
        }
        return event;
      }
      case 'CardReportedLost': {
        const { circumstance } = event.data;
        return {
          type: event.type,
          occurredAt: event.occurredAt,
          data: { circumstance, feeNok: circumstance === 'defective' ? 0 : REPLACEMENT_FEE_NOK },
        };
      }
      default:
        return event;
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
