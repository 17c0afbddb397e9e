import { calendarVersion, planDeadlineCheck, stateToJson, type CardState } from '@cardtrail/card-lifecycle';
import type { DataSource, EntityManager } from 'typeorm';
import { OPEN_DEADLINE_SQL } from './card-rules.sql';
import type { CardStore } from './card-store';
import type { Domain } from './domain';

export interface DeadlineRecomputation {
  cardId: string;
  issueNumber: number;
  previousDue: string | null;
  newDue: string | null;
}

/**
 * Deadlines are derived from events, policy and calendar, so a change of the calendar (an extra
 * closure day) or of the policy is applied by folding the card's events again. When the due date
 * changes, the card's derived columns and snapshot are updated, the recomputation is recorded in
 * `deadline_recomputations`, and the card's pending deadline check moves to the new due date.
 * Returns null when nothing changed.
 */
export async function recomputeDeadline(
  dataSource: DataSource,
  store: CardStore,
  domain: Domain,
  cardId: string,
): Promise<DeadlineRecomputation | null> {
  return dataSource.transaction(async (m) => {
    await m.query('SELECT 1 FROM cards WHERE id = $1 FOR UPDATE', [cardId]);
    const history = await store.loadHistory(cardId, m);
    if (!history) return null;
    const before = history.card.state;
    const after = domain.decider.fold(history.card.opening, history.events);
    const previousDue = before.deadline?.dueDate ?? null;
    const newDue = after.deadline?.dueDate ?? null;
    const versionsChanged =
      before.deadline?.policyVersion !== after.deadline?.policyVersion ||
      before.deadline?.calendarVersion !== after.deadline?.calendarVersion;
    if (previousDue === newDue && !versionsChanged) return null;

    await m.query(
      `UPDATE cards SET overdue = $2, due_date = $3, state = $4, updated_at = now() WHERE id = $1`,
      [cardId, after.overdue, newDue, stateToJson(after)],
    );
    if (after.deadline) {
      await m.query(
        `INSERT INTO deadline_recomputations (card_id, issue_number, previous_due, new_due, policy_version, calendar_version)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [cardId, after.issueNumber, previousDue, newDue, after.deadline.policyVersion, calendarVersion(domain.calendar)],
      );
    }
    if (previousDue !== newDue) await moveDeadlineCheck(m, cardId, after, domain.zone);
    return { cardId, issueNumber: after.issueNumber, previousDue, newDue };
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
 * Recomputes every open card whose deadline was computed under another policy or calendar
 * version than this process's (run by the worker at start, so a changed EXTRA_CLOSED_DAYS or
 * ISSUE_WORKING_DAYS takes effect on cards already under way). Returns the changes made.
 */
export async function recomputeStaleDeadlines(
  dataSource: DataSource,
  store: CardStore,
  domain: Domain,
  batchSize = 500,
): Promise<DeadlineRecomputation[]> {
  const changes: DeadlineRecomputation[] = [];
  const calendar = calendarVersion(domain.calendar);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: Array<{ id: string }> = await dataSource.query(
      `SELECT id FROM cards
        WHERE ${OPEN_DEADLINE_SQL} AND id > $1
          AND (state->'deadline'->>'policyVersion' IS DISTINCT FROM $2
               OR state->'deadline'->>'calendarVersion' IS DISTINCT FROM $3)
        ORDER BY id LIMIT $4`,
      [after, domain.policy.version, calendar, batchSize],
    );
    for (const { id } of rows) {
      const change = await recomputeDeadline(dataSource, store, domain, id);
      if (change) changes.push(change);
    }
    if (rows.length < batchSize) return changes;
    after = rows[rows.length - 1].id;
  }
}
