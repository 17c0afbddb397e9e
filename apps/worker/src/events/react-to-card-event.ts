import {
  SKIP_REASONS,
  isCardRefusedError,
  reactTo,
  type CardState,
  type PlannedNotification,
  type PlannedTimer,
} from '@cardtrail/card-lifecycle';
import type { CardStore, Clock, Domain, Logger } from '@cardtrail/infra';
import type { DataSource, EntityManager } from 'typeorm';
import type { DueTimer } from '../timers/timer-jobs';

/** Actor of the events the worker records. */
/** Default wait of a deadline check planned after its due date, for the rest of a late-entered history. */
export const PAST_DUE_GRACE_MS = 5 * 60 * 1000;

export const WORKER_ACTOR = 'system:worker';

export type ReactionOutcome =
  | { status: 'applied'; timers: DueTimer[]; notifications: number; reissueOrdered: boolean }
  | { status: 'already-processed' }
  | { status: 'card-missing' };

/**
 * Applies the library's reactions to one recorded event, once. Everything happens in one
 * transaction that also records (card, seq) in `processed_events`: a job that runs twice, or an
 * outbox row relayed twice, finds the row and does nothing.
 *
 * The card row is locked first, so reactions of one card are serialised with each other and with
 * appends. Events may still be processed out of order (jobs run concurrently); what an event
 * plans for an issue the card has already left, or for a cancelled card, is stored as cancelled
 * right away, which is what the later event's cancellation would have done.
 */
