import { beforeAll, describe, expect, it } from '@jest/globals';
import type { PoolClient } from 'pg';
import { CardStore, ManualClock, ReactionStore, createDomain, createLogger } from '@cardtrail/infra';
import { ReactToCardEvent } from '../../apps/worker/src/events/react-to-card-event';
import { uniqueQueuePrefix } from '../support/test-database';
import { useTestDatabase } from '../support/suite';
import { givenCard, orderEvents, record } from '../support/worker-builders';
import { workerTestConfig } from '../support/worker-harness';

/**
 * A reaction is planned from the states stored with the events (the event's and the one before
 * it), not from a fold of the card's history; events stored before states were kept are folded,
 * and both plan the same work.
 */
describe('reactions planned from the states stored with the events', () => {
  let react: ReactToCardEvent;
  let cards: CardStore;
  let domain: ReturnType<typeof createDomain>;
  const clock = new ManualClock(new Date('2025-04-14T09:00:00Z'));
  const orderedAt = new Date('2025-04-01T09:00:00Z');

  const db = useTestDatabase('reactstates');
  beforeAll(async () => {
    const config = workerTestConfig({ databaseUrl: db.url, prefix: uniqueQueuePrefix('reactstates'), env: { LOG_LEVEL: 'silent' } });
    domain = createDomain(config);
    cards = new CardStore(db.dataSource, domain);
    react = new ReactToCardEvent(db.dataSource, cards, domain, clock, createLogger(config));
  });

  async function readEvent(cardId: string, seq: number) {
    const runner = db.dataSource.createQueryRunner();
    try {
      return await new ReactionStore().readEvent((await runner.connect()) as PoolClient, cardId, seq);
    } finally {
      await runner.release();
    }
  }

  /** What a card's reactions wrote, without the card id in the keys. */
  async function plannedWork(cardId: string) {
    const notifications = await db.dataSource.query(
      `SELECT split_part(key, ':', 2) AS kind, trigger_seq, due_at, status, params FROM notifications WHERE card_id = $1 ORDER BY key`,
      [cardId],
    );
    const timers = await db.dataSource.query(
      `SELECT kind, issue_number, due_at, payload - 'notificationId' AS payload FROM timers WHERE card_id = $1 ORDER BY kind, due_at`,
      [cardId],
    );
    return { notifications, timers };
  }

  it('stores the state after each event and reads it back with the state before', async () => {
    const card = await givenCard(cards);
    const after = await record(cards, domain, card.id, orderEvents(orderedAt), clock.now());
    const read = await readEvent(card.id, after.version);
    expect(read).toMatchObject({ found: true, processed: false, event: { type: 'CardOrdered' } });
    if (!read.found || read.processed || !('states' in read)) throw new Error('expected stored states');
    expect(read.states.after).toEqual(after.state);
    expect(read.states.before?.status).toBe('biometrics_captured');
  });

  it('plans the same work from stored states as from a fold of an event stored without them', async () => {
    const withStates = await givenCard(cards);
    const legacy = await givenCard(cards);
    const events = orderEvents(orderedAt);
    await record(cards, domain, withStates.id, events, clock.now());
    const last = await record(cards, domain, legacy.id, events, clock.now());
    await db.dataSource.query(`UPDATE card_events SET state = NULL WHERE card_id = $1`, [legacy.id]);
    const legacyRead = await readEvent(legacy.id, last.version);
    expect('history' in legacyRead).toBe(true);

    for (let seq = 1; seq <= last.version; seq += 1) {
      expect(await react.execute(withStates.id, seq)).toMatchObject({ status: 'applied' });
      expect(await react.execute(legacy.id, seq)).toMatchObject({ status: 'applied' });
    }
    const planned = await plannedWork(withStates.id);
    expect(planned.notifications.length).toBeGreaterThan(0);
    expect(planned.timers.some((t: { kind: string }) => t.kind === 'deadline_check')).toBe(true);
    expect(await plannedWork(legacy.id)).toEqual(planned);
  });
});
