/**
 * Bench 5: the store at production scale. Seeds 1,000,000 cards and 10,000,000 events (plus
 * timers) with set-based INSERT … SELECT generate_series on two connections, with the indexes and
 * foreign keys dropped during the load and rebuilt after (as pg_restore does), then VACUUM ANALYZE.
 * Then measures, each with EXPLAIN (ANALYZE, BUFFERS) and the same query with index scans
 * disabled as the in-run comparison:
 * - the applicant status lookup by reference (target p99 ≤ 10 ms),
 * - the overdue list of a district, both as the index was designed for and as the API's
 *   `GET /v1/cards?overdue=true` runs it (target p99 ≤ 50 ms),
 * - the sweeper's claim on 100,000 due timers (target ≥ 10,000 timers/s).
 *
 *   npm run bench:scale [-- --cards 1000000 --events-per-card 10 --due-timers 100000 --keep]
 */
import { createHash } from 'node:crypto';
import { CARD_COLUMNS, OPEN_DEADLINE_SQL } from '@cardtrail/infra';
import type { Pool, PoolClient } from 'pg';
import { benchDatabaseUrl, dropDatabase, freshDatabase, pool, serverVersions } from './support/bench-database';
import { flagOption, fmt, heading, numberOption, percentile, table, verdicts } from './support/bench-report';

const DB = 'cardtrail_bench_scale';
const CARDS = Math.floor(numberOption('cards', 1_000_000));
const EVENTS_PER_CARD = Math.floor(numberOption('events-per-card', 10));
const DUE_TIMERS = Math.floor(numberOption('due-timers', 100_000));
const LOOKUPS = Math.floor(numberOption('lookups', 20_000));
const LISTS = Math.floor(numberOption('lists', 2_000));
const KEEP = flagOption('keep') || flagOption('reuse');
/** Reuse a database seeded by an earlier `--keep` run of the same size (due timers are reset). */
const REUSE = flagOption('reuse');
/** Each latency series stops after this many seconds even if it has not reached its count. */
const SERIES_SECONDS = numberOption('series-seconds', 20);

const DISTRICTS = [
  'oslo', 'ost', 'innlandet', 'sor-ost', 'agder', 'sor-vest', 'vest', 'more-og-romsdal', 'trondelag', 'nordland', 'troms', 'finnmark',
];
/** The event types of a typical history, by seq (cycled with address events beyond it). */
const HISTORY = [
  'AppointmentBooked', 'BiometricsCaptured', 'CardOrdered', 'AddressConfirmed', 'CardProduced', 'CardMailed',
  'CardReturned', 'CardMailed', 'AddressChanged', 'CardDelivered',
];
/** Multiplying by an odd constant is a bijection mod 2^48: unique, unguessable-looking references. */
const REFERENCE_MULTIPLIER = 2654435761n;
const MOD48 = 2n ** 48n;

function referenceOf(i: number): string {
  const h = ((BigInt(i) * REFERENCE_MULTIPLIER) % MOD48).toString(16).toUpperCase().padStart(12, '0');
  return `CT-${h.slice(0, 4)}-${h.slice(4, 8)}-${h.slice(8, 12)}`;
}

// The sweeper's claim, verbatim from apps/worker/src/timers/timer-sweeper.ts (claimBatch with
// the pending condition); the reclaim of expired claims is the same with the other condition.
const CLAIM_SQL = `UPDATE timers SET status = 'claimed', claimed_until = $2, attempts = attempts + 1
            WHERE id IN (
              SELECT id FROM timers WHERE status = 'pending' AND due_at <= $1
               ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id, attempts`;
const RECLAIM_SQL = CLAIM_SQL.replace(`status = 'pending' AND due_at <= $1`, `status = 'claimed' AND claimed_until < $1`);

// The applicant status lookup: one card by its reference (the DUF number is compared in code).
const LOOKUP_SQL = `SELECT ${CARD_COLUMNS} FROM cards WHERE reference = $1`;
// The overdue list as the partial index cards_overdue_idx (police_district, due_date, id) WHERE
// overdue was built for.
const OVERDUE_INDEXED_SQL = `SELECT ${CARD_COLUMNS} FROM cards
  WHERE police_district = $1 AND overdue ORDER BY due_date, id LIMIT 50`;
