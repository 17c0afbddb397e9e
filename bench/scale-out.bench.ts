/**
 * Bench 7: scale-out. The same load on one API and one worker, then on two APIs and two workers
 * sharing one Postgres and one Redis: what more processes give on this machine, and that they
 * stay correct together.
 *
 * Each layout gets a fresh database and queue prefix and the same offered load: `--connections`
 * (32) and `--connections` × `--cards-per-connection` cards in all, split evenly between the APIs.
 * autocannon drives `POST /v1/cards/{id}/events` on every API at once (each card walked through
 * valid lifecycle laps from its booking, one request in flight per card) for `--seconds`. The workers run the whole time; after the load the bench waits until
 * every event has its reaction and every notification that fell due is settled, then counts:
 * - ingest: events recorded per second (201s over the load's duration), p99 latency, non-201s;
 * - pipeline: reactions per second from the first to the last, events without a reaction;
 * - duplicates: deliveries the local webhook receiver got more than once per `Idempotency-Key`,
 *   breaches recorded twice on one card (a reaction twice is impossible by the processed_events
 *   key; events left without one are counted).
 * The workers' clocks are pinned to a working day at 10:00 Oslo (as bench:pipeline), so applicant
 * messages are sent at once whatever the hour.
 *
 *   npm run bench:scale-out [-- --connections 32 --seconds 20 --cards-per-connection 16]
 */
import autocannon from 'autocannon';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PoliceDistrict } from '@cardtrail/card-lifecycle';
import { caseworkerTokens, lapStepRequest, LapRotation, openCards } from './support/bench-cards';
import { daytimeOffsetMs } from './support/bench-clock';
import { freshDatabase, pool } from './support/bench-database';
import { progress } from './support/bench-progress';
import { fmt, heading, numberOption, sleep, table, verdicts } from './support/bench-report';
import { clearPrefix, redis, redisVersion } from './support/bench-redis';
import {
  API_ENTRY,
  WORKER_ENTRY,
  freePort,
  serviceEnv,
  startService,
  stopAll,
  waitForHttp,
  type ServiceProcess,
} from './support/bench-services';
import { machineLine } from './support/cpu-usage';
import { runBench } from './support/run-bench';

/** In all, split between the APIs (an even number). */
const CONNECTIONS = 2 * Math.ceil(numberOption('connections', 32) / 2);
const SECONDS = Math.floor(numberOption('seconds', 20));
const CARDS_PER_CONNECTION = Math.floor(numberOption('cards-per-connection', 16));
const TIMEOUT_S = numberOption('timeout', 300);
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

