/**
 * cardtrail's domain: the card lifecycle as a decider, the parsers of what callers hand it, the
 * Norwegian working-day calendar, the deadline policy, the notification rules and texts, and the
 * applicant view. Pure TypeScript plus luxon, and zod for the parsers (docs/decisions/0032); time
 * and zone are always inputs. This file is the only entry point.
 */
export * from './card.events';
export * from './card.state';
export * from './card.commands';
export * from './card.input';
export * from './card.errors';
export { createCardDecider, ageOn, FUTURE_TOLERANCE_MS, REPLACEMENT_FEE_NOK, RECOMPUTE_REASON_MAX_LENGTH } from './card.decide';
export type { CardDecider, CardDeciderOptions } from './card.decide';
export { allowedEventsFrom, RECORDABLE_EVENT_TYPES, CARD_TRANSITIONS } from './card';
export * from './card.codec';
export * from './card.rules';
export * from './card.opening';
export * from './duf-number';
export * from './nationality';
export * from './calendar';
export * from './deadlines';
export * from './notifications';
export * from './status';
