import {
  deadlineFrom,
  planDeadlineCheck,
  type CardState,
  type DeadlineKind,
  type DeadlineRecomputed,
  type IsoDate,
} from '@cardtrail/card-lifecycle';
import type { DataSource, EntityManager } from 'typeorm';
import { CardNotFoundError, type CardStore } from './card-store';
import { OPEN_DEADLINE_SQL } from './card-rules.sql';
import type { Domain } from './domain';

/** Actor of the `DeadlineRecomputed` events: the system, not a person. */
export const RECOMPUTE_ACTOR = 'system:worker';

export interface DeadlineRecomputation {
  cardId: string;
  issueNumber: number;
  previousDue: IsoDate;
  newDue: IsoDate;
  /** The card's version after the recomputation (its new ETag). */
  version: number;
}

export interface RecomputeOptions {
  /** When the recomputation runs: the event's `occurredAt`, and what "still breached" is judged at. */
  now: Date;
  /** Why, in a few words, kept on the event ("closure day 2026-12-01 added"). */
  reason: string;
}

/**
 * Deadlines are derived from events, policy and calendar, so after a change of the calendar (a
 * closure day added or removed) or of the policy, the card's current deadline is recomputed: the
 * domain decides (`RecomputeDeadline`) and, when the due date moves, a `DeadlineRecomputed`
 * event is appended through the card store like any other event. The card's version moves with
 * it, so its ETag changes and an append that read the card before loses its version check and
 * decides again on the recomputed state (or answers 412 to an `If-Match`). In the same
 * transaction the card's pending deadline check moves to the new due date.
 * Returns null when the due date stays where it was (nothing is written).
 */
export async function recomputeDeadline(
  dataSource: DataSource,
  store: CardStore,
  domain: Domain,
  cardId: string,
  options: RecomputeOptions,
): Promise<DeadlineRecomputation | null> {
  return dataSource.transaction(async (m) => {
    let appended;
    try {
      appended = await store.append(
        cardId,
        (state) => domain.decider.decide({ type: 'RecomputeDeadline', now: options.now, reason: options.reason }, state),
        { actor: RECOMPUTE_ACTOR, manager: m },
      );
    } catch (error) {
      if (error instanceof CardNotFoundError) return null;
      throw error;
    }
    const event = appended.events[0] as (DeadlineRecomputed & { seq: number }) | undefined;
    if (!event) return null;
    await moveDeadlineCheck(m, cardId, appended.card.state, domain.zone);
    return {
      cardId,
      issueNumber: appended.card.issueNumber,
      previousDue: event.data.previousDueDate,
      newDue: event.data.dueDate,
      version: appended.card.version,
    };
  });
}

/** Cancels the card's pending deadline checks and plans one at the end of the new due date. */
async function moveDeadlineCheck(m: EntityManager, cardId: string, state: CardState, zone: string): Promise<void> {
  await m.query(
    `UPDATE timers SET status = 'cancelled' WHERE card_id = $1 AND kind = 'deadline_check' AND status = 'pending'`,
    [cardId],
  );
  const check = planDeadlineCheck(cardId, state, zone);
  if (!check) return;
  await m.query(
    `INSERT INTO timers (key, kind, card_id, issue_number, due_at, payload)
     VALUES ($1, 'deadline_check', $2, $3, $4, $5)
     ON CONFLICT (key) DO UPDATE SET status = 'pending', due_at = EXCLUDED.due_at`,
    [check.key, cardId, check.issueNumber, check.dueAt, check.params],
  );
}

/**
 * Recomputes every open deadline whose due date differs under this process's calendar and policy
 * (run by the worker at start, so a changed EXTRA_CLOSED_DAYS or ISSUE_WORKING_DAYS takes effect
 * on cards already under way, and after each change of the closure days). The open deadlines are
 * read in batches (kind, start and due date only) and compared with the library's rule
 * (`deadlineFrom`); only a card whose due date moves is recomputed through the card store, which
 * decides again on the card as it is then. Returns the changes made.
 */
export async function recomputeOpenDeadlines(
  dataSource: DataSource,
  store: CardStore,
  domain: Domain,
  options: RecomputeOptions & { batchSize?: number },
): Promise<DeadlineRecomputation[]> {
  const batchSize = options.batchSize ?? 5000;
  const { calendar, policy } = domain;
  const changes: DeadlineRecomputation[] = [];
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: Array<{ id: string; kind: DeadlineKind; start: IsoDate; due: IsoDate }> = await dataSource.query(
      `SELECT id, state->'deadline'->>'kind' AS kind, state->'deadline'->>'startDate' AS start, due_date::text AS due
         FROM cards
        WHERE ${OPEN_DEADLINE_SQL} AND due_date IS NOT NULL AND id > $1
        ORDER BY id LIMIT $2`,
      [after, batchSize],
    );
    for (const row of rows) {
      if (deadlineFrom(row.kind, row.start, policy, calendar).dueDate === row.due) continue;
      const change = await recomputeDeadline(dataSource, store, domain, row.id, options);
      if (change) changes.push(change);
    }
    if (rows.length < batchSize) return changes;
    after = rows[rows.length - 1].id;
  }
}
