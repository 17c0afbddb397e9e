import type { Logger } from '@cardtrail/infra';
import type { DeliveryResult, NotificationChannel, NotificationMessage } from './notification-channel';

/**
 * The channel when no NOTIFY_WEBHOOK_URL is configured: one log line records the notification,
 * with ids only (key, kind, card id): no name, contact details or text. It is recorded `logged`,
 * not `sent`: nobody received it.
 */
export class LogChannel implements NotificationChannel {
  readonly name = 'log';
  readonly reachesRecipient = false;

  constructor(private readonly logger: Logger) {}

  async deliver(message: NotificationMessage): Promise<DeliveryResult> {
    this.logger.info({ key: message.key, kind: message.kind, cardId: message.card.id }, 'notification recorded (log channel)');
    return { ok: true };
  }
}
