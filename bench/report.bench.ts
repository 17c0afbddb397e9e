/**
 * Bench 7: the compliance report at production scale. Seeds a store of cards (1,000,000 by
 * default, opened evenly over the last two years, about 90% of them delivered; card rows only,
 * with a state document shaped like the service's) with set-based INSERT … SELECT
 * generate_series, then times the report as the API computes it, end to end (queries and the
 * figures in Node), all twelve districts:
 * - before: the report as it was (one query returning every delivered card's start and delivery
 *   date, median in Node; periods capped at 366 days), over one year and over two;
 * - after: the grouped query over `cards_delivery_report_idx` (index only) and the figures per
 *   district and month, over two years; and the same without that index (the old
 *   `cards_delivered_idx` in its place, in a rolled-back transaction).
 *
 *   npm run bench:report [-- --cards 1000000 --runs 5 --keep / --reuse]
 */
import { POLICE_DISTRICTS, createWorkingDayCalendar, endOfBusinessDay, isValidIsoDate, startOfBusinessDay } from '@cardtrail/card-lifecycle';
import { DeadlineReportStore, openDatabase } from '@cardtrail/infra';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { deadlineReport } from '../apps/api/src/reports/deadline-report';
import { benchDatabaseUrl, dropDatabase, freshDatabase, pool, serverVersions } from './support/bench-database';
import { flagOption, fmt, heading, numberOption, percentile, table } from './support/bench-report';

const DB = 'cardtrail_bench_report';
const CARDS = Math.floor(numberOption('cards', 1_000_000));
const RUNS = Math.floor(numberOption('runs', 5));
const KEEP = flagOption('keep') || flagOption('reuse');
const REUSE = flagOption('reuse');
const ZONE = 'Europe/Oslo';
const calendar = createWorkingDayCalendar();

