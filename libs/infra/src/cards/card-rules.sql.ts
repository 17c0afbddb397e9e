/*
 * The card rules that must also be SQL, each spelled once, over the `cards` row's derived
 * columns (`status`, `overdue`, `due_date`, written with every append from the state). Each one
 * is the SQL of a function of `@cardtrail/card-lifecycle`; `card-rules.sql.e2e-spec.ts` checks
 * them against those functions on generated cards in a real Postgres.
 */

/**
 * `hasOpenDeadline(state)`: a deadline, and neither delivered nor cancelled. Spelled exactly as
 * the partial index `cards_open_deadline_idx` is defined (with `overdue OR`, which a breach
 * implies anyway), so a query that includes it literally can be served by that index.
 */
export const OPEN_DEADLINE_SQL =
  "(overdue OR (due_date IS NOT NULL AND status NOT IN ('delivered', 'cancelled')))";

/**
 * `isOverdue(state, now, zone)`: the breach recorded, or the open deadline's due date ended.
 * `today` is a SQL expression (usually a parameter) holding the business date of `now`.
 */
export function overdueSql(today: string): string {
  return `(${OPEN_DEADLINE_SQL} AND (overdue OR due_date < ${today}::date))`;
}
