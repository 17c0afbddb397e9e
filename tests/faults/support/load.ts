import { randomUUID } from 'node:crypto';
import { aCardBody } from '../../support/card-builders';
import { delay } from './wait';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** One HTTP exchange as the client saw it. */
export interface Exchange {
  at: number;
  op: 'open' | 'event' | 'status';
  /** The HTTP status, or null when no answer came (refused, reset, timed out). */
  status: number | null;
  error?: string;
}

/** An event the API acknowledged with 201 (first answer or replay). */
export interface AckedEvent {
  cardId: string;
  key: string;
  type: string;
  seq: number;
  replayed: boolean;
}

export interface LoadOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:4312`; the port survives API restarts. */
  baseUrl: string;
  token: string;
  /** Concurrent virtual caseworkers. */
  users?: number;
  /** Pause between one user's requests. */
  paceMs?: number;
  /** A request is given up after retrying this long (counted in `gaveUp`). */
  retryForMs?: number;
}

export interface LoadFigures {
  exchanges: Exchange[];
  acked: AckedEvent[];
  /** Cards the API answered 201 for. */
  cardsAcked: Array<{ id: string; reference: string }>;
  /** Requests abandoned after `retryForMs` (each is a defect of the service or the scenario). */
  gaveUp: Array<{ op: string; cardId?: string; key?: string; last: string }>;
  /** Answers that are neither success nor a retryable outage (wrong 4xx, say). */
  unexpected: Array<{ op: string; status: number; body: string }>;
}

/**
 * A load generator of caseworkers and applicants against the real API. Each virtual caseworker
 * opens a card and takes it through booked → biometrics → ordered → produced → mailed, dated
 * two months back, so every card's deadline has passed: the worker records a breach and
 * notifies the district (at any hour), besides the applicant messages. After the order it
 * looks the card up as the applicant would (`POST /v1/status`).
 *
 * Every event carries an `Idempotency-Key` and is retried with the same key until the API
 * answers 201 (a first answer or a replay): after no answer (refused, reset, timed out), a 503,
 * another 5xx, or a 409 "in flight". Retries back off from 100 ms, doubling to 1 s; a
 * `Retry-After` is honoured up to that 1 s cap, so recovery is seen within a second (a real
 * client would wait the full value). Every exchange's status is recorded.
 */
export class LoadGenerator {
  private stopping = false;
  private aborted = false;
  private running: Promise<void>[] = [];
  private readonly figures: LoadFigures = { exchanges: [], acked: [], cardsAcked: [], gaveUp: [], unexpected: [] };
  private readonly users: number;
  private readonly paceMs: number;
  private readonly retryForMs: number;

  constructor(private readonly options: LoadOptions) {
    this.users = options.users ?? 6;
    this.paceMs = options.paceMs ?? 100;
    this.retryForMs = options.retryForMs ?? 120_000;
  }

  get results(): LoadFigures {
    return this.figures;
  }

  start(): void {
    for (let u = 0; u < this.users; u += 1) this.running.push(this.user(u));
  }

  /** Lets every user finish the request in hand (retrying it as needed), then resolves. */
  async stop(): Promise<LoadFigures> {
    this.stopping = true;
    await Promise.all(this.running);
    return this.figures;
  }

  /** Stops at once: requests being retried are given up (teardown of a scenario that failed). */
  async abort(): Promise<void> {
    this.aborted = true;
    await this.stop();
  }

  ackedCount(): number {
    return this.figures.acked.length;
  }

  /** Acknowledged events after `since` (ms since epoch). */
  ackedSince(since: number): number {
    return this.figures.exchanges.filter((e) => e.op === 'event' && e.status === 201 && e.at >= since).length;
  }

  private async user(index: number): Promise<void> {
    let n = 0;
    while (!this.stopping) {
      const card = await this.openCard();
      if (!card) continue;
      const base = Date.now() - 60 * DAY - (index * 1000 + n) * 60_000;
      n += 1;
      for (const event of cardPlan(base)) {
        if (this.stopping) break;
        const acked = await this.recordEvent(card.id, event);
        if (!acked) break;
        if (event.type === 'CardOrdered') await this.lookUp(card);
        await delay(this.paceMs);
      }
    }
  }

  private async openCard(): Promise<{ id: string; reference: string } | null> {
    const body = aCardBody({ applicant: { preferredLanguage: 'nb' } });
    // No Idempotency-Key exists for opening a card: a retry after a lost answer may open a
    // second one (the first then has no events; the figures count such orphans).
    const answer = await this.withRetries('open', () => this.post('/v1/cards', body, {}));
    if (!answer) return null;
    if (answer.status !== 201) {
      this.figures.unexpected.push({ op: 'open', status: answer.status, body: answer.text.slice(0, 300) });
      await delay(this.paceMs);
      return null;
    }
    const card = JSON.parse(answer.text) as { id: string; reference: string };
    this.figures.cardsAcked.push({ id: card.id, reference: card.reference });
    return card;
  }

  private async recordEvent(cardId: string, event: { type: string; occurredAt: string; data: unknown }): Promise<boolean> {
    const key = randomUUID();
    const answer = await this.withRetries(
      'event',
      () => this.post(`/v1/cards/${cardId}/events`, event, { 'Idempotency-Key': key }),
      { cardId, key },
    );
    if (!answer) return false;
    if (answer.status !== 201) {
      this.figures.unexpected.push({ op: `event ${event.type}`, status: answer.status, body: answer.text.slice(0, 300) });
      return false;
    }
    const parsed = JSON.parse(answer.text) as { event: { seq: number; type: string } };
    this.figures.acked.push({ cardId, key, type: parsed.event.type, seq: parsed.event.seq, replayed: answer.replayed });
    return true;
  }

  /** The applicant's lookup: needs Postgres only. Not retried: a failure is just counted. */
  private async lookUp(card: { reference: string }): Promise<void> {
    const answer = await this.post('/v1/status', { reference: card.reference, dufNumber: '201258697561' }, { 'Accept-Language': 'nb' }, 'status');
    if (answer && answer.status !== 200 && answer.status !== 503) {
      this.figures.unexpected.push({ op: 'status', status: answer.status, body: answer.text.slice(0, 300) });
    }
  }

  /**
   * Sends until an answer that is not an outage: no answer, 5xx, or a 409 for a request with
   * the same key still in flight. Null when it gave up.
   */
  private async withRetries(
    op: Exchange['op'],
    send: () => Promise<Answer | null>,
    ids: { cardId?: string; key?: string } = {},
  ): Promise<Answer | null> {
    const giveUpAt = Date.now() + this.retryForMs;
    let wait = 100;
    for (;;) {
      const answer = await send();
      const retryable =
        answer === null || answer.status >= 500 || (answer.status === 409 && /in progress|in flight/i.test(answer.text));
      if (!retryable) return answer;
      const last = answer === null ? 'no answer' : `${answer.status} ${answer.text.slice(0, 200)}`;
      if (Date.now() > giveUpAt || this.aborted) {
        this.figures.gaveUp.push({ op, ...ids, last });
        return null;
      }
      const retryAfter = answer ? Number(answer.retryAfter) * 1000 : Number.NaN;
      await delay(Math.min(1000, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : wait));
      wait = Math.min(1000, wait * 2);
    }
  }

  private async post(path: string, body: unknown, headers: Record<string, string>, op?: Exchange['op']): Promise<Answer | null> {
    const kind: Exchange['op'] = op ?? (path.endsWith('/events') ? 'event' : path === '/v1/cards' ? 'open' : 'status');
    const at = Date.now();
    try {
      const res = await fetch(`${this.options.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.options.token}`, ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      this.figures.exchanges.push({ at, op: kind, status: res.status });
      return {
        status: res.status,
        text,
        retryAfter: res.headers.get('retry-after'),
        replayed: res.headers.get('idempotent-replayed') === 'true',
      };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      this.figures.exchanges.push({ at, op: kind, status: null, error: cause?.code ?? (error as Error).name });
      return null;
    }
  }
}

interface Answer {
  status: number;
  text: string;
  retryAfter: string | null;
  replayed: boolean;
}

/** The events of one card, dated from `base` (two months back) onwards, in order. */
function cardPlan(base: number): Array<{ type: string; occurredAt: string; data: unknown }> {
  const iso = (t: number): string => new Date(t).toISOString();
  const appointment = base;
  return [
    { type: 'AppointmentBooked', occurredAt: iso(base - 10 * DAY), data: { appointmentAt: iso(appointment), station: 'Oslo sentrum', channel: 'portal' } },
    { type: 'BiometricsCaptured', occurredAt: iso(appointment), data: { station: 'Oslo sentrum', fingerprints: true, guardianPresent: false } },
    { type: 'CardOrdered', occurredAt: iso(appointment + HOUR), data: { biometricsReused: false } },
    { type: 'CardProduced', occurredAt: iso(appointment + 5 * DAY), data: {} },
    { type: 'CardMailed', occurredAt: iso(appointment + 40 * DAY), data: { trackingNumber: 'RR123456785NO' } },
  ];
}