/** A local receiver that answers 204 and counts deliveries per Idempotency-Key. */
async function startReceiver(): Promise<{ server: Server; url: string; byKey: Map<string, number> }> {
  const byKey = new Map<string, number>();
  const server = createServer((req, res) => {
    const key = String(req.headers['idempotency-key'] ?? '');
    req.resume();
    req.on('end', () => {
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notifications`, byKey };
}

interface LayoutResult {
  layout: string;
  recorded: number;
  ingestPerSecond: number;
  p99: number;
  refused: number;
  reactionsPerSecond: number;
  unreacted: number;
  deliveries: number;
  duplicateDeliveries: number;
  doubleBreaches: number;
}

async function loadOne(base: string, connections: number, rotation: LapRotation, tokens: Map<PoliceDistrict, string>) {
  let ok = 0;
  let other = 0;
  const answers = new Map<string, number>();
  const result = await autocannon({
    url: base,
    connections,
    pipelining: 1,
    duration: SECONDS,
    requests: [
      lapStepRequest(rotation, tokens, (status, body) => {
        if (status === 201) {
          ok += 1;
          return;
        }
        other += 1;
        const what = `${status} ${(/"code":"([^"]+)"/.exec(body) ?? /"title":"([^"]+)"/.exec(body))?.[1] ?? ''}`;
        answers.set(what, (answers.get(what) ?? 0) + 1);
      }),
    ],
  });
  if (answers.size > 0) console.log(`  ${base}: answers other than 201: ${[...answers].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  return { ok, other: other + result.errors + result.timeouts, p99: result.latency.p99, seconds: result.duration };
}

async function runLayout(processes: number, offsetMs: number): Promise<LayoutResult> {
  const layout = `${processes} API + ${processes} worker${processes > 1 ? 's' : ''}`;
  const name = `cardtrail_bench_scale_out_${processes}`;
  const prefix = `bench-scale-out-${processes}`;
  const url = await freshDatabase(name);
  const db = pool(url, 2);
  const r = redis();
  await clearPrefix(r, prefix);
  const receiver = await startReceiver();
  const services: ServiceProcess[] = [];
  const nodeArgs = ['-r', `${__dirname}/support/pinned-clock.preload.js`];
  const extra = {
    NOTIFY_WEBHOOK_URL: receiver.url,
    NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
    BENCH_CLOCK_OFFSET_MS: String(offsetMs),
  };
  try {
    heading(layout);
    const bases: string[] = [];
    for (let i = 0; i < processes; i += 1) {
      const port = await freePort();
      // The first API migrates the fresh database; the others start on it.
      const env = serviceEnv({ databaseUrl: url, queuePrefix: prefix, port, extra: { ...extra, RUN_MIGRATIONS: i === 0 ? 'true' : 'false' } });
      // The APIs keep the machine's clock (the bench's tokens are minted on it); the workers'
      // clock decides the sending window.
      const api = startService(`scale-out-api-${processes}-${i}`, API_ENTRY, env);
      services.push(api);
      await waitForHttp(`http://127.0.0.1:${port}/health/ready`, api);
      bases.push(`http://127.0.0.1:${port}`);
    }
    for (let i = 0; i < processes; i += 1) {
      const env = serviceEnv({ databaseUrl: url, queuePrefix: prefix, extra: { ...extra, RUN_MIGRATIONS: 'false' } });
      services.push(startService(`scale-out-worker-${processes}-${i}`, WORKER_ENTRY, env, nodeArgs));
    }
    const tokens = await caseworkerTokens();
    const rotations: LapRotation[] = [];
    for (const base of bases) {
      rotations.push(new LapRotation(await openCards(base, tokens, (CONNECTIONS * CARDS_PER_CONNECTION) / processes)));
    }
    // processed_at is written from the workers' pinned clock.
    const loadStart = new Date(Date.now() + offsetMs);
    const loads = await Promise.all(bases.map((base, i) => loadOne(base, CONNECTIONS / processes, rotations[i]!, tokens)));
    const recorded = loads.reduce((n, l) => n + l.ok, 0);
    const seconds = Math.max(...loads.map((l) => l.seconds));

    // Settled: every event reacted to, the outbox empty, nothing due still scheduled or in flight.
    const deadline = Date.now() + TIMEOUT_S * 1000;
    for (;;) {
      const p = await progress(db);
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM notifications WHERE status IN ('scheduled', 'sending') AND due_at <= now() + $1 * interval '1 millisecond'`,
        [offsetMs],
      );
      if (p.outbox === 0 && p.processed >= p.events && Number(rows[0]!.n) === 0) break;
      for (const s of services) if (!s.running) throw new Error(`${s.name} exited:\n${s.tail()}`);
      if (Date.now() > deadline) throw new Error(`${layout}: not settled after ${TIMEOUT_S} s: ${JSON.stringify(p)}`);
      await sleep(200);
    }
    const { rows: span } = await db.query<{ seconds: number; n: string }>(
      `SELECT extract(epoch FROM max(processed_at) - min(processed_at))::float8 AS seconds, count(*) AS n
         FROM processed_events WHERE processed_at >= $1`,
      [loadStart],
    );
    const { rows: checks } = await db.query<{ unreacted: string; double_breaches: string }>(
      `SELECT (SELECT count(*) FROM card_events e WHERE NOT EXISTS
                 (SELECT 1 FROM processed_events p WHERE p.card_id = e.card_id AND p.seq = e.seq)) AS unreacted,
              (SELECT count(*) FROM (SELECT card_id, data->>'issueNumber' FROM card_events WHERE type = 'DeadlineBreached'
                                      GROUP BY 1, 2 HAVING count(*) > 1) b) AS double_breaches`,
    );
    const deliveries = [...receiver.byKey.values()].reduce((n, c) => n + c, 0);
    const duplicateDeliveries = [...receiver.byKey.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
    const result: LayoutResult = {
      layout,
      recorded,
      ingestPerSecond: recorded / seconds,
      p99: Math.max(...loads.map((l) => l.p99)),
      refused: loads.reduce((n, l) => n + l.other, 0),
      reactionsPerSecond: Number(span[0]!.n) / Math.max(span[0]!.seconds, 0.001),
      unreacted: Number(checks[0]!.unreacted),
      deliveries,
      duplicateDeliveries,
      doubleBreaches: Number(checks[0]!.double_breaches),
    };
    console.log(
      `${fmt(recorded)} events recorded in ${fmt(seconds)} s (${fmt(result.ingestPerSecond)}/s, p99 ${fmt(result.p99)} ms, ` +
        `${fmt(result.refused)} not 201); ${fmt(Number(span[0]!.n))} reactions in ${fmt(span[0]!.seconds, 1)} s, ${fmt(deliveries)} deliveries`,
    );
    return result;
  } finally {
    await stopAll(services);
    await new Promise((resolve) => receiver.server.close(resolve));
    await clearPrefix(r, prefix);
    r.disconnect();
    await db.end();
  }
}

async function main(): Promise<void> {
  const { offsetMs, pinnedAt } = daytimeOffsetMs();
  const r = redis();
  console.log(machineLine());
  console.log(`${await redisVersion(r)}; workers' clocks pinned to ${pinnedAt.toISOString()} (a working day, 10:00 Oslo)`);
  r.disconnect();
  const one = await runLayout(1, offsetMs);
  const two = await runLayout(2, offsetMs);

  heading('comparison');
  table([
    ['', one.layout, two.layout, 'two / one'],
    ['events recorded per second', fmt(one.ingestPerSecond), fmt(two.ingestPerSecond), `${fmt((100 * two.ingestPerSecond) / one.ingestPerSecond)}%`],
    ['ingest p99 (ms)', fmt(one.p99), fmt(two.p99), ''],
    ['answers other than 201', fmt(one.refused), fmt(two.refused), ''],
    ['reactions per second (first to last)', fmt(one.reactionsPerSecond), fmt(two.reactionsPerSecond), `${fmt((100 * two.reactionsPerSecond) / one.reactionsPerSecond)}%`],
    ['events without a reaction', fmt(one.unreacted), fmt(two.unreacted), ''],
    ['webhook deliveries', fmt(one.deliveries), fmt(two.deliveries), ''],
    ['deliveries repeated (same Idempotency-Key)', fmt(one.duplicateDeliveries), fmt(two.duplicateDeliveries), ''],
    ['breaches recorded twice on a card', fmt(one.doubleBreaches), fmt(two.doubleBreaches), ''],
  ]);
  verdicts([
    { name: `${two.layout}: every event reacted to`, actual: two.unreacted, target: 0, kind: 'max', unit: 'events' },
    { name: `${two.layout}: no breach recorded twice`, actual: two.doubleBreaches, target: 0, kind: 'max', unit: 'cards' },
    { name: `${two.layout}: no delivery twice (no process crashed)`, actual: two.duplicateDeliveries, target: 0, kind: 'max', unit: 'deliveries' },
    { name: `${two.layout}: no refusal or error under load`, actual: two.refused, target: 0, kind: 'max', unit: 'answers' },
  ]);
}

runBench(main);
