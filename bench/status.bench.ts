/**
 * Bench 3: the applicant status lookup, `POST /v1/status` {reference, dufNumber}, under autocannon
 * with the rate limit raised for the run, over many cards at various points of their lifecycle
 * (2% of lookups carry a wrong DUF number and must get the 404).
 *
 * Compared in the same run: the Node ceiling, a framework-free `node:http` + `pg` + `ioredis`
 * server (bench/support/bare-status-server.ts) doing the same checks (JSON parse, the same prepared
 * lookup, the rate limit's Redis read alongside it, the constant-time DUF compare, a failure counted
 * in Redis), one process; and `GET /health/live` on the same API (the framework's cost alone). The
 * ceiling and the API run back to back, `--rounds` times, alternating; the verdicts use the totals.
 *
 * `--compare <built main.js>` also starts another build of the API (say, a copy of the build before
 * a change, or on another HTTP platform) on the same database and measures it in every round too.
 *
 *   npm run bench:status [-- --connections 64 --seconds 15 --rounds 2 --cards 1000 --api-processes 1 --profile
 *                           --compare dist/express-baseline/apps/api/apps/api/src/main.js --compare-label Express]
 */
import { existsSync } from 'node:fs';
import autocannon, { type AutocannonResult } from 'autocannon';
import { freshDatabase, serverVersions } from './support/bench-database';
import { caseworkerTokens, lifecycleLap, openCards } from './support/bench-cards';
import { flagOption, fmt, heading, numberOption, sleep, stringOption, table, verdicts } from './support/bench-report';
import { clearPrefix, redis } from './support/bench-redis';
import {
  API_ENTRY,
  BARE_STATUS_ENTRY,
  LOG_DIR,
  portOption,
  serviceEnv,
  startService,
  stopAll,
  waitForHttp,
  type ServiceProcess,
} from './support/bench-services';
import { profilerSetup, startProfiling, stopProfiling, summariseProfile } from './support/cpu-profile-summary';
import { apiPids, cpuSnapshot, machineLine, printCpuUsage } from './support/cpu-usage';
import { runBench } from './support/run-bench';

const DB = 'cardtrail_bench_status';
const PREFIX = 'bench-status';
const BARE_PREFIX = 'bench-status-bare';
const CONNECTIONS = Math.floor(numberOption('connections', 64));
const SECONDS = Math.floor(numberOption('seconds', 15));
const ROUNDS = Math.max(1, Math.floor(numberOption('rounds', 2)));
const CARDS = Math.floor(numberOption('cards', 1000));
const API_PROCESSES = Math.max(1, Math.floor(numberOption('api-processes', 1)));
const PROFILE = flagOption('profile');
const COMPARE_ENTRY = stringOption('compare');
const COMPARE_LABEL = stringOption('compare-label') ?? 'compared build';
const COMPARE_PROCESSES = Math.max(1, Math.floor(numberOption('compare-api-processes', API_PROCESSES)));
const RATE_LIMIT = '100000000';

/** The issue's targets (ratios to the ceiling measured in the same run). */
const TARGET_SHARE_OF_CEILING = 60;
const TARGET_P99_FACTOR = 2;

interface Row {
  name: string;
  result: AutocannonResult;
  ok: number;
}

