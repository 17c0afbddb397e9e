import { MESSAGE_LANGUAGES, POLICE_DISTRICTS, type MessageLanguage } from '@cardtrail/card-lifecycle';
import { CARD_REASONS } from '@cardtrail/infra';
import type { AuthUser } from '../../auth/jwt';
import { openCardBodySchema, type OpenCardBody } from '../../cards/cards.schemas';
import { parseDateInput } from '../http/form';
import type { Messages } from '../i18n';
import type { FieldError } from '../templates/components';
import type { LayoutModel } from '../templates/layout';
import { ADDRESS_LINE_MAX, type FormField } from './console-forms.view';
import { districtName } from './console-overview.view';
import { CONSOLE_PATHS } from './console-site';
import type { ConsoleMessages } from './i18n/console-messages';

export const OPEN_FIELDS = [
  'dufNumber',
  'policeDistrict',
  'reason',
  'fullName',
  'dateOfBirth',
  'nationality',
  'email',
  'phone',
  'preferredLanguage',
  'line1',
  'line2',
  'postalCode',
  'city',
] as const;
export type OpenField = (typeof OPEN_FIELDS)[number];
export type OpenValues = Record<OpenField, string>;
export type OpenErrors = Partial<Record<OpenField, string>>;

type OpenWords = ConsoleMessages['open']['errors'];

/** Which field a zod issue of the API's body is about, and what to say there. */
const PATH_FIELDS: Record<string, { field: OpenField; message: keyof OpenWords }> = {
  dufNumber: { field: 'dufNumber', message: 'dufFormat' },
  policeDistrict: { field: 'policeDistrict', message: 'district' },
  reason: { field: 'reason', message: 'reason' },
  'applicant.fullName': { field: 'fullName', message: 'fullName' },
  'applicant.dateOfBirth': { field: 'dateOfBirth', message: 'dateOfBirth' },
  'applicant.nationality': { field: 'nationality', message: 'nationalityFormat' },
  'applicant.email': { field: 'email', message: 'email' },
  'applicant.phone': { field: 'phone', message: 'phone' },
  'applicant.preferredLanguage': { field: 'preferredLanguage', message: 'reason' },
  'address.line1': { field: 'line1', message: 'line1' },
  'address.line2': { field: 'line2', message: 'tooLong' },
  'address.postalCode': { field: 'postalCode', message: 'postalCode' },
  'address.city': { field: 'city', message: 'city' },
};

/** The API's domain refusals of an opening, as the field they are about. */
export const OPENING_CODES: Record<string, { field: OpenField; message: keyof OpenWords }> = {
  'CARD.EU_EEA_NATIONAL': { field: 'nationality', message: 'euEea' },
  'CARD.INVALID_NATIONALITY': { field: 'nationality', message: 'nationalityUnknown' },
  'CARD.INVALID_DUF_NUMBER': { field: 'dufNumber', message: 'dufInvalid' },
  'CARD.INVALID_DATE_OF_BIRTH': { field: 'dateOfBirth', message: 'dateOfBirth' },
  'CARD.DATE_OF_BIRTH_IN_FUTURE': { field: 'dateOfBirth', message: 'dateOfBirthFuture' },
};

/**
 * The API's body for opening a card, from the form (DUF number as typed, with spaces; the date
 * of birth as `1990-05-17` or `17.05.1990`; optional fields left out when empty), checked with the API's own schema; its issues
 * become messages next to their fields. The domain's rules (EU/EEA, DUF number, date of birth)
 * are the API's `CardsService.open`, after this.
 */
export function openBodyFromForm(form: OpenValues, words: OpenWords): { ok: true; body: OpenCardBody } | { ok: false; errors: OpenErrors } {
  const opt = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
  const candidate = {
    dufNumber: form.dufNumber.replace(/[\s.-]+/g, ''),
    policeDistrict: form.policeDistrict,
    reason: form.reason,
    applicant: {
      fullName: form.fullName,
      dateOfBirth: parseDateInput(form.dateOfBirth) ?? form.dateOfBirth.trim(),
      nationality: form.nationality.trim().toUpperCase(),
      ...(opt(form.email) === undefined ? {} : { email: opt(form.email) }),
      ...(opt(form.phone) === undefined ? {} : { phone: opt(form.phone) }),
      preferredLanguage: form.preferredLanguage || 'en',
    },
    address: {
      line1: form.line1,
      ...(opt(form.line2) === undefined ? {} : { line2: opt(form.line2) }),
      postalCode: form.postalCode.trim(),
      city: form.city,
    },
  };
  const parsed = openCardBodySchema.safeParse(candidate);
  if (parsed.success) return { ok: true, body: parsed.data };
  const errors: OpenErrors = {};
  for (const issue of parsed.error.issues) {
    const known = PATH_FIELDS[issue.path.join('.')];
    if (known && errors[known.field] === undefined) {
      const tooLong = issue.code === 'too_big';
      errors[known.field] = words[tooLong ? 'tooLong' : known.message];
    }
  }
  if (Object.keys(errors).length === 0) errors.dufNumber = words.dufFormat;
  return { ok: false, errors };
}

