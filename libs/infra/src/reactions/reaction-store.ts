import {
  SKIP_REASONS,
  eventFromJson,
  stateFromJson,
  type CardEvent,
  type CardOpening,
  type CardState,
  type CardStateJson,
  type PlannedNotification,
  type PlannedTimer,
} from '@cardtrail/card-lifecycle';
import type { PoolClient } from 'pg';

/**
 * A named (prepared) statement: Postgres parses and plans it once per connection. The apply
 * statement is a large CTE whose parsing and planning cost more than running it (about 0.6 of
 * 1.1 ms measured here), so each variant has a stable name and text.
 */
interface Statement {
  name: string;
  text: string;
  values: unknown[];
}

/**
 * The event, the states stored with it and with the event before it, and whether it was already
 * processed; read without a lock (recorded events never change). For an event stored without its
 * state (recorded before states were kept), the history up to it comes too, to fold.
 */
const EVENT_SQL = `
  SELECT c.opening,
    EXISTS (SELECT 1 FROM processed_events p WHERE p.card_id = c.id AND p.seq = $2) AS processed,
    e.type, e.occurred_at, e.data, e.state AS after,
    CASE WHEN $2 = 1 THEN NULL ELSE b.state END AS before,
    CASE WHEN e.state IS NULL OR ($2 > 1 AND b.state IS NULL) THEN
      (SELECT json_agg(json_build_array(h.seq, h.type, h.occurred_at, h.data) ORDER BY h.seq)
         FROM card_events h WHERE h.card_id = c.id AND h.seq <= $2)
    END AS events
  FROM cards c
  LEFT JOIN card_events e ON e.card_id = c.id AND e.seq = $2
  LEFT JOIN card_events b ON b.card_id = c.id AND b.seq = $2 - 1
  WHERE c.id = $1`;

interface EventRow {
  opening: CardOpening;
  processed: boolean;
  type: string | null;
  occurred_at: Date | null;
  data: Record<string, unknown> | null;
  after: CardStateJson | null;
  before: CardStateJson | null;
  /** `[seq, type, occurred_at, data]` of the events up to seq, only for an event without its state. */
  events: Array<[number, string, string, Record<string, unknown>]> | null;
}

/** An event to react to, with the card's states around it. */
export type EventToReact =
  | { found: false }
  | { found: true; processed: true }
  | {
      found: true;
      processed: false;
      event: CardEvent;
      /** Both stored with the events: no fold needed. */
      states: { before: CardState | null; after: CardState };
      opening: CardOpening;
    }
  | {
      found: true;
      processed: false;
      event: CardEvent;
      /** Stored without states: the events up to this one, to fold. */
      history: CardEvent[];
      opening: CardOpening;
    };

/** What the apply statement is given besides the card, the event and the time. */
export interface ApplyInput {
  outboxId: string | null;
  cancelBeforeIssue: number | null;
  notifications: PlannedNotification[];
  /** Deadline checks with their due time already moved past the grace where needed. */
  checks: Array<Omit<PlannedTimer, 'params'> & { payload: PlannedTimer['params'] }>;
  /**
   * When the reaction's own job sends the notifications already due: they are inserted claimed
   * until this instant (generation 1), so the sweeper leaves them to it unless it dies. Null: the
   * sweeper sends every notification.
   */
  sendNowClaimUntil: Date | null;
}

export interface ApplyRow {
  found: boolean;
  claimed: boolean;
  /** `[id, due_at, attempts]` of each deadline check inserted. */
  timers: Array<[string | number, string, number]> | null;
  /**
   * `[id, due_at, claims, sendNow]` of each notification inserted as scheduled; `sendNow` when it
   * was claimed for the reaction's job to send.
   */
  notifications: Array<[string, string, number, boolean]> | null;
}

/**
 * The one statement that applies a reaction, atomic on its own (or inside the transaction that
 * also orders a reissue):
 * - locks the card row, so it is serialised with appends and with the card's other reactions;
 * - claims (card, seq) in `processed_events`; every effect below is conditional on the claim,
 *   so a second run of the event (after the first committed) changes nothing;
 * - deletes the outbox row (by its id, or by its event for a job without one) whatever the
 *   outcome: it is only the relay's to-do item;
 * - cancels the pending work of issues below `cancelBeforeIssue`;
 * - inserts the planned notifications (each its own timer: one due time, decision 0035), those
 *   already due claimed for the reaction's job when it sends them itself, and the deadline
 *   checks, `ON CONFLICT (key) DO NOTHING` throughout.
 *
 * Staleness is judged against the locked row: a plan for an issue the card has left, or for a
 * cancelled card, is stored as cancelled (notifications) or not at all (timers), which is what
 * the later event's cancellation would have done had it been applied after this one.
 *
 * Visibility: the statement's snapshot predates a wait for the lock, but the row lock returns
 * the card's latest version, and any work the cancellation must void was committed before the
 * superseding event itself (its append waited for the lock of whichever reaction inserted it),
 * so before this job existed.
 */
