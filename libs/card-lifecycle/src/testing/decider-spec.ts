/**
 * given(events).when(command).then(events): a small helper we own instead of a framework.
 * Test support only: never exported from the library's public entry point.
 */
import { expect } from '@jest/globals';
import { createWorkingDayCalendar } from '../calendar';
import { defaultDeadlinePolicy } from '../deadlines';
import type { CardCommand } from '../card.commands';
import { type CardDecider, createCardDecider } from '../card.decide';
import { CardRefusedError, type CardRefusalCode } from '../card.errors';
import type { CardEvent } from '../card.events';
import type { CardOpening, CardState } from '../card.state';
import { anOpening } from './builders';

/** The production setup: Norwegian holidays, the default policy, Oslo. */
export function aDecider(extraClosedDays: string[] = []): CardDecider {
  return createCardDecider({
    calendar: createWorkingDayCalendar({ extraClosedDays }),
    policy: defaultDeadlinePolicy,
    zone: 'Europe/Oslo',
  });
}

export class DeciderSpec {
  private constructor(
    private readonly decider: CardDecider,
    private readonly opening: CardOpening,
    private readonly history: readonly CardEvent[],
  ) {}

  static for(decider: CardDecider = aDecider(), opening: CardOpening = anOpening()): DeciderSpec {
    return new DeciderSpec(decider, opening, []);
  }

  given(events: readonly CardEvent[]): DeciderSpec {
    return new DeciderSpec(this.decider, this.opening, [...this.history, ...events]);
  }

  /** The state the given events fold to. */
  state(): CardState {
    return this.decider.fold(this.opening, this.history);
  }

  when(command: CardCommand): DeciderOutcome {
    const state = this.state();
    return new DeciderOutcome(this.decider, state, () => this.decider.decide(command, state));
  }
}

export class DeciderOutcome {
  constructor(
    private readonly decider: CardDecider,
    private readonly before: CardState,
    private readonly run: () => CardEvent[],
  ) {}

  /** The command is accepted and yields exactly `expected`. */
  then(expected: CardEvent[]): CardEvent[] {
    const events = this.run();
    expect(events).toEqual(expected);
    return events;
  }

  /** The command is refused with `code`; returns the error for further checks. */
  thenThrows(code: CardRefusalCode): CardRefusedError {
    let thrown: unknown;
    try {
      const events = this.run();
      thrown = new Error(`expected ${code}, but the command was accepted: ${JSON.stringify(events)}`);
    } catch (error) {
      thrown = error;
    }
    if (!(thrown instanceof CardRefusedError)) throw thrown;
    expect(thrown.code).toBe(code);
    return thrown;
  }

  /** The command is accepted; the state after its events matches `expected` (a partial). */
  thenState(expected: Partial<Record<keyof CardState, unknown>>): CardState {
    const state = this.run().reduce(this.decider.evolve, this.before);
    expect(state).toMatchObject(expected);
    return state;
  }
}