export interface OpenPageModel {
  layout: LayoutModel;
  title: string;
  intro: string;
  errorSummary: { heading: string; errors: FieldError[] };
  form: { action: string; csrf: { name: string; token: string }; fields: FormField[]; submit: string };
}

const RADIO_FIELDS: readonly OpenField[] = ['reason', 'preferredLanguage'];

export function openPage(
  layout: LayoutModel,
  input: { messages: Messages; language: MessageLanguage; user: AuthUser; values: Partial<OpenValues>; errors: OpenErrors; csrf: { name: string; token: string } },
): OpenPageModel {
  const words = input.messages.console;
  const o = words.open;
  const v = input.values;
  const e = input.errors;
  const text = (id: OpenField, label: string, extra: Record<string, string | number> = {}, hint?: string, type?: 'text' | 'email' | 'tel'): FormField => ({
    kind: 'input',
    model: { id, name: id, label, hint, type, value: v[id] ?? '', error: e[id], input: { maxlength: 100, autocomplete: 'off', ...extra } },
  });
  const districts = input.user.role === 'admin' ? POLICE_DISTRICTS : POLICE_DISTRICTS.filter((d) => d === input.user.district);
  const fields: FormField[] = [
    text('dufNumber', o.dufLabel, { inputmode: 'numeric', maxlength: 20 }, o.dufHint),
    {
      kind: 'select',
      model: {
        id: 'policeDistrict',
        name: 'policeDistrict',
        label: o.districtLabel,
        value: v.policeDistrict ?? input.user.district,
        error: e.policeDistrict,
        options: districts.map((d) => ({ value: d, label: districtName(d, input.language) })),
      },
    },
    {
      kind: 'radio',
      model: { id: 'reason', name: 'reason', legend: o.reasonLegend, value: v.reason, error: e.reason, options: CARD_REASONS.map((r) => ({ value: r, label: words.card.reasons[r] })) },
    },
    { kind: 'heading', text: o.applicantHeading },
    text('fullName', o.fullNameLabel),
    text('dateOfBirth', o.dateOfBirthLabel, { maxlength: 10 }, o.dateOfBirthHint),
    text('nationality', o.nationalityLabel, { maxlength: 2 }, o.nationalityHint),
    text('email', o.emailLabel, {}, undefined, 'email'),
    text('phone', o.phoneLabel, { maxlength: 30 }, undefined, 'tel'),
    {
      kind: 'radio',
      model: {
        id: 'preferredLanguage',
        name: 'preferredLanguage',
        legend: o.languageLegend,
        value: v.preferredLanguage ?? 'nb',
        error: e.preferredLanguage,
        options: MESSAGE_LANGUAGES.map((l) => ({ value: l, label: { en: 'English', nb: 'Bokmål', nn: 'Nynorsk' }[l] })),
      },
    },
    { kind: 'heading', text: o.addressHeading },
    text('line1', o.line1Label, { maxlength: ADDRESS_LINE_MAX }),
    text('line2', o.line2Label, { maxlength: ADDRESS_LINE_MAX }),
    text('postalCode', o.postalCodeLabel, { inputmode: 'numeric', maxlength: 4 }),
    text('city', o.cityLabel),
  ];
  const errors: FieldError[] = OPEN_FIELDS.filter((f) => e[f] !== undefined).map((f) => ({
    field: RADIO_FIELDS.includes(f) ? `${f}-first` : f,
    message: e[f]!,
  }));
  return {
    layout,
    title: o.title,
    intro: o.intro,
    errorSummary: { heading: input.messages.common.errorSummaryHeading, errors },
    form: { action: CONSOLE_PATHS.openCard, csrf: input.csrf, fields, submit: o.submit },
  };
}