const log = (msg: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function seed(db: Pool): Promise<void> {
  await db.query(`SET maintenance_work_mem = '512MB'; SET synchronous_commit = off`);
  const indexes = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cards' AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
  );
  for (const i of indexes.rows) await db.query(`DROP INDEX ${i.indexname}`);
  // Card i is opened (1 - i/N) × 730 days ago; biometrics 4 days later start the 20-working-day
  // count; 90% of the cards opened more than 60 days ago were delivered 18–41 days after opening.
  const sql = `
    INSERT INTO cards (id, reference, duf_number, police_district, reason, applicant, address, opening, status,
      issue_number, version, overdue, deadline_kind, due_date, delivered_at, delivered_late, state, created_by, created_at, updated_at)
    SELECT md5('card' || i)::uuid, 'CT-' || lpad(to_hex(i), 12, '0'), '2015' || lpad((i % 100000000)::text, 8, '0'),
           ($3::text[])[1 + i % 12], 'first',
           jsonb_build_object('fullName', 'Applicant Number ' || i, 'dateOfBirth', '1990-01-01', 'nationality', 'IN',
             'email', 'applicant' || i || '@example.org', 'preferredLanguage', 'en'),
           address, jsonb_build_object('dateOfBirth', '1990-01-01', 'address', address),
           CASE WHEN delivered_at IS NOT NULL THEN 'delivered' ELSE 'mailed' END, 1, 8, false, 'issue', due,
           delivered_at, delivered_at IS NOT NULL AND (delivered_at AT TIME ZONE 'Europe/Oslo')::date > due,
           jsonb_build_object('status', CASE WHEN delivered_at IS NOT NULL THEN 'delivered' ELSE 'mailed' END,
             'issueNumber', 1, 'dateOfBirth', '1990-01-01', 'address', address, 'addressConfirmedAt', opened + interval '3 days',
             'appointment', jsonb_build_object('at', opened + interval '4 days', 'station', 'Oslo sentrum', 'channel', 'portal'),
             'orderedAt', opened + interval '4 days',
             'deadline', jsonb_build_object('kind', 'issue', 'startDate', start, 'workingDays', 20, 'dueDate', due,
               'policyVersion', '2025-01', 'calendarVersion', 'no-holidays-v1', 'breachedAt', NULL),
             'overdue', false,
             'delivered', CASE WHEN delivered_at IS NULL THEN NULL ELSE jsonb_build_object('at', delivered_at,
               'late', (delivered_at AT TIME ZONE 'Europe/Oslo')::date > due, 'workingDaysLate', 0) END,
             'fee', NULL, 'lastEventAt', coalesce(delivered_at, opened + interval '15 days'),
             'timeline', jsonb_build_array(
               jsonb_build_object('status', 'appointment_booked', 'at', opened + interval '1 day', 'event', 'AppointmentBooked'),
               jsonb_build_object('status', 'biometrics_captured', 'at', opened + interval '4 days', 'event', 'BiometricsCaptured'),
               jsonb_build_object('status', 'ordered', 'at', opened + interval '4 days', 'event', 'CardOrdered'),
               jsonb_build_object('status', 'produced', 'at', opened + interval '10 days', 'event', 'CardProduced'),
               jsonb_build_object('status', 'mailed', 'at', opened + interval '15 days', 'event', 'CardMailed'))),
           'bench', opened, opened + interval '20 days'
      FROM (
        SELECT i, opened, start, start + 28 AS due, address,
               CASE WHEN opened < $2::timestamptz - interval '60 days' AND i % 10 <> 0
                    THEN opened + interval '18 days' + (i % 24) * interval '1 day' + interval '10 hours' END AS delivered_at
          FROM (SELECT i, $2::timestamptz - (1 - i::float8 / $4) * interval '730 days' AS opened,
                       (($2::timestamptz - (1 - i::float8 / $4) * interval '730 days') AT TIME ZONE 'Europe/Oslo')::date + 4 AS start,
                       jsonb_build_object('line1', 'Storgata ' || (1 + i % 200), 'postalCode', lpad((i % 10000)::text, 4, '0'), 'city', 'Oslo') AS address
                  FROM generate_series($1::int, $5::int - 1) AS i) AS g
      ) AS c`;
  const parts = 4;
  const size = Math.ceil(CARDS / parts);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parts }, (_, p) =>
      db.query(sql, [p * size, new Date(), POLICE_DISTRICTS, CARDS, Math.min(CARDS, (p + 1) * size)]),
    ),
  );
  log(`cards: ${fmt(CARDS)} rows in ${fmt((performance.now() - started) / 1000, 1)} s`);
  for (const i of indexes.rows) await db.query(i.indexdef);
  await db.query('VACUUM (ANALYZE) cards');
  log('indexes rebuilt, VACUUM ANALYZE done');
}

/** The report query and figures as they were before (apps/api/src/reports/reports.service.ts). */
async function reportBefore(db: Pool, from: string, to: string): Promise<number> {
  const { rows } = await db.query<{ start_dates: Array<string | null>; delivered_dates: string[]; delivered: string }>(
    `SELECT police_district,
            count(*) AS delivered,
            count(*) FILTER (WHERE delivered_late IS NOT TRUE) AS on_time,
            count(*) FILTER (WHERE delivered_late) AS late,
            array_agg(state->'deadline'->>'startDate') AS start_dates,
            array_agg(to_char(delivered_at AT TIME ZONE $4, 'YYYY-MM-DD')) AS delivered_dates
       FROM cards
      WHERE police_district = ANY($1::text[]) AND delivered_at >= $2 AND delivered_at < $3
      GROUP BY police_district`,
    [POLICE_DISTRICTS, startOfBusinessDay(from, ZONE), endOfBusinessDay(to, ZONE), ZONE],
  );
  let delivered = 0;
  for (const row of rows) {
    const days: number[] = [];
    row.start_dates.forEach((start, i) => {
      const end = row.delivered_dates[i];
      if (isValidIsoDate(start) && isValidIsoDate(end)) days.push(calendar.workingDaysBetween(start, end));
    });
    days.sort((a, b) => a - b);
    delivered += Number(row.delivered);
  }
  return delivered;
}

