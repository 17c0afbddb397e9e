import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The compliance report reads, for every card delivered in a period, its district, delivery
 * instant, lateness and the start date of its deadline. The start date lived only inside the
 * `state` document, so the report fetched and decompressed every delivered card's state (about
 * 1.7 KB each); over two years at a million cards that dominated its time (BENCHMARKS.md).
 *
 * `deadline_start` is that start date as a stored generated column (always equal to
 * `state.deadline.startDate`; nothing writes it), and `cards_delivery_report_idx` carries
 * everything the report reads, so Postgres answers it from the index alone. It replaces
 * `cards_delivered_idx`, which had the same keys. Adding a stored generated column rewrites the
 * table once (24 s for the column and 3 s for the index at a million cards here): writes to
 * `cards` wait meanwhile, so on a large store run it in a quiet hour.
 *
 * A `text → date` cast is only STABLE in Postgres (it depends on DateStyle for ambiguous input);
 * `cardtrail_iso_date` declares it IMMUTABLE, which holds for the `YYYY-MM-DD` the state stores.
 */
export class DeliveryReportIndex1700000000650 implements MigrationInterface {
  name = 'DeliveryReportIndex1700000000650';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION cardtrail_iso_date(text) RETURNS date
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT to_date($1, 'YYYY-MM-DD') $$`);
    await q.query(`
      ALTER TABLE cards ADD COLUMN deadline_start date
        GENERATED ALWAYS AS (cardtrail_iso_date(state->'deadline'->>'startDate')) STORED`);
    await q.query(`
      CREATE INDEX cards_delivery_report_idx ON cards (police_district, delivered_at)
        INCLUDE (delivered_late, deadline_start) WHERE delivered_at IS NOT NULL`);
    await q.query('DROP INDEX IF EXISTS cards_delivered_idx');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX IF NOT EXISTS cards_delivered_idx ON cards (police_district, delivered_at) WHERE delivered_at IS NOT NULL',
    );
    await q.query('DROP INDEX IF EXISTS cards_delivery_report_idx');
    await q.query('ALTER TABLE cards DROP COLUMN IF EXISTS deadline_start');
    await q.query('DROP FUNCTION IF EXISTS cardtrail_iso_date(text)');
  }
}
