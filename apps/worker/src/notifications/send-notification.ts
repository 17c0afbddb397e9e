import {
  DISTRICT_NAMES,
  checkRelevance,
  isWithinSendingWindow,
  renderNotification,
  withinSendingWindow,
  type MessageLanguage,
  type NotificationAudience,
  type NotificationKind,
  type NotificationParams,
} from '@cardtrail/card-lifecycle';
import type { CardRecord, CardStore, Domain, Logger, Metrics } from '@cardtrail/infra';
import type { EntityManager } from 'typeorm';
import type { NotificationChannel, NotificationMessage, NotificationRecipient } from './notification-channel';

/** Language of messages to a district's caseworkers. */
export const DISTRICT_LANGUAGE: MessageLanguage = 'nb';
/** Retry n (1-based) waits BASE · 2^(n-1), at most MAX. */
export const RETRY_BASE_DELAY_MS = 1000;
export const RETRY_MAX_DELAY_MS = 60 * 60 * 1000;

export type SendOutcome =
  /** Nothing to do: already sent, skipped, failed or cancelled (a re-run, or a second worker). */
  | { status: 'not-scheduled' }
  | { status: 'sent' }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string }
  /** An applicant message outside 08:00–20:00: try again at `at` (the next 08:00). */
  | { status: 'retimed'; at: Date }
  /** Delivery failed and attempts remain: try again at `at`. */
  | { status: 'retry'; at: Date; error: string };

interface NotificationRow {
  id: string;
  key: string;
  card_id: string;
  kind: NotificationKind;
  audience: NotificationAudience;
  issue_number: number;
  due_at: Date;
  status: string;
  attempts: number;
  params: NotificationParams;
  created_at: Date;
}

export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
}

/**
 * Sends one notification, inside the caller's transaction. The notification row is locked
 * `FOR UPDATE` for the whole attempt, delivery included: a second worker or a re-run job waits,
 * then finds it no longer `scheduled` and does nothing. The delivery time and attempt count live
 * in Postgres, so retries survive the loss of every Redis key.
 */
export class SendNotification {
  constructor(
    private readonly cards: CardStore,
    private readonly domain: Domain,
    private readonly channel: NotificationChannel,
    private readonly maxAttempts: number,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {}

  async execute(m: EntityManager, notificationId: string, now: Date): Promise<SendOutcome> {
    const outcome = await this.attempt(m, notificationId, now);
    if (outcome.status !== 'not-scheduled') {
      this.metrics?.notificationOutcomes.inc({ kind: outcome.kind ?? 'unknown', status: outcome.status });
    }
    return outcome;
  }

  private async attempt(
    m: EntityManager,
    notificationId: string,
    now: Date,
  ): Promise<SendOutcome & { kind?: NotificationKind }> {
    const rows: NotificationRow[] = await m.query(
      `SELECT id, key, card_id, kind, audience, issue_number, due_at, status, attempts, params, created_at
         FROM notifications WHERE id = $1 FOR UPDATE`,
      [notificationId],
    );
    const n = rows[0];
    if (!n || n.status !== 'scheduled') return { status: 'not-scheduled' };

    const card = await this.cards.load(n.card_id, m);
    if (!card) return { status: 'not-scheduled' };

    const { zone } = this.domain;
    const relevance = checkRelevance(
      { kind: n.kind, issueNumber: n.issue_number, params: n.params, createdAt: n.created_at },
      card.state,
      now,
      zone,
    );
    if (!relevance.send) {
      await m.query(
        `UPDATE notifications SET status = 'skipped', reason = $2, updated_at = $3 WHERE id = $1`,
        [n.id, relevance.reason, now],
      );
      return { status: 'skipped', reason: relevance.reason, kind: n.kind };
    }

    // Applicant messages go out 08:00–20:00 only; one that comes due outside (a backlog after
    // downtime, a retry at night) moves to the next 08:00 and keeps its key.
    if (n.audience === 'applicant' && !isWithinSendingWindow(now, zone)) {
      const at = withinSendingWindow(now, zone);
      await m.query(`UPDATE notifications SET due_at = $2, updated_at = $3 WHERE id = $1`, [n.id, at, now]);
      return { status: 'retimed', at, kind: n.kind };
    }

    const result = await this.channel.deliver(this.message(n, card));
    const attempts = n.attempts + 1;
    if (result.ok) {
      await m.query(
        `UPDATE notifications SET status = 'sent', sent_at = $2, attempts = $3, last_error = NULL, updated_at = $2
          WHERE id = $1`,
        [n.id, now, attempts],
      );
      return { status: 'sent', kind: n.kind };
    }

    if (attempts >= this.maxAttempts) {
      const reason = `Delivery failed after ${attempts} attempts: ${result.error}`;
      await m.query(
        `UPDATE notifications SET status = 'failed', attempts = $2, last_error = $3, reason = $4, updated_at = $5
          WHERE id = $1`,
        [n.id, attempts, result.error, reason, now],
      );
      this.logger.warn({ key: n.key, kind: n.kind, cardId: n.card_id, attempts }, 'notification failed');
      return { status: 'failed', reason, kind: n.kind };
    }
    await m.query(
      `UPDATE notifications SET attempts = $2, last_error = $3, updated_at = $4 WHERE id = $1`,
      [n.id, attempts, result.error, now],
    );
    return { status: 'retry', at: new Date(now.getTime() + retryDelayMs(attempts)), error: result.error, kind: n.kind };
  }

  private message(n: NotificationRow, card: CardRecord): NotificationMessage {
    const zone = this.domain.zone;
    const language: MessageLanguage = n.audience === 'applicant' ? card.applicant.preferredLanguage ?? 'en' : DISTRICT_LANGUAGE;
    const districtName = DISTRICT_NAMES[card.policeDistrict][language];
    const text = renderNotification(n.kind, language, { reference: card.reference, params: n.params, districtName, zone });
    const { email, phone, fullName } = card.applicant;
    const recipient: NotificationRecipient =
      n.audience === 'applicant'
        ? {
            type: 'applicant',
            language,
            ...(email ? { email } : {}),
            ...(phone ? { phone } : {}),
            ...(fullName ? { name: fullName } : {}),
          }
        : { type: 'district', policeDistrict: card.policeDistrict, name: districtName };
    return {
      key: n.key,
      kind: n.kind,
      card: { id: card.id, reference: card.reference },
      recipient,
      message: { subject: text.subject, text: text.text, language },
      dueAt: n.due_at.toISOString(),
    };
  }
}
