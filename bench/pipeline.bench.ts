/**
 * Bench 4: the pipeline behind an event: outbox → relay → BullMQ → reaction (processed_events,
 * timers, notifications, outbox row deleted).
 * 1. Throughput: N events are recorded through the card store while the worker is stopped, then
 *    the worker starts and works through them; the rate is N over the time from its first
 *    reaction to its last (processed_events.processed_at), so its start-up does not count. Done
 *    means: outbox empty, every event in processed_events, timers and notifications written.
 * 2. Lag: events recorded at 1,000/s (half the 2,000 events/s target; `--lag-rate`) with the
 *    worker running; commit-to-reaction lag is processed_at − recorded_at per event (both are
 *    now() of their transactions), p50/p99.
 * The worker's clock (and the recorder's) is pinned to a working day at 10:00 Oslo (a constant
 * offset, bench/support/pinned-clock.preload.ts), so applicant messages are sent, not re-timed to
 * 08:00, whatever the hour the bench runs at; they go to a local webhook receiver in this process
 * that answers 204 and counts them. Baseline in the same run: BullMQ alone on the same Redis,
 * no-op jobs added in bulk and processed at the worker's concurrency with the same trimming
 * options.
 *
 *   npm run bench:pipeline [-- --events 20000 --cards 2000 --lag-seconds 15 --lag-rate 1000 --profile]
 */
import { Queue, Worker } from 'bullmq';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { daytimeOffsetMs, offsetClock } from './support/bench-clock';
import { freshDatabase, pool } from './support/bench-database';
import { drained, progress } from './support/bench-progress';
import { BenchRecorder } from './support/bench-recorder';
import { flagOption, fmt, heading, numberOption, sleep, table, verdicts } from './support/bench-report';
import { REDIS_URL, clearPrefix, redis, redisVersion } from './support/bench-redis';
import { LOG_DIR, WORKER_ENTRY, serviceEnv, startService, stopAll, type ServiceProcess } from './support/bench-services';
import { profilerSetup, startProfiling, stopProfiling, summariseProfile } from './support/cpu-profile-summary';
import { cpuSnapshot, machineLine, printCpuUsage } from './support/cpu-usage';
import { runBench } from './support/run-bench';

const DB = 'cardtrail_bench_pipeline';
const PREFIX = 'bench-pipeline';
const NOOP_PREFIX = 'bench-pipeline-noop';
const EVENTS = Math.floor(numberOption('events', 20_000));
const CARDS = Math.floor(numberOption('cards', 2_000));
const LAG_SECONDS = numberOption('lag-seconds', 15);
const LAG_RATE = numberOption('lag-rate', 1000);
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

/** The targets. */
const TARGET_EVENTS_PER_SECOND = 2000;
const TARGET_LAG_P99_MS = 1000;

