import { Inject, Injectable } from '@nestjs/common';
import { CardRefusedError, parseRecordEvent, type CardRefusalCode, type RecordEvent } from '@cardtrail/card-lifecycle';
import {
  CLOCK,
  CardNotFoundError,
  CardStore,
  CardVersionMismatchError,
  DOMAIN,
  IdempotencyKeyStore,
  Metrics,
  type Clock,
  type Domain,
} from '@cardtrail/infra';
import { DataSource, type EntityManager } from 'typeorm';
import type { Logger } from '@cardtrail/infra';
import { LOGGER } from '@cardtrail/infra/nest';
import { assertDistrictAccess } from '../auth/district-access';
import type { AuthUser } from '../auth/jwt';
import { ProblemException, validationProblem, type ProblemDocument } from '../common/problem';
import { invalidInputProblem, missingBody, parseOptions } from '../common/zod-validation';
import { PROBLEM_HEADERS, refusalProblem } from './card-refusals';
import { etagOf, toCardView } from './card-view';
import { assertCardId, cardNotFound, historyEntry } from './cards.service';
import { IDEMPOTENCY_TTL_MS, requestHash } from './idempotency';

/** An answer to write as is; also what an idempotency key stores and replays. */
export interface RecordedAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  /** True when replayed from a stored idempotency key. */
  replayed: boolean;
}

export interface RecordEventRequest {
  cardId: string;
  /** The request path, for the idempotency fingerprint. */
  path: string;
  /** The parsed JSON body, not yet validated. */
  body: unknown;
  user: AuthUser;
  /** From `If-Match`, parsed; undefined for none or `*`. */
  expectedVersion?: number;
  /** From `Idempotency-Key`, checked. */
  idempotencyKey?: string;
}

/** Every this many keyed requests (per process), a batch of expired keys is deleted. */
export const PURGE_EVERY = 100;
const PURGE_BATCH = 1000;

/**
 * The `RecordEvent` command the body of `POST /v1/cards/{id}/events` describes, parsed by the
 * library (`parseRecordEvent`, the one home of event validation), or the problem: no body or the
 * wrong shape, 400 naming the fields; an unknown type, 400 listing the recordable ones; a system
 * event, 422 `CARD.SYSTEM_EVENT` (the worker records it). Nothing is looked up before this.
 */
export function parseEventBody(body: unknown, now: Date): RecordEvent {
  if (body === undefined) throw missingBody();
  const parsed = parseRecordEvent(body, now, parseOptions('body'));
  if (parsed.ok) return parsed.value;
  const { refusal } = parsed;
  switch (refusal.kind) {
    case 'invalid':
      throw invalidInputProblem(refusal, 'body');
    case 'unknown-event-type':
      throw validationProblem(refusal.message, refusal.errors);
    case 'system-event':
      throw new ProblemException({
        status: 422,
        type: 'card/system-event',
        title: 'Event recorded by the worker',
        detail: refusal.message,
        extensions: { code: 'CARD.SYSTEM_EVENT' satisfies CardRefusalCode },
      });
    default: {
      const unknownRefusal: never = refusal;
      throw new Error(`unhandled refusal ${JSON.stringify(unknownRefusal)}`);
    }
  }
}

function inFlight(): ProblemException {
  return new ProblemException({
    status: 409,
    type: 'idempotency-key-in-flight',
    title: 'Request with this Idempotency-Key in progress',
    detail: 'A request with the same Idempotency-Key is still being processed; retry after it has finished.',
    headers: { 'Retry-After': '1' },
  });
}

function versionMismatch(error: CardVersionMismatchError): ProblemException {
  return new ProblemException({
    status: 412,
    type: 'version-mismatch',
    title: 'Precondition Failed',
    detail: `If-Match names version ${error.expected}, but the card is at version ${error.actual}: read it again and retry.`,
    extensions: { currentVersion: error.actual },
    headers: { ETag: etagOf(error.actual) },
  });
}

function keyReused(): ProblemException {
  return new ProblemException({
    status: 422,
    type: 'idempotency-key-reused',
    title: 'Idempotency-Key reused with another request',
    detail: 'This Idempotency-Key was used for a different request (method, path, If-Match or body); use a new key.',
  });
}

