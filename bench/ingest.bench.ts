/**
 * Bench 2: recording events. `POST /v1/cards/{id}/events` under autocannon (64 connections) with a
 * realistic mix: each connection owns its own cards and walks each one through lifecycle laps
 * (booking, biometrics, order, production, mailing, a return and re-mailing, delivery, a loss that
 * starts the next lap, a quarter address events), so every request is a valid transition and a
 * refusal (409) is a finding, counted apart from successes.
 *
 * Compared in the same run, on the same database:
 * - the Node ceiling: a framework-free `node:http` + `pg` server (bench/support/bare-ingest-server.ts)
 *   doing the same checks and SQL (JSON parse, HS256 check, read the card, the card store's
 *   version-guarded write, prepared), one process, on copies of an API-opened card;
 * - pgbench at the same concurrency running that read and write (what Postgres alone does).
 * The ceiling and the API run back to back, `--rounds` times, alternating, so a noisy neighbour
 * hits both; the verdicts use the totals of all rounds.
 *
 * `--compare <built main.js>` also starts another build of the API (a copy of an earlier build, or
 * on another HTTP platform) on the same database, with cards of its own, measured in every round.
 *
 *   npm run bench:ingest [-- --connections 64 --seconds 20 --rounds 2 --cards-per-connection 32
 *                           --api-processes 1 --profile --compare <main.js> --compare-label Express]
 */
import { existsSync } from 'node:fs';
import autocannon from 'autocannon';
import { appendStatement, CARD_COLUMNS } from '@cardtrail/infra';
import type { PoliceDistrict } from '@cardtrail/card-lifecycle';
import { freshDatabase, pool, serverVersions } from './support/bench-database';
import { caseworkerTokens, lapStepRequest, LapRotation, openCards, type OpenedCard } from './support/bench-cards';
import { fmt, flagOption, heading, numberOption, stringOption, table, verdicts } from './support/bench-report';
import { clearPrefix, redis } from './support/bench-redis';
import {
  API_ENTRY,
  BARE_INGEST_ENTRY,
  LOG_DIR,
  portOption,
  serviceEnv,
  startService,
  stopAll,
  waitForHttp,
  type ServiceProcess,
} from './support/bench-services';
import { apiPids, cpuSnapshot, machineLine, printCpuUsage } from './support/cpu-usage';
import { pgbench } from './support/pgbench';
import { profilerSetup, startProfiling, stopProfiling, summariseProfile } from './support/cpu-profile-summary';
import { runBench } from './support/run-bench';

const DB = 'cardtrail_bench_ingest';
const PREFIX = 'bench-ingest';
const CONNECTIONS = Math.floor(numberOption('connections', 64));
const SECONDS = Math.floor(numberOption('seconds', 20));
const ROUNDS = Math.max(1, Math.floor(numberOption('rounds', 2)));
const CARDS_PER_CONNECTION = Math.floor(numberOption('cards-per-connection', 32));
const API_PROCESSES = Math.max(1, Math.floor(numberOption('api-processes', 1)));
const PROFILE = flagOption('profile');
const COMPARE_ENTRY = stringOption('compare');
const COMPARE_LABEL = stringOption('compare-label') ?? 'compared build';
const COMPARE_PROCESSES = Math.max(1, Math.floor(numberOption('compare-api-processes', API_PROCESSES)));

/** The issue's targets (ratios to the ceiling measured in the same run). */
const TARGET_SHARE_OF_CEILING = 80;
const TARGET_P99_FACTOR = 1.5;

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
  INSERT INTO card_events (card_id, seq, type, issue_number, occurred_at, actor, data, state)
  SELECT v.* FROM (VALUES (${card}, (:version + 1)::int, 'AddressConfirmed', (:issue_number)::int, now(), 'pgbench', '{"by": "caseworker"}'::jsonb, :state::jsonb))
    AS v(card_id, seq, type, issue_number, occurred_at, actor, data, state)
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

interface LoadResult {
  name: string;
  ok: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Map<number, number>;
  socketErrors: number;
  firstOther: string;
  byType: Map<string, number>;
}

