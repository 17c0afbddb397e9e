/**
 * Bench 3: the applicant status lookup, `POST /v1/status` {reference, dufNumber}, under autocannon
 * with the rate limit raised for the run, over many cards at various points of their lifecycle
 * (2% of lookups carry a wrong DUF number and must get the 404). Compared in the same run with
 * `GET /health/live` on the same API (the framework's own cost per request) and with a plain Node
 * `http` server answering a small POST (what Node does on this machine).
 *
 *   npm run bench:status [-- --connections 64 --seconds 15 --cards 1000 --profile]
 */
import { spawn } from 'node:child_process';
import autocannon, { type AutocannonResult } from 'autocannon';
import { freshDatabase, serverVersions } from './support/bench-database';
import { caseworkerTokens, lifecycleLap, openCards } from './support/bench-cards';
import { flagOption, fmt, heading, numberOption, sleep, table, verdicts } from './support/bench-report';
import { clearPrefix, redis } from './support/bench-redis';
import { API_ENTRY, LOG_DIR, serviceEnv, startService, stopAll, waitForHttp, type ServiceProcess } from './support/bench-services';
import { profilerSetup, startProfiling, stopProfiling, summariseProfile } from './support/cpu-profile-summary';
import { cpuSnapshot, loadAverage, printCpuUsage } from './support/cpu-usage';
import { runBench } from './support/run-bench';

const DB = 'cardtrail_bench_status';
const PREFIX = 'bench-status';
const PORT = numberOption('port', 3902);
const PLAIN_PORT = PORT + 100;
const CONNECTIONS = Math.floor(numberOption('connections', 64));
const SECONDS = Math.floor(numberOption('seconds', 15));
const CARDS = Math.floor(numberOption('cards', 1000));
const PROFILE = flagOption('profile');
const BASE = `http://127.0.0.1:${PORT}`;

const PLAIN_SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const parsed = JSON.parse(body || '{}');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ reference: parsed.reference, status: 'mailed', overdue: false }));
  });
}).listen(${PLAIN_PORT}, '127.0.0.1');`;

interface Row {
  name: string;
  result: AutocannonResult;
  ok: number;
}

async function main(): Promise<void> {
  const url = await freshDatabase(DB);
  const r = redis();
  await clearPrefix(r, PREFIX);
  let api: ServiceProcess | undefined;
  const plain = spawn(process.execPath, ['-e', PLAIN_SERVER], { stdio: 'ignore' });
  const profileFile = `${LOG_DIR}/status-api.cpuprofile`;
  try {
    const prof = profilerSetup(PROFILE, profileFile);
    api = startService(
      'status-api',
      API_ENTRY,
      serviceEnv({ databaseUrl: url, queuePrefix: PREFIX, port: PORT, extra: { STATUS_RATE_LIMIT_PER_MINUTE: '100000000', ...prof.env } }),
      prof.nodeArgs,
    );
    await waitForHttp(`${BASE}/health/live`, api);
    const tokens = await caseworkerTokens();
    const cards = await openCards(BASE, tokens, CARDS);
    // Move card i through the first i % 11 steps of a lap, so the views differ (booked, mailed,
    // returned, delivered …), as the lookups of a real day would.
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < cards.length; i = next++) {
          const lap = lifecycleLap(i);
          for (const step of lap.slice(0, i % 11)) {
            const response = await fetch(`${BASE}/v1/cards/${cards[i].id}/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(cards[i].district)}` },
              body: JSON.stringify(step),
            });
            if (response.status !== 201) throw new Error(`${step.type} answered ${response.status}: ${await response.text()}`);
          }
        }
      }),
    );
    console.log(`${await serverVersions(url)}; API pid ${api.pid}; ${fmt(CARDS)} cards opened and moved along; load average ${loadAverage()}`);
    await sleep(300);

    const bodies = cards.map((c, i) => JSON.stringify({ reference: c.reference, dufNumber: i % 50 === 0 ? '201099999999' : c.dufNumber }));
    const run = async (name: string, target: string, method: 'GET' | 'POST', withBodies: boolean, profile = false): Promise<Row> => {
      heading(`${name}: ${CONNECTIONS} connections, ${SECONDS} s`);
      let i = 0;
      let ok = 0;
      if (profile) startProfiling(api);
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
              body: withBodies ? bodies[i++ % bodies.length] : method === 'POST' ? '{"reference":"x"}' : undefined,
            }),
            onResponse: (status) => {
              if (status === 200 || status === 404) ok += 1;
            },
          },
        ],
      });
      printCpuUsage(cpuBefore, cpuSnapshot(), { 'API (node)': api?.pid, 'bench + autocannon (node)': process.pid, 'plain server (node)': plain.pid });
      console.log(
        `${fmt(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; ` +
          `codes ${Object.entries(result.statusCodeStats).map(([c, s]) => `${c}: ${fmt(s.count)}`).join(', ')}`,
      );
      return { name, result, ok };
    };

    const plainRow = await run('plain Node http server (baseline)', `http://127.0.0.1:${PLAIN_PORT}/`, 'POST', true);
    const liveRow = await run('API GET /health/live (framework baseline)', `${BASE}/health/live`, 'GET', false);
    const statusRow = await run('API POST /v1/status', `${BASE}/v1/status`, 'POST', true, PROFILE);
    const profiled = PROFILE && (await stopProfiling(api, profileFile));

    heading('results');
    const rps = (row: Row): number => row.ok / row.result.duration;
    const status = rps(statusRow);
    table([
      ['', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'status vs this'],
      ...[plainRow, liveRow, statusRow].map((row) => [
        row.name,
        fmt(row === plainRow || row === liveRow ? row.result.requests.average : rps(row)),
        fmt(row.result.latency.p50, 1),
        fmt(row.result.latency.p99, 1),
        fmt(row.result.latency.max, 1),
        `${fmt((100 * status) / (row === statusRow ? status : row.result.requests.average), 1)}%`,
      ]),
    ]);
    const codes = statusRow.result.statusCodeStats;
    console.log(
      `status answers: ${Object.entries(codes).map(([c, s]) => `${c}: ${fmt(s.count)}`).join(', ')} ` +
        `(404s are the 2% wrong DUF numbers, as expected; anything else is an error)`,
    );
    if (profiled) summariseProfile(profileFile, 'API during the status run');
    const unexpected = Object.entries(codes).filter(([c]) => c !== '200' && c !== '404').reduce((s, [, v]) => s + v.count, 0);
    verdicts([
      { name: 'POST /v1/status throughput', actual: status, target: 5000, kind: 'min', unit: 'req/s' },
      { name: 'POST /v1/status p99', actual: statusRow.result.latency.p99, target: 20, kind: 'max', unit: 'ms' },
      { name: 'unexpected answers (not 200/404)', actual: unexpected + statusRow.result.errors, target: 0, kind: 'max', unit: 'answers' },
    ]);
  } finally {
    plain.kill('SIGTERM');
    await stopAll([api]);
    await clearPrefix(r, PREFIX);
    r.disconnect();
  }
}

runBench(main);
