import type { DeadlineKind } from '../card.events';
import type { IsoDate } from '../calendar/iso-date';

/** Every message the service sends (the reminders table in docs/domain.md). */
export const NOTIFICATION_KINDS = [
  'appointment_reminder',
  'address_check',
  'address_check_final',
  'card_mailed',
  'card_returned',
  'deadline_breached',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** `applicant`: the card holder, in their language; `district`: the caseworkers of the card's district. */
export const NOTIFICATION_AUDIENCES = ['applicant', 'district'] as const;
export type NotificationAudience = (typeof NOTIFICATION_AUDIENCES)[number];

export const NOTIFICATION_AUDIENCE: Record<NotificationKind, NotificationAudience> = {
  appointment_reminder: 'applicant',
  address_check: 'applicant',
  address_check_final: 'applicant',
  card_mailed: 'applicant',
  card_returned: 'applicant',
  deadline_breached: 'district',
};

/**
 * `scheduled` until the worker acts; `sending` from just before the request until the receiver's
 * answer is recorded (back to `scheduled` when a retry is due); then `sent` (the webhook accepted
 * it), `logged` (no webhook configured: written to the log only, nobody received it), `skipped`
 * (no longer relevant at send time, reason kept), `failed` (delivery retries exhausted) or
 * `cancelled` (superseded by a new issue or the card was cancelled before it fell due).
 */
export const NOTIFICATION_STATUSES = ['scheduled', 'sending', 'sent', 'logged', 'skipped', 'failed', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * What a text needs beyond the card reference and district, fixed when the notification is
 * planned (stored as JSON, so instants are ISO strings). Never personal data: no DUF number, no
 * name, no address.
 */
export interface NotificationParams {
  /** `appointment_reminder`: the booked appointment, an ISO instant. */
  appointmentAt?: string;
  /** The due date of the current deadline, when there is one. */
  dueDate?: IsoDate;
  /** `deadline_breached`: which deadline was breached. */
  deadline?: DeadlineKind;
  /** `card_returned`: Posten's return reason (`address_unknown`, `name_not_on_letterbox`, `other`). */
  reason?: string;
  /** `card_mailed`: the postal tracking number, when recorded. */
  trackingNumber?: string;
  /** `address_check*`: when the current issue was ordered, an ISO instant. */
  orderedAt?: string;
}
