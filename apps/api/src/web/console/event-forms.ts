import {
  APPOINTMENT_CHANNELS,
  CANCELLATION_REASONS,
  LOSS_CIRCUMSTANCES,
  RETURN_REASONS,
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
const OPTIONAL_FIELDS: readonly EventField[] = ['trackingNumber', 'line2'];
const TEXT_LIMITS: Partial<Record<EventField, number>> = { station: 100, trackingNumber: 100, line1: 100, line2: 100, city: 100 };

export type EventFormValues = Partial<Record<EventField | 'occurredAt', string>>;
export type EventFormErrors = Partial<Record<EventField | 'occurredAt', string>>;

/**
 * The API's request body for an event from the console's form, or the fields' errors. The body
 * then goes through the API's own validation and decision (`CardEventsService.record`).
 */
export function eventBodyFromForm(
  type: RecordableEventType,
  form: EventFormValues,
  words: ConsoleMessages['record']['errors'],
  zone: string,
): { ok: true; body: Record<string, unknown> } | { ok: false; errors: EventFormErrors } {
  const errors: EventFormErrors = {};
  const text = (field: EventField): string | undefined => {
    const value = (form[field] ?? '').trim();
    if (value === '') {
      if (!OPTIONAL_FIELDS.includes(field)) errors[field] = words.required;
      return undefined;
    }
    if (value.length > (TEXT_LIMITS[field] ?? 100)) errors[field] = words.tooLong;
    return value;
  };
  const choice = (field: keyof typeof EVENT_CHOICES): string | undefined => {
    const value = form[field] ?? '';
    if (!(EVENT_CHOICES[field] as readonly string[]).includes(value)) {
      errors[field] = words.choose;
      return undefined;
    }
    return value;
  };
  const ticked = (field: EventField): boolean => form[field] === 'yes';

  let occurredAt: string | undefined;
  const typedAt = (form.occurredAt ?? '').trim();
  if (typedAt !== '') {
    const at = parseDateTimeInput(typedAt, zone);
    if (at === null) errors.occurredAt = words.dateTime;
    else occurredAt = at.toISOString();
  }

  let data: Record<string, unknown> | undefined;
  switch (type) {
    case 'AppointmentBooked': {
      const typed = (form.appointmentAt ?? '').trim();
      const at = typed === '' ? null : parseDateTimeInput(typed, zone);
      if (at === null) errors.appointmentAt = typed === '' ? words.required : words.dateTime;
      data = { appointmentAt: at?.toISOString(), station: text('station'), channel: choice('channel') };
      break;
    }
    case 'BiometricsCaptured':
      data = { station: text('station'), fingerprints: ticked('fingerprints'), guardianPresent: ticked('guardianPresent') };
      break;
    case 'CardOrdered':
      data = { biometricsReused: ticked('biometricsReused') };
      break;
    case 'CardMailed': {
      const tracking = text('trackingNumber');
      data = tracking === undefined ? {} : { trackingNumber: tracking };
      break;
    }
    case 'CardReturned':
      data = { reason: choice('returnReason') };
      break;
    case 'CardReportedLost':
      data = { circumstance: choice('circumstance') };
      break;
    case 'CardCancelled':
      data = { reason: choice('cancelReason') };
      break;
    case 'AddressChanged': {
      const postalCode = (form.postalCode ?? '').trim();
      if (postalCode === '') errors.postalCode = words.required;
      else if (!/^\d{4}$/.test(postalCode)) errors.postalCode = words.postalCode;
      const line2 = text('line2');
      data = { address: { line1: text('line1'), ...(line2 === undefined ? {} : { line2 }), postalCode, city: text('city') } };
      break;
    }
    case 'AddressConfirmed':
      data = { by: 'caseworker' };
      break;
    default:
      data = undefined;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { type, ...(occurredAt === undefined ? {} : { occurredAt }), ...(data === undefined ? {} : { data }) } };
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