/** `--connections` connections for `--seconds` against `base`, cards taken from `rotation`. */
async function load(name: string, base: string, rotation: LapRotation, tokens: Map<PoliceDistrict, string>): Promise<LoadResult> {
  const statuses = new Map<number, number>();
  const byType = new Map<string, number>();
  let firstOther = '';
  let firstError = '';
  // Cards are taken from the rotation (one request in flight per card; a refused card leaves
  // it and the answer is counted). autocannon resets a connection's context after every request
  // of a one-request list, hence this state lives out here.
  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: SECONDS,
    requests: [
      lapStepRequest(
        rotation,
        tokens,
        (status, body) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status !== 201 && !firstOther) firstOther = `${status} ${body.slice(0, 400)}`;
        },
        (type) => byType.set(type, (byType.get(type) ?? 0) + 1),
      ),
    ],
  });
  (instance as unknown as NodeJS.EventEmitter).on('reqError', (error: Error) => {
    firstError ||= error.message;
  });
  const result = await instance;
  const ok = statuses.get(201) ?? 0;
  const row: LoadResult = {
    name,
    ok,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    statuses,
    socketErrors: result.errors + result.timeouts,
    firstOther: firstOther || (firstError ? `socket error: ${firstError}` : ''),
    byType,
  };
  console.log(
    `${name}: ${fmt(ok / result.duration)} events/s, p50 ${fmt(row.p50, 1)} ms, p99 ${fmt(row.p99, 1)} ms; ` +
      `answers ${[...statuses.entries()].sort().map(([s, n]) => `${s}: ${fmt(n)}`).join(', ')}; socket errors ${row.socketErrors}`,
  );
  if (row.firstOther) console.log(`  first non-201: ${row.firstOther}`);
  return row;
}

