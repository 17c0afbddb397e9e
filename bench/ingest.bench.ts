/**
 * Bench 2: recording events. `POST /v1/cards/{id}/events` under autocannon (64 connections) with a
 * realistic mix: each connection owns its own cards and walks each one through lifecycle laps
 * (booking, biometrics, order, production, mailing, a return and re-mailing, delivery, a loss that
 * starts the next lap, a quarter address events), so every request is a valid transition and a
 * refusal (409) is a finding, counted apart from successes. The ceiling, in the same run and
 * database: pgbench at the same concurrency running the card store's append transaction (lock the
 * card row, then one statement inserting the event and the outbox row and updating the card) with
 * prepared statements, and the transaction's previous form for comparison. Only the API runs: the
 * worker's work is measured by the pipeline bench.
 *
 *   npm run bench:ingest [-- --connections 64 --seconds 20 --cards-per-connection 32 --profile]
 */
import autocannon from 'autocannon';
import { CARD_COLUMNS } from '@cardtrail/infra';
import { freshDatabase, pool, serverVersions } from './support/bench-database';
import { caseworkerTokens, LapRotation, openCards } from './support/bench-cards';
import { fmt, flagOption, heading, numberOption, table, verdicts } from './support/bench-report';
import { clearPrefix, redis } from './support/bench-redis';
import { API_ENTRY, LOG_DIR, serviceEnv, startService, stopAll, waitForHttp, type ServiceProcess } from './support/bench-services';
import { cpuSnapshot, loadAverage, printCpuUsage } from './support/cpu-usage';
import { pgbench } from './support/pgbench';
import { profilerSetup, startProfiling, stopProfiling, summariseProfile } from './support/cpu-profile-summary';
import { runBench } from './support/run-bench';

const DB = 'cardtrail_bench_ingest';
const PREFIX = 'bench-ingest';
const PORT = numberOption('port', 3901);
const CONNECTIONS = Math.floor(numberOption('connections', 64));
const SECONDS = Math.floor(numberOption('seconds', 20));
const CARDS_PER_CONNECTION = Math.floor(numberOption('cards-per-connection', 32));
const PROFILE = flagOption('profile');
const BASE = `http://127.0.0.1:${PORT}`;

/**
 * The append of libs/infra/src/cards/card-store.ts as the API runs it for a request without an
 * idempotency key, statement for statement, on cards of its own (ids md5('pgb' || n)) so it never
 * contends with the API's cards: read the card, then one statement, guarded by the version read,
 * writing the card, the event and the outbox row (data-modifying CTEs). No explicit transaction.
 */
function appendScript(cards: number): string {
  const card = `md5('pgb' || :n)::uuid`;
  return `\\set n random(1, ${cards})
SELECT ${CARD_COLUMNS.replace(/\s+/g, ' ')}, address FROM cards WHERE id = ${card} \\gset
WITH updated AS (
  UPDATE cards SET status = :status, issue_number = :issue_number, version = :version + 1, overdue = false,
    deadline_kind = NULL, due_date = NULL, delivered_at = NULL, delivered_late = NULL,
    address = :address, state = :state, updated_at = now()
  WHERE id = ${card} AND version = :version RETURNING updated_at
), inserted AS (
  INSERT INTO card_events (card_id, seq, type, issue_number, occurred_at, actor, data)
  SELECT v.* FROM (VALUES (${card}, (:version + 1)::int, 'AddressConfirmed', (:issue_number)::int, now(), 'pgbench', '{"by": "caseworker"}'::jsonb))
    AS v(card_id, seq, type, issue_number, occurred_at, actor, data)
  WHERE EXISTS (SELECT 1 FROM updated) RETURNING seq, recorded_at
), relayed AS (
  INSERT INTO outbox (topic, card_id, event_seq)
  SELECT 'card-event', ${card}, s FROM unnest(ARRAY[:version + 1]::int[]) AS s WHERE EXISTS (SELECT 1 FROM updated)
)
SELECT updated.updated_at, (SELECT array_agg(seq ORDER BY seq) FROM inserted) AS inserted_seqs,
  (SELECT array_agg(recorded_at ORDER BY seq) FROM inserted) AS inserted_recorded_at
FROM updated;
`;
}

/**
 * The append transaction as it was before (issue 5): three writes as separate statements and a
 * `pg_notify` that woke the relay. Kept as a comparison: what the statement merge and dropping
 * NOTIFY are worth to the database itself.
 */
