import { randomInt } from 'node:crypto';
import {
  eventFromJson,
  eventToJson,
  stateToJson,
  type Address,
  type CardEvent,
  type CardState,
  type PoliceDistrict,
} from '@cardtrail/card-lifecycle';
import type { DataSource, EntityManager } from 'typeorm';
import { CARD_COLUMNS, cardFromRow, type Applicant, type CardReason, type CardRecord, type CardRow } from './card-record';
import { returnedRows } from '../database/returned-rows';
import { overdueSql } from './card-rules.sql';
import type { Domain } from './domain';

/** A stored event: the domain event plus where and by whom it was recorded. */
export type StoredCardEvent = CardEvent & {
  seq: number;
  issueNumber: number;
  recordedAt: Date;
  actor: string;
};

export class CardNotFoundError extends Error {
  constructor(readonly cardId: string) {
    super(`card ${cardId} not found`);
    this.name = 'CardNotFoundError';
  }
}

/** `If-Match` named a version that is no longer current. */
export class CardVersionMismatchError extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`card is at version ${actual}, not ${expected}`);
    this.name = 'CardVersionMismatchError';
  }
}

export interface OpenCardInput {
  dufNumber: string;
  policeDistrict: PoliceDistrict;
  reason: CardReason;
  applicant: Applicant;
  address: Address;
  createdBy: string;
  /** Defaults to the database's now(); tests and the demo pass backdated instants. */
  createdAt?: Date;
}

export interface AppendOptions {
  actor: string;
  /** Run inside this transaction instead of opening one. */
  manager?: EntityManager;
  /** Refuse with `CardVersionMismatchError` unless the card is at this version (If-Match). */
  expectedVersion?: number;
}

/** The filters of a card list; every one given must hold. */
export interface CardListFilter {
  policeDistrict?: PoliceDistrict;
  status?: string;
  dufNumber?: string;
  /** Cards due strictly before this date. */
  dueBefore?: string;
  /** Only overdue cards (true) or only cards that are not (false), judged on the date `today`. */
  overdue?: { value: boolean; today: string };
  /** Keyset cursor: cards after this (created_at, id). */
  after?: { createdAt: string; id: string };
  limit: number;
}

/** A listed card and its cursor position, `created_at` to the microsecond in UTC. */
export interface ListedCard {
  card: CardRecord;
  cursorAt: string;
}

/**
 * What an applicant's proof reads: the card's identity and its state snapshot, not the
 * applicant's name and contact columns. The snapshot comes as text, to be parsed only after the
 * DUF number matches, so a wrong DUF number decodes no more than an unknown reference does.
 */
export interface CardProof {
  id: string;
  reference: string;
  policeDistrict: PoliceDistrict;
  dufNumber: string;
  /** The state snapshot's JSON text. */
  state: string;
}

/** A named statement: Postgres parses and plans it once per connection, not on every lookup. */
const PROOF_QUERY = {
  name: 'status-proof',
  text: 'SELECT id, reference, police_district, duf_number, state::text AS state FROM cards WHERE reference = $1',
};

/** Reads a card outside a transaction (the optimistic append's first step). */
const LOAD_CARD_QUERY = { name: 'card-load', text: `SELECT ${CARD_COLUMNS} FROM cards WHERE id = $1` };

