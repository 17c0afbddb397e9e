import {
  createCardDecider,
  createDeadlinePolicy,
  createWorkingDayCalendar,
  type CardDecider,
  type DeadlinePolicy,
  type IsoDate,
  type WorkingDayCalendar,
} from '@cardtrail/card-lifecycle';
import type { AppConfig } from '../config/config';

/** The domain as configured for this process: calendar, deadline policy, zone and decider. */
export interface Domain {
  calendar: WorkingDayCalendar;
  policy: DeadlinePolicy;
  zone: string;
  decider: CardDecider;
}

type DomainConfig = Pick<AppConfig, 'EXTRA_CLOSED_DAYS' | 'ISSUE_WORKING_DAYS' | 'REISSUE_WORKING_DAYS' | 'TZ_BUSINESS'>;

export function createDomain(config: DomainConfig): Domain {
  const calendar = createWorkingDayCalendar({ extraClosedDays: config.EXTRA_CLOSED_DAYS });
  const policy = createDeadlinePolicy({
    issueWorkingDays: config.ISSUE_WORKING_DAYS,
    reissueWorkingDays: config.REISSUE_WORKING_DAYS,
  });
  const zone = config.TZ_BUSINESS;
  return { calendar, policy, zone, decider: createCardDecider({ calendar, policy, zone }) };
}

/**
 * The domain of a running process whose calendar can change without a restart: the closure days
 * are `EXTRA_CLOSED_DAYS` (the start-up default) plus those admins add at run time. Every read of
 * `calendar` or `decider` sees the calendar in force, so holders of this object must read them
 * per use rather than keep them.
 */
export class LiveDomain implements Domain {
  private current: Domain;
  private runTime: readonly IsoDate[] = [];

  constructor(private readonly config: DomainConfig) {
    this.current = createDomain(config);
  }

  get calendar(): WorkingDayCalendar {
    return this.current.calendar;
  }
  get policy(): DeadlinePolicy {
    return this.current.policy;
  }
  get zone(): string {
    return this.current.zone;
  }
  get decider(): CardDecider {
    return this.current.decider;
  }

  /** The closure days configured at start (`EXTRA_CLOSED_DAYS`). */
  get startUpClosures(): readonly IsoDate[] {
    return this.config.EXTRA_CLOSED_DAYS;
  }

  /** Puts the run-time closure days in force; returns false when they are the ones already in force. */
  useRunTimeClosures(dates: readonly IsoDate[]): boolean {
    const next = [...new Set(dates)].sort();
    if (next.length === this.runTime.length && next.every((d, i) => d === this.runTime[i])) return false;
    this.current = createDomain({
      ...this.config,
      EXTRA_CLOSED_DAYS: [...new Set([...this.config.EXTRA_CLOSED_DAYS, ...next])],
    });
    this.runTime = next;
    return true;
  }
}

export const DOMAIN = Symbol('DOMAIN');
