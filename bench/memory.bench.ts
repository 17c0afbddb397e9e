/**
 * Bench 6: memory. API and worker resident set size (VmRSS from /proc/<pid>/status) idle, and
 * peak while the API takes the ingest mix under autocannon and the worker reacts to it; then
 * Redis memory around jobs: 100,000 jobs through BullMQ with the worker's own job options
 * (removeOnComplete/removeOnFail trimming, job ids as the relay makes them) and a no-op
 * processor, and the real pipeline's keys after the load. Redis is shared with other users of
 * the machine, so besides `INFO memory` used_memory the bench sums `MEMORY USAGE` over its own
 * prefix's keys. Each figure is printed next to its idle value.
 *
 *   npm run bench:memory [-- --jobs 100000 --seconds 15 --connections 64]
 */
import autocannon from 'autocannon';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { EVENT_JOB_OPTIONS, cardEventJobId } from '../apps/worker/src/queues/worker-queues';
import { caseworkerTokens, LapRotation, lapStepRequest, openCards } from './support/bench-cards';
import { freshDatabase, pool } from './support/bench-database';
import { drained } from './support/bench-progress';
import { fmt, heading, numberOption, sleep, table, verdicts } from './support/bench-report';
import { REDIS_URL, clearPrefix, redis, redisVersion, usedMemory } from './support/bench-redis';
import { API_ENTRY, WORKER_ENTRY, portOption, serviceEnv, startService, stopAll, waitForHttp, type ServiceProcess } from './support/bench-services';
import { loadAverage } from './support/cpu-usage';
import { runBench } from './support/run-bench';

const DB = 'cardtrail_bench_memory';
const PREFIX = 'bench-memory';
const JOBS_PREFIX = 'bench-memory-jobs';
const JOBS = Math.floor(numberOption('jobs', 100_000));
const SECONDS = Math.floor(numberOption('seconds', 15));
const CONNECTIONS = Math.floor(numberOption('connections', 64));
const MiB = 1024 * 1024;

/** Bytes held by the keys under `prefix:` (MEMORY USAGE, exact for each key). */
async function prefixMemory(r: Redis, prefix: string): Promise<{ keys: number; bytes: number }> {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  do {
    const [next, batch] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    const pipeline = r.pipeline();
    for (const key of batch) pipeline.memory('USAGE', key, 'SAMPLES', '0');
    for (const [, value] of (await pipeline.exec()) ?? []) bytes += Number(value ?? 0);
    keys += batch.length;
  } while (cursor !== '0');
  return { keys, bytes };
}

