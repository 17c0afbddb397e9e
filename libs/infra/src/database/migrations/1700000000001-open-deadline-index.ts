import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cards whose deadline is still open (not delivered nor cancelled) or already breached: the set
 * the "overdue" list filter and the report's open-overdue count search. The predicate is written
 * out literally in those queries (`OPEN_DEADLINE_SQL`, cards/card-rules.sql.ts) so the planner can match this index.
 * At a million cards it took the overdue list's p99 from 264 ms to 2 ms (BENCHMARKS.md).
 */
export class OpenDeadlineIndex1700000000001 implements MigrationInterface {
  name = 'OpenDeadlineIndex1700000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX cards_open_deadline_idx ON cards (police_district, created_at, id)
      WHERE overdue OR (due_date IS NOT NULL AND status NOT IN ('delivered', 'cancelled'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS cards_open_deadline_idx');
  }
}