function applyStatement(cardId: string, seq: number, now: Date, input: ApplyInput): Statement {
  const params: unknown[] = [];
  const $ = (value: unknown, type: string): string => `$${params.push(value)}::${type}`;
  const card = $(cardId, 'uuid');
  const event = $(seq, 'int');
  const at = $(now, 'timestamptz');
  const claimed = 'EXISTS (SELECT 1 FROM claim)';
  const parts = [
    `card AS (SELECT id, status, issue_number FROM cards WHERE id = ${card} FOR UPDATE)`,
    `claim AS (
      INSERT INTO processed_events (card_id, seq, processed_at) SELECT id, ${event}, ${at} FROM card
      ON CONFLICT DO NOTHING RETURNING seq)`,
    `done AS (DELETE FROM outbox WHERE ${outboxMatch(input.outboxId, card, event, $)})`,
  ];
  const cancelled = $(SKIP_REASONS.cardCancelled, 'text');
  if (input.cancelBeforeIssue !== null) {
    const issue = $(input.cancelBeforeIssue, 'int');
    parts.push(
      // A notification caught `sending` is left alone: its send may have happened, so its run
      // finishes it (or, after a crash, sends it again with the same key) and records the answer.
      `void_n AS (
        UPDATE notifications n SET status = 'cancelled', claimed_until = NULL, updated_at = ${at},
          reason = CASE WHEN card.status = 'cancelled' THEN ${cancelled}
                        ELSE 'Superseded by issue ' || ${issue} || '.' END
          FROM card
         WHERE n.card_id = card.id AND n.issue_number < ${issue} AND n.status = 'scheduled' AND ${claimed})`,
      `void_t AS (
        UPDATE timers t SET status = 'cancelled', claimed_until = NULL
         WHERE t.card_id = ${card} AND t.issue_number < ${issue} AND t.status IN ('pending', 'claimed') AND ${claimed})`,
    );
  }
  const stale = `(card.status = 'cancelled' OR p.issue_number < card.issue_number)`;
  const notifications = input.notifications.map((p) => ({
    key: p.key,
    kind: p.kind,
    audience: p.audience,
    issue_number: p.issueNumber,
    trigger_seq: p.triggerSeq,
    due_at: p.dueAt,
    params: p.params,
  }));
  const checks = input.checks.map((t) => ({
    key: t.key,
    kind: t.kind,
    issue_number: t.issueNumber,
    due_at: t.dueAt,
    payload: t.payload,
  }));
  // Claimed for the reaction's job: scheduled and already due. The claim is a lease like the
  // sweeper's: if the job dies before the send is recorded, the sweeper's review hands it on.
  const claimUntil = $(input.sendNowClaimUntil, 'timestamptz');
  const sendNow = `(NOT ${stale} AND p.due_at <= ${at} AND ${claimUntil} IS NOT NULL)`;
  parts.push(
    `n AS (
      INSERT INTO notifications (key, card_id, kind, audience, issue_number, trigger_seq, due_at,
        status, reason, params, claimed_until, claims, created_at, updated_at)
      SELECT p.key, card.id, p.kind, p.audience, p.issue_number, p.trigger_seq, p.due_at,
        CASE WHEN ${stale} THEN 'cancelled' ELSE 'scheduled' END,
        CASE WHEN card.status = 'cancelled' THEN ${cancelled}
             WHEN p.issue_number < card.issue_number THEN 'Superseded by issue ' || card.issue_number || '.' END,
        p.params,
        CASE WHEN ${sendNow} THEN ${claimUntil} END,
        CASE WHEN ${sendNow} THEN 1 ELSE 0 END,
        ${at}, ${at}
        FROM card, json_to_recordset(${$(JSON.stringify(notifications), 'json')}) AS p(key text, kind text,
          audience text, issue_number int, trigger_seq int, due_at timestamptz, params jsonb)
       WHERE ${claimed}
      ON CONFLICT (key) DO NOTHING
      RETURNING id, due_at, status, claims, claimed_until IS NOT NULL AS send_now)`,
    `t AS (
      INSERT INTO timers (key, kind, card_id, issue_number, due_at, payload)
      SELECT p.key, p.kind, card.id, p.issue_number, p.due_at, p.payload
        FROM card, json_to_recordset(${$(JSON.stringify(checks), 'json')}) AS p(key text, kind text,
          issue_number int, due_at timestamptz, payload jsonb)
       WHERE NOT ${stale} AND ${claimed}
      ON CONFLICT (key) DO NOTHING
      RETURNING id, due_at, attempts)`,
  );
  const text = `WITH ${parts.join(',\n')}
    SELECT EXISTS (SELECT 1 FROM card) AS found, ${claimed} AS claimed,
      (SELECT json_agg(json_build_array(t.id, t.due_at, t.attempts)) FROM t) AS timers,
      (SELECT json_agg(json_build_array(n.id, n.due_at, n.claims, n.send_now)) FROM n WHERE n.status = 'scheduled') AS notifications`;
  const by = input.outboxId === null ? 'by-event' : 'by-id';
  const variant = input.cancelBeforeIssue === null ? by : `${by}-cancel`;
  return { name: `react-to-card-event:apply:${variant}`, text, values: params };
}