function previousAppendScript(cards: number): string {
  return `\\set n random(1, ${cards})
BEGIN;
SELECT ${CARD_COLUMNS.replace(/\s+/g, ' ')}, address FROM cards WHERE id = md5('pgb' || :n)::uuid FOR UPDATE \\gset
INSERT INTO card_events (card_id, seq, type, issue_number, occurred_at, actor, data)
  VALUES (md5('pgb' || :n)::uuid, :version + 1, 'AddressConfirmed', :issue_number, now(), 'pgbench', '{"by": "caseworker"}') RETURNING seq, recorded_at;
INSERT INTO outbox (topic, card_id, event_seq) SELECT 'card-event', md5('pgb' || :n)::uuid, s FROM unnest(ARRAY[:version + 1]::int[]) AS s;
UPDATE cards SET status = :status, issue_number = :issue_number, version = :version + 1, overdue = false,
  deadline_kind = NULL, due_date = NULL, delivered_at = NULL, delivered_late = NULL,
  address = :address, state = :state, updated_at = now()
  WHERE id = md5('pgb' || :n)::uuid RETURNING ${CARD_COLUMNS.replace(/\s+/g, ' ')};
SELECT pg_notify('cardtrail_outbox', '');
END;
`;
}

async function main(): Promise<void> {
  const url = await freshDatabase(DB);
  const db = pool(url, 2);
  const r = redis();
  await clearPrefix(r, PREFIX);
  let api: ServiceProcess | undefined;
  const profileFile = `${LOG_DIR}/ingest-api.cpuprofile`;
  try {
    const prof = profilerSetup(PROFILE, profileFile);
    api = startService('ingest-api', API_ENTRY, serviceEnv({ databaseUrl: url, queuePrefix: PREFIX, port: PORT, extra: prof.env }), prof.nodeArgs);
    await waitForHttp(`${BASE}/health/live`, api);
    const tokens = await caseworkerTokens();
    const cardCount = CONNECTIONS * CARDS_PER_CONNECTION;
    const cards = await openCards(BASE, tokens, cardCount);
    console.log(`${await serverVersions(url)}; API pid ${api.pid}; ${fmt(cardCount)} cards opened through the API; load average ${loadAverage()}`);
    // Card i starts the run i % 12 steps into its lap, so the measured mix covers the whole lap.
    const rotation = new LapRotation(cards, (i, lapLength) => i % lapLength);
    const warmUp = await advanceCards(rotation, tokens);
    console.log(`${fmt(warmUp)} events recorded to spread the cards over their lifecycle`);

    // The ceiling's cards: copies of an API-opened card (same row width), in the same table.
    await db.query(
      `INSERT INTO cards (id, reference, duf_number, police_district, reason, applicant, address, opening, status,
         issue_number, version, state, created_by)
       SELECT md5('pgb' || n)::uuid, 'PGB-' || n, duf_number, police_district, reason, applicant, address, opening,
              status, issue_number, 0, state, created_by
         FROM cards, generate_series(1, $2::int) AS n WHERE id = $1`,
      [cards[0].id, cardCount],
    );
    const { rows: conn } = await db.query<{ free: number }>(
      `SELECT current_setting('max_connections')::int - count(*)::int AS free FROM pg_stat_activity`,
    );
    const pgClients = Math.min(CONNECTIONS, conn[0].free - 5);
    if (pgClients < CONNECTIONS) console.log(`note: only ${conn[0].free} connections free; pgbench runs ${pgClients} clients`);

    heading(`ceiling: pgbench, the append transaction, ${pgClients} clients, ${SECONDS} s`);
    const ceiling = await pgbench({ url, script: appendScript(cardCount), clients: pgClients, seconds: SECONDS });
    console.log(`${fmt(ceiling.tps)} tps, p50 ${fmt(ceiling.p50Ms, 2)} ms, p99 ${fmt(ceiling.p99Ms, 2)} ms, failed ${ceiling.failed}`);
    // The transaction as it was before issue 5 (separate statements, pg_notify, which serialises
    // every committing transaction on one lock): what those changes are worth to Postgres alone.
    const previousSeconds = Math.max(5, Math.round(SECONDS / 2));
    const previous = await pgbench({ url, script: previousAppendScript(cardCount), clients: pgClients, seconds: previousSeconds });
    console.log(`previous form, 6 statements with pg_notify (${previousSeconds} s): ${fmt(previous.tps)} tps, p50 ${fmt(previous.p50Ms, 2)} ms, p99 ${fmt(previous.p99Ms, 2)} ms`);

    heading(`API: autocannon, ${CONNECTIONS} connections, ${SECONDS} s, ${CARDS_PER_CONNECTION} cards per connection`);
    const statuses = new Map<number, number>();
    const byType = new Map<string, number>();
    let refusalSample = '';
    let firstError = '';
    startProfiling(api);
    const cpuBefore = cpuSnapshot();
    // Cards are taken from the rotation (one request in flight per card; a refused card leaves
    // it and the answer is counted). autocannon resets a connection's context after every request
    // of a one-request list, hence this state lives out here.
    const instance = autocannon({
      url: BASE,
      connections: CONNECTIONS,
      pipelining: 1,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const { card, step } = rotation.take();
            byType.set(step.type, (byType.get(step.type) ?? 0) + 1);
            return {
              ...request,
              path: `/v1/cards/${card.id}/events`,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(card.district)}` },
              body: JSON.stringify(step),
            };
          },
          onResponse: (status, body) => {
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status === 201) {
              rotation.release((JSON.parse(body) as { card?: { id?: string } }).card?.id);
            } else if (!refusalSample) {
              refusalSample = `${status} ${body.slice(0, 400)}`;
            }
          },
        },
      ],
    });
    (instance as unknown as NodeJS.EventEmitter).on('reqError', (error: Error) => {
      firstError ||= error.message;
    });
    const result = await instance;
    const cpuAfter = cpuSnapshot();
    const profiled = PROFILE && (await stopProfiling(api, profileFile));

    const ok = statuses.get(201) ?? 0;
    const refused = statuses.get(409) ?? 0;
    const otherErrors = [...statuses.entries()].filter(([s]) => s !== 201 && s !== 409);
    const rps = ok / result.duration;
    const stored = await db.query<{ n: string }>(`SELECT count(*) - ${warmUp} AS n FROM card_events e JOIN cards c ON c.id = e.card_id WHERE c.reference NOT LIKE 'PGB-%'`);

    table([
      ['', 'events/s', 'p50 ms', 'p99 ms', 'max ms', 'count'],
      ['pgbench: append transaction (ceiling)', fmt(ceiling.tps), fmt(ceiling.p50Ms, 2), fmt(ceiling.p99Ms, 2), '-', fmt(ceiling.transactions)],
      ['pgbench: previous form (separate writes + pg_notify)', fmt(previous.tps), fmt(previous.p50Ms, 2), fmt(previous.p99Ms, 2), '-', fmt(previous.transactions)],
      [
        'API: POST /v1/cards/{id}/events (201s)',
        fmt(rps),
        fmt(result.latency.p50, 2),
        fmt(result.latency.p99, 2),
        fmt(result.latency.max, 2),
        fmt(ok),
      ],
    ]);
    console.log(`API throughput is ${fmt((100 * rps) / ceiling.tps, 1)}% of the ceiling`);
    console.log(
      `responses: ${[...statuses.entries()].sort().map(([s, n]) => `${s}: ${fmt(n)}`).join(', ')}; ` +
        `socket errors ${result.errors}, timeouts ${result.timeouts}; events stored by the API: ${fmt(Number(stored.rows[0].n))}`,
    );
    console.log(`mix sent: ${[...byType.entries()].map(([t, n]) => `${t} ${fmt((100 * n) / result.requests.sent, 0)}%`).join(', ')}`);
    if (refusalSample) console.log(`first non-201 answer: ${refusalSample}`);
    if (firstError) console.log(`first socket error: ${firstError}`);

    printCpuUsage(cpuBefore, cpuAfter, { 'API (node)': api.pid, 'bench + autocannon (node)': process.pid });
    if (profiled) summariseProfile(profileFile, 'API during the ingest run');

    verdicts([
      { name: 'API events/s as % of the pgbench ceiling', actual: (100 * rps) / ceiling.tps, target: 50, kind: 'min', unit: '%' },
      { name: 'API p99 latency', actual: result.latency.p99, target: 50, kind: 'max', unit: 'ms' },
      { name: 'refused (409) answers', actual: refused, target: 0, kind: 'max', unit: 'requests' },
      { name: 'other non-201 answers', actual: otherErrors.reduce((s, [, n]) => s + n, 0), target: 0, kind: 'max', unit: 'requests' },
    ]);
  } finally {
    await stopAll([api]);
    await clearPrefix(r, PREFIX);
    r.disconnect();
    await db.end();
  }
}

/** Records the steps each card starts the run past, through the API (before measuring). */
async function advanceCards(rotation: LapRotation, tokens: Map<string, string>): Promise<number> {
  const { cards, laps, steps } = rotation;
  let next = 0;
  let recorded = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i = next++; i < cards.length; i = next++) {
        for (const step of laps[i].slice(0, steps[i])) {
          const response = await fetch(`${BASE}/v1/cards/${cards[i].id}/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(cards[i].district)}` },
            body: JSON.stringify(step),
          });
          if (response.status !== 201) throw new Error(`${step.type} answered ${response.status}: ${await response.text()}`);
          recorded += 1;
        }
      }
    }),
  );
  return recorded;
}

runBench(main);
