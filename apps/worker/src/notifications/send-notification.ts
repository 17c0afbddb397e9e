import {
  DISTRICT_NAMES,
  checkRelevance,
  isWithinSendingWindow,
  renderNotification,
  withinSendingWindow,
  type MessageLanguage,
  type NotificationKind,
} from '@cardtrail/card-lifecycle';
import type { CardRecord, CardStore, Domain, Logger, Metrics, NotificationStore, StoredNotification } from '@cardtrail/infra';
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
    private readonly notifications: NotificationStore,
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
    const n = await this.notifications.lockForSend(m, notificationId);
    if (!n || n.status !== 'scheduled') return { status: 'not-scheduled' };

    const card = await this.cards.load(n.cardId, m);
    if (!card) return { status: 'not-scheduled' };

    const { zone } = this.domain;
    const relevance = checkRelevance(
      { kind: n.kind, issueNumber: n.issueNumber, params: n.params, createdAt: n.createdAt },
      card.state,
      now,
      zone,
    );
    if (!relevance.send) {
      await this.notifications.markSkipped(m, n.id, relevance.reason, now);
      return { status: 'skipped', reason: relevance.reason, kind: n.kind };
    }

    // Applicant messages go out 08:00–20:00 only; one that comes due outside (a backlog after
    // downtime, a retry at night) moves to the next 08:00 and keeps its key.
    if (n.audience === 'applicant' && !isWithinSendingWindow(now, zone)) {
      const at = withinSendingWindow(now, zone);
      await this.notifications.retime(m, n.id, at, now);
      return { status: 'retimed', at, kind: n.kind };
    }

    const result = await this.channel.deliver(this.message(n, card));
    const attempts = n.attempts + 1;
    if (result.ok) {
      await this.notifications.markSent(m, n.id, attempts, now);
      return { status: 'sent', kind: n.kind };
    }

    if (attempts >= this.maxAttempts) {
      const reason = `Delivery failed after ${attempts} attempts: ${result.error}`;
      await this.notifications.markFailed(m, n.id, attempts, result.error, reason, now);
      this.logger.warn({ key: n.key, kind: n.kind, cardId: n.cardId, attempts }, 'notification failed');
      return { status: 'failed', reason, kind: n.kind };
    }
    await this.notifications.recordFailedAttempt(m, n.id, attempts, result.error, now);
    return { status: 'retry', at: new Date(now.getTime() + retryDelayMs(attempts)), error: result.error, kind: n.kind };
  }

  private message(n: StoredNotification, card: CardRecord): NotificationMessage {
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
      dueAt: n.dueAt.toISOString(),
    };
  }
}
