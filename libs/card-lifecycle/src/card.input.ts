import { z } from 'zod';
import { isValidIsoDate } from './calendar';
import { RECORDABLE_EVENT_TYPES } from './card';
import type { RecordEvent } from './card.commands';
import {
  ADDRESS_CONFIRMERS,
  APPOINTMENT_CHANNELS,
  CANCELLATION_REASONS,
  CARD_EVENT_TYPES,
  LOSS_CIRCUMSTANCES,
  RETURN_REASONS,
  SYSTEM_EVENT_TYPES,
  type RecordableEvent,
  type RecordableEventType,
  type SystemEventType,
} from './card.events';

/**
 * The one home of input validation (docs/decisions/0032): what a caller hands the domain is
 * parsed here, once, into the typed values `decide` takes, or refused with the fields that are
 * wrong. The zod schemas below are also what the API documents (`z.toJSONSchema`), so the
 * validation and the OpenAPI document cannot drift apart. `decide` trusts what these return and
 * checks only the rules that depend on the card (status, order in time, age, the fee).
 */

/** A field the input got wrong: its dotted path (`data.address.city`, `items[1].date`) and why. */
export interface InputFieldError {
  field: string;
  message: string;
}

/** Fields missing, unknown or of the wrong shape. `message` sums up the first five errors. */
export interface InvalidInput {
  kind: 'invalid';
  message: string;
  errors: InputFieldError[];
}

/** The event type is not one a caller may record (nor a card event at all, when `known` is false). */
export interface UnknownEventType {
  kind: 'unknown-event-type';
  type: string;
  known: boolean;
  message: string;
  errors: InputFieldError[];
}

/** The event type is one only the system records (`SYSTEM_EVENT_TYPES`). */
export interface SystemEventNamed {
  kind: 'system-event';
  type: SystemEventType;
  message: string;
  errors: InputFieldError[];
}

export type EventInputRefusal = InvalidInput | UnknownEventType | SystemEventNamed;

/** A parser's answer: the typed value, or why the input was refused. */
export type Parsed<T, R = InvalidInput> = { ok: true; value: T } | { ok: false; refusal: R };

export interface ParseOptions {
  /** What the whole input is called when the problem is with the input itself (default `input`). */
  root?: string;
  /** What an unknown key is called in its message (default `field`: "Unknown field"). */
  unknownKey?: string;
}

/**
 * Parses `value` with a zod schema into {@link Parsed}: every failing field by its dotted path,
 * unknown keys of strict objects as "Unknown field", a missing field as "Required".
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, options: ParseOptions = {}): Parsed<z.output<S>> {
  const result = schema.safeParse(value, {
    // A missing field reads better as "Required" than as "expected string, received undefined".
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined),
  });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, refusal: invalidInput(fieldErrorsOf(result.error.issues, options)) };
}

/** zod's issues as field errors; an unknown key of a strict object is one error per key. */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[], options: ParseOptions = {}): InputFieldError[] {
  const root = options.root ?? 'input';
  const noun = options.unknownKey ?? 'field';
  const errors: InputFieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ field: fieldPath([...issue.path, key], root), message: `Unknown ${noun}` });
    } else {
      errors.push({ field: fieldPath(issue.path, root), message: issue.message });
    }
  }
  return errors;
}

function invalidInput(errors: InputFieldError[]): InvalidInput {
  const summary = errors
    .slice(0, 5)
    .map((e) => `${e.field}: ${e.message}`)
    .join('; ');
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
  return { kind: 'invalid', message: `${summary}${more}`, errors };
}

/** `['applicant', 'dateOfBirth']` → `applicant.dateOfBirth`; `['items', 0, 'date']` → `items[0].date`. */
function fieldPath(path: readonly PropertyKey[], root: string): string {
  if (path.length === 0) return root;
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

// ---- Values ----

const text = (max: number) => z.string().trim().min(1).max(max);

/** A real calendar date written `YYYY-MM-DD` (2025-02-30 is refused). */
export const isoDateInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isValidIsoDate, 'is not a real calendar date')
  .meta({ format: 'date', example: '2025-04-14' });

/**
 * An instant with an explicit offset (`2025-04-14T09:30:00+02:00` or `…Z`), as a `Date`: a time
 * without a zone would be ambiguous. The calendar date part must exist (2025-02-30T… is refused).
 * Whether the instant is plausible for a card (1970–2199) is the decider's rule
 * (`CARD.INVALID_INSTANT`), not a matter of shape.
 */
export const instantInput = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/,
    'must be an ISO 8601 date-time with an offset, e.g. 2025-04-14T09:30:00+02:00',
  )
  .refine((s) => isValidIsoDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)), 'is not a real date-time')
  .transform((s) => new Date(s))
  .meta({ format: 'date-time', example: '2025-04-14T09:30:00+02:00' });

