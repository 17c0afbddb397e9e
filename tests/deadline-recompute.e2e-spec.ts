import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CardStore,
  createDomain,
  loadConfig,
  recomputeDeadline,
  recomputeStaleDeadlines,
} from '@cardtrail/infra';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const opening = {
  dufNumber: '201258697561',
  policeDistrict: 'oslo' as const,
  reason: 'first' as const,
  applicant: { fullName: 'Test Person', dateOfBirth: '1990-05-17', nationality: 'IN', preferredLanguage: 'en' as const },
  address: { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo' },
  createdBy: 'kari',
};

describe('recomputing deadlines after a change of the calendar', () => {
  let db: TestDatabase;
  const before = createDomain(loadConfig({}));
  // The police close on 2025-05-02 (a Friday inside the count): every due date after it moves a day.
  const after = createDomain(loadConfig({ EXTRA_CLOSED_DAYS: '2025-05-02' }));

  beforeAll(async () => {
    db = await createTestDatabase('recompute');
  });
  afterAll(async () => {
    await db.drop();
  });

  async function cardWithBiometricsOn(at: string): Promise<string> {
    const store = new CardStore(db.dataSource, before);
    const card = await store.open(opening);
    const now = new Date(at);
    await store.append(
      card.id,
      (s) => before.decider.decide({ type: 'RecordEvent', now, event: { type: 'AppointmentBooked', occurredAt: now, data: { appointmentAt: now, station: 'Oslo', channel: 'portal' } } }, s),
      { actor: 'kari' },
    );
    await store.append(
      card.id,
      (s) => before.decider.decide({ type: 'RecordEvent', now, event: { type: 'BiometricsCaptured', occurredAt: now, data: { station: 'Oslo', fingerprints: true, guardianPresent: false } } }, s),
      { actor: 'kari' },
    );
    await db.dataSource.query(
      `INSERT INTO timers (key, kind, card_id, issue_number, due_at, payload) VALUES ($1, 'deadline_check', $2, 1, '2025-05-16T22:00:00Z', '{}')`,
      [`old-check-${card.id}`, card.id],
    );
    return card.id;
  }

  it('moves the due date, records the recomputation and moves the pending deadline check', async () => {
    const id = await cardWithBiometricsOn('2025-04-14T08:30:00Z');
    const [old] = await db.dataSource.query('SELECT due_date::text AS due FROM cards WHERE id = $1', [id]);
    expect(old.due).toBe('2025-05-16');

    const change = await recomputeDeadline(db.dataSource, new CardStore(db.dataSource, after), after, id);
    expect(change).toEqual({ cardId: id, issueNumber: 1, previousDue: '2025-05-16', newDue: '2025-05-19' });

    const [row] = await db.dataSource.query(
      "SELECT due_date::text AS due, state->'deadline'->>'dueDate' AS snapshot FROM cards WHERE id = $1",
      [id],
    );
    expect(row).toEqual({ due: '2025-05-19', snapshot: '2025-05-19' });
    const recorded = await db.dataSource.query(
      'SELECT previous_due::text AS previous, new_due::text AS next, calendar_version FROM deadline_recomputations WHERE card_id = $1',
      [id],
    );
    expect(recorded).toEqual([{ previous: '2025-05-16', next: '2025-05-19', calendar_version: 'no-holidays-v1+closed(2025-05-02)' }]);
    const timers = await db.dataSource.query(
      "SELECT status, due_at FROM timers WHERE card_id = $1 AND kind = 'deadline_check' ORDER BY due_at",
      [id],
    );
    expect(timers).toEqual([
      { status: 'cancelled', due_at: new Date('2025-05-16T22:00:00Z') },
      { status: 'pending', due_at: new Date('2025-05-19T22:00:00Z') },
    ]);

    // A second pass finds nothing left to do.
    expect(await recomputeDeadline(db.dataSource, new CardStore(db.dataSource, after), after, id)).toBeNull();
  });

  it('finds every open card computed under another calendar', async () => {
    const id = await cardWithBiometricsOn('2025-04-15T08:30:00Z');
    const changes = await recomputeStaleDeadlines(db.dataSource, new CardStore(db.dataSource, after), after);
    expect(changes).toEqual([{ cardId: id, issueNumber: 1, previousDue: '2025-05-19', newDue: '2025-05-20' }]);
    expect(await recomputeStaleDeadlines(db.dataSource, new CardStore(db.dataSource, after), after)).toEqual([]);
  });
});
