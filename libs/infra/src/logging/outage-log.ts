import { DEPENDENCY_NAMES, lostJobKeys, outageReason, unavailableDependency, type Dependency } from '../errors/dependency-errors';
import type { Logger } from './logger';

export interface OutageLogOptions {
  /** What the process does meanwhile, for the first line ("retrying until it is back"). */
  meanwhile: string;
  /**
   * Without a `recovered` call, an outage counts as over once no failure was seen for this
   * long; the next failure then starts (and logs) a new one. Default 30 s.
   */
  quietMs?: number;
  /** Wall-clock reader (logging only measures how long an outage lasted). */
  now?: () => number;
}

interface Outage {
  since: number;
  lastFailure: number;
  failures: number;
}

/**
 * One log line when a dependency is lost and one when it is back, instead of one per failed
 * job, pass or request. `failed(error)` classifies the error (`unavailableDependency`): for an
 * outage it counts the failure, logs only the first, and returns true (the caller logs nothing
 * more); for any other error it returns false and the caller logs it as before.
 */
export class OutageLog {
  private readonly down = new Map<Dependency, Outage>();
  /** When jobs were last found without their keys (Redis flushed or restarted empty). */
  private lostKeysAt: number | null = null;
  private readonly quietMs: number;
  private readonly now: () => number;

  constructor(
    private readonly logger: Logger,
    private readonly options: OutageLogOptions,
  ) {
    this.quietMs = options.quietMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  failed(error: unknown, hint?: { socketErrorsMean?: Dependency }): boolean {
    const at = this.now();
    if (lostJobKeys(error)) {
      if (this.lostKeysAt === null || at - this.lostKeysAt >= this.quietMs) {
        this.logger.warn(
          { dependency: 'queue', reason: 'job keys lost' },
          'Redis lost the keys of jobs in progress (flushed, or restarted without its data): Postgres hands their work out ' +
            'again; further such errors are not logged while they keep coming',
        );
      }
      this.lostKeysAt = at;
      return true;
    }
    const dependency = unavailableDependency(error, hint);
    if (!dependency) return false;
    const outage = this.down.get(dependency);
    if (outage && at - outage.lastFailure < this.quietMs) {
      outage.failures += 1;
      outage.lastFailure = at;
      return true;
    }
    this.down.set(dependency, { since: at, lastFailure: at, failures: 1 });
    this.logger.warn(
      { dependency, reason: outageReason(error) },
      `${DEPENDENCY_NAMES[dependency]} is unavailable (${outageReason(error)}): ${this.options.meanwhile}; ` +
        'further failures are not logged until it is back',
    );
    return true;
  }

  /**
   * The dependency answered: ends its outage, if one was logged, with one line. `startedAt`
   * is when the operation that succeeded began: one begun before the latest failure (a job
   * finishing as Postgres shuts down, or one that outran a job whose keys Redis lost) proves
   * nothing about now and is ignored.
   */
  recovered(dependency: Dependency, startedAt?: number): void {
    const outage = this.down.get(dependency);
    if (!outage) return;
    if (startedAt !== undefined && startedAt <= outage.lastFailure) return;
    this.down.delete(dependency);
    const seconds = Math.round((this.now() - outage.since) / 100) / 10;
    this.logger.info(
      { dependency, seconds, failures: outage.failures },
      `${DEPENDENCY_NAMES[dependency]} is available again after ${seconds} s (${outage.failures} failed operations meanwhile)`,
    );
  }

  isDown(dependency: Dependency): boolean {
    return this.down.has(dependency);
  }
}
