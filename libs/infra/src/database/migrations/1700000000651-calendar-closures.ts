import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extra closure days set at run time by admins (an office closed by an IT outage, a strike), on
 * top of `EXTRA_CLOSED_DAYS`. Append-only: each addition or removal is a row, numbered by
 * `revision`, with who and why; the closures in force are the dates whose latest row is an
 * addition. Every process polls `max(revision)` and reloads its calendar when it moves; the
 * worker records on the row how many deadlines its recomputation moved, and when it finished.
 */
export class CalendarClosures1700000000651 implements MigrationInterface {
  name = 'CalendarClosures1700000000651';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_closure_changes (
        revision        bigserial PRIMARY KEY,
        date            date NOT NULL,
        action          text NOT NULL CHECK (action IN ('added', 'removed')),
        reason          text NOT NULL,
        actor           text NOT NULL,
        changed_at      timestamptz NOT NULL DEFAULT now(),
        deadlines_moved integer NOT NULL DEFAULT 0,
        recomputed_at   timestamptz
      )`);
    await q.query('CREATE INDEX calendar_closure_changes_date_idx ON calendar_closure_changes (date, revision DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS calendar_closure_changes');
  }
}
