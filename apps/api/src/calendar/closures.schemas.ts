import { z } from 'zod';
import { isoDateSchema } from '../cards/cards.schemas';

/** Closure days are dates the calendar and every event can hold: 1970–2199. */
export const closureDateParams = z.strictObject({
  date: isoDateSchema
    .refine((d) => d >= '1970-01-01' && d <= '2199-12-31', 'must be a date from 1970 to 2199')
    .describe('the closed date (Oslo), YYYY-MM-DD'),
});

export const closureChangeBodySchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('why (an IT outage at the office, a strike); kept in the audit trail and on every card whose deadline moves')
    .meta({ example: 'IT outage at the police offices' }),
});
export type ClosureChangeBody = z.output<typeof closureChangeBodySchema>;

export const closureChangeSchema = z.object({
  revision: z.int().describe('number of this change; every process reloads its calendar when the latest moves'),
  date: z.string().meta({ format: 'date' }),
  action: z.enum(['added', 'removed']),
  reason: z.string(),
  by: z.string().describe('the admin (token subject) who made the change'),
  at: z.string().meta({ format: 'date-time' }),
  deadlinesMoved: z.int().describe('open deadlines the recomputation after this change moved (0 until it ran)'),
  recomputedAt: z.string().meta({ format: 'date-time' }).nullable().describe('when the worker finished recomputing; null while pending'),
});
export type ClosureChangeView = z.output<typeof closureChangeSchema>;

export const closuresSchema = z.object({
  revision: z.int().describe('the latest change (0: none)'),
  startUp: z.array(z.string().meta({ format: 'date' })).describe('closure days set at start (EXTRA_CLOSED_DAYS); change them there'),
  closures: z.array(closureChangeSchema).describe('run-time closure days in force, in date order: the addition of each'),
  changes: z.array(closureChangeSchema).describe('the audit trail: the latest 100 additions and removals, newest first'),
});
export type ClosuresView = z.output<typeof closuresSchema>;