/**
 * Records an event on a card: validate, serialise on the card row, decide, append (events,
 * snapshot, outbox) and, with an `Idempotency-Key`, store the answer — all in one transaction.
 *
 * Idempotency: keys are scoped to the caller (`sub`). A transaction-scoped advisory lock on
 * (scope, key) makes a concurrent duplicate fail fast with 409 instead of waiting. Stored and
 * replayed are the answers of completed decisions: 201, and the domain's refusals (409, 422),
 * which a retry would otherwise get differently once the card has moved on. Not stored: input
 * errors (400, checked before any lookup), 403, 404, 412 and 5xx — nothing was decided, so a
 * retry is evaluated afresh. A stored key lives 24 h; an expired row is replaced when its key is
 * reused, and every {@link PURGE_EVERY}th keyed request purges a batch of expired rows.
 */
@Injectable()
export class CardEventsService {
  private keyedRequests = 0;

  constructor(
    private readonly store: CardStore,
    private readonly keys: IdempotencyKeyStore,
    private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
    @Inject(DOMAIN) private readonly domain: Domain,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(request: RecordEventRequest): Promise<RecordedAnswer> {
    assertCardId(request.cardId);
    const now = this.clock.now();
    const command = parseEventBody(request.body, now);
    const { event } = command;
    const { idempotencyKey: key, user } = request;
    const hash = requestHash({ method: 'POST', path: request.path, ifMatch: request.expectedVersion, body: request.body });

    // Without a key the card store appends optimistically (no explicit transaction); with one,
    // the key's lock, the append and the stored answer share one transaction.
    const answer =
      key === undefined
        ? await this.decide(undefined, request, command)
        : await this.dataSource.transaction(async (m): Promise<RecordedAnswer> => {
            if (!(await this.keys.lock(m, user.sub, key))) throw inFlight();
            // A row for this key can only be an expired one past here (we hold its lock).
            const stored = await this.keys.findLive(m, user.sub, key, now);
            if (stored !== null) {
              if (stored.requestHash !== hash) throw keyReused();
              return { status: stored.status, body: stored.body, headers: stored.headers, replayed: true };
            }
            const decided = await this.decide(m, request, command);
            const { status, body, headers } = decided;
            await this.keys.save(m, user.sub, key, { requestHash: hash, status, body, headers }, now, new Date(now.getTime() + IDEMPOTENCY_TTL_MS));
            return decided;
          });

    if (key !== undefined) await this.purgeExpiredKeysNowAndThen(now);
    if (!answer.replayed) {
      if (answer.status === 201) this.metrics.eventsRecorded.inc({ type: event.type });
      else this.metrics.eventsRefused.inc({ code: String((answer.body as ProblemDocument).code) });
    }
    return answer;
  }

  private async decide(m: EntityManager | undefined, request: RecordEventRequest, command: RecordEvent): Promise<RecordedAnswer> {
    const { event, now } = command;
    try {
      const { card, events } = await this.store.append(
        request.cardId,
        (state, record) => {
          assertDistrictAccess(request.user, record.policeDistrict);
          return this.domain.decider.decide(command, state);
        },
        { actor: request.user.sub, manager: m, expectedVersion: request.expectedVersion },
      );
      // The answer names the event asked for; a breach recorded with it (decision 0010) is in the history.
      const recorded = events.find((e) => e.type === event.type);
      if (!recorded) throw new Error(`the decider recorded nothing for ${event.type}`);
      return {
        status: 201,
        body: { event: historyEntry(recorded), card: toCardView(card, now, this.domain.zone) },
        headers: { ETag: etagOf(card.version) },
        replayed: false,
      };
    } catch (error) {
      if (error instanceof CardNotFoundError) throw cardNotFound(request.cardId);
      if (error instanceof CardVersionMismatchError) throw versionMismatch(error);
      if (!(error instanceof CardRefusedError)) throw error;
      const problem = refusalProblem(error);
      return { status: problem.status, body: problem, headers: { ...PROBLEM_HEADERS }, replayed: false };
    }
  }

  /**
   * Keeps the table small without a scheduler: a bounded purge of expired keys every
   * {@link PURGE_EVERY}th keyed request, outside the request's transaction.
   */
  private async purgeExpiredKeysNowAndThen(now: Date): Promise<void> {
    this.keyedRequests += 1;
    if (this.keyedRequests % PURGE_EVERY !== 0) return;
    try {
      await this.keys.purgeExpired(now, PURGE_BATCH);
    } catch (error) {
      // The answer is already decided and committed; a failed purge is retried next time.
      this.logger.warn({ err: error }, 'Purging expired idempotency keys failed');
    }
  }
}
