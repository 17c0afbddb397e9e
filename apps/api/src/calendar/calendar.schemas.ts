import { z } from 'zod';
import { FIRST_SUPPORTED_YEAR, isValidIsoDate, LAST_SUPPORTED_YEAR } from '@cardtrail/card-lifecycle';

const YEARS = `${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`;

/** A real calendar date written `YYYY-MM-DD` within the calendar's supported years. */
export const supportedDate = z
  .string()
  .refine(isValidIsoDate, 'must be a real calendar date written YYYY-MM-DD')
  .refine((d) => {
    const year = Number(d.slice(0, 4));
    return year >= FIRST_SUPPORTED_YEAR && year <= LAST_SUPPORTED_YEAR;
  }, `must be in the years ${YEARS}`)
  .meta({ format: 'date', example: '2025-04-14' });

/** Query values arrive as strings; these check the text before converting it. */
const integerText = (min: number, max: number) =>
  z
    .string()
    .regex(/^[+-]?\d{1,6}$/, 'must be an integer')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

export const holidaysQuery = z.strictObject({
  year: integerText(FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR).meta({
    description: `Year, ${YEARS}`,
    example: '2025',
  }),
});

export const workingDaysQuery = z.strictObject({
  from: supportedDate.meta({ description: 'Start date; it never counts itself' }),
  days: integerText(-1000, 1000).meta({
    description: 'Working days to add, −1000 to 1000 (negative counts backwards)',
    example: '20',
  }),
});

export const expectedCardDateQuery = z.strictObject({
  appointmentDate: supportedDate.meta({ description: 'Date of the police appointment (biometrics)' }),
  departureDate: supportedDate.optional().meta({ description: 'Planned departure from Norway, if any' }),
});

export const holidaysResponse = z.array(
  z.object({
    date: z.string().meta({ format: 'date', example: '2025-04-17' }),
    name: z.string().meta({ example: 'Maundy Thursday' }),
    nameNb: z.string().meta({ example: 'Skjærtorsdag' }),
  }),
);

export const workingDaysResponse = z.object({
  from: z.string().meta({ format: 'date', example: '2025-04-14' }),
  days: z.number().int().meta({ example: 20 }),
  date: z.string().meta({ format: 'date', example: '2025-05-16' }),
});

export const expectedCardDateResponse = z.object({
  appointmentDate: z.string().meta({ format: 'date' }),
  workingDays: z.number().int().meta({ description: 'Working days from appointment to arrival (policy)', example: 20 }),
  expectedDate: z.string().meta({ format: 'date', description: 'When the card is expected in the letter box' }),
  departureDate: z.string().meta({ format: 'date' }).nullable(),
  arrivesBeforeDeparture: z
    .boolean()
    .nullable()
    .meta({ description: 'Expected on a day before the departure; null without a departure date' }),
  workingDaysToSpare: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Working days between the expected date and the departure; negative when late' }),
});
