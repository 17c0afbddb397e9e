import { beforeAll, describe, expect, it } from '@jest/globals';
import { CardStore, ManualClock, createDomain, createLogger } from '@cardtrail/infra';
import { ReactToCardEvent } from '../../apps/worker/src/events/react-to-card-event';
import { uniqueQueuePrefix } from '../support/test-database';
import { useTestDatabase } from '../support/suite';
import { givenCard, orderEvents, record } from '../support/worker-builders';
import { workerTestConfig } from '../support/worker-harness';

/**
 * Found by the fault suite: after a worker was killed, BullMQ ran its jobs again; for an event
 * whose reaction had already committed, the settling statement named its job's outbox row but
 * still declared the event's sequence number as an unused parameter, which Postgres refuses
 * ("could not determine data type of parameter $2"). Each such job then failed all its attempts.
 */
describe('an event job run again after its reaction committed', () => {
  let react: ReactToCardEvent;
  let cards: CardStore;
  const clock = new ManualClock(new Date('2025-04-14T09:00:00Z'));

  const db = useTestDatabase('rerun');
  beforeAll(async () => {
    const config = workerTestConfig({ databaseUrl: db.url, prefix: uniqueQueuePrefix('rerun'), env: { LOG_LEVEL: 'silent' } });
    const domain = createDomain(config);
    cards = new CardStore(db.dataSource, domain);
    react = new ReactToCardEvent(db.dataSource, cards, domain, clock, createLogger(config));
    const card = await givenCard(cards);
    await record(cards, domain, card.id, orderEvents(new Date('2025-04-01T09:00:00Z')), clock.now());
  });

  it.each([
    ['with its outbox row id (a relayed job)', true],
    ['without one', false],
  ])('is settled as already processed, %s', async (_name, withOutboxId) => {
    const [card] = await db.dataSource.query(`SELECT id FROM cards LIMIT 1`);
    const seq = withOutboxId ? 1 : 2;
    const [row] = await db.dataSource.query(`SELECT id::text FROM outbox WHERE card_id = $1 AND event_seq = $2`, [card.id, seq]);
    const outboxId = withOutboxId ? String(row.id) : undefined;
    expect(await react.execute(card.id, seq, outboxId)).toMatchObject({ status: 'applied' });
    expect(await react.execute(card.id, seq, outboxId)).toEqual({ status: 'already-processed' });
    expect(await db.dataSource.query(`SELECT 1 FROM outbox WHERE card_id = $1 AND event_seq = $2`, [card.id, seq])).toEqual([]);
  });
});
