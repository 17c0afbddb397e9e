import { CARD_STATUSES, POLICE_DISTRICTS } from '@cardtrail/card-lifecycle';
import { z } from 'zod';

/**
 * What an applicant proves themselves with. Lenient about form (spaces, lower case, O for 0 in the
 * reference are normalised), strict about shape: unknown fields and non-strings are a 400.
 */
export const statusLookupBodySchema = z.strictObject({
  reference: z.string().min(1).max(40).meta({ example: 'CT-7K3Q-M9XD-2HFA' }),
  dufNumber: z.string().min(1).max(40).meta({ example: '201258697561' }),
});
export type StatusLookupBody = z.output<typeof statusLookupBodySchema>;

export const applicantViewSchema = z.object({
  reference: z.string(),
  status: z.enum(CARD_STATUSES),
  message: z.string().describe('plain language, in the language of Accept-Language (en, nb or nn)'),
  nextSteps: z.array(z.string()),
  expectedBy: z.string().meta({ format: 'date' }).nullable(),
  overdue: z.boolean(),
  workingDaysLeft: z.int().nullable(),
  timeline: z.array(z.object({ status: z.enum(CARD_STATUSES), date: z.string().meta({ format: 'date' }) })),
  addressCheck: z.object({ confirmed: z.boolean(), advice: z.string() }),
  policeDistrict: z.object({ slug: z.enum(POLICE_DISTRICTS), name: z.string() }),
});