export class ReactToCardEvent {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cards: CardStore,
    private readonly domain: Domain,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly pastDueGraceMs: number = PAST_DUE_GRACE_MS,
  ) {}

  async execute(cardId: string, seq: number, outboxId?: string): Promise<ReactionOutcome> {
    return this.dataSource.transaction(async (m) => {
      const outcome = await this.react(m, cardId, seq);
      // The row is only the relay's to-do item: once the reaction commits it is done. A row left
      // relayed but not deleted is one whose job was lost (Redis flushed): the sweeper re-queues it.
      if (outboxId) await m.query(`DELETE FROM outbox WHERE id = $1`, [outboxId]);
      else await m.query(`DELETE FROM outbox WHERE card_id = $1 AND event_seq = $2`, [cardId, seq]);
      return outcome;
    });
  }

  private async react(m: EntityManager, cardId: string, seq: number): Promise<ReactionOutcome> {
    const locked: unknown[] = await m.query(`SELECT id FROM cards WHERE id = $1 FOR UPDATE`, [cardId]);
    if (locked.length === 0) return { status: 'card-missing' };

    const now = this.clock.now();
    const claimed: unknown[] = await m.query(
      `INSERT INTO processed_events (card_id, seq, processed_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING seq`,
      [cardId, seq, now],
    );
    if (claimed.length === 0) return { status: 'already-processed' };

    const history = await this.cards.loadHistory(cardId, m);
    if (!history) return { status: 'card-missing' };
    const index = history.events.findIndex((e) => e.seq === seq);
    // The outbox row commits with its event, so a missing event is corruption: fail the job loudly.
    if (index < 0) throw new Error(`card ${cardId} has no event ${seq}`);

    const { decider, zone, calendar } = this.domain;
    const event = history.events[index];
    const before = decider.fold(history.card.opening, history.events.slice(0, index));
    const after = decider.evolve(before, event);
    const reactions = reactTo({ cardId, eventSeq: seq, event, before, after, zone, calendar });
    const current = history.card.state;

    if (reactions.cancelPendingBeforeIssue !== null) {
      await this.cancelPending(m, cardId, reactions.cancelPendingBeforeIssue, current, now);
    }

    const timers: DueTimer[] = [];
    let notifications = 0;
    for (const planned of reactions.notifications) {
      const stale = staleReason(planned.issueNumber, current);
      const timer = await this.insertNotification(m, cardId, planned, stale, now);
      if (timer) timers.push(timer);
      notifications += 1;
    }
    for (const planned of reactions.timers) {
      if (staleReason(planned.issueNumber, current) !== null) continue;
      const timer = await this.insertDeadlineCheck(m, cardId, planned, now);
      if (timer) timers.push(timer);
    }

    let reissueOrdered = false;
    if (reactions.orderReissue) {
      reissueOrdered = await this.orderReissue(m, cardId, event.occurredAt, now);
    }
    return { status: 'applied', timers, notifications, reissueOrdered };
  }

  private async insertNotification(
    m: EntityManager,
    cardId: string,
    n: PlannedNotification,
    stale: string | null,
    now: Date,
  ): Promise<DueTimer | null> {
    const rows: Array<{ id: string }> = await m.query(
      `INSERT INTO notifications (key, card_id, kind, audience, issue_number, trigger_seq, due_at,
         status, reason, params, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
       ON CONFLICT (key) DO NOTHING RETURNING id`,
      [
        n.key,
        cardId,
        n.kind,
        n.audience,
        n.issueNumber,
        n.triggerSeq,
        n.dueAt,
        stale === null ? 'scheduled' : 'cancelled',
        stale,
        n.params,
        now,
      ],
    );
    if (rows.length === 0 || stale !== null) return null;
    return this.insertTimer(m, {
      key: `notify:${n.key}`,
      kind: 'notification',
      cardId,
      issueNumber: n.issueNumber,
      dueAt: n.dueAt,
      payload: { notificationId: rows[0].id },
    });
  }

  /**
   * A deadline already past when it is planned belongs to a history being entered after the
   * fact: the caseworker's next events (the delivery, say) usually follow within seconds. The
   * check waits DEADLINE_CHECK_GRACE_MS (default `PAST_DUE_GRACE_MS`) so it judges the card as entered, not half-way through; the
   * breach, if any, is still dated at the end of the due date.
   */
  private async insertDeadlineCheck(m: EntityManager, cardId: string, t: PlannedTimer, now: Date): Promise<DueTimer | null> {
    const earliest = new Date(now.getTime() + this.pastDueGraceMs);
    return this.insertTimer(m, {
      key: t.key,
      kind: t.kind,
      cardId,
      issueNumber: t.issueNumber,
      dueAt: t.dueAt < now ? earliest : t.dueAt,
      payload: t.params,
    });
  }

  private async insertTimer(
    m: EntityManager,
    t: { key: string; kind: string; cardId: string; issueNumber: number; dueAt: Date; payload: object },
  ): Promise<DueTimer | null> {
    const rows: Array<{ id: string; due_at: Date; attempts: number }> = await m.query(
      `INSERT INTO timers (key, kind, card_id, issue_number, due_at, payload)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (key) DO NOTHING RETURNING id, due_at, attempts`,
      [t.key, t.kind, t.cardId, t.issueNumber, t.dueAt, t.payload],
    );
    return rows.length === 0
      ? null
      : { id: String(rows[0].id), dueAt: rows[0].due_at, generation: rows[0].attempts };
  }

  /** Pending work of earlier issues (or of every issue, once the card is cancelled) is void. */
  private async cancelPending(
    m: EntityManager,
    cardId: string,
    beforeIssue: number,
    current: CardState,
    now: Date,
  ): Promise<void> {
    const reason =
      current.status === 'cancelled' ? SKIP_REASONS.cardCancelled : `Superseded by issue ${beforeIssue}.`;
    await m.query(
      `UPDATE notifications SET status = 'cancelled', reason = $3, updated_at = $4
        WHERE card_id = $1 AND issue_number < $2 AND status = 'scheduled'`,
      [cardId, beforeIssue, reason, now],
    );
    await m.query(
      `UPDATE timers SET status = 'cancelled', claimed_until = NULL
        WHERE card_id = $1 AND issue_number < $2 AND status IN ('pending', 'claimed')`,
      [cardId, beforeIssue],
    );
  }

  /**
   * Appends `ReissueOrdered` in this transaction. If the card has moved on (a caseworker recorded
   * something else first, or it was cancelled) the domain refuses: that is an answer, not a fault,
   * so it is logged and the event counts as processed rather than retried for ever. A savepoint
   * keeps the outer transaction usable whatever the store did before refusing.
   */
  private async orderReissue(m: EntityManager, cardId: string, lostAt: Date, now: Date): Promise<boolean> {
    await m.query('SAVEPOINT order_reissue');
    try {
      await this.cards.append(
        cardId,
        (state) => this.domain.decider.decide({ type: 'OrderReissue', now, lostAt }, state),
        { actor: WORKER_ACTOR, manager: m },
      );
      await m.query('RELEASE SAVEPOINT order_reissue');
      return true;
    } catch (error) {
      if (!isCardRefusedError(error)) throw error;
      await m.query('ROLLBACK TO SAVEPOINT order_reissue');
      this.logger.info({ cardId, code: error.code, status: error.status }, 'reissue not ordered: the card has moved on');
      return false;
    }
  }
}

/** Why work planned for `issueNumber` is void on a card now in `current`, or null if it is not. */
function staleReason(issueNumber: number, current: CardState): string | null {
  if (current.status === 'cancelled') return SKIP_REASONS.cardCancelled;
  if (issueNumber < current.issueNumber) return `Superseded by issue ${current.issueNumber}.`;
  return null;
}
