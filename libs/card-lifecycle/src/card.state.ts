import type { Address, AppointmentChannel, DeadlineKind, LossCircumstance, CardEventType } from './card.events';
import type { IsoDate } from './calendar/iso-date';

export const CARD_STATUSES = [
  'awaiting_appointment',
  'appointment_booked',
  'biometrics_captured',
  'ordered',
  'produced',
  'mailed',
  'delivered',
  'returned',
  'lost_in_mail',
  'reissue_ordered',
  'replacement_requested',
  'cancelled',
] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** The deadline of the current issue; recomputed from events, policy and calendar. */
export interface CardDeadline {
  kind: DeadlineKind;
  /** Oslo date of the event that started the count (never itself counted). */
  startDate: IsoDate;
  workingDays: number;
  dueDate: IsoDate;
  /** Policy version the due date was computed with. */
  policyVersion: string;
  /**
   * Version of the working-day calendar the due date was computed with (holiday rules and extra
   * closure days). Optional only so older snapshots and hand-built states stay valid; the decider
   * always sets it.
   */
  calendarVersion?: string;
  /** When the worker recorded `DeadlineBreached` for this deadline, else null. */
  breachedAt: Date | null;
}

export interface CardDelivery {
  at: Date;
  late: boolean;
  /** Working days after the due date (0 when on time). */
  workingDaysLate: number;
}

export interface CardState {
  status: CardStatus;
  /** 1 for the first physical card; +1 on a reissue or a replacement. */
  issueNumber: number;
  /** Needed for the guardian and fingerprint rules. */
  dateOfBirth: IsoDate;
  address: Address;
  addressConfirmedAt: Date | null;
  appointment: { at: Date; station: string; channel: AppointmentChannel } | null;
  /** When the current issue was ordered (`CardOrdered` or `ReissueOrdered`), else null. */
  orderedAt: Date | null;
  deadline: CardDeadline | null;
  /** True while the current deadline is breached and the card not delivered nor cancelled. */
  overdue: boolean;
  delivered: CardDelivery | null;
  fee: { amountNok: number; circumstance: LossCircumstance } | null;
  /** `occurredAt` of the latest event; a new event may not be dated before it. */
  lastEventAt: Date | null;
  /** Every status the card has been in, oldest first (for the applicant's timeline). */
  timeline: Array<{ status: CardStatus; at: Date; event: CardEventType }>;
}

/** What is known when the card record is opened: enough for the lifecycle rules. */
export interface CardOpening {
  dateOfBirth: IsoDate;
  address: Address;
}
