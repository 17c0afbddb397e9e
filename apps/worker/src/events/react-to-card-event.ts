import { isCardRefusedError, reactTo, type CardEvent, type Reactions } from '@cardtrail/card-lifecycle';
import {
  ReactionStore,
  unavailableDependency,
  type ApplyRow,
  type CardStore,
  type Clock,
  type Domain,
  type EventToReact,
  type Logger,
} from '@cardtrail/infra';
import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { SendNotification, SendOutcome } from '../notifications/send-notification';
import type { DueTimer } from '../timers/timer-jobs';
import { DEFAULT_CLAIM_MS } from '../timers/timer-sweeper';

/** Default wait of a deadline check planned after its due date, for the rest of a late-entered history. */
export const PAST_DUE_GRACE_MS = 5 * 60 * 1000;

/** Actor of the events the worker records. */
export const WORKER_ACTOR = 'system:worker';

export type ReactionOutcome =
  | {
      status: 'applied';
      /** Deadline checks and notifications left to fire later (a punctual job may be added for each). */
      timers: DueTimer[];
      notifications: number;
      /** How the notifications already due went, when this job sent them itself. */
      sent?: Array<SendOutcome['status'] | 'error'>;
      reissueOrdered: boolean;
    }
  | { status: 'already-processed' }
  | { status: 'card-missing' };

/**
 * Applies the library's reactions to one recorded event, once.
 *
 * Two round trips in the usual case, each its own implicit transaction: a read of the event
 * with the card's states stored with it and with the event before it (no lock: recorded events
 * never change, so what they plan does not either), then one statement that locks the card,
 * claims the event in `processed_events` and writes everything, or nothing if the claim is
 * taken (`ReactionStore.apply`). The reaction is planned from those two states, never from a
 * fold of the whole history (only an event stored before states were kept is folded).
 *
 * After `CardLostInMail` the reaction also appends `ReissueOrdered` through the card store, so
 * that case runs the same statement in a transaction with the append (in a savepoint).
 *
 * With a sender, notifications already due when the reaction commits (a `card_mailed`, a
 * district's breach alert) are sent by this job at once rather than by a timer's job after a
 * sweep: the apply statement inserts them claimed for this job (a 10 s lease, as the sweeper's),
 * and after the commit each goes through `SendNotification`, the same three steps as any send
 * (`sending` with a deadline, the request with the notification's key, the answer recorded and
 * the claim released in one statement). If this process dies in between, the lease expires and
 * the sweeper's review hands the notification to a timer job, which sends it (or, found
 * `sending` past its deadline, sends it again with the same key).
 */
export class ReactToCardEvent {
  private readonly reactions = new ReactionStore();

  constructor(
    private readonly dataSource: DataSource,
    private readonly cards: CardStore,
    private readonly domain: Domain,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly pastDueGraceMs: number = PAST_DUE_GRACE_MS,
    /** Sends the notifications already due in this job; without it the sweeper sends them all. */
    private readonly send?: SendNotification,
  ) {}

  async execute(cardId: string, seq: number, outboxId?: string): Promise<ReactionOutcome> {
    const now = this.clock.now();
    // One connection for the whole reaction, and the pg client itself for named statements.
    const runner = this.dataSource.createQueryRunner();
    let released = false;
    try {
      const client = (await runner.connect()) as PoolClient;
      const read = await this.reactions.readEvent(client, cardId, seq);
      if (!read.found || read.processed) {
        const settled = await this.reactions.settle(client, cardId, seq, outboxId ?? null);
        return settled.found ? { status: 'already-processed' } : { status: 'card-missing' };
      }
      const reactions = this.plan(cardId, seq, read);
      const apply = {
        outboxId: outboxId ?? null,
        sendNowClaimUntil: this.send ? new Date(now.getTime() + DEFAULT_CLAIM_MS) : null,
        cancelBeforeIssue: reactions.cancelPendingBeforeIssue,
        notifications: reactions.notifications,
        checks: reactions.timers.map(({ params, ...t }) => ({
          ...t,
          dueAt: this.checkDueAt(t.dueAt, now),
          payload: params,
        })),
      };
      let applied: ApplyRow;
      let reissueOrdered = false;
      if (!reactions.orderReissue) {
        applied = await this.reactions.apply(client, cardId, seq, now, apply);
      } else {
        await runner.startTransaction();
        try {
          applied = await this.reactions.apply(client, cardId, seq, now, apply);
          if (applied.found && applied.claimed) {
            reissueOrdered = await this.orderReissue(runner.manager, cardId, reactions.event.occurredAt, now);
          }
          await runner.commitTransaction();
        } catch (error) {
          // The original error is the one worth reporting; a failed rollback ends the session anyway.
          await runner.rollbackTransaction().catch(() => undefined);
          throw error;
        }
      }
      if (!applied.found) return { status: 'card-missing' };
      if (!applied.claimed) return { status: 'already-processed' };
      // The connection goes back before the sends: they take their own, and may wait on a receiver.
      await runner.release();
      released = true;
      return await this.finishApplied(applied, reactions, reissueOrdered);
    } finally {
      if (!released) await runner.release();
    }
  }

