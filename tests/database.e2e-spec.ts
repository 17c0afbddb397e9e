import { describe, expect, it } from '@jest/globals';
import { MIGRATIONS, OPEN_DEADLINE_SQL } from '@cardtrail/infra';
import { useTestDatabase } from './support/suite';

describe('a test database cloned from the migrated template', () => {
  const db = useTestDatabase('schema');

  it('has every table of the schema, and every migration recorded', async () => {
    const rows: Array<{ table_name: string }> = await db.dataSource.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'card_events',
        'cards',
        'deadline_recomputations',
        'idempotency_keys',
        'notifications',
        'outbox',
        'processed_events',
        'timers',
      ]),
    );
    const migrations: Array<{ name: string }> = await db.dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(migrations.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => new m().name));
  });
});

describe('the overdue list on a district', () => {
  const db = useTestDatabase('openidx');

  it('can be served by the open-deadline partial index', async () => {
    // An empty table would be scanned; turning sequential scans off for this transaction asks
    // whether an index can serve the query at all.
    const plan: Array<{ 'QUERY PLAN': string }> = await db.dataSource.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      return m.query(
        `EXPLAIN SELECT id FROM cards WHERE police_district = 'oslo' AND ${OPEN_DEADLINE_SQL}
           AND (overdue OR due_date < '2026-01-01'::date) ORDER BY created_at, id LIMIT 21`,
      );
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('cards_open_deadline_idx');
  });
});