// The overdue list as apps/api/src/cards/cards.service.ts list() builds it for a caseworker's
// `GET /v1/cards?overdue=true` (first page: limit 50 + 1), served by cards_open_deadline_idx.
const OVERDUE_API_SQL = `SELECT ${CARD_COLUMNS},
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
  FROM cards
 WHERE police_district = $1 AND ${OPEN_DEADLINE_SQL} AND (overdue OR due_date < $2::date)
 ORDER BY created_at, id LIMIT 51`;
const HISTORY_SQL = `SELECT seq, type, issue_number, occurred_at, recorded_at, actor, data
  FROM card_events WHERE card_id = $1 ORDER BY seq`;

const log = (msg: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  log(`${what}: ${fmt((performance.now() - start) / 1000, 1)} s`);
  return result;
}

/** Splits [0, n) into `parts` ranges. */
function ranges(n: number, parts: number): Array<[number, number]> {
  const size = Math.ceil(n / parts);
  return Array.from({ length: parts }, (_, p) => [p * size, Math.min(n, (p + 1) * size)] as [number, number]).filter(
    ([a, b]) => b > a,
  );
}

async function parallel(db: Pool, statements: Array<{ sql: string; params?: unknown[] }>, width = 2): Promise<void> {
  const queue = [...statements];
  const run = async (): Promise<void> => {
    const client = await db.connect();
    try {
      await client.query(`SET maintenance_work_mem = '1GB'; SET synchronous_commit = off`);
      for (let s = queue.shift(); s; s = queue.shift()) await client.query(s.sql, s.params);
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: width }, run));
}

interface Definitions {
  foreignKeys: Array<{ table: string; name: string; def: string }>;
  keys: Array<{ table: string; name: string; def: string }>;
  indexes: Array<{ name: string; def: string }>;
}

/** Indexes and constraints of the loaded tables, to drop before the load and rebuild after. */
async function definitions(db: Pool, tables: string[]): Promise<Definitions> {
  const constraints = await db.query<{ tbl: string; conname: string; contype: string; def: string }>(
    `SELECT conrelid::regclass::text AS tbl, conname, contype, pg_get_constraintdef(oid) AS def
       FROM pg_constraint
      WHERE contype IN ('p', 'u', 'f')
        AND (conrelid::regclass::text = ANY($1) OR confrelid::regclass::text = ANY($1))`,
    [tables],
  );
  const indexes = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
      WHERE schemaname = 'public' AND tablename = ANY($1)
        AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
    [tables],
  );
  const pick = (types: string[]): Definitions['keys'] =>
    constraints.rows
      .filter((c) => types.includes(c.contype) && (c.contype === 'f' || tables.includes(c.tbl)))
      .map((c) => ({ table: c.tbl, name: c.conname, def: c.def }));
  return {
    foreignKeys: pick(['f']),
    keys: pick(['p', 'u']),
    indexes: indexes.rows.map((i) => ({ name: i.indexname, def: i.indexdef })),
  };
}