  /**
   * The committed reaction's outcome: its deadline checks and the notifications left for later,
   * and the notifications claimed for this job, sent now. A send that fails here (Postgres or the
   * receiver gone) is logged and left to its claim's expiry: the event itself is done, and a
   * retried job would find it processed.
   */
  private async finishApplied(applied: ApplyRow, reactions: Reactions, reissueOrdered: boolean): Promise<ReactionOutcome> {
    const timers: DueTimer[] = (applied.timers ?? []).map(([id, dueAt, attempts]) => ({
      id: String(id),
      dueAt: new Date(dueAt),
      generation: attempts,
    }));
    const sendNow: string[] = [];
    for (const [id, dueAt, claims, claimedForThisJob] of applied.notifications ?? []) {
      if (claimedForThisJob && this.send) sendNow.push(id);
      else timers.push({ id, dueAt: new Date(dueAt), generation: claims });
    }
    const base = { status: 'applied', timers, notifications: reactions.notifications.length, reissueOrdered } as const;
    if (sendNow.length === 0 || !this.send) return base;
    const send = this.send;
    // The time of the sends, not of the reaction's start: a send's `sending` deadline counts from
    // when its request can begin (a reaction slowed down by a busy database must not leave a
    // deadline that passes while its request is still in flight).
    const now = this.clock.now();
    const sent = await Promise.all(
      sendNow.map(async (id): Promise<SendOutcome['status'] | 'error'> => {
        try {
          const result = await send.execute(id, now);
          if (result.status === 'retimed' || result.status === 'retry') {
            timers.push({ id, dueAt: result.at, generation: result.generation });
          }
          return result.status;
        } catch (error) {
          // An outage is logged once by the pipeline's outage log; anything else is worth a line.
          if (unavailableDependency(error) === null) {
            this.logger.warn({ err: error, notificationId: id }, 'could not send a notification at once; its claim will hand it on');
          }
          return 'error';
        }
      }),
    );
    return { ...base, sent };
  }

  /**
   * What the event plans: a pure function of the event and the states before and after it (and
   * the configured domain), as stored with the events.
   */
  private plan(cardId: string, seq: number, read: Extract<EventToReact, { processed: false }>): Reactions & { event: CardEvent } {
    const { decider, zone, calendar } = this.domain;
    const { event } = read;
    let before;
    let after;
    if ('states' in read) {
      before = read.states.before ?? decider.initialState(read.opening);
      after = read.states.after;
    } else {
      before = decider.fold(read.opening, read.history.slice(0, -1));
      after = decider.evolve(before, event);
    }
    return { ...reactTo({ cardId, eventSeq: seq, event, before, after, zone, calendar }), event };
  }

  /**
   * A deadline already past when it is planned belongs to a history being entered after the
   * fact: the caseworker's next events (the delivery, say) usually follow within seconds. The
   * check waits DEADLINE_CHECK_GRACE_MS (default `PAST_DUE_GRACE_MS`) so it judges the card as
   * entered, not half-way through; the breach, if any, is still dated at the end of the due date.
   */
  private checkDueAt(dueAt: Date, now: Date): Date {
    return dueAt < now ? new Date(now.getTime() + this.pastDueGraceMs) : dueAt;
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
