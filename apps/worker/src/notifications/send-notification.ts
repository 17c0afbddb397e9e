import {
  DISTRICT_NAMES,
  checkRelevance,
  isWithinSendingWindow,
  renderNotification,
  withinSendingWindow,
  type MessageLanguage,
  type NotificationKind,
} from '@cardtrail/card-lifecycle';
import {
  unavailableDependency,
  type CardRecord,
  type CardStore,
  type Domain,
  type Logger,
  type Metrics,
  type NotificationStore,
  type StoredNotification,
} from '@cardtrail/infra';
import type { NotificationChannel, NotificationMessage, NotificationRecipient } from './notification-channel';

/** Language of messages to a district's caseworkers. */
export const DISTRICT_LANGUAGE: MessageLanguage = 'nb';
/** Retry n (1-based) waits BASE · 2^(n-1), at most MAX. */
export const RETRY_BASE_DELAY_MS = 1000;
export const RETRY_MAX_DELAY_MS = 60 * 60 * 1000;
/** A `sending` attempt may take the channel's timeout and this much more before it counts as interrupted. */
export const SENDING_MARGIN_MS = 5000;
/**
 * After the receiver answered, how long the sender keeps trying to write the answer down while
 * Postgres is out of reach, instead of failing the job (whose retry would send again).
 */
export const RECORD_OUTCOME_PATIENCE_MS = 120_000;

export type SendOutcome =
  /** Nothing to do: already sent, skipped, failed or cancelled (a re-run, or a second worker). */
  | { status: 'not-scheduled' }
  /** Another run is sending it right now (its `sending` attempt has not timed out). */
  | { status: 'in-flight' }
  /** Its next attempt is not due yet (a delayed job that fired early): left to the sweeper. */
  | { status: 'not-due' }
  | { status: 'sent' }
  /** Written to the log only (no webhook configured): nobody received it. */
  | { status: 'logged' }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string }
  /**
   * An applicant message outside 08:00–20:00: due again at `at` (the next 08:00); `generation`
   * names the job that may fire it then.
   */
  | { status: 'retimed'; at: Date; generation: number }
  /** Delivery failed and attempts remain: try again at `at`. */
  | { status: 'retry'; at: Date; error: string; generation: number };

export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
}

interface Begun {
  n: StoredNotification;
  card: CardRecord;
}

/**
 * Sends one notification in three steps, so the window in which a crash can make a delivery
 * happen twice is the request itself:
 * 1. Read the notification with its row version and the card (prepared statements, no lock, no
 *    transaction), re-check that it is still wanted (`checkRelevance` on the card as it is now)
 *    and inside the applicant sending window; if so, mark it `sending` (attempt counted, with a
 *    deadline of the channel's timeout and a margin) in one statement that writes only if the row
 *    is still at the version read (else read and decide again). Of two runs (another worker, a
 *    duplicate job) one writes `sending` first; the other then finds it `sending` before that
 *    deadline and leaves it alone.
 * 2. Deliver, with no transaction open and no lock held (a slow receiver holds up nobody).
 * 3. Write the receiver's answer at once, in one statement (`sent`; `scheduled` again with the
 *    error when a retry is due; `failed` after the last attempt). If Postgres is out of reach at
 *    that moment, keep trying for {@link RECORD_OUTCOME_PATIENCE_MS} rather than fail the job,
 *    whose retry would send again.
 * A row still `sending` after its deadline belongs to a worker that died during the request: the
 * next run sends it again as it is, with the same `Idempotency-Key` and without re-checking
 * relevance (it may already have been delivered), and records the answer. So a receiver that
 * honours the key acts at most once; a repeat happens only after a crash inside a send.
 */
