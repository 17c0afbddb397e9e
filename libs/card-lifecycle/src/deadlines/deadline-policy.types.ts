import type { DeadlineKind } from '../card.events';

export interface DeadlineRule {
  workingDays: number;
  /** Where the number comes from (a UDI page, a police notice, a configuration override). */
  source: string;
}

/** Versioned: a due date records the version it was computed with. */
export interface DeadlinePolicy {
  version: string;
  rules: Record<DeadlineKind, DeadlineRule>;
}
