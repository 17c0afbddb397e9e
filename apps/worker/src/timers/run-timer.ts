import { TimerStore, type CardStore, type Clock, type Domain, type Logger, type StoredTimer } from '@cardtrail/infra';
import type { DataSource, EntityManager } from 'typeorm';
import { WORKER_ACTOR } from '../events/react-to-card-event';
import type { SendNotification, SendOutcome } from '../notifications/send-notification';
import type { DueTimer } from './timer-jobs';

export type TimerOutcome =
  | { status: 'not-found' | 'not-pending' | 'not-due' }
  | { status: 'done'; detail: string }
  | { status: 'rescheduled'; timer: DueTimer; detail: string };

/** A notification is its own timer (decision 0035): its job's timer id is the notification's uuid. */
const NOTIFICATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs one durable timer: a deadline check (a `timers` row, numeric id) or a notification send (a
 * notification is its own timer, uuid id). The row is locked and re-read first, so a timer whose
 * job runs twice (the delayed job and a sweep, a stalled job retried, two workers) takes effect
 * once: the second run finds it done. A deadline check runs in one transaction. A send does not
 * hold a transaction across the request: `SendNotification` decides under the notification's
 * lock, sends, and records the answer, which also releases its claim or moves its next attempt,
 * in one statement; nothing else is left to finish.
 */
export class RunTimer {
  private readonly timers: TimerStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cards: CardStore,
    private readonly domain: Domain,
    private readonly send: SendNotification,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.timers = new TimerStore(dataSource);
  }

  async execute(timerId: string): Promise<TimerOutcome> {
    const now = this.clock.now();
    if (NOTIFICATION_ID.test(timerId)) return this.sendNotification(timerId, now);
    return this.dataSource.transaction(async (m): Promise<TimerOutcome> => {
      // Locks are taken card first, then timer, the order the event processor uses when it
      // cancels a superseded issue's timers; otherwise a deadline check (timer, then card) and a
      // reissue (card, then timer) could deadlock. Notification sends never lock the card: a
      // webhook call must not hold up caseworkers recording events.
      const peek = await this.timers.peek(m, timerId);
      if (!peek) return { status: 'not-found' } as const;
      if (peek.kind === 'deadline_check') await this.cards.lockRow(m, peek.cardId);
      const timer = await this.timers.lock(m, timerId);
      if (!timer) return { status: 'not-found' } as const;
      if (timer.status !== 'pending' && timer.status !== 'claimed') return { status: 'not-pending' } as const;
      // A delayed job that fires early (clock skew between hosts) leaves the timer to the sweeper.
      if (timer.dueAt.getTime() > now.getTime()) return { status: 'not-due' } as const;

      switch (timer.kind) {
        case 'deadline_check':
          return this.finish(m, timer, now, await this.checkDeadline(m, timer.cardId, now));
        default:
          this.logger.error({ timerId, kind: timer.kind }, 'unknown timer kind');
          await this.timers.fail(m, timer.id);
          return { status: 'done', detail: `unknown kind ${timer.kind}` } as const;
      }
    });
  }

  /** A notification's job: the send records its own outcome; this only says what became of it. */
  private async sendNotification(notificationId: string, now: Date): Promise<TimerOutcome> {
    const outcome = await this.send.execute(notificationId, now);
    switch (outcome.status) {
      // Already settled, or another run is sending it (that run records the answer).
      case 'not-scheduled':
      case 'in-flight':
        return { status: 'not-pending' };
      case 'not-due':
        return { status: 'not-due' };
      case 'retimed':
      case 'retry':
        return {
          status: 'rescheduled',
          timer: { id: notificationId, dueAt: outcome.at, generation: outcome.generation },
          detail: describe(outcome),
        };
      default:
        return { status: 'done', detail: describe(outcome) };
    }
  }

  /** `DeadlineBreached` when the due date has passed undelivered; a delivered or cancelled card yields nothing. */
  private async checkDeadline(m: EntityManager, cardId: string, now: Date): Promise<string> {
    const { decider } = this.domain;
    const { events } = await this.cards.append(cardId, (state) => decider.decide({ type: 'CheckDeadline', now }, state), {
      actor: WORKER_ACTOR,
      manager: m,
    });
    return events.length > 0 ? 'deadline breached' : 'deadline not breached';
  }

  private async finish(m: EntityManager, timer: StoredTimer, now: Date, detail: string): Promise<TimerOutcome> {
    await this.timers.finish(m, timer.id, now);
    return { status: 'done', detail };
  }

}

function describe(outcome: SendOutcome): string {
  switch (outcome.status) {
    case 'skipped':
    case 'failed':
      return `${outcome.status}: ${outcome.reason}`;
    case 'retry':
      return `retry at ${outcome.at.toISOString()}: ${outcome.error}`;
    case 'retimed':
      return `retimed to ${outcome.at.toISOString()}`;
    default:
      return outcome.status;
  }
}
