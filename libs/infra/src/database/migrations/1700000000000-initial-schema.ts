import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole store. Postgres is the source of truth: cards (current state, derived from events),
 * their events, the outbox the relay moves into BullMQ, durable timers, notifications and
 * idempotency keys. Redis holds nothing that cannot be rebuilt from these tables.
 */
export class InitialSchema1700000000000 implements MigrationInterface {
  name = 'InitialSchema1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cards (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference         text NOT NULL UNIQUE,
        duf_number        text NOT NULL,
        police_district   text NOT NULL,
        reason            text NOT NULL,
        applicant         jsonb NOT NULL,
        address           jsonb NOT NULL,
        opening           jsonb NOT NULL,
        status            text NOT NULL,
        issue_number      integer NOT NULL DEFAULT 1,
        version           integer NOT NULL DEFAULT 0,
        overdue           boolean NOT NULL DEFAULT false,
        deadline_kind     text,
        due_date          date,
        delivered_at      timestamptz,
        delivered_late    boolean,
        state             jsonb NOT NULL,
        created_by        text NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cards_district_created_idx ON cards (police_district, created_at, id)`);
    await q.query(`CREATE INDEX cards_created_idx ON cards (created_at, id)`);
    await q.query(`CREATE INDEX cards_district_status_idx ON cards (police_district, status)`);
    await q.query(`CREATE INDEX cards_duf_idx ON cards (duf_number)`);
    await q.query(`CREATE INDEX cards_due_date_idx ON cards (due_date) WHERE due_date IS NOT NULL`);
    await q.query(
      `CREATE INDEX cards_overdue_idx ON cards (police_district, due_date, id) WHERE overdue`,
    );
    await q.query(
      `CREATE INDEX cards_delivered_idx ON cards (police_district, delivered_at) WHERE delivered_at IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE card_events (
        card_id       uuid NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
        seq           integer NOT NULL,
        type          text NOT NULL,
        issue_number  integer NOT NULL,
        occurred_at   timestamptz NOT NULL,
        recorded_at   timestamptz NOT NULL DEFAULT now(),
        actor         text NOT NULL,
        data          jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (card_id, seq)
      )`);
    await q.query(`CREATE INDEX card_events_type_idx ON card_events (type, occurred_at)`);

    // Work caused by an event, committed with it; the relay claims rows with SKIP LOCKED and
    // marks them relayed, so a late-committing transaction with a lower id is never skipped.
    await q.query(`
      CREATE TABLE outbox (
        id          bigserial PRIMARY KEY,
        topic       text NOT NULL,
        card_id     uuid NOT NULL,
        event_seq   integer,
        payload     jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at  timestamptz NOT NULL DEFAULT now(),
        relayed_at  timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE relayed_at IS NULL`);
    // Relayed rows whose job was lost (Redis flushed) are put back after a while.
    await q.query(`CREATE INDEX outbox_relayed_idx ON outbox (relayed_at) WHERE relayed_at IS NOT NULL`);

    // Reactions to an event are applied once: the worker records (card, seq) here in the same
    // transaction as the reaction's effects.
    await q.query(`
      CREATE TABLE processed_events (
        card_id       uuid NOT NULL,
        seq           integer NOT NULL,
        processed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (card_id, seq)
      )`);

    await q.query(`
      CREATE TABLE notifications (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key            text NOT NULL UNIQUE,
        card_id        uuid NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
        kind           text NOT NULL,
        audience       text NOT NULL,
        issue_number   integer NOT NULL,
        trigger_seq    integer NOT NULL,
        due_at         timestamptz NOT NULL,
        status         text NOT NULL DEFAULT 'scheduled',
        attempts       integer NOT NULL DEFAULT 0,
        reason         text,
        last_error     text,
        params         jsonb NOT NULL DEFAULT '{}'::jsonb,
        sent_at        timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notifications_card_idx ON notifications (card_id, due_at)`);
    await q.query(`CREATE INDEX notifications_status_idx ON notifications (status, kind)`);

    // Durable due times: deadline checks and notification sends. The sweeper claims due rows
    // with SKIP LOCKED; BullMQ delayed jobs only make them punctual.
    await q.query(`
      CREATE TABLE timers (
        id            bigserial PRIMARY KEY,
        key           text NOT NULL UNIQUE,
        kind          text NOT NULL,
        card_id       uuid NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
        issue_number  integer NOT NULL,
        due_at        timestamptz NOT NULL,
        status        text NOT NULL DEFAULT 'pending',
        payload       jsonb NOT NULL DEFAULT '{}'::jsonb,
        attempts      integer NOT NULL DEFAULT 0,
        claimed_until timestamptz,
        fired_at      timestamptz,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX timers_due_idx ON timers (due_at) WHERE status = 'pending'`);
    // Claims of a crashed worker are taken back once `claimed_until` passes.
    await q.query(`CREATE INDEX timers_claimed_idx ON timers (claimed_until) WHERE status = 'claimed'`);
    await q.query(`CREATE INDEX timers_card_idx ON timers (card_id, status)`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        scope            text NOT NULL,
        key              text NOT NULL,
        request_hash     text NOT NULL,
        response_status  integer NOT NULL,
        response_body    jsonb NOT NULL,
        response_headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at       timestamptz NOT NULL DEFAULT now(),
        expires_at       timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at)`);

    // Every recomputation of a card's deadline (after a calendar or policy change) is kept.
    await q.query(`
      CREATE TABLE deadline_recomputations (
        id               bigserial PRIMARY KEY,
        card_id          uuid NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
        issue_number     integer NOT NULL,
        previous_due     date,
        new_due          date,
        policy_version   text NOT NULL,
        calendar_version text NOT NULL,
        recomputed_at    timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'deadline_recomputations',
      'idempotency_keys',
      'timers',
      'notifications',
      'processed_events',
      'outbox',
      'card_events',
      'cards',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
