import type { DeadlineKind } from '../card.events';
import type { DeadlinePolicy, DeadlineRule } from './deadline-policy.types';

export const DEFAULT_DEADLINE_POLICY_VERSION = '2025-01';

/** The largest configurable deadline: about a year of working days, far above any real one. */
export const MAX_DEADLINE_WORKING_DAYS = 260;

/** UDI and the police: the card arrives 20 working days after the appointment; a card lost in the mail is reissued in 10 more. */
export const defaultDeadlinePolicy: DeadlinePolicy = Object.freeze({
  version: DEFAULT_DEADLINE_POLICY_VERSION,
  rules: Object.freeze({
    issue: Object.freeze({
      workingDays: 20,
      source:
        'UDI: the card is sent by post about 20 working days after the appointment (udi.no, residence card)',
    }),
    reissue: Object.freeze({
      workingDays: 10,
      source: 'UDI: a card lost in the mail is reissued within 10 working days',
    }),
  }),
}) as DeadlinePolicy;

export interface DeadlinePolicyOverrides {
  issueWorkingDays?: number;
  reissueWorkingDays?: number;
  /** Replaces the derived version string entirely (e.g. a named policy from configuration). */
  version?: string;
}

function validWorkingDays(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_DEADLINE_WORKING_DAYS) {
    throw new RangeError(
      `Invalid ${name} ${String(value)}: expected a whole number of working days from 1 to ${MAX_DEADLINE_WORKING_DAYS}`,
    );
  }
  return value;
}

/**
 * The default policy with configured values applied. A rule whose configured value differs from
 * the default gets a source saying so (keeping the default's source for reference) and is named
 * in the version, e.g. `2025-01+config(issue=15)`; a configured value equal to the default
 * changes nothing, so the usual `ISSUE_WORKING_DAYS=20` keeps the plain default version.
 * Throws a RangeError for a value that is not a whole number from 1 to 260, or an empty version.
 */
export function createDeadlinePolicy(overrides: DeadlinePolicyOverrides = {}): DeadlinePolicy {
  const configured: Record<DeadlineKind, number | undefined> = {
    issue:
      overrides.issueWorkingDays === undefined
        ? undefined
        : validWorkingDays('issueWorkingDays', overrides.issueWorkingDays),
    reissue:
      overrides.reissueWorkingDays === undefined
        ? undefined
        : validWorkingDays('reissueWorkingDays', overrides.reissueWorkingDays),
  };
  if (overrides.version !== undefined && overrides.version.trim() === '') {
    throw new RangeError('Invalid deadline policy version: expected a non-empty string');
  }

  const changed: string[] = [];
  const rule = (kind: DeadlineKind): DeadlineRule => {
    const base = defaultDeadlinePolicy.rules[kind];
    const value = configured[kind];
    if (value === undefined || value === base.workingDays) return { ...base };
    changed.push(`${kind}=${value}`);
    return {
      workingDays: value,
      source: `Configuration override: ${value} working days instead of the default ${base.workingDays} (${base.source})`,
    };
  };
  const rules: Record<DeadlineKind, DeadlineRule> = { issue: rule('issue'), reissue: rule('reissue') };

  const version =
    overrides.version ??
    (changed.length === 0
      ? defaultDeadlinePolicy.version
      : `${defaultDeadlinePolicy.version}+config(${changed.join(',')})`);
  return { version, rules };
}
