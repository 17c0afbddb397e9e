import { describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import {
  CardStore,
  CardVersionMismatchError,
  createDomain,
  loadConfig,
  recomputeDeadline,
  recomputeOpenDeadlines,
  type CardRecord,
  type Domain,
} from '@cardtrail/infra';
import { useTestDatabase } from './support/suite';

const opening = {
  dufNumber: '201258697561',
  policeDistrict: 'oslo' as const,
  reason: 'first' as const,
  applicant: { fullName: 'Test Person', dateOfBirth: '1990-05-17', nationality: 'IN', preferredLanguage: 'en' as const },
  address: { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo' },
  createdBy: 'kari',
};

const reason = 'closure day 2025-05-02 added';

describe('recomputing deadlines after a change of the calendar', () => {
  const before = createDomain(loadConfig({}));
  // The police close on 2025-05-02 (a Friday inside the count): every due date after it moves a day.
  const after = createDomain(loadConfig({ EXTRA_CLOSED_DAYS: '2025-05-02' }));

  const db = useTestDatabase('recompute');

  const record = (store: CardStore, domain: Domain, id: string, at: string, event: { type: string; data: object }) => {
    const now = new Date(at);
    return store.append(
      id,
      (s) => domain.decider.decide({ type: 'RecordEvent', now, event: { ...event, occurredAt: now } as never }, s),
      { actor: 'kari' },
    );
  };

  async function cardWithBiometricsOn(at: string): Promise<string> {
    const store = new CardStore(db.dataSource, before);
    const card = await store.open(opening);
    await record(store, before, card.id, at, {
      type: 'AppointmentBooked',
      data: { appointmentAt: new Date(at), station: 'Oslo', channel: 'portal' },
    });
    await record(store, before, card.id, at, {
      type: 'BiometricsCaptured',
      data: { station: 'Oslo', fingerprints: true, guardianPresent: false },
    });
    await db.dataSource.query(
      `INSERT INTO timers (key, kind, card_id, issue_number, due_at, payload) VALUES ($1, 'deadline_check', $2, 1, '2025-05-16T22:00:00Z', '{}')`,
      [`old-check-${card.id}`, card.id],
    );
    return card.id;
  }

  const cardRow = async (id: string) =>
    (
      await db.dataSource.query(
        "SELECT version, due_date::text AS due, state->'deadline'->>'dueDate' AS snapshot FROM cards WHERE id = $1",
        [id],
      )
    )[0] as { version: number; due: string; snapshot: string };

  it('moves the due date through the card store: a DeadlineRecomputed event, a new version, the deadline check moved', async () => {
    const id = await cardWithBiometricsOn('2025-04-14T08:30:00Z');
    expect(await cardRow(id)).toEqual({ version: 2, due: '2025-05-16', snapshot: '2025-05-16' });

    const now = new Date('2025-04-15T09:00:00Z');
    const change = await recomputeDeadline(db.dataSource, new CardStore(db.dataSource, after), after, id, { now, reason });
    expect(change).toEqual({ cardId: id, issueNumber: 1, previousDue: '2025-05-16', newDue: '2025-05-19', version: 3 });

    expect(await cardRow(id)).toEqual({ version: 3, due: '2025-05-19', snapshot: '2025-05-19' });
    const events = await new CardStore(db.dataSource, after).events(id);
    expect(events.at(-1)).toMatchObject({
      seq: 3,
      type: 'DeadlineRecomputed',
      occurredAt: now,
      actor: 'system:worker',
      data: {
        deadline: 'issue',
        previousDueDate: '2025-05-16',
        dueDate: '2025-05-19',
        calendarVersion: 'no-holidays-v1+closed(2025-05-02)',
        breachWithdrawn: false,
        reason,
      },
    });
    // Relayed like any other event.
    const outbox = await db.dataSource.query('SELECT event_seq FROM outbox WHERE card_id = $1 ORDER BY event_seq', [id]);
    expect(outbox.map((r: { event_seq: number }) => r.event_seq)).toEqual([1, 2, 3]);
    const timers = await db.dataSource.query(
      "SELECT status, due_at FROM timers WHERE card_id = $1 AND kind = 'deadline_check' ORDER BY due_at",
      [id],
    );
    expect(timers).toEqual([
      { status: 'cancelled', due_at: new Date('2025-05-16T22:00:00Z') },
      { status: 'pending', due_at: new Date('2025-05-19T22:00:00Z') },
    ]);

    // A second pass finds nothing left to do and writes nothing.
    expect(await recomputeDeadline(db.dataSource, new CardStore(db.dataSource, after), after, id, { now, reason })).toBeNull();
    expect((await cardRow(id)).version).toBe(3);
  });

  it('does not lose the recomputed deadline to an append that read the card before it', async () => {
    const id = await cardWithBiometricsOn('2025-04-14T08:30:00Z');
    const recomputeInBetween = () =>
      recomputeDeadline(db.dataSource, new CardStore(db.dataSource, after), after, id, {
        now: new Date('2025-04-15T09:00:00Z'),
        reason,
      });
    /** An API process whose first read of the card happens just before the recompute commits. */
    class ReadsJustBeforeTheRecompute extends CardStore {
      private raced = false;
      override async load(cardId: string, manager?: EntityManager): Promise<CardRecord | null> {
        const card = await super.load(cardId, manager);
        if (!this.raced) {
          this.raced = true;
          await recomputeInBetween();
        }
        return card;
      }
    }

    const racing = new ReadsJustBeforeTheRecompute(db.dataSource, after);
    const written = await record(racing, after, id, '2025-04-15T10:00:00Z', { type: 'CardOrdered', data: { biometricsReused: false } });

    // The recomputed due date survives (before the fix the append wrote back its stale snapshot,
    // due 2025-05-16, at version 3: the recompute had not moved the version).
    expect(await cardRow(id)).toEqual({ version: 4, due: '2025-05-19', snapshot: '2025-05-19' });
    // The append lost its version check, read the card again and decided on the recomputed state.
    expect(written.events.map((e) => [e.seq, e.type])).toEqual([[4, 'CardOrdered']]);
    expect(written.card.state.deadline?.dueDate).toBe('2025-05-19');
    const types = (await racing.events(id)).map((e) => e.type);
    expect(types).toEqual(['AppointmentBooked', 'BiometricsCaptured', 'DeadlineRecomputed', 'CardOrdered']);
  });

  it('refuses an If-Match taken before the recompute: the ETag changed', async () => {
    const id = await cardWithBiometricsOn('2025-04-14T08:30:00Z');
    const seen = (await cardRow(id)).version;
    await recomputeDeadline(db.dataSource, new CardStore(db.dataSource, after), after, id, {
      now: new Date('2025-04-15T09:00:00Z'),
      reason,
    });
    const store = new CardStore(db.dataSource, after);
    const now = new Date('2025-04-15T10:00:00Z');
    await expect(
      store.append(
        id,
        (s) => after.decider.decide({ type: 'RecordEvent', now, event: { type: 'CardOrdered', occurredAt: now, data: { biometricsReused: false } } }, s),
        { actor: 'kari', expectedVersion: seen },
      ),
    ).rejects.toBeInstanceOf(CardVersionMismatchError);
    expect(await cardRow(id)).toEqual({ version: seen + 1, due: '2025-05-19', snapshot: '2025-05-19' });
  });

  it('finds every open card whose due date moves under the new calendar, and only those', async () => {
    await db.dataSource.query('DELETE FROM cards');
    const moves = await cardWithBiometricsOn('2025-04-15T08:30:00Z');
    // Counted from 5 May, the closure on 2 May is outside: nothing to record.
    const stays = await cardWithBiometricsOn('2025-05-05T08:30:00Z');
    const now = new Date('2025-05-05T09:00:00Z');
    const changes = await recomputeOpenDeadlines(db.dataSource, new CardStore(db.dataSource, after), after, { now, reason, batchSize: 1 });
    expect(changes).toEqual([{ cardId: moves, issueNumber: 1, previousDue: '2025-05-19', newDue: '2025-05-20', version: 3 }]);
    expect((await cardRow(stays)).version).toBe(2);
    expect(await recomputeOpenDeadlines(db.dataSource, new CardStore(db.dataSource, after), after, { now, reason })).toEqual([]);
  });
});
