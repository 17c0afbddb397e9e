/**
 * Generated card histories for property tests: a walk through the lifecycle table, each step
 * one recordable event (or a deadline check) some days after the last, every step decided by the
 * real decider (a refused step is left out). Test support only, never exported by the library.
 */
import fc from 'fast-check';
import { CARD_TRANSITIONS } from '../card';
import type { CardCommand } from '../card.commands';
import type { CardDecider } from '../card.decide';
import { isCardRefusedError } from '../card.errors';
import type { CardEvent, RecordableEvent, RecordableEventType } from '../card.events';
import type { CardOpening, CardState } from '../card.state';
import * as build from './builders';

export interface HistoryStep {
  /**
   * `forward`: the next event of the usual path (the first allowed one that moves the status,
   * neither a miss nor a cancellation); `any`: the `pick`-th allowed event; `check`: the worker's
   * deadline check.
   */
  kind: 'forward' | 'any' | 'check';
  pick: number;
  /** Days after the previous step (0–25: sometimes well past a due date). */
  days: number;
  /** Minutes into the day, so instants fall around midnight too. */
  minutes: number;
}

export interface GeneratedHistory {
  opening: CardOpening;
  /** The decided events, each append's list in order. */
  appends: CardEvent[][];
  state: CardState;
  /** The instant of the last step. */
  lastAt: Date;
}

export const historySteps = (maxLength = 14): fc.Arbitrary<HistoryStep[]> =>
  fc.array(
    fc.record({
      kind: fc.oneof(
        { weight: 6, arbitrary: fc.constant('forward' as const) },
        { weight: 2, arbitrary: fc.constant('any' as const) },
        { weight: 2, arbitrary: fc.constant('check' as const) },
      ),
      pick: fc.nat({ max: 15 }),
      days: fc.integer({ min: 0, max: 25 }),
      minutes: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    }),
    { minLength: 2, maxLength },
  );

/** Events that leave the usual path or change no status: `forward` never picks them. */
const SIDE_STEPS: readonly RecordableEventType[] = [
  'AppointmentMissed',
  'AddressChanged',
  'AddressConfirmed',
  'CardCancelled',
  'CardReturned',
  'CardLostInMail',
  'CardReportedLost',
];

const START = build.at('2025-03-03T08:00:00+01:00');

/** An event of each recordable type at `occurredAt`, valid from the state it is recorded in. */
const RECORDABLE: { [T in RecordableEventType]: (occurredAt: Date, state: CardState) => RecordableEvent } = {
  AppointmentBooked: (occurredAt) => build.appointmentBooked({ occurredAt, appointmentAt: build.shift(occurredAt, { days: 3 }) }),
  AppointmentMissed: (occurredAt) => ({ type: 'AppointmentMissed', occurredAt, data: {} }),
  BiometricsCaptured: (occurredAt) => build.biometricsCaptured({ occurredAt }),
  // From awaiting_appointment only with biometrics on file (the lifecycle table).
  CardOrdered: (occurredAt, state) => build.cardOrdered({ occurredAt, biometricsReused: state.status === 'awaiting_appointment' }),
  CardProduced: (occurredAt) => build.cardProduced({ occurredAt }),
  CardMailed: (occurredAt) => build.cardMailed({ occurredAt }),
  CardDelivered: (occurredAt) => build.cardDelivered({ occurredAt }),
  CardReturned: (occurredAt) => build.cardReturned({ occurredAt }),
  CardCollected: (occurredAt) => build.cardCollected({ occurredAt }),
  CardLostInMail: (occurredAt) => build.cardLostInMail({ occurredAt }),
  CardReportedLost: (occurredAt) => build.reportLost({ occurredAt }),
  AddressChanged: (occurredAt) => build.addressChanged({ occurredAt }),
  AddressConfirmed: (occurredAt) => build.addressConfirmed({ occurredAt }),
  CardCancelled: (occurredAt) => build.cardCancelled({ occurredAt }),
};

/** Runs the steps through `decider`: after `CardLostInMail` the worker's `OrderReissue` follows. */
export function playHistory(decider: CardDecider, steps: readonly HistoryStep[], opening = build.anOpening()): GeneratedHistory {
  let state = decider.initialState(opening);
  let when = START;
  const appends: CardEvent[][] = [];
  const run = (command: CardCommand): CardEvent[] => {
    try {
      const events = decider.decide(command, state);
      for (const event of events) state = decider.evolve(state, event);
      if (events.length > 0) appends.push(events);
      return events;
    } catch (error) {
      if (isCardRefusedError(error)) return [];
      throw error;
    }
  };
  for (const step of steps) {
    when = build.shift(when, { days: step.days, minutes: step.minutes });
    const allowed = decider.allowedEvents(state);
    const forward = allowed.find((type) => !SIDE_STEPS.includes(type) && CARD_TRANSITIONS[type].to !== state.status);
    const type = step.kind === 'forward' ? forward : step.kind === 'any' ? allowed[step.pick % allowed.length] : undefined;
    if (type === undefined) {
      run({ type: 'CheckDeadline', now: when });
      continue;
    }
    const events = run({ type: 'RecordEvent', now: when, event: RECORDABLE[type](when, state) });
    if (events.some((e) => e.type === 'CardLostInMail')) run({ type: 'OrderReissue', now: when, lostAt: when });
  }
  return { opening, appends, state, lastAt: when };
}
