import { Pool } from 'pg';
import { mintAccessToken } from '../../../apps/api/src/auth/jwt';
import { LoadGenerator, type LoadFigures } from './load';
import type { PrivatePostgres } from './private-postgres';
import { startPrivateRedis, type PrivateRedis, type PrivateRedisOptions } from './private-redis';
import { RECEIVER_SECRET, startReceiver, type Receiver } from './receiver';
import { startApi, startWorker, tail, type ServiceProcess } from './service-process';
import { freePort, timeUntil, waitUntil } from './wait';

export const JWT_SECRET = 'faults-jwt-secret-0123456789abcdef-0123';
export const CASEWORKER = 'faults-caseworker';
/** The worker's default timer concurrency: at most this many sends are in flight per worker. */
export const TIMER_CONCURRENCY = 20;
/**
 * The worker's webhook timeout in the suite: longer than any scenario holds a send open, so a
 * held send is never also a timed-out one (a timeout crossing the receiver's answer is an
 * honest repeat, but not what those scenarios measure). The receiver scenario sets a short one.
 */
export const WEBHOOK_TIMEOUT_MS = 15_000;

let databases = 0;

export interface ScenarioSetup {
  pg: PrivatePostgres;
  redis?: PrivateRedisOptions;
  workers?: number;
  /** The worker's NOTIFY_WEBHOOK_TIMEOUT_MS (default {@link WEBHOOK_TIMEOUT_MS}). */
  webhookTimeoutMs?: number;
}

/**
 * One scenario's world: its own Redis, a database of its own on the file's private Postgres,
 * the built API and worker(s) as processes pointing at them, a webhook receiver, a load
 * generator, and a pool for looking at what was stored.
 */
export class Scenario {
  readonly workers: ServiceProcess[] = [];
  /** Processes that were killed or replaced, kept for their logs. */
  readonly retired: ServiceProcess[] = [];
  api!: ServiceProcess;
  load!: LoadGenerator;
  db!: Pool;
  private apiPort = 0;

  private constructor(
    readonly pg: PrivatePostgres,
    readonly redis: PrivateRedis,
    readonly receiver: Receiver,
    readonly database: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(setup: ScenarioSetup): Promise<Scenario> {
    const redis = await startPrivateRedis(setup.redis);
    const receiver = await startReceiver();
    databases += 1;
    const database = `faults_${process.pid}_${databases}`;
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: setup.pg.url(database),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'cardtrail',
      JWT_SECRET,
      NOTIFY_WEBHOOK_URL: receiver.url,
      NOTIFY_WEBHOOK_SECRET: RECEIVER_SECRET,
      NOTIFY_WEBHOOK_TIMEOUT_MS: String(setup.webhookTimeoutMs ?? WEBHOOK_TIMEOUT_MS),
      // Cards are entered two months late; judge their deadlines at once.
      DEADLINE_CHECK_GRACE_MS: '0',
    };
    const scenario = new Scenario(setup.pg, redis, receiver, database, env);
    try {
      scenario.apiPort = await freePort();
      // The API creates the database and runs the migrations before the workers start.
      scenario.api = await startApi({ ...env, LOG_LEVEL: 'warn' }, scenario.apiPort);
      for (let i = 0; i < (setup.workers ?? 1); i += 1) await scenario.startWorker();
      scenario.db = new Pool({ connectionString: env.DATABASE_URL, max: 2, connectionTimeoutMillis: 2000 });
      scenario.db.on('error', () => undefined);
      const token = await mintAccessToken(
        { sub: CASEWORKER, role: 'caseworker', district: 'oslo' },
        { secret: JWT_SECRET, issuer: 'cardtrail', audience: 'cardtrail-api' },
        { expiresIn: '2h' },
      );
      scenario.load = new LoadGenerator({ baseUrl: `http://127.0.0.1:${scenario.apiPort}`, token });
    } catch (error) {
      await scenario.close();
      throw error;
    }
    return scenario;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  async startWorker(): Promise<ServiceProcess> {
    const worker = await startWorker({ ...this.env, LOG_LEVEL: 'info' }, `worker-${this.workers.length + this.retired.length + 1}`);
    this.workers.push(worker);
    return worker;
  }

  /** `kill -9` of a worker (the first by default): when the signal went, and when it had exited. */
  async killWorker(index = 0): Promise<{ killAt: number; exitAt: number }> {
    const [worker] = this.workers.splice(index, 1);
    const killAt = Date.now();
    await worker.kill('SIGKILL');
    this.retired.push(worker);
    return { killAt, exitAt: Date.now() };
  }

  async killApi(): Promise<{ killAt: number; exitAt: number }> {
    const killAt = Date.now();
    await this.api.kill('SIGKILL');
    this.retired.push(this.api);
    return { killAt, exitAt: Date.now() };
  }

  async restartApi(): Promise<void> {
    this.api = await startApi({ ...this.env, LOG_LEVEL: 'warn' }, this.apiPort);
  }

  /**
   * Everything the burst caused has happened: every outbox row relayed and reacted to, every
   * event's reactions applied, no timer due or claimed, no notification due or awaiting a retry
   * (applicant messages retimed to the next 08:00 are not due yet and do not count).
   */
  async settled(): Promise<boolean> {
    const { rows } = await this.db.query<{ outbox: number; events: number; processed: number; timers: number; notifications: number }>(
      `SELECT
         (SELECT count(*)::int FROM outbox) AS outbox,
         (SELECT count(*)::int FROM card_events) AS events,
         (SELECT count(*)::int FROM processed_events) AS processed,
         (SELECT count(*)::int FROM timers WHERE status IN ('pending', 'claimed') AND due_at <= now()) AS timers,
         (SELECT count(*)::int FROM notifications WHERE status IN ('scheduled', 'sending') AND (due_at <= now() OR attempts > 0)) AS notifications`,
    );
    const r = rows[0];
    return r.outbox === 0 && r.events === r.processed && r.timers === 0 && r.notifications === 0;
  }

  /** Keys recorded `sent` in Postgres. */
  async sentKeys(): Promise<Set<string>> {
    const { rows } = await this.db.query<{ key: string }>(`SELECT key FROM notifications WHERE status = 'sent'`);
    return new Set(rows.map((r) => r.key));
  }

  /** Waits until the load has `count` more acknowledged events after `since` (the API serves again). */
  async ackedAfter(since: number, count: number, timeoutMs: number): Promise<boolean> {
    return (await timeUntil(() => this.load.ackedSince(since) >= count, { timeoutMs, intervalMs: 100 })) !== null;
  }

  /** Waits for the burst to be under way: some events acknowledged and some notifications sent. */
  async burstUnderWay(events = 40, deliveries = 5): Promise<void> {
    await waitUntil(() => this.load.ackedCount() >= events && this.receiver.requests.length >= deliveries, {
      timeoutMs: 90_000,
      what: `${events} acknowledged events and ${deliveries} webhook requests`,
    });
  }

  allProcesses(): ServiceProcess[] {
    return [this.api, ...this.workers, ...this.retired].filter(Boolean);
  }

  describeProcesses(): string {
    return this.allProcesses()
      .map((p) => `--- ${p.name} (${p.alive() ? 'alive' : 'exited'})\n${tail(p, 15)}`)
      .join('\n');
  }

  async close(): Promise<void> {
    if (this.load) await this.load.abort();
    for (const p of [this.api, ...this.workers]) if (p) await p.kill('SIGKILL');
    if (this.db) await this.db.end().catch(() => undefined);
    await this.receiver.close();
    await this.redis.destroy();
  }
}

export type { LoadFigures };
