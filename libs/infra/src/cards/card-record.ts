import {
  stateFromJson,
  type Address,
  type CardOpening,
  type CardState,
  type CardStateJson,
  type CardStatus,
  type MessageLanguage,
  type PoliceDistrict,
} from '@cardtrail/card-lifecycle';

export const CARD_REASONS = ['first', 'renewal', 'replacement'] as const;
export type CardReason = (typeof CARD_REASONS)[number];

export interface Applicant {
  fullName: string;
  dateOfBirth: string;
  nationality: string;
  email?: string;
  phone?: string;
  /** en, nb (bokmål) or nn (nynorsk); stored in the applicant JSON, so no migration. */
  preferredLanguage: MessageLanguage;
}

/** A card as stored: identity, personal data, and the current state derived from its events. */
export interface CardRecord {
  id: string;
  reference: string;
  dufNumber: string;
  policeDistrict: PoliceDistrict;
  reason: CardReason;
  applicant: Applicant;
  opening: CardOpening;
  status: CardStatus;
  issueNumber: number;
  /** Number of events recorded: the `seq` of the latest one; the ETag of the card view. */
  version: number;
  state: CardState;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface CardRow {
  id: string;
  reference: string;
  duf_number: string;
  police_district: string;
  reason: string;
  applicant: Applicant;
  opening: { dateOfBirth: string; address: Address };
  status: string;
  issue_number: number;
  version: number;
  state: CardStateJson;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

/** Columns to select for a `CardRow`. */
export const CARD_COLUMNS = `id, reference, duf_number, police_district, reason, applicant, opening,
  status, issue_number, version, state, created_by, created_at, updated_at`;

export function cardFromRow(row: CardRow): CardRecord {
  return {
    id: row.id,
    reference: row.reference,
    dufNumber: row.duf_number,
    policeDistrict: row.police_district as PoliceDistrict,
    reason: row.reason as CardReason,
    applicant: row.applicant,
    opening: row.opening,
    status: row.status as CardStatus,
    issueNumber: row.issue_number,
    version: row.version,
    state: stateFromJson(row.state),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