async function seed(db: Pool): Promise<void> {
  const tables = ['cards', 'card_events', 'timers'];
  const defs = await definitions(db, tables);
  for (const fk of defs.foreignKeys) await db.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  for (const key of defs.keys) await db.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${key.name}`);
  for (const index of defs.indexes) await db.query(`DROP INDEX ${index.name}`);

  const now = new Date();
  // Card i was opened (1 - i/CARDS) × 1000 days ago. Cards older than 90 days are settled; the
  // last 90 days hold the cards in flight, among them the overdue ones (about 10% of those).
  const cardSql = `
    INSERT INTO cards (id, reference, duf_number, police_district, reason, applicant, address, opening,
      status, issue_number, version, overdue, deadline_kind, due_date, delivered_at, delivered_late,
      state, created_by, created_at, updated_at)
    SELECT id, reference, duf, district, reason, applicant, address,
           jsonb_build_object('dateOfBirth', applicant->>'dateOfBirth', 'address', address),
           status, 1, ${EVENTS_PER_CARD}, overdue, deadline_kind, due_date, delivered_at, delivered_at > due_date + 1,
           jsonb_build_object(
             'status', status, 'issueNumber', 1, 'dateOfBirth', applicant->>'dateOfBirth', 'address', address,
             'addressConfirmedAt', created_at + interval '3 days',
             'appointment', jsonb_build_object('at', created_at + interval '2 days', 'station', district || '-sentrum', 'channel', 'portal'),
             'orderedAt', created_at + interval '4 days',
             'deadline', CASE WHEN due_date IS NULL THEN NULL ELSE jsonb_build_object('kind', deadline_kind,
               'startDate', (created_at + interval '4 days')::date, 'workingDays', 20, 'dueDate', due_date,
               'policyVersion', 'policy-v1', 'calendarVersion', 'no-holidays-v1',
               'breachedAt', CASE WHEN overdue THEN due_date + 1 END) END,
             'overdue', overdue,
             'delivered', CASE WHEN delivered_at IS NULL THEN NULL ELSE jsonb_build_object('at', delivered_at,
               'late', delivered_at > due_date + 1, 'workingDaysLate', 0) END,
             'fee', NULL, 'lastEventAt', created_at + interval '20 days',
             'timeline', jsonb_build_array(
               jsonb_build_object('status', 'awaiting_appointment', 'at', created_at, 'event', 'Opened'),
               jsonb_build_object('status', 'appointment_booked', 'at', created_at + interval '1 day', 'event', 'AppointmentBooked'),
               jsonb_build_object('status', 'biometrics_captured', 'at', created_at + interval '2 days', 'event', 'BiometricsCaptured'),
               jsonb_build_object('status', 'ordered', 'at', created_at + interval '4 days', 'event', 'CardOrdered'),
               jsonb_build_object('status', 'mailed', 'at', created_at + interval '15 days', 'event', 'CardMailed'),
               jsonb_build_object('status', status, 'at', created_at + interval '20 days', 'event', 'CardDelivered'))),
           'bench', created_at, created_at + interval '20 days'
      FROM (
        SELECT c.*,
               CASE WHEN status IN ('awaiting_appointment', 'appointment_booked', 'replacement_requested', 'cancelled') THEN NULL
                    WHEN status IN ('lost_in_mail', 'reissue_ordered') THEN 'reissue' ELSE 'issue' END AS deadline_kind,
               CASE WHEN status IN ('awaiting_appointment', 'appointment_booked', 'replacement_requested', 'cancelled') THEN NULL
                    WHEN overdue THEN current_date - 1 - (i % 60)
                    WHEN status = 'delivered' THEN (created_at + interval '28 days')::date
                    ELSE greatest((created_at + interval '28 days')::date, current_date + 1 + (i % 20)) END AS due_date,
               CASE WHEN status = 'delivered' THEN created_at + interval '20 days' + (i % 13) * interval '1 day' END AS delivered_at
          FROM (
            SELECT b.*,
                   CASE WHEN NOT recent THEN
                          CASE WHEN bucket < 940 THEN 'delivered' WHEN bucket < 970 THEN 'cancelled' ELSE 'replacement_requested' END
                        WHEN bucket < 300 THEN 'delivered' WHEN bucket < 400 THEN 'mailed'
                        WHEN bucket < 450 THEN 'ordered' WHEN bucket < 500 THEN 'produced'
                        WHEN bucket < 600 THEN 'appointment_booked' WHEN bucket < 650 THEN 'awaiting_appointment'
                        WHEN bucket < 700 THEN 'returned' WHEN bucket < 725 THEN 'lost_in_mail' WHEN bucket < 750 THEN 'reissue_ordered'
                        WHEN bucket < 850 THEN 'mailed' ELSE 'biometrics_captured' END AS status,
                   recent AND bucket >= 750 AND bucket < 850 AS overdue
              FROM (
                SELECT i,
                       md5('card' || i)::uuid AS id,
                       'CT-' || substr(h, 1, 4) || '-' || substr(h, 5, 4) || '-' || substr(h, 9, 4) AS reference,
                       (2010 + i % 15)::text || lpad(((i::bigint * 7919) % 100000000)::text, 8, '0') AS duf,
                       ($3::text[])[1 + i % 12] AS district,
                       CASE WHEN i % 10 = 0 THEN 'replacement' WHEN i % 3 = 0 THEN 'renewal' ELSE 'first' END AS reason,
                       jsonb_build_object('fullName', 'Applicant Number ' || i, 'dateOfBirth', (date '1960-01-01' + (i % 18000))::text,
                         'nationality', 'IN', 'email', 'applicant' || i || '@example.org', 'phone', '+47' || lpad((i % 100000000)::text, 8, '0'),
                         'preferredLanguage', CASE WHEN i % 4 = 0 THEN 'nb' ELSE 'en' END) AS applicant,
                       jsonb_build_object('line1', 'Storgata ' || (1 + i % 200), 'postalCode', lpad((i % 10000)::text, 4, '0'), 'city', 'Oslo') AS address,
                       $2::timestamptz - (1 - i::float8 / $4) * interval '1000 days' AS created_at,
                       i % 1000 AS bucket,
                       i::float8 / $4 >= 0.91 AS recent
                  FROM (SELECT i, upper(lpad(to_hex((i::bigint * ${REFERENCE_MULTIPLIER}) % ${MOD48}), 12, '0')) AS h
                          FROM generate_series($1::int, $5::int - 1) AS i) AS g
              ) AS b
          ) AS c
      ) AS s`;
  await timed(`cards: ${fmt(CARDS)} rows`, () =>
    parallel(db, ranges(CARDS, 2).map(([lo, hi]) => ({ sql: cardSql, params: [lo, now, DISTRICTS, CARDS, hi] }))),
  );

  const eventSql = `
    INSERT INTO card_events (card_id, seq, type, issue_number, occurred_at, recorded_at, actor, data)
    SELECT md5('card' || i)::uuid, s, ($3::text[])[1 + (s - 1) % array_length($3::text[], 1)], 1,
           created_at + s * interval '2 days', created_at + s * interval '2 days' + interval '5 minutes',
           'caseworker:bench',
           CASE ($3::text[])[1 + (s - 1) % array_length($3::text[], 1)]
             WHEN 'AppointmentBooked' THEN jsonb_build_object('appointmentAt', created_at + interval '9 days', 'station', 'oslo-sentrum', 'channel', 'portal')
             WHEN 'BiometricsCaptured' THEN '{"station": "oslo-sentrum", "fingerprints": true, "guardianPresent": false}'::jsonb
             WHEN 'CardOrdered' THEN '{"biometricsReused": false}'::jsonb
             WHEN 'CardMailed' THEN jsonb_build_object('trackingNumber', 'RR' || lpad(i::text, 9, '0') || 'NO')
             WHEN 'CardReturned' THEN '{"reason": "name_not_on_letterbox"}'::jsonb
             WHEN 'AddressConfirmed' THEN '{"by": "applicant"}'::jsonb
             WHEN 'AddressChanged' THEN jsonb_build_object('address', jsonb_build_object('line1', 'Kirkeveien ' || (i % 90), 'postalCode', '0368', 'city', 'Oslo'))
             ELSE '{}'::jsonb END
      FROM (SELECT i, $2::timestamptz - (1 - i::float8 / $4) * interval '1000 days' AS created_at
              FROM generate_series($1::int, $5::int - 1) AS i) AS c,
           generate_series(1, ${EVENTS_PER_CARD}) AS s`;
  await timed(`card_events: ${fmt(CARDS * EVENTS_PER_CARD)} rows`, () =>
    parallel(
      db,
      ranges(CARDS, 4).map(([lo, hi]) => ({ sql: eventSql, params: [lo, now, HISTORY, CARDS, hi] })),
    ),
  );

  // Timers: the due ones the sweeper will claim, pending ones due later, and many already done.
  const timerSql = `
    INSERT INTO timers (key, kind, card_id, issue_number, due_at, status, payload, attempts, fired_at, created_at)
    SELECT $1::text || t, CASE WHEN t % 2 = 0 THEN 'deadline_check' ELSE 'notification' END,
           md5('card' || ((t::bigint * 9973) % $3))::uuid, 1,
           $4::timestamptz + $5 * (t % 86400) * interval '1 second', $6::text, '{}'::jsonb,
           CASE WHEN $6::text = 'done' THEN 1 ELSE 0 END,
           CASE WHEN $6::text = 'done' THEN $4::timestamptz END, $4::timestamptz - interval '30 days'
      FROM generate_series(1, $2::int) AS t`;
  await timed(`timers: ${fmt(DUE_TIMERS)} due, ${fmt(CARDS * 0.3)} pending later, ${fmt(CARDS)} done`, () =>
    parallel(db, [
      { sql: timerSql, params: ['due-', DUE_TIMERS, CARDS, new Date(now.getTime() - 1000), -1, 'pending'] },
      { sql: timerSql, params: ['later-', Math.floor(CARDS * 0.3), CARDS, new Date(now.getTime() + 3_600_000), 30, 'pending'] },
      { sql: timerSql, params: ['done-', CARDS, CARDS, new Date(now.getTime() - 86_400_000 * 40), -1, 'done'] },
    ]),
  );

  await timed(`indexes and keys rebuilt (${defs.keys.length + defs.indexes.length})`, () =>
    parallel(db, [
      ...defs.keys.map((k) => ({ sql: `ALTER TABLE ${k.table} ADD CONSTRAINT ${k.name} ${k.def}` })),
      ...defs.indexes.map((i) => ({ sql: i.def })),
    ]),
  );
  await timed(`foreign keys validated (${defs.foreignKeys.length})`, () =>
    parallel(db, defs.foreignKeys.map((fk) => ({ sql: `ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.def}` }))),
  );
  await timed('VACUUM ANALYZE', () => parallel(db, tables.map((t) => ({ sql: `VACUUM (ANALYZE) ${t}` }))));
}

interface Latencies {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

async function latencies(client: PoolClient, name: string, sql: string, params: () => unknown[], count: number): Promise<Latencies> {
  const samples: number[] = [];
  const deadline = performance.now() + SERIES_SECONDS * 1000;
  for (let i = 0; i < count && performance.now() < deadline; i += 1) {
    const start = performance.now();
    await client.query({ name, text: sql, values: params() });
    samples.push(performance.now() - start);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples), count: samples.length };
}

/** The same query with index scans disabled: the comparison an index has to beat. */
async function withoutIndexes(client: PoolClient, sql: string, params: () => unknown[], count: number): Promise<Latencies> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off;
      SET LOCAL enable_indexonlyscan = off; SET LOCAL statement_timeout = '60s'`);
    const samples: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const start = performance.now();
      await client.query(sql, params());
      samples.push(performance.now() - start);
    }
    return { p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples), count };
  } finally {
    await client.query('ROLLBACK');
  }
}