async function reportAfter(store: DeadlineReportStore, from: string, to: string): Promise<number> {
  const deliveries = await store.deliveries(POLICE_DISTRICTS, startOfBusinessDay(from, ZONE), endOfBusinessDay(to, ZONE), ZONE);
  const openOverdue = await store.openOverdue(POLICE_DISTRICTS, to);
  const report = deadlineReport({ from, to, districts: POLICE_DISTRICTS, deliveries, openOverdue, calendar });
  return report.districts.reduce((sum, d) => sum + d.delivered, 0);
}

async function timeRuns(what: string, run: () => Promise<number>): Promise<string[]> {
  const samples: number[] = [];
  let delivered = 0;
  for (let r = 0; r < RUNS; r += 1) {
    const start = performance.now();
    delivered = await run();
    samples.push(performance.now() - start);
  }
  log(`${what}: p50 ${fmt(percentile(samples, 50))} ms`);
  return [what, fmt(delivered), fmt(percentile(samples, 50)), fmt(Math.max(...samples))];
}

async function main(): Promise<void> {
  heading(`report: ${fmt(CARDS)} cards opened over two years, twelve districts, ${RUNS} runs each`);
  const url = REUSE ? benchDatabaseUrl(DB) : await freshDatabase(DB);
  console.log(await serverVersions(url));
  const db = pool(url, 2);
  const dataSource: DataSource = await openDatabase({ url, poolSize: 2, applicationName: 'cardtrail-bench' });
  try {
    if (!REUSE) await seed(db);
    const size = await db.query<{ size: string; delivered: string }>(
      `SELECT pg_size_pretty(pg_total_relation_size('cards')) AS size, count(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered FROM cards`,
    );
    console.log(`cards with indexes: ${size.rows[0].size}; delivered: ${fmt(Number(size.rows[0].delivered))}`);
    const today = new Date().toISOString().slice(0, 10);
    const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const twoYearsAgo = new Date(Date.now() - 730 * 86_400_000).toISOString().slice(0, 10);
    const store = new DeadlineReportStore(dataSource);

    const rows: string[][] = [['report, all districts', 'delivered cards', 'p50 ms', 'max ms']];
    rows.push(await timeRuns('before: one year (the longest allowed)', () => reportBefore(db, yearAgo, today)));
    rows.push(await timeRuns('before: two years (had the cap been lifted)', () => reportBefore(db, twoYearsAgo, today)));
    rows.push(await timeRuns('after: two years, per district and month', () => reportAfter(store, twoYearsAgo, today)));
    // The same without the covering index: rolled back, so the store is left as it was.
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query('DROP INDEX cards_delivery_report_idx');
      await runner.query('CREATE INDEX cards_delivered_idx ON cards (police_district, delivered_at) WHERE delivered_at IS NOT NULL');
      const inTx = new DeadlineReportStore({ query: (sql: string, params: unknown[]) => runner.query(sql, params) } as unknown as DataSource);
      rows.push(await timeRuns('after, without cards_delivery_report_idx', () => reportAfter(inTx, twoYearsAgo, today)));
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    const plan = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT police_district, (delivered_at AT TIME ZONE $4)::date, deadline_start,
         count(*) FILTER (WHERE delivered_late IS NOT TRUE), count(*) FILTER (WHERE delivered_late)
         FROM cards WHERE police_district = ANY($1::text[]) AND delivered_at IS NOT NULL AND delivered_at >= $2 AND delivered_at < $3 GROUP BY 1, 2, 3`,
      [POLICE_DISTRICTS, startOfBusinessDay(twoYearsAgo, ZONE), endOfBusinessDay(today, ZONE), ZONE],
    );
    heading('EXPLAIN (ANALYZE, BUFFERS): the grouped deliveries over two years');
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    heading('results (client-side, end to end: queries and figures in Node)');
    table(rows);
  } finally {
    await dataSource.destroy();
    await db.end();
    if (!KEEP) await dropDatabase(DB);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
