import { dufNumberProblem } from '@cardtrail/card-lifecycle';
import type { ApplicantMessages } from '../i18n';

export type LookupErrors = { reference?: string; dufNumber?: string };

export type LookupCheck =
  | { ok: true; value: { reference: string; dufNumber: string } }
  | { ok: false; errors: LookupErrors };

/** CT- and three groups of four (Crockford base32 after the look-alikes are mapped). */
const REFERENCE = /^(?:CT)?-?([0-9A-Z]{4})-?([0-9A-Z]{4})-?([0-9A-Z]{4})$/;

/**
 * A reference as a person types it (any case, with or without dashes and spaces, O for 0 and I
 * or L for 1) written as the service writes it, `CT-XXXX-XXXX-XXXX`; null if it cannot be one.
 * The console's search reads references the same way.
 */
export function normaliseReference(typed: string): string | null {
  const match = REFERENCE.exec(typed.toUpperCase().replace(/\s+/g, ''));
  if (!match) return null;
  return `CT-${match.slice(1, 4).map((group) => group.replace(/O/g, '0').replace(/[IL]/g, '1')).join('-')}`;
}

/**
 * The look-up form's fields, as a person types them: the reference in any case, with or without
 * dashes and spaces, O for 0 and I or L for 1; the DUF number with spaces. A value that cannot
 * be a reference or a DUF number is told at once, without a lookup (nor a count against the
 * rate limit); a well-formed pair that matches no card is the lookup's one answer.
 */
export function checkLookupForm(
  form: { reference: string; dufNumber: string },
  words: ApplicantMessages['lookup']['errors'],
  now: Date,
  zone: string,
): LookupCheck {
  const errors: LookupErrors = {};
  const normalised = normaliseReference(form.reference);
  let reference = '';
  if (form.reference.trim() === '') errors.reference = words.referenceMissing;
  else if (normalised === null) errors.reference = words.referenceFormat;
  else reference = normalised;

  const dufNumber = form.dufNumber.replace(/[\s.-]+/g, '');
  if (dufNumber === '') errors.dufNumber = words.dufMissing;
  else if (!/^[0-9]{12}$/.test(dufNumber)) errors.dufNumber = words.dufFormat;
  else if (dufNumberProblem(dufNumber, now, zone) !== null) errors.dufNumber = words.dufYear;

  if (errors.reference || errors.dufNumber) return { ok: false, errors };
  return { ok: true, value: { reference, dufNumber } };
}