/** Prints EXPLAIN (ANALYZE, BUFFERS) (rolled back: the claim is an UPDATE) and which indexes it used. */
async function explain(client: PoolClient, title: string, sql: string, params: unknown[]): Promise<string[]> {
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    const plan = rows.map((r) => r['QUERY PLAN']);
    heading(`EXPLAIN (ANALYZE, BUFFERS): ${title}`);
    console.log(plan.join('\n'));
    const used = [...new Set(plan.flatMap((line) => [...line.matchAll(/(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)/g)].map((m) => m[1])))];
    const seq = plan.filter((line) => /Seq Scan on/.test(line)).map((line) => line.trim().replace(/\s+\(.*$/, ''));
    console.log(`→ indexes used: ${used.join(', ') || 'NONE'}${seq.length ? `; sequential scans: ${seq.join(', ')}` : ''}`);
    return used;
  } finally {
    await client.query('ROLLBACK');
  }
}

async function claimAll(client: PoolClient, now: Date): Promise<{ claimed: number; seconds: number; batches: number[] }> {
  let claimed = 0;
  const batches: number[] = [];
  const start = performance.now();
  for (;;) {
    const t = performance.now();
    const result = await client.query({ name: 'claim', text: CLAIM_SQL, values: [now, new Date(now.getTime() + 300_000), 1000] });
    batches.push(performance.now() - t);
    claimed += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < 1000) break;
  }
  return { claimed, seconds: (performance.now() - start) / 1000, batches };
}

