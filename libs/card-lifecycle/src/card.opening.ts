import { DateTime } from 'luxon';
import type { IsoDate } from './calendar/iso-date';
import { CardRefusedError } from './card.errors';
import { dufNumberProblem } from './duf-number';
import { isEuEeaNational, isKnownCountryCode, normaliseNationality } from './nationality';

export interface CardOpeningInput {
  dufNumber: string;
  /** ISO 3166-1 alpha-2, any case. */
  nationality: string;
  /** `YYYY-MM-DD`. */
  dateOfBirth: IsoDate;
}

/** The input as it should be stored: nationality upper-cased. */
export interface ValidCardOpening {
  dufNumber: string;
  nationality: string;
  dateOfBirth: IsoDate;
}

/** Earliest date of birth accepted; anything before is a typo, not an applicant. */
const EARLIEST_DATE_OF_BIRTH = '1900-01-01';

/**
 * Checks what the domain needs before a card record may be opened, and returns the normalised
 * values. Throws {@link CardRefusedError} (kind `rule`, status null) on the first problem, in
 * this order: nationality (unknown code, then EU/EEA), DUF number, date of birth (impossible
 * date, before 1900, or after the business date of `now` in `zone`; today is accepted).
 */
export function validateCardOpening(input: CardOpeningInput, now: Date, zone: string): ValidCardOpening {
  const nationality = normaliseNationality(input.nationality);
  if (!isKnownCountryCode(nationality)) {
    throw refuse('CARD.INVALID_NATIONALITY', `nationality must be an ISO 3166-1 alpha-2 country code, not '${input.nationality}'`);
  }
  if (isEuEeaNational(nationality)) {
    throw refuse(
      'CARD.EU_EEA_NATIONAL',
      `EU/EEA and Swiss nationals (${nationality}) get a registration certificate, not a residence card`,
    );
  }

  const dufProblem = dufNumberProblem(input.dufNumber, now, zone);
  if (dufProblem !== null) {
    throw refuse('CARD.INVALID_DUF_NUMBER', dufProblem);
  }

  const birth = /^\d{4}-\d{2}-\d{2}$/.test(input.dateOfBirth)
    ? DateTime.fromFormat(input.dateOfBirth, 'yyyy-MM-dd', { zone: 'UTC' })
    : null;
  if (birth === null || !birth.isValid || input.dateOfBirth < EARLIEST_DATE_OF_BIRTH) {
    throw refuse(
      'CARD.INVALID_DATE_OF_BIRTH',
      `dateOfBirth must be a real date YYYY-MM-DD from ${EARLIEST_DATE_OF_BIRTH}, not '${input.dateOfBirth}'`,
    );
  }
  const today = DateTime.fromJSDate(now, { zone }).toISODate();
  if (today !== null && input.dateOfBirth > today) {
    throw refuse('CARD.DATE_OF_BIRTH_IN_FUTURE', `dateOfBirth ${input.dateOfBirth} is after today (${today})`);
  }

  return { dufNumber: input.dufNumber, nationality, dateOfBirth: input.dateOfBirth };
}

function refuse(code: CardRefusedError['code'], message: string): CardRefusedError {
  return new CardRefusedError({ code, kind: 'rule', message, status: null });
}
