import {
  createCardDecider,
  createDeadlinePolicy,
  createWorkingDayCalendar,
  type CardDecider,
  type DeadlinePolicy,
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

export function createDomain(
  config: Pick<AppConfig, 'EXTRA_CLOSED_DAYS' | 'ISSUE_WORKING_DAYS' | 'REISSUE_WORKING_DAYS' | 'TZ_BUSINESS'>,
): Domain {
  const calendar = createWorkingDayCalendar({ extraClosedDays: config.EXTRA_CLOSED_DAYS });
  const policy = createDeadlinePolicy({
    issueWorkingDays: config.ISSUE_WORKING_DAYS,
    reissueWorkingDays: config.REISSUE_WORKING_DAYS,
  });
  const zone = config.TZ_BUSINESS;
  return { calendar, policy, zone, decider: createCardDecider({ calendar, policy, zone }) };
}

export const DOMAIN = Symbol('DOMAIN');
