import { TimerStore, type CardStore, type Clock, type Domain, type Logger, type StoredTimer } from '@cardtrail/infra';
import type { DataSource, EntityManager } from 'typeorm';
import { WORKER_ACTOR } from '../events/react-to-card-event';
import type { SendNotification, SendOutcome } from '../notifications/send-notification';
import type { DueTimer } from './timer-jobs';

export type TimerOutcome =
  | { status: 'not-found' | 'not-pending' | 'not-due' }
  | { status: 'done'; detail: string }
  | { status: 'rescheduled'; timer: DueTimer; detail: string };

/**
 * Runs one durable timer: a deadline check or a notification send. The timer row is locked and
 * re-read first, so a timer whose job runs twice (the delayed job and a sweep, a stalled job
 * retried, two workers) takes effect once: the second run finds it done. A deadline check runs
 * in that one transaction. A send does not hold it across the request: the timer is read, the
 * notification is sent (SendNotification, with its own short transactions), and the timer is
 * finished or rescheduled in a second transaction afterwards.
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
    const first = await this.dataSource.transaction(async (m): Promise<TimerOutcome | { send: StoredTimer }> => {
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
        case 'notification':
          return { send: timer };
        default:
          this.logger.error({ timerId, kind: timer.kind }, 'unknown timer kind');
          await this.timers.fail(m, timer.id);
          return { status: 'done', detail: `unknown kind ${timer.kind}` } as const;
      }
    });
    if (!('send' in first)) return first;

    const outcome = await this.send.execute(String(first.send.payload.notificationId), now);
    // Another run is sending it: that run finishes the timer.
    if (outcome.status === 'in-flight') return { status: 'not-pending' };
    return this.dataSource.transaction(async (m) => {
      const timer = await this.timers.lock(m, first.send.id);
      if (!timer || (timer.status !== 'pending' && timer.status !== 'claimed')) return { status: 'not-pending' } as const;
      if (outcome.status === 'retimed' || outcome.status === 'retry') {
        return this.reschedule(m, timer, outcome.at, describe(outcome));
      }
      return this.finish(m, timer, now, describe(outcome));
    });
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

  /** Back to `pending` at `at`, in Postgres: a retry time that survives a Redis flush. */
  private async reschedule(m: EntityManager, timer: StoredTimer, at: Date, detail: string): Promise<TimerOutcome> {
    const generation = timer.attempts + 1;
    await this.timers.reschedule(m, timer.id, at, generation);
    return { status: 'rescheduled', timer: { id: timer.id, dueAt: at, generation }, detail };
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
