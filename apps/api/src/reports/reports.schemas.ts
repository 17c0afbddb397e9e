import { POLICE_DISTRICTS } from '@cardtrail/card-lifecycle';
import { z } from 'zod';
import { isoDateSchema } from '../cards/cards.schemas';

/** The longest period one report covers: a year (and a day, for leap years). */
export const MAX_REPORT_DAYS = 366;

export const deadlineReportQuerySchema = z
  .strictObject({
    policeDistrict: z
      .enum(POLICE_DISTRICTS)
      .optional()
      .describe("a caseworker's own district by default; admins get every district without it"),
    from: isoDateSchema.describe('first delivery date counted (Oslo date)'),
    to: isoDateSchema.describe('last delivery date counted (Oslo date), inclusive'),
  })
  .refine((q) => q.from <= q.to, { message: 'must not be after to', path: ['from'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
    message: `the period may span at most ${MAX_REPORT_DAYS} days`,
    path: ['to'],
  });
export type DeadlineReportQuery = z.output<typeof deadlineReportQuerySchema>;

export const districtDeadlineReportSchema = z.object({
  policeDistrict: z.enum(POLICE_DISTRICTS),
  delivered: z.int().describe('cards delivered or collected in the period (current issue of each card)'),
  onTime: z.int(),
  late: z.int(),
  onTimeRate: z.number().nullable().describe('onTime / delivered, 0–1 to 4 decimals; null when nothing was delivered'),
  openOverdue: z.int().describe('cards overdue now (not in the period)'),
  medianWorkingDaysToDelivery: z
    .number()
    .nullable()
    .describe('median working days from the deadline start (biometrics, order or loss) to delivery; null when nothing was delivered'),
});

export const deadlineReportSchema = z.object({
  from: z.string().meta({ format: 'date' }),
  to: z.string().meta({ format: 'date' }),
  districts: z.array(districtDeadlineReportSchema),
});
export type DeadlineReport = z.output<typeof deadlineReportSchema>;
export type DistrictDeadlineReport = z.output<typeof districtDeadlineReportSchema>;
