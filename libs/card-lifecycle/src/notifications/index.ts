export {
  NOTIFICATION_AUDIENCE,
  NOTIFICATION_AUDIENCES,
  NOTIFICATION_KINDS,
  NOTIFICATION_STATUSES,
  type NotificationAudience,
  type NotificationKind,
  type NotificationParams,
  type NotificationStatus,
} from './notification-kinds';
export { SENDING_WINDOW, isWithinSendingWindow, withinSendingWindow } from './sending-window';
export {
  FINAL_ADDRESS_CHECK_WORKING_DAYS,
  notificationKey,
  reactTo,
  type PlannedNotification,
  type ReactionInput,
  type Reactions,
} from './reactions';
export { SKIP_REASONS, checkRelevance, type NotificationToCheck, type Relevance } from './relevance';
export {
  ADDRESS_ADVICE,
  DISTRICT_NAMES,
  renderNotification,
  type NotificationText,
  type NotificationTextContext,
} from './texts';
export {
  MESSAGE_LANGUAGES,
  isMessageLanguage,
  formatHumanDate,
  formatHumanInstant,
  type MessageLanguage,
} from './human-dates';