async function main(): Promise<void> {
  const url = await freshDatabase(DB);
  const r = redis();
  await clearPrefix(r, PREFIX);
  await clearPrefix(r, BARE_PREFIX);
  let api: ServiceProcess | undefined;
  let bare: ServiceProcess | undefined;
  let other: ServiceProcess | undefined;
  const profileFile = `${LOG_DIR}/status-api.cpuprofile`;
  try {
    const [apiPort, barePort] = [await portOption(numberOption('port', 0)), await portOption(0)];
    const base = `http://127.0.0.1:${apiPort}`;
    const bareBase = `http://127.0.0.1:${barePort}`;
    const prof = profilerSetup(PROFILE, profileFile);
    api = startService(
      'status-api',
      API_ENTRY,
      serviceEnv({
        databaseUrl: url,
        queuePrefix: PREFIX,
        port: apiPort,
        extra: { STATUS_RATE_LIMIT_PER_MINUTE: RATE_LIMIT, API_PROCESSES: String(API_PROCESSES), ...prof.env },
      }),
      prof.nodeArgs,
    );
    bare = startService('status-bare-node', BARE_STATUS_ENTRY, {
      ...serviceEnv({ databaseUrl: url, queuePrefix: BARE_PREFIX, port: barePort }),
      STATUS_RATE_LIMIT_PER_MINUTE: RATE_LIMIT,
      DB_POOL_SIZE: '10',
    });
    await waitForHttp(`${base}/health/live`, api);
    await waitForHttp(`${bareBase}/health`, bare);
    const otherBase = `http://127.0.0.1:${await portOption(0)}`;
    if (COMPARE_ENTRY) {
      other = startService(
        'status-api-compared',
        COMPARE_ENTRY,
        serviceEnv({
          databaseUrl: url,
          queuePrefix: PREFIX,
          port: Number(new URL(otherBase).port),
          extra: { STATUS_RATE_LIMIT_PER_MINUTE: RATE_LIMIT, API_PROCESSES: String(COMPARE_PROCESSES), RUN_MIGRATIONS: 'false' },
        }),
      );
      await waitForHttp(`${otherBase}/health/live`, other);
    }
    const tokens = await caseworkerTokens();
    const cards = await openCards(base, tokens, CARDS);
    // Move card i through the first i % 11 steps of a lap, so the views differ (booked, mailed,
    // returned, delivered …), as the lookups of a real day would.
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < cards.length; i = next++) {
          const lap = lifecycleLap(i);
          for (const step of lap.slice(0, i % 11)) {
            const response = await fetch(`${base}/v1/cards/${cards[i].id}/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(cards[i].district)}` },
              body: JSON.stringify(step),
            });
            if (response.status !== 201) throw new Error(`${step.type} answered ${response.status}: ${await response.text()}`);
          }
        }
      }),
    );
    console.log(machineLine());
    console.log(`${await serverVersions(url)}; API pid ${api.pid} (API_PROCESSES=${API_PROCESSES}); ${fmt(CARDS)} cards opened and moved along`);
    await sleep(300);

    const bodies = cards.map((c, i) => JSON.stringify({ reference: c.reference, dufNumber: i % 50 === 0 ? '201099999999' : c.dufNumber }));
    const run = async (name: string, target: string, method: 'GET' | 'POST', pids: Record<string, number>): Promise<Row> => {
      let i = 0;
      let ok = 0;
      const cpuBefore = cpuSnapshot();
      const result = await autocannon({
        url: target,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: [
          {
            method,
            setupRequest: (request) => ({
              ...request,
              headers: { 'content-type': 'application/json', 'accept-language': i % 3 === 0 ? 'nb' : 'en' },
              body: method === 'POST' ? bodies[i++ % bodies.length] : undefined,
            }),
            onResponse: (status) => {
              if (status === 200 || status === 404) ok += 1;
            },
          },
        ],
      });
      console.log(
        `${name}: ${fmt(ok / result.duration)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; ` +
          `codes ${Object.entries(result.statusCodeStats).map(([c, s]) => `${c}: ${fmt(s.count)}`).join(', ')}; socket errors ${result.errors + result.timeouts}`,
      );
      printCpuUsage(cpuBefore, cpuSnapshot(), { ...pids, 'bench + autocannon (node)': process.pid });
      return { name, result, ok };
    };

    heading(`framework alone: API GET /health/live, ${CONNECTIONS} connections, ${SECONDS} s`);
    const live = await run('API GET /health/live', `${base}/health/live`, 'GET', apiPids(api));
    const bareRows: Row[] = [];
    const apiRows: Row[] = [];
    const otherRows: Row[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      heading(`round ${round}/${ROUNDS}: ${CONNECTIONS} connections, ${SECONDS} s each, ceiling then API${other ? ` then ${COMPARE_LABEL}` : ''}`);
      bareRows.push(await run('bare Node ceiling', `${bareBase}/v1/status`, 'POST', { 'bare Node (node)': bare.pid }));
      if (round === ROUNDS) startProfiling(api);
      apiRows.push(await run('API POST /v1/status', `${base}/v1/status`, 'POST', apiPids(api)));
      if (round === ROUNDS) await stopProfiling(api, profileFile).then(() => undefined);
      if (other) otherRows.push(await run(`${COMPARE_LABEL} POST /v1/status`, `${otherBase}/v1/status`, 'POST', apiPids(other)));
    }
    const profiled = PROFILE && existsSync(profileFile);

    heading('results');
    const ceiling = total(bareRows);
    const theApi = total(apiRows);
    const liveTotal = total([live]);
    table([
      ['', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'API status vs this'],
      ['bare Node ceiling: node:http + pg + ioredis, same checks, 1 process', ...cells(ceiling), `${fmt((100 * theApi.rps) / ceiling.rps, 1)}%`],
      ['API GET /health/live (the framework alone, no I/O)', ...cells(liveTotal), `${fmt((100 * theApi.rps) / liveTotal.rps, 1)}%`],
      [`API POST /v1/status (API_PROCESSES=${API_PROCESSES})`, ...cells(theApi), '100%'],
      ...(otherRows.length > 0
        ? [[`${COMPARE_LABEL} POST /v1/status, same rounds`, ...cells(total(otherRows)), `${fmt((100 * theApi.rps) / total(otherRows).rps, 1)}%`]]
        : []),
    ]);
    if (otherRows.length > 0) {
      console.log(
        `${COMPARE_LABEL} / ceiling: ${fmt((100 * total(otherRows).rps) / ceiling.rps, 1)}%; per round, API / ${COMPARE_LABEL}: ` +
          apiRows.map((a, i) => `${fmt((100 * rate(a)) / rate(otherRows[i]), 1)}%`).join(', '),
      );
    }
    console.log(
      `per round, API / ceiling: ${apiRows.map((a, i) => `${fmt((100 * rate(a)) / rate(bareRows[i]), 1)}%`).join(', ')} ` +
        `(p50 and p99 columns: median and worst round)`,
    );
    const codes = new Map<string, number>();
    for (const row of apiRows) for (const [c, s] of Object.entries(row.result.statusCodeStats)) codes.set(c, (codes.get(c) ?? 0) + s.count);
    console.log(
      `API status answers: ${[...codes.entries()].map(([c, n]) => `${c}: ${fmt(n)}`).join(', ')} ` +
        `(404s are the 2% wrong DUF numbers, as expected; anything else is an error)`,
    );
    if (profiled) summariseProfile(profileFile, 'API during the last status round');
    const unexpected =
      [...codes.entries()].filter(([c]) => c !== '200' && c !== '404').reduce((s, [, n]) => s + n, 0) +
      apiRows.reduce((s, row) => s + row.result.errors + row.result.timeouts, 0);
    verdicts([
      { name: 'API req/s as % of the bare Node ceiling', actual: (100 * theApi.rps) / ceiling.rps, target: TARGET_SHARE_OF_CEILING, kind: 'min', unit: '%' },
      { name: 'API p99 as a multiple of the ceiling p99', actual: theApi.p99 / ceiling.p99, target: TARGET_P99_FACTOR, kind: 'max', unit: '×' },
      { name: 'unexpected answers (not 200/404) and socket errors', actual: unexpected, target: 0, kind: 'max', unit: 'answers' },
    ]);
  } finally {
    await stopAll([api, bare, other]);
    await clearPrefix(r, PREFIX);
    await clearPrefix(r, BARE_PREFIX);
    r.disconnect();
  }
}

const rate = (row: Row): number => row.ok / row.result.duration;

/** Totals over rounds: rate from all answers over all seconds; median p50, worst p99. */
function total(rows: Row[]): { rps: number; p50: number; p99: number; max: number } {
  const ok = rows.reduce((s, r) => s + r.ok, 0);
  const seconds = rows.reduce((s, r) => s + r.result.duration, 0);
  const p50s = rows.map((r) => r.result.latency.p50).sort((a, b) => a - b);
  return {
    rps: ok / seconds,
    p50: p50s[Math.floor(p50s.length / 2)],
    p99: Math.max(...rows.map((r) => r.result.latency.p99)),
    max: Math.max(...rows.map((r) => r.result.latency.max)),
  };
}

function cells(t: ReturnType<typeof total>): string[] {
  return [fmt(t.rps), fmt(t.p50, 1), fmt(t.p99, 1), fmt(t.max, 1)];
}

runBench(main);