/** Totals over rounds: rate from all successes over all seconds; the worst round's p99. */
function total(rows: LoadResult[]): { rps: number; p50: number; p99: number; max: number; ok: number; refused: number; other: number } {
  const ok = rows.reduce((s, r) => s + r.ok, 0);
  const seconds = rows.reduce((s, r) => s + r.seconds, 0);
  const refused = rows.reduce((s, r) => s + (r.statuses.get(409) ?? 0), 0);
  const other = rows.reduce(
    (s, r) => s + r.socketErrors + [...r.statuses.entries()].filter(([c]) => c !== 201 && c !== 409).reduce((a, [, n]) => a + n, 0),
    0,
  );
  return {
    rps: ok / seconds,
    ok,
    refused,
    other,
    p50: median(rows.map((r) => r.p50)),
    p99: Math.max(...rows.map((r) => r.p99)),
    max: Math.max(...rows.map((r) => r.max)),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const url = await freshDatabase(DB);
  const db = pool(url, 2);
  const r = redis();
  await clearPrefix(r, PREFIX);
  let api: ServiceProcess | undefined;
  let bare: ServiceProcess | undefined;
  let other: ServiceProcess | undefined;
  const profileFile = `${LOG_DIR}/ingest-api.cpuprofile`;
  try {
    const [apiPort, barePort] = [await portOption(numberOption('port', 0)), await portOption(0)];
    const base = `http://127.0.0.1:${apiPort}`;
    const bareBase = `http://127.0.0.1:${barePort}`;
    const prof = profilerSetup(PROFILE, profileFile);
    api = startService(
      'ingest-api',
      API_ENTRY,
      serviceEnv({ databaseUrl: url, queuePrefix: PREFIX, port: apiPort, extra: { API_PROCESSES: String(API_PROCESSES), ...prof.env } }),
      prof.nodeArgs,
    );
    await waitForHttp(`${base}/health/live`, api);
    const tokens = await caseworkerTokens();
    const cardCount = CONNECTIONS * CARDS_PER_CONNECTION;
    const cards = await openCards(base, tokens, cardCount);
    console.log(machineLine());
    console.log(
      `${await serverVersions(url)}; API pid ${api.pid} (API_PROCESSES=${API_PROCESSES}); ${fmt(cardCount)} cards opened through the API`,
    );
    // Card i starts the run i % 12 steps into its lap, so the measured mix covers the whole lap.
    const rotation = new LapRotation(cards, (i, lapLength) => i % lapLength);
    let warmUp = await advanceCards(base, rotation, tokens);
    console.log(`${fmt(warmUp)} events recorded to spread the cards over their lifecycle`);
    let otherBase = '';
    let otherRotation: LapRotation | undefined;
    if (COMPARE_ENTRY) {
      const port = await portOption(0);
      otherBase = `http://127.0.0.1:${port}`;
      other = startService(
        'ingest-api-compared',
        COMPARE_ENTRY,
        serviceEnv({ databaseUrl: url, queuePrefix: PREFIX, port, extra: { API_PROCESSES: String(COMPARE_PROCESSES), RUN_MIGRATIONS: 'false' } }),
      );
      await waitForHttp(`${otherBase}/health/live`, other);
      otherRotation = new LapRotation(await openCards(otherBase, tokens, cardCount), (i, lapLength) => i % lapLength);
      warmUp += await advanceCards(otherBase, otherRotation, tokens);
      console.log(`${COMPARE_LABEL} (${COMPARE_ENTRY}): ${fmt(cardCount)} cards of its own, opened and spread the same way`);
    }

    // The ceilings' cards: copies of an API-opened card (same row width), in the same table,
    // pgbench's and the bare server's apart, so none of the three touches another's cards.
    for (const prefix of ['pgb', 'bare']) {
      await db.query(
        `INSERT INTO cards (id, reference, duf_number, police_district, reason, applicant, address, opening, status,
           issue_number, version, state, created_by)
         SELECT md5($3 || n)::uuid, upper($3) || '-' || n, duf_number, police_district, reason, applicant, address, opening,
                status, issue_number, 0, state, created_by
           FROM cards, generate_series(1, $2::int) AS n WHERE id = $1`,
        [cards[0].id, cardCount, prefix],
      );
    }
    const { rows: bareIds } = await db.query<{ id: string }>(`SELECT md5('bare' || n)::uuid AS id FROM generate_series(1, $1::int) AS n`, [
      cardCount,
    ]);
    const bareCards: OpenedCard[] = bareIds.map((row, n) => ({ id: row.id, reference: `BARE-${n + 1}`, dufNumber: '', district: cards[0].district }));
    const bareRotation = new LapRotation(bareCards, (i, lapLength) => i % lapLength);

    bare = startService(
      'ingest-bare-node',
      BARE_INGEST_ENTRY,
      {
        ...serviceEnv({ databaseUrl: url, queuePrefix: PREFIX, port: barePort }),
        BARE_CARD_COLUMNS: CARD_COLUMNS.replace(/\s+/g, ' '),
        BARE_APPEND_STATEMENT: appendStatement(1),
        DB_POOL_SIZE: '10',
      },
    );
    await waitForHttp(`${bareBase}/health`, bare);

    const { rows: conn } = await db.query<{ free: number }>(
      `SELECT current_setting('max_connections')::int - count(*)::int AS free FROM pg_stat_activity`,
    );
    const pgClients = Math.min(CONNECTIONS, conn[0].free - 5);
    if (pgClients < CONNECTIONS) console.log(`note: only ${conn[0].free} connections free; pgbench runs ${pgClients} clients`);

    heading(`Postgres alone: pgbench, the card read and the append statement, ${pgClients} clients, ${SECONDS} s`);
    const pg = await pgbench({ url, script: appendScript(cardCount), clients: pgClients, seconds: SECONDS });
    console.log(`${fmt(pg.tps)} tps, p50 ${fmt(pg.p50Ms, 2)} ms, p99 ${fmt(pg.p99Ms, 2)} ms, failed ${pg.failed}`);

    const bareRows: LoadResult[] = [];
    const apiRows: LoadResult[] = [];
    const otherRows: LoadResult[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      heading(`round ${round}/${ROUNDS}: ${CONNECTIONS} connections, ${SECONDS} s each, ceiling then API${other ? ` then ${COMPARE_LABEL}` : ''}`);
      let before = cpuSnapshot();
      bareRows.push(await load('bare Node ceiling', bareBase, bareRotation, tokens));
      printCpuUsage(before, cpuSnapshot(), { 'bare Node (node)': bare.pid, 'bench + autocannon (node)': process.pid });
      if (round === ROUNDS) startProfiling(api);
      before = cpuSnapshot();
      apiRows.push(await load('API', base, rotation, tokens));
      printCpuUsage(before, cpuSnapshot(), { ...apiPids(api), 'bench + autocannon (node)': process.pid });
      if (round === ROUNDS) await stopProfiling(api, profileFile);
      if (other && otherRotation) {
        before = cpuSnapshot();
        otherRows.push(await load(COMPARE_LABEL, otherBase, otherRotation, tokens));
        printCpuUsage(before, cpuSnapshot(), { ...apiPids(other), 'bench + autocannon (node)': process.pid });
      }
    }
    const profiled = PROFILE && existsSync(profileFile);

    const ceiling = total(bareRows);
    const theApi = total(apiRows);
    const stored = await db.query<{ n: string }>(
      `SELECT count(*) - ${warmUp} AS n FROM card_events e JOIN cards c ON c.id = e.card_id WHERE c.reference LIKE 'CT-%'`,
    );

    heading('results');
    table([
      ['', 'events/s', 'p50 ms', 'p99 ms', 'max ms', 'count', 'vs bare Node', 'vs pgbench'],
      ['pgbench: card read + append statement (Postgres alone)', fmt(pg.tps), fmt(pg.p50Ms, 1), fmt(pg.p99Ms, 1), '-', fmt(pg.transactions), '-', '100%'],
      ...[
        ['bare Node ceiling: node:http + pg, same checks and SQL, 1 process', ceiling],
        [`API POST /v1/cards/{id}/events (API_PROCESSES=${API_PROCESSES})`, theApi],
        ...(otherRows.length > 0 ? [[`${COMPARE_LABEL}, same rounds`, total(otherRows)]] : []),
      ].map(([name, t]) => {
        const row = t as ReturnType<typeof total>;
        return [
          name as string,
          fmt(row.rps),
          fmt(row.p50, 1),
          fmt(row.p99, 1),
          fmt(row.max, 1),
          fmt(row.ok),
          `${fmt((100 * row.rps) / ceiling.rps, 1)}%`,
          `${fmt((100 * row.rps) / pg.tps, 1)}%`,
        ];
      }),
    ]);
    console.log(
      `per round, API / ceiling: ${apiRows.map((a, i) => `${fmt((100 * (a.ok / a.seconds)) / (bareRows[i].ok / bareRows[i].seconds), 1)}%`).join(', ')} ` +
        `(p50 and p99 columns: median and worst round)`,
    );
    if (otherRows.length > 0) {
      console.log(
        `per round, API / ${COMPARE_LABEL}: ${apiRows.map((a, i) => `${fmt((100 * (a.ok / a.seconds)) / (otherRows[i].ok / otherRows[i].seconds), 1)}%`).join(', ')}; ` +
          `${COMPARE_LABEL} refusals ${total(otherRows).refused}, errors ${total(otherRows).other}`,
      );
    }
    console.log(`events stored by the APIs during the runs: ${fmt(Number(stored.rows[0].n))} (201s: ${fmt(theApi.ok + otherRows.reduce((s, r) => s + r.ok, 0))})`);
    const sent = apiRows.reduce((m, row) => {
      for (const [t, n] of row.byType) m.set(t, (m.get(t) ?? 0) + n);
      return m;
    }, new Map<string, number>());
    const sentTotal = [...sent.values()].reduce((a, b) => a + b, 0);
    console.log(`mix sent to the API: ${[...sent.entries()].map(([t, n]) => `${t} ${fmt((100 * n) / sentTotal, 0)}%`).join(', ')}`);
    if (profiled) summariseProfile(profileFile, 'API during the last ingest round');

    verdicts([
      { name: 'API events/s as % of the bare Node ceiling', actual: (100 * theApi.rps) / ceiling.rps, target: TARGET_SHARE_OF_CEILING, kind: 'min', unit: '%' },
      { name: 'API p99 as a multiple of the ceiling p99', actual: theApi.p99 / ceiling.p99, target: TARGET_P99_FACTOR, kind: 'max', unit: '×' },
      { name: 'refused (409) answers', actual: theApi.refused, target: 0, kind: 'max', unit: 'requests' },
      { name: 'errors (other non-201 answers and socket errors)', actual: theApi.other, target: 0, kind: 'max', unit: 'requests' },
    ]);
  } finally {
    await stopAll([api, bare, other]);
    await clearPrefix(r, PREFIX);
    r.disconnect();
    await db.end();
  }
}

/** Records the steps each card starts the run past, through the API (before measuring). */
async function advanceCards(base: string, rotation: LapRotation, tokens: Map<string, string>): Promise<number> {
  const { cards, laps, steps } = rotation;
  let next = 0;
  let recorded = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i = next++; i < cards.length; i = next++) {
        for (const step of laps[i].slice(0, steps[i])) {
          const response = await fetch(`${base}/v1/cards/${cards[i].id}/events`, {
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
