import type { LiveDomain } from '../cards/domain';
import type { Logger } from '../logging';
import type { ClosureChange, ClosureStore } from './closure-store';

/** A change of the run-time closure days this process has just put in force. */
export interface CalendarChange {
  /** The revision in force before (0: none). */
  fromRevision: number;
  toRevision: number;
  /** The additions and removals between the two, oldest first. */
  changes: ClosureChange[];
}

export interface CalendarWatcherOptions {
  /** How often to check the revision (CALENDAR_POLL_MS). */
  pollMs: number;
  logger?: Logger;
  /**
   * The process's outage log: a check that fails because Postgres is out of reach is counted
   * there (one line per outage) instead of logged each time.
   */
  outages?: { failed(error: unknown): boolean };
  /**
   * Called after a change was put in force (not for the first load). If it throws, the change
   * counts as not seen, and the next check calls it again.
   */
  onChange?: (change: CalendarChange) => Promise<void>;
}

/**
 * Keeps a process's calendar in step with the run-time closure days in Postgres: a check of one
 * number (`max(revision)`, an index lookup) every `pollMs`, and a reload of the closures in force
 * only when it moved. Checks never overlap.
 */
export class CalendarWatcher {
  private revision = -1;
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: ClosureStore,
    private readonly domain: LiveDomain,
    private readonly options: CalendarWatcherOptions,
  ) {}

  /** The revision in force in this process (-1 before the first load). */
  get revisionInForce(): number {
    return this.revision;
  }

  /** Checks now (after any check under way); returns the change put in force, or null. */
  refresh(): Promise<CalendarChange | null> {
    const run = this.queue.then(() => this.check());
    this.queue = run.catch(() => undefined);
    return run;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => {
        if (this.options.outages?.failed(error)) return;
        this.options.logger?.warn({ err: error }, 'could not check the run-time closure days; the calendar in force stays');
      });
    }, this.options.pollMs);
    this.timer.unref();
  }

  /** Stops checking and waits for a check under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queue;
  }

  private async check(): Promise<CalendarChange | null> {
    const revision = await this.store.revision();
    if (revision === this.revision) return null;
    const inForce = await this.store.inForce();
    this.domain.useRunTimeClosures(inForce.map((c) => c.date));
    const from = this.revision;
    this.revision = revision;
    if (from < 0) return null;
    const change: CalendarChange = {
      fromRevision: from,
      toRevision: revision,
      changes: await this.store.changesAfter(from, revision),
    };
    this.options.logger?.info(
      { fromRevision: from, toRevision: revision, closures: inForce.length },
      'run-time closure days changed: calendar reloaded',
    );
    if (this.options.onChange) {
      try {
        await this.options.onChange(change);
      } catch (error) {
        this.revision = from;
        throw error;
      }
    }
    return change;
  }
}
