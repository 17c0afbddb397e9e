import type { CardStore, Clock, Domain, Logger } from '@cardtrail/infra';
import type { DataSource, EntityManager } from 'typeorm';
import { WORKER_ACTOR } from '../events/react-to-card-event';
import type { SendNotification, SendOutcome } from '../notifications/send-notification';
import type { DueTimer } from './timer-jobs';

export type TimerOutcome =
  | { status: 'not-found' | 'not-pending' | 'not-due' }
  | { status: 'done'; detail: string }
  | { status: 'rescheduled'; timer: DueTimer; detail: string };

interface TimerRow {
  id: string;
  kind: string;
  card_id: string;
  status: string;
  due_at: Date;
  attempts: number;
  payload: { notificationId?: string };
}

/**
 * Runs one durable timer: a deadline check or a notification send. The timer row is locked for
 * the whole run and re-read first, so a timer whose job runs twice (the delayed job and a sweep,
 * a stalled job retried, two workers) takes effect once: the second run finds it done.
 */
export class RunTimer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cards: CardStore,
    private readonly domain: Domain,
    private readonly send: SendNotification,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async execute(timerId: string): Promise<TimerOutcome> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      // Locks are taken card first, then timer, the order the event processor uses when it
      // cancels a superseded issue's timers; otherwise a deadline check (timer, then card) and a
      // reissue (card, then timer) could deadlock. Notification sends never lock the card: a
      // webhook call must not hold up caseworkers recording events.
      const [peek]: Array<{ kind: string; card_id: string }> = await m.query(
        `SELECT kind, card_id FROM timers WHERE id = $1`,
        [timerId],
      );
      if (!peek) return { status: 'not-found' } as const;
      if (peek.kind === 'deadline_check') {
        await m.query(`SELECT 1 FROM cards WHERE id = $1 FOR UPDATE`, [peek.card_id]);
      }
      const rows: TimerRow[] = await m.query(
        `SELECT id, kind, card_id, status, due_at, attempts, payload FROM timers WHERE id = $1 FOR UPDATE`,
        [timerId],
      );
      const timer = rows[0];
      if (!timer) return { status: 'not-found' } as const;
      if (timer.status !== 'pending' && timer.status !== 'claimed') return { status: 'not-pending' } as const;
      // A delayed job that fires early (clock skew between hosts) leaves the timer to the sweeper.
      if (timer.due_at.getTime() > now.getTime()) return { status: 'not-due' } as const;

      switch (timer.kind) {
        case 'deadline_check':
          return this.finish(m, timer, now, await this.checkDeadline(m, timer.card_id, now));
        case 'notification': {
          const outcome = await this.send.execute(m, String(timer.payload.notificationId), now);
          if (outcome.status === 'retimed' || outcome.status === 'retry') {
            return this.reschedule(m, timer, outcome.at, describe(outcome));
          }
          return this.finish(m, timer, now, describe(outcome));
        }
        default:
          this.logger.error({ timerId, kind: timer.kind }, 'unknown timer kind');
          await m.query(`UPDATE timers SET status = 'failed', claimed_until = NULL WHERE id = $1`, [timer.id]);
          return { status: 'done', detail: `unknown kind ${timer.kind}` } as const;
      }
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

  private async finish(m: EntityManager, timer: TimerRow, now: Date, detail: string): Promise<TimerOutcome> {
    await m.query(`UPDATE timers SET status = 'done', fired_at = $2, claimed_until = NULL WHERE id = $1`, [timer.id, now]);
    return { status: 'done', detail };
  }

  /** Back to `pending` at `at`, in Postgres: a retry time that survives a Redis flush. */
  private async reschedule(m: EntityManager, timer: TimerRow, at: Date, detail: string): Promise<TimerOutcome> {
    const generation = timer.attempts + 1;
    await m.query(
      `UPDATE timers SET status = 'pending', due_at = $2, attempts = $3, claimed_until = NULL WHERE id = $1`,
      [timer.id, at, generation],
    );
    return { status: 'rescheduled', timer: { id: String(timer.id), dueAt: at, generation }, detail };
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
