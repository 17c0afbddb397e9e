import {
  MESSAGE_LANGUAGES,
  NOTIFICATION_STATUSES,
  ADDRESS_CONFIRMERS,
  APPOINTMENT_CHANNELS,
  CANCELLATION_REASONS,
  CARD_STATUSES,
  DEADLINE_KINDS,
  LOSS_CIRCUMSTANCES,
  POLICE_DISTRICTS,
  RECORDABLE_EVENT_TYPES,
  RETURN_REASONS,
  isValidIsoDate,
  type RecordableEventType,
} from '@cardtrail/card-lifecycle';
import { CARD_REASONS } from '@cardtrail/infra';
import { z } from 'zod';

/**
 * One zod definition per input both validates (strict objects: unknown fields are refused) and
 * documents it in OpenAPI. Response schemas below are for the document only.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

/** A real calendar date written `YYYY-MM-DD` (2025-02-30 is refused). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isValidIsoDate, 'is not a real calendar date')
  .meta({ format: 'date', example: '2025-04-14' });

/**
 * An instant with an explicit offset (`2025-04-14T09:30:00+02:00` or `…Z`): a time without a zone
 * would be ambiguous. The calendar date part must exist (2025-02-30T… is refused).
 */
export const instantSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/,
    'must be an ISO 8601 date-time with an offset, e.g. 2025-04-14T09:30:00+02:00',
  )
  .refine((s) => isValidIsoDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)), 'is not a real date-time')
  .transform((s) => new Date(s))
  .meta({ format: 'date-time', example: '2025-04-14T09:30:00+02:00' });

export const addressSchema = z.strictObject({
  line1: text(200),
  line2: text(200).optional(),
  postalCode: z.string().regex(/^\d{4}$/, 'must be 4 digits'),
  city: text(100),
});

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

const occurredAt = instantSchema
  .optional()
  .describe('when it happened; defaults to now; at most 5 minutes ahead, never before the previous event');
const noData = z.strictObject({}).optional();

/** The request body of each recordable event type: `{ type, occurredAt?, data }`. */
export const EVENT_BODY_SCHEMAS = {
  AppointmentBooked: z.strictObject({
    type: z.literal('AppointmentBooked'),
    occurredAt,
    data: z.strictObject({
      appointmentAt: instantSchema,
      station: text(100),
      channel: z.enum(APPOINTMENT_CHANNELS),
    }),
  }),
  AppointmentMissed: z.strictObject({ type: z.literal('AppointmentMissed'), occurredAt, data: noData }),
  BiometricsCaptured: z.strictObject({
    type: z.literal('BiometricsCaptured'),
    occurredAt,
    data: z.strictObject({
      station: text(100),
      fingerprints: z.boolean(),
      guardianPresent: z.boolean().default(false),
    }),
  }),
  CardOrdered: z.strictObject({
    type: z.literal('CardOrdered'),
    occurredAt,
    data: z.strictObject({ biometricsReused: z.boolean().default(false) }).default({ biometricsReused: false }),
  }),
  CardProduced: z.strictObject({ type: z.literal('CardProduced'), occurredAt, data: noData }),
  CardMailed: z.strictObject({
    type: z.literal('CardMailed'),
    occurredAt,
    data: z.strictObject({ trackingNumber: text(100).optional() }).optional(),
  }),
  CardDelivered: z.strictObject({ type: z.literal('CardDelivered'), occurredAt, data: noData }),
  CardReturned: z.strictObject({
    type: z.literal('CardReturned'),
    occurredAt,
    data: z.strictObject({ reason: z.enum(RETURN_REASONS) }),
  }),
  CardCollected: z.strictObject({ type: z.literal('CardCollected'), occurredAt, data: noData }),
  CardLostInMail: z.strictObject({ type: z.literal('CardLostInMail'), occurredAt, data: noData }),
  CardReportedLost: z.strictObject({
    type: z.literal('CardReportedLost'),
    occurredAt,
    data: z.strictObject({ circumstance: z.enum(LOSS_CIRCUMSTANCES) }),
  }),
  AddressChanged: z.strictObject({
    type: z.literal('AddressChanged'),
    occurredAt,
    data: z.strictObject({ address: addressSchema }),
  }),
  AddressConfirmed: z.strictObject({
    type: z.literal('AddressConfirmed'),
    occurredAt,
    data: z.strictObject({ by: z.enum(ADDRESS_CONFIRMERS).default('caseworker') }).default({ by: 'caseworker' }),
  }),
  CardCancelled: z.strictObject({
    type: z.literal('CardCancelled'),
    occurredAt,
    data: z.strictObject({ reason: z.enum(CANCELLATION_REASONS) }),
  }),
} satisfies { [T in RecordableEventType]: z.ZodType };

/** For the OpenAPI document: the union the per-type schemas form. */
export const eventBodySchema = z.discriminatedUnion('type', [
  EVENT_BODY_SCHEMAS.AppointmentBooked,
  EVENT_BODY_SCHEMAS.AppointmentMissed,
  EVENT_BODY_SCHEMAS.BiometricsCaptured,
  EVENT_BODY_SCHEMAS.CardOrdered,
  EVENT_BODY_SCHEMAS.CardProduced,
  EVENT_BODY_SCHEMAS.CardMailed,
  EVENT_BODY_SCHEMAS.CardDelivered,
  EVENT_BODY_SCHEMAS.CardReturned,
  EVENT_BODY_SCHEMAS.CardCollected,
  EVENT_BODY_SCHEMAS.CardLostInMail,
  EVENT_BODY_SCHEMAS.CardReportedLost,
  EVENT_BODY_SCHEMAS.AddressChanged,
  EVENT_BODY_SCHEMAS.AddressConfirmed,
  EVENT_BODY_SCHEMAS.CardCancelled,
]);
export type EventBody = z.output<typeof eventBodySchema>;

export const RECORDABLE_TYPES: readonly string[] = RECORDABLE_EVENT_TYPES;

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