/** A postal address in Norway; `line2` is left out rather than empty. */
export const addressInput = z.strictObject({
  line1: text(200),
  line2: text(200).optional(),
  postalCode: z.string().regex(/^\d{4}$/, 'must be 4 digits'),
  city: text(100),
});

// ---- Events a caller records ----

const occurredAt = instantInput
  .optional()
  .describe('when it happened; defaults to now; at most 5 minutes ahead, never before the previous event');
const noData = z.strictObject({}).optional();

/**
 * The input of each recordable event kind, `{ type, occurredAt?, data }` (strict: unknown fields
 * are refused; texts trimmed; defaults filled). Its output becomes the event with
 * {@link parseRecordableEvent}.
 */
export const RECORDABLE_EVENT_INPUTS = {
  AppointmentBooked: z.strictObject({
    type: z.literal('AppointmentBooked'),
    occurredAt,
    data: z.strictObject({
      appointmentAt: instantInput,
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
    data: z.strictObject({ address: addressInput }),
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

/** The union of {@link RECORDABLE_EVENT_INPUTS}, for documentation (the parser picks by `type` first). */
export const recordableEventInput = z.discriminatedUnion('type', [
  RECORDABLE_EVENT_INPUTS.AppointmentBooked,
  RECORDABLE_EVENT_INPUTS.AppointmentMissed,
  RECORDABLE_EVENT_INPUTS.BiometricsCaptured,
  RECORDABLE_EVENT_INPUTS.CardOrdered,
  RECORDABLE_EVENT_INPUTS.CardProduced,
  RECORDABLE_EVENT_INPUTS.CardMailed,
  RECORDABLE_EVENT_INPUTS.CardDelivered,
  RECORDABLE_EVENT_INPUTS.CardReturned,
  RECORDABLE_EVENT_INPUTS.CardCollected,
  RECORDABLE_EVENT_INPUTS.CardLostInMail,
  RECORDABLE_EVENT_INPUTS.CardReportedLost,
  RECORDABLE_EVENT_INPUTS.AddressChanged,
  RECORDABLE_EVENT_INPUTS.AddressConfirmed,
  RECORDABLE_EVENT_INPUTS.CardCancelled,
]);
/** What a caller sends for an event, as written (before defaults). */
export type RecordableEventInput = z.input<typeof recordableEventInput>;

const typeOnly = z.object({ type: z.string() });

/**
 * The event an input describes, dated `now` unless it says otherwise. First the type: missing or
 * not a string is `invalid`; one of `SYSTEM_EVENT_TYPES` is `system-event` (only the system
 * records those; this is the one place that says so); any other that is not recordable is
 * `unknown-event-type`. Then the whole input against that type's strict schema.
 */
export function parseRecordableEvent(input: unknown, now: Date, options: ParseOptions = {}): Parsed<RecordableEvent, EventInputRefusal> {
  const typed = parseInput(typeOnly, input, options);
  if (!typed.ok) return typed;
  const { type } = typed.value;
  if ((SYSTEM_EVENT_TYPES as readonly string[]).includes(type)) {
    return {
      ok: false,
      refusal: {
        kind: 'system-event',
        type: type as SystemEventType,
        message: `${type} is recorded by the worker, not by a caller.`,
        errors: [{ field: 'type', message: 'Recorded by the worker, not by a caller' }],
      },
    };
  }
  if (!(RECORDABLE_EVENT_TYPES as readonly string[]).includes(type)) {
    const known = (CARD_EVENT_TYPES as readonly string[]).includes(type);
    const list = RECORDABLE_EVENT_TYPES.join(', ');
    return {
      ok: false,
      refusal: {
        kind: 'unknown-event-type',
        type,
        known,
        message: `type ${JSON.stringify(type)} is ${known ? 'not a recordable' : 'not a known'} event type; known types: ${list}.`,
        errors: [{ field: 'type', message: `Unknown event type; expected one of ${list}` }],
      },
    };
  }
  const parsed = parseInput(RECORDABLE_EVENT_INPUTS[type as RecordableEventType], input, options);
  if (!parsed.ok) return parsed;
  const body = parsed.value as z.output<typeof recordableEventInput>;
  return { ok: true, value: { type: body.type, occurredAt: body.occurredAt ?? now, data: body.data ?? {} } as RecordableEvent };
}

/** The `RecordEvent` command an input describes, recorded at `now` (see {@link parseRecordableEvent}). */
export function parseRecordEvent(input: unknown, now: Date, options: ParseOptions = {}): Parsed<RecordEvent, EventInputRefusal> {
  const event = parseRecordableEvent(input, now, options);
  return event.ok ? { ok: true, value: { type: 'RecordEvent', event: event.value, now } } : event;
}
