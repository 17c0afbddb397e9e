import { InitialSchema1700000000000 } from './1700000000000-initial-schema';
import { OpenDeadlineIndex1700000000001 } from './1700000000001-open-deadline-index';
import { NotificationSending1700000000100 } from './1700000000100-notification-sending';
import { EventStates1700000000200 } from './1700000000200-event-states';
import { DeliveryReportIndex1700000000650 } from './1700000000650-delivery-report-index';
import { CalendarClosures1700000000651 } from './1700000000651-calendar-closures';
import { NotificationsOwnTimers1700000000700 } from './1700000000700-notifications-own-timers';

/** Listed explicitly (not globbed) so the same code runs under tsc output and jest's ESM mode. */
export const MIGRATIONS = [
  InitialSchema1700000000000,
  OpenDeadlineIndex1700000000001,
  NotificationSending1700000000100,
  EventStates1700000000200,
  DeliveryReportIndex1700000000650,
  CalendarClosures1700000000651,
  NotificationsOwnTimers1700000000700,
];