export class SendNotification {
  constructor(
    private readonly cards: CardStore,
    private readonly notifications: NotificationStore,
    private readonly domain: Domain,
    private readonly channel: NotificationChannel,
    private readonly options: { maxAttempts: number; sendingTimeoutMs: number },
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {}

  async execute(notificationId: string, now: Date): Promise<SendOutcome> {
    // `now` is the caller's instant; time spent here since (waiting for a pooled connection on a
    // busy database) is added when a `sending` deadline is set, so a deadline never starts in the
    // past and passes while its request is still in flight.
    const startedAt = performance.now();
    const current = (): Date => new Date(now.getTime() + (performance.now() - startedAt));
    const outcome = await this.attempt(notificationId, now, current);
    if (outcome.status !== 'not-scheduled' && outcome.status !== 'in-flight' && outcome.status !== 'not-due') {
      this.metrics?.notificationOutcomes.inc({ kind: outcome.kind ?? 'unknown', status: outcome.status });
    }
    return outcome;
  }

  private async attempt(notificationId: string, now: Date, current: () => Date): Promise<SendOutcome & { kind?: NotificationKind }> {
    const begun = await this.begin(notificationId, now, current);
    if (!('n' in begun)) return begun;
    const { n, card } = begun;
    const result = await this.channel.deliver(this.message(n, card));

    if (result.ok) {
      const status = this.channel.reachesRecipient ? 'sent' : 'logged';
      await this.persist(() => this.notifications.recordSent(n.id, now, status));
      return { status, kind: n.kind };
    }
    if (n.attempts >= this.options.maxAttempts) {
      const reason = `Delivery failed after ${n.attempts} attempts: ${result.error}`;
      await this.persist(() => this.notifications.recordFailed(n.id, result.error, reason, now));
      this.logger.warn({ key: n.key, kind: n.kind, cardId: n.cardId, attempts: n.attempts }, 'notification failed');
      return { status: 'failed', reason, kind: n.kind };
    }
    const at = new Date(now.getTime() + retryDelayMs(n.attempts));
    const generation = await this.persist(() => this.notifications.recordRetry(n.id, result.error, at, now));
    return { status: 'retry', at, error: result.error, generation: generation ?? n.claims + 1, kind: n.kind };
  }

  /**
   * Step 1: decide on the row as read, and write the decision only if the row is still that
   * version; if another run changed it meanwhile, read it again and decide again.
   */
  private async begin(
    notificationId: string,
    now: Date,
    current: () => Date,
  ): Promise<Begun | (SendOutcome & { kind?: NotificationKind })> {
    for (;;) {
      const n = await this.notifications.readForSend(notificationId);
      if (!n) return { status: 'not-scheduled' };
      const interrupted = n.status === 'sending';
      // Judged at the caller's `now`: a late reader errs towards leaving it to the run that has it.
      if (interrupted && n.sendingUntil !== null && n.sendingUntil.getTime() > now.getTime()) {
        return { status: 'in-flight' };
      }
      if (n.status !== 'scheduled' && !interrupted) return { status: 'not-scheduled' };
      if (!interrupted && (n.retryAt ?? n.dueAt).getTime() > now.getTime()) return { status: 'not-due' };

      const card = await this.cards.load(n.cardId);
      if (!card) return { status: 'not-scheduled' };

      if (!interrupted) {
        const { zone } = this.domain;
        const relevance = checkRelevance(
          { kind: n.kind, issueNumber: n.issueNumber, params: n.params, createdAt: n.createdAt },
          card.state,
          now,
          zone,
        );
        if (!relevance.send) {
          if (!(await this.notifications.markSkipped(n.id, n.version, relevance.reason, now))) continue;
          return { status: 'skipped', reason: relevance.reason, kind: n.kind };
        }
        // Applicant messages go out 08:00–20:00 only; one that comes due outside (a backlog after
        // downtime, a retry at night) moves to the next 08:00 and keeps its key.
        if (n.audience === 'applicant' && !isWithinSendingWindow(now, zone)) {
          const at = withinSendingWindow(now, zone);
          const generation = await this.notifications.retime(n.id, n.version, at, now);
          if (generation === null) continue;
          return { status: 'retimed', at, generation, kind: n.kind };
        }
      }

      // An interrupted attempt is the same attempt, repeated.
      const attempts = interrupted ? n.attempts : n.attempts + 1;
      const until = new Date(current().getTime() + this.options.sendingTimeoutMs + SENDING_MARGIN_MS);
      if (!(await this.notifications.markSending(n.id, n.version, attempts, until, now))) continue;
      if (interrupted) {
        this.logger.info({ key: n.key, kind: n.kind, cardId: n.cardId }, 'sending again a notification whose send was interrupted (same Idempotency-Key)');
      }
      return { n: { ...n, attempts }, card };
    }
  }

  /**
   * Step 3: the receiver has answered; write it down, waiting out a Postgres outage for a while.
   * Other errors (and an outage longer than the patience) fail the job: its retry finds the row
   * `sending` past its deadline and sends again, with the same key.
   */
  private async persist<T>(write: () => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + RECORD_OUTCOME_PATIENCE_MS;
    for (let wait = 250; ; wait = Math.min(wait * 2, 5000)) {
      try {
        return await write();
      } catch (error) {
        if (unavailableDependency(error) !== 'database' || Date.now() + wait > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
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