/** The pool's `query`, with a named statement (the subset of pg's Pool used here). */
interface PgPool {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

/** Crockford base32 without I, L, O, U: easy to read aloud and to type. */
const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * `CT-XXXX-XXXX-XXXX`: 60 random bits, so references cannot be guessed or enumerated (a lookup
 * also needs the DUF number, and lookups are rate limited).
 */
export function newCardReference(): string {
  const groups: string[] = [];
  for (let g = 0; g < 3; g += 1) {
    let group = '';
    for (let i = 0; i < 4; i += 1) group += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
    groups.push(group);
  }
  return `CT-${groups.join('-')}`;
}

/**
 * The one way events get into the store. Appending folds nothing (the row keeps a snapshot of
 * the derived state), runs the decision, and writes the events (each with the state after it),
 * the new snapshot and one outbox row per event in a single statement (transactional outbox).
 */
export class CardStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly domain: Domain,
  ) {}

  async open(input: OpenCardInput, manager?: EntityManager): Promise<CardRecord> {
    const opening = { dateOfBirth: input.applicant.dateOfBirth, address: input.address };
    const state = this.domain.decider.initialState(opening);
    const run = async (m: EntityManager): Promise<CardRecord> => {
      // A reference collision is astronomically unlikely, but the unique index decides.
      for (let attempt = 0; ; attempt += 1) {
        const rows: CardRow[] = await m.query(
          `INSERT INTO cards (reference, duf_number, police_district, reason, applicant, address, opening,
             status, issue_number, version, state, created_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, COALESCE($12, now()), COALESCE($12, now()))
           ON CONFLICT (reference) DO NOTHING
           RETURNING ${CARD_COLUMNS}`,
          [
            newCardReference(),
            input.dufNumber,
            input.policeDistrict,
            input.reason,
            input.applicant,
            input.address,
            opening,
            state.status,
            state.issueNumber,
            stateToJson(state),
            input.createdBy,
            input.createdAt ?? null,
          ],
        );
        if (rows.length === 1) return cardFromRow(rows[0]);
        if (attempt >= 3) throw new Error('could not allocate a unique card reference');
      }
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /** The proof columns of the card with this (normalised) reference, in one prepared statement. */
  async proofOf(reference: string): Promise<CardProof | null> {
    const { rows } = await this.pool().query<{ id: string; reference: string; police_district: PoliceDistrict; duf_number: string; state: string }>({
      ...PROOF_QUERY,
      values: [reference],
    });
    const row = rows[0];
    return row
      ? { id: row.id, reference: row.reference, policeDistrict: row.police_district, dufNumber: row.duf_number, state: row.state }
      : null;
  }

  /**
   * The card, or null. Outside a transaction it is a named (prepared) statement on the pool, as
   * the optimistic append's write is: Postgres plans each once per connection (bench:ingest).
   */
  async load(cardId: string, manager?: EntityManager): Promise<CardRecord | null> {
    const rows: CardRow[] = manager
      ? await manager.query(LOAD_CARD_QUERY.text, [cardId])
      : (await this.pool().query<CardRow>({ ...LOAD_CARD_QUERY, values: [cardId] })).rows;
    return rows.length ? cardFromRow(rows[0]) : null;
  }

  /** The pg pool under TypeORM's Postgres driver: TypeORM's `query` has no prepared statements. */
  private pool(): PgPool {
    return (this.dataSource.driver as unknown as { master: PgPool }).master;
  }

  /**
   * Cards in (created_at, id) order, which the indexes (police_district, created_at, id) and
   * (created_at, id) serve. The overdue filter is `overdueSql`, so the open-deadline index serves it.
   */
  async list(filter: CardListFilter): Promise<ListedCard[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.policeDistrict !== undefined) where.push(`police_district = ${param(filter.policeDistrict)}`);
    if (filter.status !== undefined) where.push(`status = ${param(filter.status)}`);
    if (filter.dufNumber !== undefined) where.push(`duf_number = ${param(filter.dufNumber)}`);
    if (filter.dueBefore !== undefined) where.push(`due_date < ${param(filter.dueBefore)}::date`);
    if (filter.overdue !== undefined) {
      const overdue = overdueSql(param(filter.overdue.today));
      where.push(filter.overdue.value ? overdue : `NOT ${overdue}`);
    }
    if (filter.after !== undefined) {
      where.push(`(created_at, id) > (${param(filter.after.createdAt)}::timestamptz, ${param(filter.after.id)}::uuid)`);
    }
    const rows: Array<CardRow & { cursor_at: string }> = await this.dataSource.query(
      `SELECT ${CARD_COLUMNS},
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
         FROM cards
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at, id
        LIMIT ${param(filter.limit)}`,
      params,
    );
    return rows.map((row) => ({ card: cardFromRow(row), cursorAt: row.cursor_at }));
  }

  /** Overdue cards per police district on the date `today` (the `cardtrail_overdue_cards` gauge). */
  async countOverdueByDistrict(today: string): Promise<Array<{ policeDistrict: string; count: number }>> {
    const rows: Array<{ police_district: string; n: number }> = await this.dataSource.query(
      `SELECT police_district, count(*)::int AS n FROM cards WHERE ${overdueSql('$1')} GROUP BY police_district`,
      [today],
    );
    return rows.map((row) => ({ policeDistrict: row.police_district, count: row.n }));
  }

  /** Locks the card row until the caller's transaction ends (cards first, then timers: see RunTimer). */
  async lockRow(m: EntityManager, cardId: string): Promise<void> {
    await m.query('SELECT 1 FROM cards WHERE id = $1 FOR UPDATE', [cardId]);
  }

  async loadHistory(
    cardId: string,
    manager?: EntityManager,
  ): Promise<{ card: CardRecord; events: StoredCardEvent[] } | null> {
    const card = await this.load(cardId, manager);
    if (!card) return null;
    return { card, events: await this.events(cardId, manager) };
  }

  async events(cardId: string, manager?: EntityManager): Promise<StoredCardEvent[]> {
    const rows: Array<{
      seq: number;
      type: string;
      issue_number: number;
      occurred_at: Date;
      recorded_at: Date;
      actor: string;
      data: Record<string, unknown>;
    }> = await (manager ?? this.dataSource).query(
      `SELECT seq, type, issue_number, occurred_at, recorded_at, actor, data
         FROM card_events WHERE card_id = $1 ORDER BY seq`,
      [cardId],
    );
    return rows.map((row) => ({
      ...eventFromJson({ type: row.type, occurredAt: row.occurred_at.toISOString(), data: row.data }),
      seq: row.seq,
      issueNumber: row.issue_number,
      recordedAt: row.recorded_at,
      actor: row.actor,
    }));
  }

  /**
   * Decides and appends atomically. `decide` gets the current state and record and returns the
   * events (it throws the domain's `CardRefusedError` to refuse; nothing is written). Returns the
   * updated card and the stored events (empty when the decision was "nothing").
   *
   * Without `manager` the append is optimistic: read the card, decide, then one statement that
   * writes the events, the outbox rows and the card only if the card is still at the version
   * read (two round trips, no explicit transaction). If another append won the race, it reads
   * and decides again — so `decide` must be pure — and after a few lost races it falls back to
   * locking the row. With `manager` (a caller's transaction, e.g. with an idempotency key) the
   * row is locked first and the same statement runs under the lock.
   */
  async append(
    cardId: string,
    decide: (state: CardState, card: CardRecord) => CardEvent[],
    options: AppendOptions,
  ): Promise<{ card: CardRecord; events: StoredCardEvent[] }> {
    if (options.manager) return this.appendLocked(options.manager, cardId, decide, options);
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt += 1) {
      const card = await this.load(cardId);
      if (!card) throw new CardNotFoundError(cardId);
      const written = await this.write(this.dataSource.manager, card, decide, options);
      if (written) return written;
    }
    return this.dataSource.transaction((m) => this.appendLocked(m, cardId, decide, options));
  }

  private async appendLocked(
    m: EntityManager,
    cardId: string,
    decide: (state: CardState, card: CardRecord) => CardEvent[],
    options: AppendOptions,
  ): Promise<{ card: CardRecord; events: StoredCardEvent[] }> {
    const rows: CardRow[] = await m.query(`SELECT ${CARD_COLUMNS} FROM cards WHERE id = $1 FOR UPDATE`, [cardId]);
    if (rows.length === 0) throw new CardNotFoundError(cardId);
    const written = await this.write(m, cardFromRow(rows[0]), decide, options);
    // Under the row lock the version cannot have moved.
    if (!written) throw new Error(`card ${cardId} changed under its row lock`);
    return written;
  }

  /**
   * Decides on `card` as read and writes the outcome in one statement (data-modifying CTEs),
   * guarded by the version read: returns null, having written nothing, when the card has moved
   * on. bench/ingest.bench.ts runs the same statement as its ceiling.
   */
  private async write(
    m: EntityManager,
    card: CardRecord,
    decide: (state: CardState, card: CardRecord) => CardEvent[],
    options: AppendOptions,
  ): Promise<{ card: CardRecord; events: StoredCardEvent[] } | null> {
    if (options.expectedVersion !== undefined && options.expectedVersion !== card.version) {
      throw new CardVersionMismatchError(options.expectedVersion, card.version);
    }
    const decided = decide(card.state, card);
    if (decided.length === 0) return { card, events: [] };

    let state = card.state;
    const stored: StoredCardEvent[] = [];
    const values: unknown[] = [];
    decided.forEach((event, i) => {
      state = this.domain.decider.evolve(state, event);
      const seq = card.version + i + 1;
      const json = eventToJson(event);
      const actor = actorOf(event, options.actor);
      values.push(seq, event.type, state.issueNumber, json.occurredAt, actor, json.data);
      // The state after the event goes with it: the worker plans the reaction from it. The last
      // event's is the card's new snapshot, $12, sent once (see `appendStatement`).
      if (i < decided.length - 1) values.push(stateToJson(state));
      stored.push({ ...event, seq, issueNumber: state.issueNumber, recordedAt: new Date(), actor });
    });
    const text = appendStatement(decided.length);
    const params = [
      card.id,
      stored.map((e) => e.seq),
      state.status,
      state.issueNumber,
      card.version + decided.length,
      state.overdue,
      state.deadline?.kind ?? null,
      state.deadline?.dueDate ?? null,
      state.delivered?.at ?? null,
      state.delivered?.late ?? null,
      state.address,
      stateToJson(state),
      card.version,
      ...values,
    ];
    // Outside a transaction (the optimistic append) the statement is named per number of events,
    // so each connection prepares it once; inside one it runs on the caller's connection.
    const row =
      m === this.dataSource.manager
        ? (await this.pool().query<AppendedRow>({ name: `card-append-${decided.length}`, text, values: params })).rows[0]
        : returnedRows<AppendedRow>(await m.query(text, params))[0];
    if (!row) return null;
    row.inserted_seqs.forEach((seq, i) => {
      const event = stored.find((e) => e.seq === seq);
      if (event) event.recordedAt = row.inserted_recorded_at[i];
    });
    // The row now holds exactly this (the columns written above are derived from `state`), so
    // it is not read back: the state's JSON, timeline included, grows with every event.
    const updated: CardRecord = {
      ...card,
      status: state.status,
      issueNumber: state.issueNumber,
      version: card.version + decided.length,
      state,
      updatedAt: row.updated_at,
    };
    return { card: updated, events: stored };
  }
}

