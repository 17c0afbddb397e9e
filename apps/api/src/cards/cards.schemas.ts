import {
  MESSAGE_LANGUAGES,
  NOTIFICATION_STATUSES,
  APPOINTMENT_CHANNELS,
  CARD_STATUSES,
  DEADLINE_KINDS,
  LOSS_CIRCUMSTANCES,
  POLICE_DISTRICTS,
  addressInput,
  isoDateInput,
  recordableEventInput,
} from '@cardtrail/card-lifecycle';
import { CARD_REASONS } from '@cardtrail/infra';
import { z } from 'zod';

/**
 * One zod definition per input both validates (strict objects: unknown fields are refused) and
 * documents it in OpenAPI. The events' inputs and the values they share (dates, instants,
 * addresses) are the library's parsers (libs/card-lifecycle/src/card.input.ts); what only the
 * HTTP layer takes (opening a card, the list's query) is here. Response schemas below are for
 * the document only.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

/** The value schemas are the library's (card.input.ts), the one home of input validation. */
export const isoDateSchema = isoDateInput;
export const addressSchema = addressInput;

export const openCardBodySchema = z.strictObject({
  dufNumber: z.string().regex(/^\d{12}$/, 'must be exactly 12 digits').meta({ example: '201258697561' }),
  policeDistrict: z.enum(POLICE_DISTRICTS),
  reason: z.enum(CARD_REASONS),
  applicant: z.strictObject({
    fullName: text(200),
    dateOfBirth: isoDateSchema,
    nationality: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code')
      .meta({ example: 'MA' }),
    email: z.email().max(254).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9][0-9 ()-]{3,24}$/, 'must be a phone number such as +4791234567')
      .optional(),
    preferredLanguage: z.enum(MESSAGE_LANGUAGES).default('en').describe('en, nb (bokmål) or nn (nynorsk)'),
  }),
  address: addressSchema,
});
export type OpenCardBody = z.output<typeof openCardBodySchema>;

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listCardsQuerySchema = z.strictObject({
  status: z.enum(CARD_STATUSES).optional(),
  policeDistrict: z.enum(POLICE_DISTRICTS).optional(),
  overdue: booleanQuery.optional().describe('true: only overdue cards; false: only cards that are not'),
  dufNumber: z.string().regex(/^\d{12}$/, 'must be exactly 12 digits').optional(),
  dueBefore: isoDateSchema.optional().describe('only cards whose due date is strictly before this date'),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100'))
    .optional()
    .describe('page size, 1–100 (default 20)'),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});
export type ListCardsQuery = z.output<typeof listCardsQuerySchema>;

export const cardIdParamSchema = z.strictObject({ id: z.string() });

/**
 * The body of `POST /v1/cards/{id}/events`, for the OpenAPI document: the library's input of each
 * recordable event kind, which `parseRecordEvent` also validates with (card-events.service.ts).
 */
export const eventBodySchema = recordableEventInput;

// ---- Responses (documentation) ----

const instantOut = z.string().meta({ format: 'date-time' });
const dateOut = z.string().meta({ format: 'date' });

export const cardViewSchema = z.object({
  id: z.uuid(),
  reference: z.string().meta({ example: 'CT-7K3Q-M9XD-2HFA' }),
  status: z.enum(CARD_STATUSES),
  issueNumber: z.int(),
  version: z.int().describe('number of events recorded; the ETag'),
  policeDistrict: z.enum(POLICE_DISTRICTS),
  reason: z.enum(CARD_REASONS),
  dufNumber: z.string(),
  applicant: z.object({
    fullName: z.string(),
    dateOfBirth: dateOut,
    nationality: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    preferredLanguage: z.enum(MESSAGE_LANGUAGES),
  }),
  address: z.object({ line1: z.string(), line2: z.string().nullable(), postalCode: z.string(), city: z.string() }),
  addressConfirmedAt: instantOut.nullable(),
  appointment: z.object({ at: instantOut, station: z.string(), channel: z.enum(APPOINTMENT_CHANNELS) }).nullable(),
  deadline: z
    .object({
      kind: z.enum(DEADLINE_KINDS),
      startDate: dateOut,
      workingDays: z.int(),
      dueDate: dateOut,
      overdue: z.boolean(),
      breachedAt: instantOut.nullable(),
    })
    .nullable(),
  delivered: z.object({ at: instantOut, late: z.boolean(), workingDaysLate: z.int() }).nullable(),
  fee: z.object({ amountNok: z.int(), circumstance: z.enum(LOSS_CIRCUMSTANCES) }).nullable(),
  createdAt: instantOut,
  updatedAt: instantOut,
});

export const cardListSchema = z.object({
  items: z.array(cardViewSchema),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

export const storedEventSchema = z.object({
  seq: z.int(),
  type: z.string(),
  occurredAt: instantOut,
  recordedAt: instantOut,
  actor: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export const recordedEventSchema = z.object({ event: storedEventSchema, card: cardViewSchema });
export const historySchema = z.object({ items: z.array(storedEventSchema) });

export const notificationSchema = z.object({
  key: z.string(),
  kind: z.string(),
  audience: z.string(),
  issueNumber: z.int(),
  dueAt: instantOut,
  status: z.enum(NOTIFICATION_STATUSES),
  attempts: z.int(),
  reason: z.string().nullable(),
  lastError: z.string().nullable(),
  sentAt: instantOut.nullable(),
});
export const notificationListSchema = z.object({ items: z.array(notificationSchema) });
