import { isOverdue, type CardStatus, type MessageLanguage } from '@cardtrail/card-lifecycle';
import type { CardRecord } from '@cardtrail/infra';

/** What caseworkers see of a card (`GET /v1/cards/{id}`); instants are ISO 8601 UTC. */
export interface CardView {
  id: string;
  reference: string;
  status: CardStatus;
  issueNumber: number;
  version: number;
  policeDistrict: string;
  reason: string;
  dufNumber: string;
  applicant: {
    fullName: string;
    dateOfBirth: string;
    nationality: string;
    email: string | null;
    phone: string | null;
    preferredLanguage: MessageLanguage;
  };
  address: { line1: string; line2: string | null; postalCode: string; city: string };
  addressConfirmedAt: string | null;
  appointment: { at: string; station: string; channel: string } | null;
  deadline: {
    kind: string;
    startDate: string;
    workingDays: number;
    dueDate: string;
    overdue: boolean;
    breachedAt: string | null;
  } | null;
  delivered: { at: string; late: boolean; workingDaysLate: number } | null;
  fee: { amountNok: number; circumstance: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** `overdue` is the library's `isOverdue`, the rule the list filter spells in SQL. */
export function toCardView(card: CardRecord, now: Date, zone: string): CardView {
  const { state, applicant } = card;
  return {
    id: card.id,
    reference: card.reference,
    status: state.status,
    issueNumber: state.issueNumber,
    version: card.version,
    policeDistrict: card.policeDistrict,
    reason: card.reason,
    dufNumber: card.dufNumber,
    applicant: {
      fullName: applicant.fullName,
      dateOfBirth: applicant.dateOfBirth,
      nationality: applicant.nationality,
      email: applicant.email ?? null,
      phone: applicant.phone ?? null,
      preferredLanguage: applicant.preferredLanguage,
    },
    address: {
      line1: state.address.line1,
      line2: state.address.line2 ?? null,
      postalCode: state.address.postalCode,
      city: state.address.city,
    },
    addressConfirmedAt: iso(state.addressConfirmedAt),
    appointment: state.appointment && {
      at: state.appointment.at.toISOString(),
      station: state.appointment.station,
      channel: state.appointment.channel,
    },
    deadline: state.deadline && {
      kind: state.deadline.kind,
      startDate: state.deadline.startDate,
      workingDays: state.deadline.workingDays,
      dueDate: state.deadline.dueDate,
      overdue: isOverdue(state, now, zone),
      breachedAt: iso(state.deadline.breachedAt),
    },
    delivered: state.delivered && {
      at: state.delivered.at.toISOString(),
      late: state.delivered.late,
      workingDaysLate: state.delivered.workingDaysLate,
    },
    fee: state.fee && { amountNok: state.fee.amountNok, circumstance: state.fee.circumstance },
    createdAt: card.createdAt.toISOString(),
    updatedAt: card.updatedAt.toISOString(),
  };
}

/** The strong entity tag of a card: its version, quoted. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}
