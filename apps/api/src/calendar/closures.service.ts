import { Inject, Injectable } from '@nestjs/common';
import { CalendarWatcher, ClosureStore, DOMAIN, type ClosureChange, type LiveDomain } from '@cardtrail/infra';
import { ProblemException } from '../common/problem';
import type { ClosureChangeView, ClosuresView } from './closures.schemas';

export function closureChangeView(change: ClosureChange): ClosureChangeView {
  return {
    revision: change.revision,
    date: change.date,
    action: change.action,
    reason: change.reason,
    by: change.actor,
    at: change.changedAt.toISOString(),
    deadlinesMoved: change.deadlinesMoved,
    recomputedAt: change.recomputedAt?.toISOString() ?? null,
  };
}

/**
 * Run-time closure days (admins): stored in Postgres, put in force in this process at once and in
 * every other API and worker process at its next check (CALENDAR_POLL_MS); the worker then
 * recomputes the open deadlines the change moves and records each on its card.
 */
@Injectable()
export class ClosuresService {
  constructor(
    private readonly store: ClosureStore,
    @Inject(CalendarWatcher) private readonly watcher: CalendarWatcher,
    @Inject(DOMAIN) private readonly domain: LiveDomain,
  ) {}

  async list(): Promise<ClosuresView> {
    const [revision, closures, changes] = await Promise.all([this.store.revision(), this.store.inForce(), this.store.changes(100)]);
    return {
      revision,
      startUp: [...this.domain.startUpClosures].sort(),
      closures: closures.map(closureChangeView),
      changes: changes.map(closureChangeView),
    };
  }

  async get(date: string): Promise<ClosureChangeView> {
    const closure = (await this.store.inForce()).find((c) => c.date === date);
    if (!closure) throw notClosedAtRunTime(date);
    return closureChangeView(closure);
  }

  /** Closes `date`: `created` false when it already was closed at run time (nothing changes). */
  async add(date: string, reason: string, actor: string): Promise<{ created: boolean; closure: ClosureChangeView }> {
    if (this.domain.startUpClosures.includes(date)) {
      throw conflict(`${date} is already closed by EXTRA_CLOSED_DAYS, the start-up setting.`);
    }
    // The calendar in force here has every run-time closure in it; only law and weekends remain.
    const calendar = this.domain.calendar;
    const holiday = calendar.holidays(Number(date.slice(0, 4))).find((h) => h.date === date);
    if (holiday) throw conflict(`${date} is a public holiday (${holiday.name}): not a working day already.`);
    if ([0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) {
      throw conflict(`${date} is a weekend day: not a working day already.`);
    }
    const added = await this.store.add(date, reason, actor);
    if (!added) return { created: false, closure: await this.get(date) };
    await this.watcher.refresh();
    return { created: true, closure: closureChangeView(added) };
  }

  async remove(date: string, reason: string, actor: string): Promise<ClosureChangeView> {
    if (this.domain.startUpClosures.includes(date)) {
      throw conflict(`${date} is closed by EXTRA_CLOSED_DAYS, the start-up setting: remove it there and restart.`);
    }
    const removed = await this.store.remove(date, reason, actor);
    if (!removed) throw notClosedAtRunTime(date);
    await this.watcher.refresh();
    return closureChangeView(removed);
  }
}

function conflict(detail: string): ProblemException {
  return new ProblemException({ status: 409, type: 'closure-conflict', title: 'Not a working day already', detail });
}

function notClosedAtRunTime(date: string): ProblemException {
  return new ProblemException({ status: 404, title: 'Not Found', detail: `${date} is not a run-time closure day.` });
}
