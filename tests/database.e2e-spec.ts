import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from './support/test-database';

describe('a test database cloned from the migrated template', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('schema');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('has every table of the schema, and the migration recorded', async () => {
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
    const migrations: unknown[] = await db.dataSource.query('SELECT name FROM migrations');
    expect(migrations).toHaveLength(1);
  });
});
