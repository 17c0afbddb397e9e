import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../../apps/worker/src/notifications/webhook-signature';
import type { NotificationMessage } from '../../apps/worker/src/notifications/notification-channel';

export interface ReceivedWebhook {
  key: string | undefined;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: NotificationMessage;
  signatureValid: boolean;
  /** The status this receiver answered. */
  answered: number;
}

/** Decides the answer to the n-th request (0-based) for a key. */
export type Responder = (request: { key: string | undefined; attempt: number }) => number;

export interface WebhookReceiver {
  url: string;
  secret: string;
  requests: ReceivedWebhook[];
  /**
   * Keys this receiver accepted (answered 2xx), first time only: what a receiver honouring
   * `Idempotency-Key` acts on.
   */
  delivered: Set<string>;
  /** Requests per key. */
  countsByKey(): Map<string, number>;
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server standing in for the notification provider: records each request, checks
 * its signature, and answers what the test says (200 by default), optionally after a delay.
 */
export async function startWebhookReceiver(
  options: { secret?: string; delayMs?: number; responder?: Responder } = {},
): Promise<WebhookReceiver> {
  const secret = options.secret ?? 'test-webhook-secret-0123456789';
  let responder: Responder = options.responder ?? (() => 200);
  const requests: ReceivedWebhook[] = [];
  const delivered = new Set<string>();
  const attempts = new Map<string, number>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const key = req.headers['idempotency-key'] as string | undefined;
      const attempt = attempts.get(key ?? '') ?? 0;
      attempts.set(key ?? '', attempt + 1);
      const signatureValid = verifyWebhookSignature(secret, rawBody, req.headers['x-cardtrail-signature'] as string);
      const answered = signatureValid ? responder({ key, attempt }) : 401;
      let body: NotificationMessage;
      try {
        body = JSON.parse(rawBody) as NotificationMessage;
      } catch {
        body = {} as NotificationMessage;
      }
      requests.push({ key, headers: req.headers, rawBody, body, signatureValid, answered });
      if (answered >= 200 && answered < 300 && key) delivered.add(key);
      const reply = (): void => {
        res.writeHead(answered, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ ok: answered < 300 }));
      };
      if (options.delayMs) setTimeout(reply, options.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks/cardtrail`,
    secret,
    requests,
    delivered,
    countsByKey() {
      const counts = new Map<string, number>();
      for (const r of requests) counts.set(r.key ?? '', (counts.get(r.key ?? '') ?? 0) + 1);
      return counts;
    },
    respondWith(next) {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