/** A local notification receiver: answers 204 to every POST and counts them. */
async function startReceiver(): Promise<{ server: Server; url: string; received: () => number }> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notifications`, received: () => received };
}
const NOOP_JOBS = Math.floor(numberOption('noop-jobs', 20_000));
const TIMEOUT_S = numberOption('timeout', 300);
const PROFILE = flagOption('profile');

/** BullMQ on its own: no-op jobs, the worker's job options, concurrency 20 (as the worker). */
async function bullmqNoop(): Promise<{ added: number; processed: number }> {
  const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
  const queue = new Queue('noop', { connection, prefix: NOOP_PREFIX });
  const jobs = Array.from({ length: NOOP_JOBS }, (_, i) => ({
    name: 'card-event',
    data: { cardId: '00000000-0000-0000-0000-000000000000', seq: i, outboxId: String(i) },
    opts: { jobId: `evt-${i}`, attempts: 10, removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } },
  }));
  const addStart = performance.now();
  for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
  const added = NOOP_JOBS / ((performance.now() - addStart) / 1000);
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const start = performance.now();
  const worker = new Worker(
    'noop',
    async () => {
      done += 1;
      if (done === NOOP_JOBS) finish();
    },
    { connection, prefix: NOOP_PREFIX, concurrency: 20 },
  );
  await finished;
  const processed = NOOP_JOBS / ((performance.now() - start) / 1000);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { added, processed };
}

async function main(): Promise<void> {
  const url = await freshDatabase(DB);
  const db = pool(url, 2);
  const r = redis();
  await clearPrefix(r, PREFIX);
  await clearPrefix(r, NOOP_PREFIX);
  const { offsetMs, pinnedAt } = daytimeOffsetMs();
  const recorder = await BenchRecorder.connect(url, 16, offsetClock(offsetMs));
  const receiver = await startReceiver();
  let worker: ServiceProcess | undefined;
  const profileFile = `${LOG_DIR}/pipeline-worker.cpuprofile`;
  const prof = profilerSetup(PROFILE, profileFile);
  const env = serviceEnv({
    databaseUrl: url,
    queuePrefix: PREFIX,
    extra: {
      RUN_MIGRATIONS: 'false',
      NOTIFY_WEBHOOK_URL: receiver.url,
      NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      BENCH_CLOCK_OFFSET_MS: String(offsetMs),
      ...prof.env,
    },
  });
  const nodeArgs = ['-r', `${__dirname}/support/pinned-clock.preload.js`, ...prof.nodeArgs];
  try {
    console.log(machineLine());
    console.log(
      `${await redisVersion(r)}; business clock pinned to ${pinnedAt.toISOString()} ` +
        `(${new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', dateStyle: 'full', timeStyle: 'short' }).format(pinnedAt)} Oslo), ` +
        `${fmt(offsetMs / 3_600_000, 1)} h ahead of the machine; notifications to ${receiver.url}`,
    );
    heading(`baseline: BullMQ alone, ${fmt(NOOP_JOBS)} no-op jobs, concurrency 20`);
    const noop = await bullmqNoop();
    console.log(`added in bulk: ${fmt(noop.added)} jobs/s; processed: ${fmt(noop.processed)} jobs/s`);

    await recorder.openCards(CARDS);
    // Warm-up: the worker starts, handles one event per card, and stops, so the measured run
    // starts with warm caches and no start-up cost.
    worker = startService('pipeline-worker', WORKER_ENTRY, env, nodeArgs);
    await recorder.record(CARDS);
    await drained(db, worker, TIMEOUT_S, 'warm-up');
    await worker.stop();

    heading(`throughput: ${fmt(EVENTS)} events over ${fmt(CARDS)} cards`);
    const recording = await recorder.record(EVENTS, { concurrency: 16 });
    console.log(`recorded through the card store (worker stopped): ${fmt(EVENTS / recording.seconds)} events/s`);
    const before = await progress(db);
    // processed_at is written from the worker's (pinned) clock; recorded_at is Postgres's now().
    const mark = new Date(Date.now() + offsetMs);
    worker = startService('pipeline-worker', WORKER_ENTRY, env, nodeArgs);
    // Profile and CPU accounting start with the first reaction: the worker's start-up is not the pipeline.
    while ((await progress(db)).processed === before.processed) {
      if (!worker.running) throw new Error(`worker exited during start:\n${worker.tail()}`);
      await sleep(20);
    }
    const cpuBefore = cpuSnapshot();
    startProfiling(worker);
    const after = await drained(db, worker, TIMEOUT_S, 'draining');
    const cpuAfter = cpuSnapshot();
    const profiled = PROFILE && (await stopProfiling(worker, profileFile));
    const { rows: span } = await db.query<{ seconds: number; n: string }>(
      `SELECT extract(epoch FROM max(processed_at) - min(processed_at))::float8 AS seconds, count(*) AS n
         FROM processed_events WHERE processed_at >= $1`,
      [mark],
    );
    const throughput = Number(span[0].n) / span[0].seconds;
    if (process.stdout.isTTY) console.log('');
    table([
      ['', 'before', 'after', 'added'],
      ...(['events', 'processed', 'outbox', 'timers', 'notifications'] as const).map((k) => [
        k,
        fmt(before[k]),
        fmt(after[k]),
        fmt(after[k] - before[k]),
      ]),
    ]);
    console.log(
      `worker: ${fmt(Number(span[0].n))} reactions in ${fmt(span[0].seconds, 2)} s (first to last) = ${fmt(throughput)} events/s`,
    );
    printCpuUsage(cpuBefore, cpuAfter, { 'worker (node)': worker.pid, 'bench (node)': process.pid });
    if (profiled) summariseProfile(profileFile, 'worker draining the backlog');

    const sentDuringDrain = receiver.received();
    const { rows: sentRows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM notifications WHERE status = 'sent'`);
    console.log(
      `notifications: ${fmt(sentDuringDrain)} received by the local webhook during warm-up and drain; ` +
        `${fmt(Number(sentRows[0].n))} recorded as sent`,
    );

    const rate = LAG_RATE;
    heading(`lag: ${fmt(rate)} events/s (half the ${fmt(TARGET_EVENTS_PER_SECOND)} events/s target) for ${LAG_SECONDS} s, worker running`);
    const lagMark = new Date();
    const paced = await recorder.record(Math.floor(rate * LAG_SECONDS), { concurrency: 16, perSecond: rate });
    await drained(db, worker, TIMEOUT_S, 'lag run');
    const { rows: lag } = await db.query<{ n: string; p50: number; p99: number; max: number }>(
      `SELECT count(*) AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM p.processed_at - e.recorded_at)) * 1000 - $2 AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM p.processed_at - e.recorded_at)) * 1000 - $2 AS p99,
              max(extract(epoch FROM p.processed_at - e.recorded_at)) * 1000 - $2 AS max
         FROM card_events e JOIN processed_events p USING (card_id, seq)
        WHERE e.recorded_at >= $1`,
      // processed_at is the worker's pinned clock, recorded_at Postgres's: the offset comes off.
      [lagMark, offsetMs],
    );
    if (process.stdout.isTTY) console.log('');
    table([
      ['', 'value'],
      ['events recorded (achieved rate)', `${fmt(Number(lag[0].n))} (${fmt(Number(lag[0].n) / paced.seconds)}/s)`],
      ['commit → reaction lag p50', `${fmt(Number(lag[0].p50), 1)} ms`],
      ['commit → reaction lag p99', `${fmt(Number(lag[0].p99), 1)} ms`],
      ['commit → reaction lag max', `${fmt(Number(lag[0].max), 1)} ms`],
    ]);
    if (recorder.refused > 0) console.log(`WARNING: ${recorder.refused} appends were refused by the decider`);

    heading('comparison');
    table([
      ['', 'per second', 'vs BullMQ no-op'],
      ['BullMQ no-op jobs processed (baseline)', fmt(noop.processed), '100%'],
      ['cardtrail pipeline, events reacted to (daytime clock, notifications sent)', fmt(throughput), `${fmt((100 * throughput) / noop.processed, 1)}%`],
      ['card store appends (recording)', fmt(EVENTS / recording.seconds), `${fmt((100 * EVENTS) / recording.seconds / noop.processed, 1)}%`],
    ]);
    verdicts([
      { name: 'pipeline throughput (daytime clock, notifications sent)', actual: throughput, target: TARGET_EVENTS_PER_SECOND, kind: 'min', unit: 'events/s' },
      { name: `commit → reaction lag p99 at ${fmt(rate)} events/s`, actual: Number(lag[0].p99), target: TARGET_LAG_P99_MS, kind: 'max', unit: 'ms' },
      { name: 'notifications received by the local webhook', actual: receiver.received(), target: 1, kind: 'min', unit: 'requests' },
    ]);
  } finally {
    await stopAll([worker]);
    await new Promise((resolve) => receiver.server.close(resolve));
    await recorder.close();
    await clearPrefix(r, PREFIX);
    await clearPrefix(r, NOOP_PREFIX);
    r.disconnect();
    await db.end();
  }
}

runBench(main);
