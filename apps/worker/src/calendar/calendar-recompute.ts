import {
  RECOMPUTE_REASON_MAX_LENGTH,
} from '@cardtrail/card-lifecycle';
import {
  recomputeOpenDeadlines,
  type CalendarChange,
  type CardStore,
  type Clock,
  type ClosureStore,
  type DeadlineRecomputation,
  type Domain,
  type Logger,
} from '@cardtrail/infra';
import type { DataSource } from 'typeorm';

export interface CalendarRecomputeDeps {
  dataSource: DataSource;
  cards: CardStore;
  domain: Domain;
  closures: ClosureStore;
  clock: Clock;
  logger: Logger;
  /** CALENDAR_POLL_MS: how long another process may still use the calendar before a change. */
  pollMs: number;
  /** Runs the follow-up pass after `delayMs`; by default a timer that does not keep the process up. */
  schedule?: (run: () => void, delayMs: number) => { cancel(): void };
}

function scheduleWithTimer(run: () => void, delayMs: number): { cancel(): void } {
  const timer = setTimeout(run, delayMs);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
}

/** `closure day 2026-12-01 added: IT outage`, joined and cut to what an event keeps. */
export function recomputeReason(change: CalendarChange): string {
  const text = change.changes.map((c) => `closure day ${c.date} ${c.action}: ${c.reason}`).join('; ');
  const reason = text || `calendar revision ${change.toRevision}`;
  return reason.length <= RECOMPUTE_REASON_MAX_LENGTH ? reason : `${reason.slice(0, RECOMPUTE_REASON_MAX_LENGTH - 1)}…`;
}

/**
 * The worker's answer to a change of the run-time closure days: recompute every open deadline
 * that moves under the new calendar (through the card store, one `DeadlineRecomputed` each), and
 * count them on the change. One more pass follows two poll intervals later: an API process that
 * had not yet seen the change may have started a deadline on the old calendar meanwhile.
 */
export class CalendarRecompute {
  private followUps = new Set<{ cancel(): void }>();
  private stopped = false;

  constructor(private readonly deps: CalendarRecomputeDeps) {}

  async onChange(change: CalendarChange): Promise<DeadlineRecomputation[]> {
    const moved = await this.pass(change);
    if (!this.stopped) {
      const schedule = this.deps.schedule ?? scheduleWithTimer;
      const followUp = schedule(() => {
        this.followUps.delete(followUp);
        if (this.stopped) return;
        this.pass(change).catch((error: unknown) =>
          this.deps.logger.warn({ err: error }, 'the follow-up recomputation after a closure change failed; the next start repeats it'),
        );
      }, 2 * this.deps.pollMs);
      this.followUps.add(followUp);
    }
    return moved;
  }

  stop(): void {
    this.stopped = true;
    for (const followUp of this.followUps) followUp.cancel();
    this.followUps.clear();
  }

  private async pass(change: CalendarChange): Promise<DeadlineRecomputation[]> {
    const { dataSource, cards, domain, closures, clock, logger } = this.deps;
    const moved = await recomputeOpenDeadlines(dataSource, cards, domain, { now: clock.now(), reason: recomputeReason(change) });
    await closures.recordRecomputation(change.toRevision, moved.length, clock.now());
    logger.info({ revision: change.toRevision, deadlinesMoved: moved.length }, 'deadlines recomputed after a closure change');
    return moved;
  }
}
