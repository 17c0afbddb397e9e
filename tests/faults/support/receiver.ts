import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../../../apps/worker/src/notifications/webhook-signature';

export const RECEIVER_SECRET = 'faults-webhook-secret-0123456789';

/**
 * - `ok`: 200 after `delayMs` (50 ms by default: a provider takes a moment).
 * - `fail`: 500 at once (not a delivery).
 * - `hang`: reads the request and never answers (the worker's timeout ends it).
 * - `hold`: keeps each request open until {@link Receiver.release}, which answers 200: sends
 *   in flight on demand, so a fault lands inside them.
 */
export type ReceiverMode = 'ok' | 'fail' | 'hang' | 'hold';

export interface ReceivedRequest {
  key: string;
  arrivedAt: number;
  /** When the answer was written, or null while open (or never, if the caller gave up). */
  answeredAt: number | null;
  status: number | null;
  /** The caller closed the connection before an answer (its timeout, or it died). */
  abandoned: boolean;
  signatureValid: boolean;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  mode(): ReceiverMode;
  setMode(mode: ReceiverMode): void;
  /** Answers every held request with 200 and goes back to `ok`. */
  release(): void;
  /** Keys answered 2xx at least once: what a receiver honouring Idempotency-Key acts on. */
  delivered(): Set<string>;
  /** Per key, how many 2xx answers it got. */
  deliveriesByKey(): Map<string, number>;
  /** 2xx answers beyond the first, over all keys. */
  duplicates(): number;
  /** Requests open now (arrived, not answered, not abandoned). */
  open(): ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * The notification provider, as a small real HTTP server: it checks each request's signature,
 * counts deliveries per `Idempotency-Key`, and answers as its mode says.
 */
export async function startReceiver(options: { delayMs?: number } = {}): Promise<Receiver> {
  // A provider takes a moment to answer, so sends are in flight when a fault strikes.
  const delayMs = options.delayMs ?? 50;
  let mode: ReceiverMode = 'ok';
  const requests: ReceivedRequest[] = [];
  const held: Array<() => void> = [];

  const answer = (entry: ReceivedRequest, res: ServerResponse, status: number): void => {
    if (entry.abandoned || res.writableEnded) return;
    entry.status = status;
    entry.answeredAt = Date.now();
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ ok: status < 300 }));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry: ReceivedRequest = {
        key: String(req.headers['idempotency-key'] ?? ''),
        arrivedAt: Date.now(),
        answeredAt: null,
        status: null,
        abandoned: false,
        signatureValid: verifyWebhookSignature(RECEIVER_SECRET, body, req.headers['x-cardtrail-signature'] as string),
      };
      requests.push(entry);
      res.on('close', () => {
        if (entry.answeredAt === null) entry.abandoned = true;
      });
      if (!entry.signatureValid) return answer(entry, res, 401);
      switch (mode) {
        case 'ok':
          setTimeout(() => answer(entry, res, mode === 'fail' ? 500 : 200), delayMs);
          return;
        case 'fail':
          return answer(entry, res, 500);
        case 'hang':
          return;
        case 'hold':
          held.push(() => answer(entry, res, 200));
          return;
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;

  const deliveriesByKey = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const r of requests) {
      if (r.status !== null && r.status >= 200 && r.status < 300) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
    }
    return counts;
  };

  return {
    url: `http://127.0.0.1:${port}/hooks/cardtrail`,
    requests,
    mode: () => mode,
    setMode(next) {
      mode = next;
    },
    release() {
      mode = 'ok';
      for (const reply of held.splice(0)) reply();
    },
    delivered: () => new Set(deliveriesByKey().keys()),
    deliveriesByKey,
    duplicates: () => [...deliveriesByKey().values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    open: () => requests.filter((r) => r.answeredAt === null && !r.abandoned),
    close: () =>
      new Promise<void>((r) => {
        held.splice(0);
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
