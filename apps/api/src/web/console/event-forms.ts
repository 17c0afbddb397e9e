import {
  APPOINTMENT_CHANNELS,
  CANCELLATION_REASONS,
  LOSS_CIRCUMSTANCES,
  RECORDABLE_EVENT_INPUTS,
  RETURN_REASONS,
  parseInput,
  type RecordableEventType,
} from '@cardtrail/card-lifecycle';
import { parseDateTimeInput } from './console-formats';
import type { ConsoleMessages } from './i18n/console-messages';

/** The form fields the console asks for, beyond `occurredAt`, per event (the API's body, in words). */
export type EventField =
  | 'appointmentAt'
  | 'station'
  | 'channel'
  | 'fingerprints'
  | 'guardianPresent'
  | 'biometricsReused'
  | 'trackingNumber'
  | 'returnReason'
  | 'circumstance'
  | 'cancelReason'
  | 'line1'
  | 'line2'
  | 'postalCode'
  | 'city';

export const EVENT_FIELDS: { readonly [T in RecordableEventType]: readonly EventField[] } = {
  AppointmentBooked: ['appointmentAt', 'station', 'channel'],
  AppointmentMissed: [],
  BiometricsCaptured: ['station', 'fingerprints', 'guardianPresent'],
  CardOrdered: ['biometricsReused'],
  CardProduced: [],
  CardMailed: ['trackingNumber'],
  CardDelivered: [],
  CardReturned: ['returnReason'],
  CardCollected: [],
  CardLostInMail: [],
  CardReportedLost: ['circumstance'],
  AddressChanged: ['line1', 'line2', 'postalCode', 'city'],
  AddressConfirmed: [],
  CardCancelled: ['cancelReason'],
};

/** The choices of each radio field, in the API's values. */
export const EVENT_CHOICES = {
  channel: APPOINTMENT_CHANNELS,
  returnReason: RETURN_REASONS,
  circumstance: LOSS_CIRCUMSTANCES,
  cancelReason: CANCELLATION_REASONS,
} as const;

export const CHECKBOX_FIELDS: readonly EventField[] = ['fingerprints', 'guardianPresent', 'biometricsReused'];

/** Where each form field goes in the API's body for the event (its `data`). */
const DATA_PATHS: { readonly [F in EventField]: readonly string[] } = {
  appointmentAt: ['appointmentAt'],
  station: ['station'],
  channel: ['channel'],
  fingerprints: ['fingerprints'],
  guardianPresent: ['guardianPresent'],
  biometricsReused: ['biometricsReused'],
  trackingNumber: ['trackingNumber'],
  returnReason: ['reason'],
  circumstance: ['circumstance'],
  cancelReason: ['reason'],
  line1: ['address', 'line1'],
  line2: ['address', 'line2'],
  postalCode: ['address', 'postalCode'],
  city: ['address', 'city'],
};

export type EventFormValues = Partial<Record<EventField | 'occurredAt', string>>;
export type EventFormErrors = Partial<Record<EventField | 'occurredAt', string>>;

type RecordWords = ConsoleMessages['record']['errors'];

/** What to say next to a form field the library's parser refused ("Required" or another message). */
function wordsFor(field: EventField | 'occurredAt', message: string, words: RecordWords): string {
  if (field in EVENT_CHOICES) return words.choose;
  if (message === 'Required') return words.required;
  switch (field) {
    case 'occurredAt':
    case 'appointmentAt':
      return words.dateTime;
    case 'postalCode':
      return words.postalCode;
    default:
      return words.tooLong;
  }
}

/**
 * The API's request body for an event from the console's form, or the fields' errors. The form
 * only translates what a person types into the body's terms (a date and time in the business
 * zone, a ticked box, a blank optional field left out); the body is then checked with the
 * library's parser of that event kind (`RECORDABLE_EVENT_INPUTS`, the same the API validates
 * with), whose field errors become messages next to their fields. The body then goes through the
 * API's own decision (`CardEventsService.record`).
 */
export function eventBodyFromForm(
  type: RecordableEventType,
  form: EventFormValues,
  words: RecordWords,
  zone: string,
): { ok: true; body: Record<string, unknown> } | { ok: false; errors: EventFormErrors } {
  const errors: EventFormErrors = {};
  const instant = (field: 'occurredAt' | 'appointmentAt'): string | undefined => {
    const typed = (form[field] ?? '').trim();
    if (typed === '') return undefined;
    const at = parseDateTimeInput(typed, zone);
    if (at === null) errors[field] = words.dateTime;
    return at?.toISOString();
  };

  const body: Record<string, unknown> = { type };
  const occurredAt = instant('occurredAt');
  if (occurredAt !== undefined) body.occurredAt = occurredAt;
  const fields = EVENT_FIELDS[type];
  if (fields.length > 0) {
    const data: Record<string, unknown> = {};
    for (const field of fields) {
      const value = CHECKBOX_FIELDS.includes(field)
        ? form[field] === 'yes'
        : field === 'appointmentAt'
          ? instant(field)
          : (form[field] ?? '').trim() || undefined;
      const path = DATA_PATHS[field];
      let at = data;
      for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
      if (value !== undefined) at[path[path.length - 1]!] = value;
    }
    body.data = data;
  }

  const parsed = parseInput(RECORDABLE_EVENT_INPUTS[type], body);
  if (!parsed.ok) {
    for (const error of parsed.refusal.errors) {
      const field = error.field === 'occurredAt' ? 'occurredAt' : fields.find((f) => `data.${DATA_PATHS[f].join('.')}` === error.field);
      if (field !== undefined && errors[field] === undefined) errors[field] = wordsFor(field, error.message, words);
    }
  }
  // A refusal naming no field of this form cannot come from what the form sends; were it to, the
  // API's validation of the same body would answer it.
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body };
}

/** A domain refusal's code, as the field of the form it is about. */
export function refusalField(code: string): { field: EventField | 'occurredAt'; message: keyof ConsoleMessages['record']['errors'] } | null {
  switch (code) {
    case 'CARD.GUARDIAN_REQUIRED':
      return { field: 'guardianPresent', message: 'guardianRequired' };
    case 'CARD.FINGERPRINTS_REQUIRED':
      return { field: 'fingerprints', message: 'fingerprintsRequired' };
    case 'CARD.OCCURRED_IN_FUTURE':
      return { field: 'occurredAt', message: 'inFuture' };
    case 'CARD.OCCURRED_BEFORE_PREVIOUS_EVENT':
      return { field: 'occurredAt', message: 'beforePrevious' };
    case 'CARD.INVALID_INSTANT':
      return { field: 'occurredAt', message: 'dateTime' };
    default:
      return null;
  }
}