async function main(): Promise<void> {
  const started = performance.now();
  heading(`scale: ${fmt(CARDS)} cards, ${fmt(CARDS * EVENTS_PER_CARD)} events, ${fmt(DUE_TIMERS)} due timers`);
  const url = REUSE ? benchDatabaseUrl(DB) : await freshDatabase(DB);
  console.log(await serverVersions(url));
  const db = pool(url, 4);
  try {
    if (REUSE) {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cards');
      if (rows[0].n !== CARDS) throw new Error(`--reuse: ${DB} holds ${rows[0].n} cards, not ${CARDS}; run without --reuse`);
      await timed('due timers reset', () =>
        db.query(`UPDATE timers SET status = 'pending', claimed_until = NULL, attempts = 0 WHERE key LIKE 'due-%'`),
      );
      await db.query('VACUUM (ANALYZE) timers');
    } else {
      await timed('seeding in all', () => seed(db));
    }
    const sizes = await db.query<{ t: string; rows: string; size: string }>(
      `SELECT relname AS t, reltuples::bigint::text AS rows, pg_size_pretty(pg_total_relation_size(oid)) AS size
         FROM pg_class WHERE relname IN ('cards', 'card_events', 'timers') ORDER BY relname`,
    );
    table([['table', 'rows', 'size with indexes'], ...sizes.rows.map((r) => [r.t, fmt(Number(r.rows)), r.size])]);

    const client = await db.connect();
    try {
      const randomCard = (): number => Math.floor(Math.random() * CARDS);
      const district = (): string => DISTRICTS[Math.floor(Math.random() * DISTRICTS.length)];
      const today = new Date().toISOString().slice(0, 10);
      const lookupParams = (): unknown[] => [referenceOf(randomCard())];
      const overdueParams = (): unknown[] => [district()];
      const apiParams = (): unknown[] => [district(), today];
      const historyParams = (): unknown[] => [cardId(randomCard())];
      // A reference that exists must be found: guard against a seed/lookup mismatch.
      const probe = await client.query(LOOKUP_SQL, [referenceOf(12345 % CARDS)]);
      if (probe.rowCount !== 1) throw new Error('seeded reference not found: referenceOf() and the seed disagree');

      const plans = {
        lookup: await explain(client, 'status lookup by reference', LOOKUP_SQL, lookupParams()),
        history: await explain(client, 'history of a card', HISTORY_SQL, historyParams()),
        overdue: await explain(client, 'overdue list of a district (indexed form)', OVERDUE_INDEXED_SQL, ['oslo']),
        overdueApi: await explain(client, 'overdue list as GET /v1/cards?overdue=true runs it', OVERDUE_API_SQL, ['oslo', today]),
        claim: await explain(client, 'sweeper claim of 1,000 due timers', CLAIM_SQL, [new Date(), new Date(Date.now() + 300_000), 1000]),
      };

      log('measuring latencies');
      const lookup = await latencies(client, 'lookup', LOOKUP_SQL, lookupParams, LOOKUPS);
      const history = await latencies(client, 'history', HISTORY_SQL, historyParams, Math.min(LOOKUPS, 5000));
      const overdue = await latencies(client, 'overdue', OVERDUE_INDEXED_SQL, overdueParams, LISTS);
      const overdueApi = await latencies(client, 'overdue-api', OVERDUE_API_SQL, apiParams, LISTS);
      log('measuring the same queries with index scans disabled (a few samples each)');
      const lookupSeq = await withoutIndexes(client, LOOKUP_SQL, lookupParams, 3);
      const overdueSeq = await withoutIndexes(client, OVERDUE_INDEXED_SQL, overdueParams, 3);
      const overdueApiSeq = await withoutIndexes(client, OVERDUE_API_SQL, apiParams, 3);

      // The sweeper: first three batches with index scans disabled (rolled back), then every due
      // timer claimed for real in batches of 1,000.
      const now = new Date();
      await client.query('BEGIN');
      let seqClaimRate: number;
      try {
        await client.query(`SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexonlyscan = off`);
        const start = performance.now();
        let n = 0;
        for (let b = 0; b < 3; b += 1) {
          n += (await client.query(CLAIM_SQL, [now, new Date(now.getTime() + 300_000), 1000])).rowCount ?? 0;
        }
        seqClaimRate = n / ((performance.now() - start) / 1000);
      } finally {
        await client.query('ROLLBACK');
      }
      const claim = await claimAll(client, now);
      const claimRate = claim.claimed / claim.seconds;
      const reclaimPlan = await explain(client, 'sweeper reclaim of expired claims (runs every sweep)', RECLAIM_SQL, [
        new Date(now.getTime() + 600_000),
        new Date(now.getTime() + 900_000),
        1000,
      ]);

      heading('results (client-side, one connection, prepared statements)');
      const row = (name: string, l: Latencies, seq: Latencies, plan: string[]): string[] => [
        name,
        fmt(l.count),
        fmt(l.p50, 2),
        fmt(l.p99, 2),
        fmt(l.max, 2),
        fmt(seq.p50, 1),
        `${fmt(seq.p50 / l.p50, 0)}×`,
        plan.join(', ') || 'none',
      ];
      table([
        ['query', 'runs', 'p50 ms', 'p99 ms', 'max ms', 'no-index p50 ms', 'index gain', 'index used'],
        row('status lookup by reference', lookup, lookupSeq, plans.lookup),
        ['history of a card', fmt(history.count), fmt(history.p50, 2), fmt(history.p99, 2), fmt(history.max, 2), '-', '-', plans.history.join(', ')],
        row('overdue list (indexed form)', overdue, overdueSeq, plans.overdue),
        row('overdue list (API query)', overdueApi, overdueApiSeq, plans.overdueApi),
      ]);
      table([
        ['sweeper', 'timers', 'seconds', 'timers/s', 'batch p50 ms', 'batch p99 ms', 'no-index timers/s', 'index gain'],
        [
          'claim in batches of 1,000',
          fmt(claim.claimed),
          fmt(claim.seconds, 2),
          fmt(claimRate),
          fmt(percentile(claim.batches, 50), 1),
          fmt(percentile(claim.batches, 99), 1),
          fmt(seqClaimRate),
          `${fmt(claimRate / seqClaimRate, 1)}×`,
        ],
      ]);
      if (claim.claimed !== DUE_TIMERS) console.log(`WARNING: claimed ${claim.claimed} of ${DUE_TIMERS} due timers`);
      console.log(`reclaim query indexes: ${reclaimPlan.join(', ') || 'NONE (sequential scan of timers)'}`);

      verdicts([
        { name: 'status lookup p99', actual: lookup.p99, target: 10, kind: 'max', unit: 'ms' },
        { name: 'overdue list p99 (indexed form)', actual: overdue.p99, target: 50, kind: 'max', unit: 'ms' },
        { name: 'overdue list p99 (API query)', actual: overdueApi.p99, target: 50, kind: 'max', unit: 'ms' },
        { name: 'sweeper claim rate', actual: claimRate, target: 10_000, kind: 'min', unit: 'timers/s' },
      ]);
    } finally {
      client.release();
    }
  } finally {
    await db.end();
    if (!KEEP) await dropDatabase(DB);
  }
  log(`done in ${fmt((performance.now() - started) / 1000, 0)} s${KEEP ? ` (database ${DB} kept)` : ''}`);
}

function cardId(i: number): string {
  // md5('card' || i)::uuid, as seeded.
  return md5uuid(`card${i}`);
}

function md5uuid(text: string): string {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
