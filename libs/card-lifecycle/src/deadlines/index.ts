export type { DeadlinePolicy, DeadlineRule } from './deadline-policy.types';
export {
  DEFAULT_DEADLINE_POLICY_VERSION,
  MAX_DEADLINE_WORKING_DAYS,
  createDeadlinePolicy,
  defaultDeadlinePolicy,
} from './deadline-policy';
export type { DeadlinePolicyOverrides } from './deadline-policy';
export { breachInstant, computeDeadline, isPastDue, lateness, workingDaysLeft } from './deadlines';
export type { ComputedDeadline, Lateness } from './deadlines';
export { deadlineTimerKey, planDeadlineCheck, type PlannedTimer } from './deadline-check';
