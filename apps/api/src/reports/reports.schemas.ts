import { POLICE_DISTRICTS } from '@cardtrail/card-lifecycle';
import { z } from 'zod';
import { isoDateSchema } from '../cards/cards.schemas';

/** Events are dated 1970–2199 (the domain refuses others), so no delivery falls outside these years. */
const reportDate = isoDateSchema.refine((d) => d >= '1970-01-01' && d <= '2199-12-31', 'must be a date from 1970 to 2199');

export const deadlineReportQuerySchema = z
  .strictObject({
    policeDistrict: z
      .enum(POLICE_DISTRICTS)
      .optional()
      .describe("a caseworker's own district by default; admins get every district without it"),
    from: reportDate.describe('first delivery date counted (Oslo date)'),
    to: reportDate.describe('last delivery date counted (Oslo date), inclusive; any length of period'),
  })
  .refine((q) => q.from <= q.to, { message: 'must not be after to', path: ['from'] });
export type DeadlineReportQuery = z.output<typeof deadlineReportQuerySchema>;

const deadlineFigures = {
  delivered: z.int().describe('cards delivered or collected (current issue of each card)'),
  onTime: z.int(),
  late: z.int(),
  onTimeRate: z.number().nullable().describe('onTime / delivered, 0–1 to 4 decimals; null when nothing was delivered'),
  medianWorkingDaysToDelivery: z
    .number()
    .nullable()
    .describe('median working days from the deadline start (biometrics, order or loss) to delivery; null when nothing was delivered'),
};

export const monthlyDeadlineReportSchema = z.object({
  month: z.string().meta({ example: '2025-05' }).describe('calendar month of delivery (Oslo), YYYY-MM'),
  ...deadlineFigures,
});

export const districtDeadlineReportSchema = z.object({
  policeDistrict: z.enum(POLICE_DISTRICTS),
  ...deadlineFigures,
  openOverdue: z.int().describe('cards overdue now (not in the period)'),
  months: z
    .array(monthlyDeadlineReportSchema)
    .describe('the same figures per month of delivery, every month the period touches (the first and last may be partial)'),
});

export const deadlineReportSchema = z.object({
  from: z.string().meta({ format: 'date' }),
  to: z.string().meta({ format: 'date' }),
  total: districtDeadlineReportSchema
    .omit({ policeDistrict: true })
    .describe('the districts of the report together (the median over all their cards)'),
  districts: z.array(districtDeadlineReportSchema),
});
export type DeadlineReport = z.output<typeof deadlineReportSchema>;
export type DistrictDeadlineReport = z.output<typeof districtDeadlineReportSchema>;
export type DeadlineFigures = Omit<z.output<typeof monthlyDeadlineReportSchema>, 'month'>;
