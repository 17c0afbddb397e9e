import type { MessageLanguage, NotificationKind, PoliceDistrict } from '@cardtrail/card-lifecycle';

export type NotificationRecipient =
  | { type: 'applicant'; language: MessageLanguage; email?: string; phone?: string; name?: string }
  | { type: 'district'; policeDistrict: PoliceDistrict; name: string };

/**
 * What a channel delivers; also the webhook's JSON body (docs/pipeline.md, Notifications). Never the DUF number. The
 * applicant's contact details are here because the receiver must reach them; they are never
 * logged nor put in a Redis job.
 */
export interface NotificationMessage {
  key: string;
  kind: NotificationKind;
  card: { id: string; reference: string };
  recipient: NotificationRecipient;
  message: { subject: string; text: string; language: MessageLanguage };
  /** ISO instant the notification fell due. */
  dueAt: string;
}

export type DeliveryResult = { ok: true } | { ok: false; error: string };

export interface NotificationChannel {
  readonly name: string;
  /**
   * Whether a delivery reaches someone: a notification the webhook accepted is `sent`; one only
   * written to the log (no webhook configured) is `logged`, so nobody mistakes it for a message.
   */
  readonly reachesRecipient: boolean;
  deliver(message: NotificationMessage): Promise<DeliveryResult>;
}