/**
 * Actor of a breach the decider records at once with a caller's event (decision 0010): the
 * deadline rule's, never the caller's, who only recorded the event that revealed it.
 */
export const DEADLINE_RULE_ACTOR = 'system:deadline';

function actorOf(event: CardEvent, appendActor: string): string {
  return event.type === 'DeadlineBreached' && !appendActor.startsWith('system:') ? DEADLINE_RULE_ACTOR : appendActor;
}

/**
 * The append statement for `events` events, built once per count: `$1` card id, `$2` the seqs,
 * `$3`–`$13` the card's columns and the version read, then per event seq, type, issue number,
 * occurred at, actor, data and (all but the last) the state after it; the last event's state is
 * the card's snapshot, `$12`. Exported for bench:ingest, whose bare-Node ceiling runs it.
 */
export function appendStatement(events: number): string {
  let text = appendStatements.get(events);
  if (text !== undefined) return text;
  const tuples: string[] = [];
  let p = APPEND_FIXED_PARAMS;
  for (let i = 0; i < events; i += 1) {
    const last = i === events - 1;
    tuples.push(
      `($1::uuid, $${p + 1}::int, $${p + 2}, $${p + 3}::int, $${p + 4}::timestamptz, $${p + 5}, $${p + 6}::jsonb, ${last ? '$12' : `$${p + 7}`}::jsonb)`,
    );
    p += last ? 6 : 7;
  }
  // The inserts select from `updated`, so they write only when the version guard matched.
  // Under READ COMMITTED a racing UPDATE waits for the winner's commit and then re-checks the
  // guard, so exactly one of two racing appends writes.
  text = `WITH updated AS (
         UPDATE cards SET status = $3, issue_number = $4, version = $5, overdue = $6,
           deadline_kind = $7, due_date = $8, delivered_at = $9, delivered_late = $10,
           address = $11, state = $12, updated_at = now()
         WHERE id = $1 AND version = $13
         RETURNING updated_at
       ), inserted AS (
         INSERT INTO card_events (card_id, seq, type, issue_number, occurred_at, actor, data, state)
         SELECT v.* FROM (VALUES ${tuples.join(', ')}) AS v(card_id, seq, type, issue_number, occurred_at, actor, data, state)
         WHERE EXISTS (SELECT 1 FROM updated)
         RETURNING seq, recorded_at
       ), relayed AS (
         INSERT INTO outbox (topic, card_id, event_seq)
         SELECT 'card-event', $1, s FROM unnest($2::int[]) AS s WHERE EXISTS (SELECT 1 FROM updated)
       )
       SELECT updated.updated_at,
         (SELECT array_agg(seq ORDER BY seq) FROM inserted) AS inserted_seqs,
         (SELECT array_agg(recorded_at ORDER BY seq) FROM inserted) AS inserted_recorded_at
       FROM updated`;
  appendStatements.set(events, text);
  return text;
}

const appendStatements = new Map<number, string>();

/** Parameters of the append statement before the per-event ones ($1 … $12). */
const APPEND_FIXED_PARAMS = 13;

/** Lost races before an optimistic append falls back to locking the card row. */
const OPTIMISTIC_ATTEMPTS = 3;

type AppendedRow = { updated_at: Date; inserted_seqs: number[]; inserted_recorded_at: Date[] };
