import type { DeliveryResult, NotificationChannel, NotificationMessage } from './notification-channel';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';

export interface WebhookChannelOptions {
  url: string;
  secret: string;
  timeoutMs: number;
}

/**
 * POSTs the message as JSON. `Idempotency-Key` is the notification key: a receiver that honours
 * it turns the pipeline's at-least-once delivery (a worker killed after the POST but before its
 * commit sends again) into exactly-once. Only a 2xx answer counts as delivered.
 */
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook';
  readonly reachesRecipient = true;

  constructor(private readonly options: WebhookChannelOptions) {}

  async deliver(message: NotificationMessage): Promise<DeliveryResult> {
    const body = JSON.stringify(message);
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': message.key,
          [SIGNATURE_HEADER]: signWebhookBody(this.options.secret, body),
          'User-Agent': 'cardtrail-worker',
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'manual',
      });
      // Drain the body so the connection can be reused; its content is not ours to keep.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true };
      return { ok: false, error: `webhook answered HTTP ${response.status}` };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        return { ok: false, error: `webhook timed out after ${this.options.timeoutMs} ms` };
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { ok: false, error: `webhook unreachable: ${cause?.code ?? cause?.message ?? (error as Error).message}` };
    }
  }
}