/**
 * For an event with nothing to apply (card gone, or already processed when read): the outbox row
 * goes, and the answer says which. No claim: that is only ever taken with the reaction's effects.
 */
function settleStatement(cardId: string, seq: number, outboxId: string | null): Statement {
  const params: unknown[] = [];
  const $ = (value: unknown, type: string): string => `$${params.push(value)}::${type}`;
  const card = $(cardId, 'uuid');
  // Declared only when the statement uses it: Postgres refuses a parameter it cannot type.
  const event = outboxId === null ? $(seq, 'int') : '';
  const text = `WITH done AS (DELETE FROM outbox WHERE ${outboxMatch(outboxId, card, event, $)})
    SELECT EXISTS (SELECT 1 FROM cards WHERE id = ${card}) AS found, false AS claimed, NULL::json AS timers,
      NULL::json AS notifications`;
  return { name: `react-to-card-event:settle:${outboxId === null ? 'by-event' : 'by-id'}`, text, values: params };
}

function outboxMatch(
  outboxId: string | null,
  card: string,
  event: string,
  $: (value: unknown, type: string) => string,
): string {
  return outboxId === null ? `card_id = ${card} AND event_seq = ${event}` : `id = ${$(outboxId, 'bigint')}`;
}

/**
 * What reacting to an event keeps and writes: `processed_events` (the claim that makes a
 * reaction happen once), and the notifications and timers a reaction plans, with the outbox row
 * it settles. Runs on a pg client of the caller's (named statements, parsed once a connection).
 */
export class ReactionStore {
  /** The event `seq` of the card, with the states to plan its reaction from. */
  async readEvent(client: PoolClient, cardId: string, seq: number): Promise<EventToReact> {
    const row = await run<EventRow | undefined>(client, { name: 'reaction:event', text: EVENT_SQL, values: [cardId, seq] });
    if (!row) return { found: false };
    if (row.processed) return { found: true, processed: true };
    // The outbox row commits with its event, so a missing event is corruption: fail the job loudly.
    if (row.type === null || row.occurred_at === null) throw new Error(`card ${cardId} has no event ${seq}`);
    const event = eventFromJson({ type: row.type, occurredAt: new Date(row.occurred_at).toISOString(), data: row.data ?? {} });
    if (row.events !== null || row.after === null) {
      const stored = row.events ?? [];
      if (stored.length === 0 || stored[stored.length - 1][0] !== seq) throw new Error(`card ${cardId} has no event ${seq}`);
      const history = stored.map(([, type, occurredAt, data]) => eventFromJson({ type, occurredAt, data }));
      return { found: true, processed: false, event, history, opening: row.opening };
    }
    return {
      found: true,
      processed: false,
      event,
      states: { before: row.before === null ? null : stateFromJson(row.before), after: stateFromJson(row.after) },
      opening: row.opening,
    };
  }

  /** Applies a reaction (see {@link applyStatement}). */
  async apply(client: PoolClient, cardId: string, seq: number, now: Date, input: ApplyInput): Promise<ApplyRow> {
    return run<ApplyRow>(client, applyStatement(cardId, seq, now, input));
  }

  /** Deletes the outbox row of an event with nothing to apply; says whether the card exists. */
  async settle(client: PoolClient, cardId: string, seq: number, outboxId: string | null): Promise<ApplyRow> {
    return run<ApplyRow>(client, settleStatement(cardId, seq, outboxId));
  }
}

async function run<T>(client: PoolClient, statement: Statement): Promise<T> {
  return (await client.query({ name: statement.name, text: statement.text, values: statement.values })).rows[0] as T;
}