async function main(): Promise<void> {
  const url = await freshDatabase(DB);
  const db = pool(url, 2);
  const r = redis();
  await clearPrefix(r, PREFIX);
  await clearPrefix(r, JOBS_PREFIX);
  let api: ServiceProcess | undefined;
  let worker: ServiceProcess | undefined;
  try {
    console.log(`${await redisVersion(r)}; load average ${loadAverage()}`);
    const redisIdle = await usedMemory(r);

    // 1. Redis around 100,000 jobs with the worker's job options.
    heading(`Redis: ${fmt(JOBS)} jobs with the worker's job options (removeOnComplete ${JSON.stringify(EVENT_JOB_OPTIONS.removeOnComplete)})`);
    const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
    const queue = new Queue('card-events', { connection, prefix: JOBS_PREFIX });
    const before = await prefixMemory(r, JOBS_PREFIX);
    for (let i = 0; i < JOBS; i += 1000) {
      await queue.addBulk(
        Array.from({ length: Math.min(1000, JOBS - i) }, (_, k) => {
          const cardId = `00000000-0000-4000-8000-${String(i + k).padStart(12, '0')}`;
          return { name: 'card-event', data: { cardId, seq: 1, outboxId: String(i + k) }, opts: { ...EVENT_JOB_OPTIONS, jobId: cardEventJobId(cardId, 1) } };
        }),
      );
    }
    const queued = await prefixMemory(r, JOBS_PREFIX);
    const usedQueued = await usedMemory(r);
    let done = 0;
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const noop = new Worker('card-events', async () => {
      if (++done === JOBS) finish();
    }, { connection, prefix: JOBS_PREFIX, concurrency: 20 });
    await finished;
    await noop.close();
    await sleep(500);
    const processed = await prefixMemory(r, JOBS_PREFIX);
    const usedProcessed = await usedMemory(r);
    table([
      ['', 'keys', 'bytes of the prefix', 'INFO used_memory'],
      ['before (idle)', fmt(before.keys), `${fmt(before.bytes / MiB, 2)} MiB`, `${fmt(redisIdle / MiB, 1)} MiB`],
      [`${fmt(JOBS)} jobs waiting`, fmt(queued.keys), `${fmt(queued.bytes / MiB, 2)} MiB`, `${fmt(usedQueued / MiB, 1)} MiB`],
      [`${fmt(JOBS)} jobs processed`, fmt(processed.keys), `${fmt(processed.bytes / MiB, 2)} MiB`, `${fmt(usedProcessed / MiB, 1)} MiB`],
    ]);
    console.log(`per waiting job: ${fmt(queued.bytes / JOBS)} bytes; after processing, trimming keeps ${fmt(processed.bytes / MiB, 2)} MiB (${fmt(processed.bytes / queued.bytes * 100, 1)}% of the peak)`);
    await queue.obliterate({ force: true });
    await queue.close();

    // 2. API and worker RSS, idle and under load.
    const port = await portOption(numberOption('port', 0));
    const BASE = `http://127.0.0.1:${port}`;
    const env = serviceEnv({ databaseUrl: url, queuePrefix: PREFIX, port });
    api = startService('memory-api', API_ENTRY, env);
    await waitForHttp(`${BASE}/health/live`, api);
    worker = startService('memory-worker', WORKER_ENTRY, { ...env, RUN_MIGRATIONS: 'false' });
    const tokens = await caseworkerTokens();
    const cards = await openCards(BASE, tokens, CONNECTIONS * 16);
    await sleep(3000);
    const idle = { api: api.rssKb(), worker: worker.rssKb() };
    const pipelineIdle = await prefixMemory(r, PREFIX);

    heading(`load: ingest mix, ${CONNECTIONS} connections, ${SECONDS} s, worker reacting`);
    const peak = { api: idle.api, worker: worker.rssKb() };
    const sampler = setInterval(() => {
      if (api?.running) peak.api = Math.max(peak.api, api.rssKb());
      if (worker?.running) peak.worker = Math.max(peak.worker, worker.rssKb());
    }, 250);
    const rotation = new LapRotation(cards);
    let ok = 0;
    const result = await autocannon({
      url: BASE,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        lapStepRequest(rotation, tokens, (status) => {
          if (status === 201) ok += 1;
        }),
      ],
    });
    const drainedAt = await drained(db, worker, 300, 'worker catching up');
    clearInterval(sampler);
    const pipelineAfter = await prefixMemory(r, PREFIX);
    console.log(`${fmt(ok)} events recorded (${fmt(ok / result.duration)}/s), ${fmt(drainedAt.processed)} reactions, ${fmt(drainedAt.notifications)} notifications, ${fmt(drainedAt.timers)} timers`);
    await sleep(2000);
    const after = { api: api.rssKb(), worker: worker.rssKb() };

    heading('results');
    table([
      ['', 'idle', 'peak under load', 'after load', 'peak vs idle'],
      ['API RSS', `${fmt(idle.api / 1024, 1)} MiB`, `${fmt(peak.api / 1024, 1)} MiB`, `${fmt(after.api / 1024, 1)} MiB`, `${fmt(peak.api / idle.api, 2)}×`],
      ['worker RSS', `${fmt(idle.worker / 1024, 1)} MiB`, `${fmt(peak.worker / 1024, 1)} MiB`, `${fmt(after.worker / 1024, 1)} MiB`, `${fmt(peak.worker / idle.worker, 2)}×`],
      [
        `Redis keys of the pipeline (${PREFIX}:*)`,
        `${fmt(pipelineIdle.bytes / 1024, 0)} KiB`,
        '-',
        `${fmt(pipelineAfter.bytes / 1024, 0)} KiB (${fmt(pipelineAfter.keys)} keys)`,
        `${fmt(pipelineAfter.bytes / Math.max(1, pipelineIdle.bytes), 1)}×`,
      ],
      [
        `Redis, ${fmt(JOBS)} jobs processed (${JOBS_PREFIX}:*)`,
        `${fmt(before.bytes / 1024, 0)} KiB`,
        `${fmt(queued.bytes / MiB, 1)} MiB (waiting)`,
        `${fmt(processed.bytes / MiB, 2)} MiB`,
        '-',
      ],
    ]);
    // No numeric target in the issue: these guard against leaks and unbounded Redis growth.
    verdicts([
      { name: 'API peak RSS', actual: peak.api / 1024, target: 512, kind: 'max', unit: 'MiB' },
      { name: 'worker peak RSS', actual: peak.worker / 1024, target: 512, kind: 'max', unit: 'MiB' },
      { name: `Redis after ${fmt(JOBS)} processed jobs`, actual: processed.bytes / MiB, target: 16, kind: 'max', unit: 'MiB' },
    ]);
  } finally {
    await stopAll([api, worker]);
    await clearPrefix(r, PREFIX);
    await clearPrefix(r, JOBS_PREFIX);
    r.disconnect();
    await db.end();
  }
}

runBench(main);
