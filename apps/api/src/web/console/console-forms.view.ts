import { addressInput, type CardEventType, type MessageLanguage, type RecordableEventType } from '@cardtrail/card-lifecycle';
import type { HistoryEntry } from '../../cards/cards.service';
import type { Messages } from '../i18n';
import type { FieldError, InputFieldModel } from '../templates/components';
import type { LayoutModel } from '../templates/layout';
import type { CheckboxModel, ChoiceFieldModel, SelectModel } from './console-components';
import { compactInstant } from './console-formats';
import { eventDetails } from './console-card.view';
import { CONSOLE_PATHS } from './console-site';
import { CHECKBOX_FIELDS, EVENT_CHOICES, EVENT_FIELDS, type EventField, type EventFormErrors, type EventFormValues } from './event-forms';

/** The longest address line the library's parser takes, so the field never cuts what the API would keep. */
export const ADDRESS_LINE_MAX = addressInput.shape.line1.maxLength ?? 200;

export type FormField =
  | { kind: 'input'; model: InputFieldModel }
  | { kind: 'radio'; model: ChoiceFieldModel }
  | { kind: 'checkbox'; model: CheckboxModel }
  | { kind: 'select'; model: SelectModel }
  | { kind: 'heading'; text: string };

export interface AlertModel {
  color: 'info' | 'warning' | 'danger' | 'success';
  heading: string;
  paragraphs: string[];
  list: string[];
}

export interface RecordPageModel {
  layout: LayoutModel;
  title: string;
  cardLine: string;
  back: { href: string; text: string };
  errorSummary: { heading: string; errors: FieldError[] };
  alerts: AlertModel[];
  form: { action: string; csrf: { name: string; token: string }; version: number; fields: FormField[]; submit: string } | null;
}

export interface RecordPageInput {
  language: MessageLanguage;
  messages: Messages;
  cardId: string;
  reference: string;
  status: string;
  version: number;
  type: RecordableEventType;
  /** False when the card's status no longer allows the event (the library's rule). */
  allowed: boolean;
  allowedNow: RecordableEventType[];
  values: EventFormValues;
  errors: EventFormErrors;
  /** Events recorded since the version the form was opened at (a stale form). */
  changes: HistoryEntry[] | null;
  /** The signed-in user, to tell their own earlier changes (a form sent twice) from a colleague's. */
  actor: string;
  csrf: { name: string; token: string };
  zone: string;
}

const FIELD_ORDER: ReadonlyArray<EventField | 'occurredAt'> = ['occurredAt'];

/** The form for one event: exactly the fields the API's body for it needs. */
export function recordPage(layout: LayoutModel, input: RecordPageInput): RecordPageModel {
  const words = input.messages.console;
  const r = words.record;
  const eventName = words.eventNames[input.type];
  const alerts: AlertModel[] = [];
  if (input.changes !== null) {
    alerts.push({
      color: 'warning',
      heading: input.changes.every((change) => change.actor === input.actor) ? r.staleHeadingOwn : r.staleHeading,
      paragraphs: [r.staleBody],
      list: input.changes.map(
        (e) =>
          `${words.eventNames[e.type as CardEventType] ?? e.type} – ${compactInstant(new Date(e.occurredAt), input.zone)} – ${e.actor}${
            eventDetails(e, words, input.zone) ? ` (${eventDetails(e, words, input.zone)})` : ''
          }`,
      ),
    });
    if (input.allowed) alerts[0]!.paragraphs.push(r.staleAgain);
  }
  if (!input.allowed) {
    alerts.push({
      color: 'danger',
      heading: r.notAllowedHeading,
      paragraphs: [
        r.notAllowed(eventName, input.status),
        ...(input.allowedNow.length > 0 ? [r.allowedNow(input.allowedNow.map((t) => words.eventNames[t]).join(', '))] : []),
      ],
      list: [],
    });
  }

  const fields: FormField[] = [];
  const v = input.values;
  const e = input.errors;
  const text = (id: EventField, label: string, extra: Partial<InputFieldModel> = {}): FormField => ({
    kind: 'input',
    model: { id, name: id, label, value: v[id] ?? '', error: e[id], input: { maxlength: 100, autocomplete: 'off' }, ...extra },
  });
  const radios = (id: keyof typeof EVENT_CHOICES, legend: string, labels: Record<string, string>): FormField => ({
    kind: 'radio',
    model: { id, name: id, legend, value: v[id], error: e[id], options: EVENT_CHOICES[id].map((value) => ({ value, label: labels[value] ?? value })) },
  });
  for (const field of [...FIELD_ORDER, ...EVENT_FIELDS[input.type]]) {
    switch (field) {
      case 'occurredAt':
        fields.push({
          kind: 'input',
          model: { id: 'occurredAt', name: 'occurredAt', label: r.occurredAtLabel, hint: r.occurredAtHint, value: v.occurredAt ?? '', error: e.occurredAt, input: { maxlength: 20, autocomplete: 'off', spellcheck: 'false' } },
        });
        break;
      case 'appointmentAt':
        fields.push({ kind: 'input', model: { id: field, name: field, label: r.appointmentAtLabel, hint: r.dateTimeHint, value: v[field] ?? '', error: e[field], input: { maxlength: 20, autocomplete: 'off', spellcheck: 'false' } } });
        break;
      case 'station':
        fields.push(text(field, r.stationLabel));
        break;
      case 'trackingNumber':
        fields.push(text(field, `${r.trackingLabel} ${r.optional}`));
        break;
      case 'channel':
        fields.push(radios(field, r.channelLegend, r.channels));
        break;
      case 'returnReason':
        fields.push(radios(field, r.returnReasonLegend, r.returnReasons));
        break;
      case 'circumstance':
        fields.push(radios(field, r.circumstanceLegend, r.circumstances));
        break;
      case 'cancelReason':
        fields.push(radios(field, r.cancelReasonLegend, r.cancelReasons));
        break;
      case 'line1':
        fields.push(text(field, words.open.line1Label, { input: { maxlength: ADDRESS_LINE_MAX, autocomplete: 'off' } }));
        break;
      case 'line2':
        fields.push(text(field, words.open.line2Label, { input: { maxlength: ADDRESS_LINE_MAX, autocomplete: 'off' } }));
        break;
      case 'postalCode':
        fields.push(text(field, words.open.postalCodeLabel, { input: { maxlength: 4, inputmode: 'numeric', autocomplete: 'off' } }));
        break;
      case 'city':
        fields.push(text(field, words.open.cityLabel));
        break;
      default:
        if (CHECKBOX_FIELDS.includes(field)) {
          const label = field === 'fingerprints' ? r.fingerprintsLabel : field === 'guardianPresent' ? r.guardianLabel : r.biometricsReusedLabel;
          fields.push({ kind: 'checkbox', model: { id: field, name: field, label, checked: v[field] === 'yes', error: e[field] } });
        }
    }
  }

  const errors: FieldError[] = (Object.entries(e) as Array<[string, string | undefined]>)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([field, message]) => ({ field: EVENT_CHOICES[field as keyof typeof EVENT_CHOICES] ? `${field}-first` : field, message }));

  return {
    layout,
    title: r.title(eventName),
    cardLine: r.cardLine(input.reference, input.status),
    back: { href: CONSOLE_PATHS.card(input.cardId), text: r.back },
    errorSummary: { heading: input.messages.common.errorSummaryHeading, errors },
    alerts,
    form: input.allowed
      ? { action: CONSOLE_PATHS.recordEvent(input.cardId, input.type), csrf: input.csrf, version: input.version, fields, submit: r.submit }
      : null,
  };
}
