import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The card's state after each event, stored with the event by the append that wrote it, so the
 * worker plans an event's reaction from the states before and after it (this event's and the
 * previous one's) instead of folding the card's whole history again. Events recorded before this
 * migration have none; for them the worker still folds.
 */
export class EventStates1700000000200 implements MigrationInterface {
  name = 'EventStates1700000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE card_events ADD COLUMN state jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE card_events DROP COLUMN IF EXISTS state');
  }
}
