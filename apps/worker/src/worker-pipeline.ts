import { NotificationStore, OutageLog, QUEUES, type AppConfig, type CardStore, type Clock, type Domain, type Logger, type Metrics } from '@cardtrail/infra';
import { Worker, type Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { createCardEventsProcessor } from './events/card-events.processor';
import { ReactToCardEvent } from './events/react-to-card-event';
import { LogChannel } from './notifications/log-channel';
import type { NotificationChannel } from './notifications/notification-channel';
import { SendNotification } from './notifications/send-notification';
import { WebhookChannel } from './notifications/webhook-channel';
import { OutboxRelay } from './outbox/outbox-relay';
import { KEEP_COMPLETED, KEEP_FAILED, WorkerQueues } from './queues/worker-queues';
import { SWEEP_SCHEDULER_ID, createMaintenanceProcessor } from './timers/maintenance.processor';
import { RunTimer } from './timers/run-timer';
import { TimerSweeper, type SweepResult, type TimerSweeperOptions } from './timers/timer-sweeper';
import { createTimersProcessor } from './timers/timers.processor';

export interface WorkerPipelineOptions {
  /** Add the repeating sweep job scheduler (default true; tests that drive time call `sweepOnce`). */
  schedule?: boolean;
  /** Run BullMQ workers and the relay (default true). */
  process?: boolean;
  eventConcurrency?: number;
  timerConcurrency?: number;
  relayPollIntervalMs?: number;
  /** How often the worker checks that the sweep scheduler still exists (a Redis flush removes it). */
  schedulerCheckMs?: number;
  sweeper?: TimerSweeperOptions;
  /** Overrides the channel chosen from the configuration. */
  channel?: NotificationChannel;
}

export interface WorkerDependencies {
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  dataSource: DataSource;
  cards: CardStore;
  domain: Domain;
  metrics?: Metrics;
}

/** The webhook channel when NOTIFY_WEBHOOK_URL is set, else the log channel. */
export function createNotificationChannel(config: AppConfig, logger: Logger): NotificationChannel {
  if (!config.NOTIFY_WEBHOOK_URL) return new LogChannel(logger);
  if (!config.NOTIFY_WEBHOOK_SECRET) {
    throw new Error('NOTIFY_WEBHOOK_SECRET is required when NOTIFY_WEBHOOK_URL is set (webhooks are signed)');
  }
  return new WebhookChannel({
    url: config.NOTIFY_WEBHOOK_URL,
    secret: config.NOTIFY_WEBHOOK_SECRET,
    timeoutMs: config.NOTIFY_WEBHOOK_TIMEOUT_MS,
  });
}

/**
 * The whole pipeline of one worker process: relay, BullMQ workers for the three queues, the
 * sweep scheduler. Plain objects, so the Nest module and tests build it the same way.
 */
export class WorkerPipeline {
  readonly queues: WorkerQueues;
  readonly relay: OutboxRelay;
  readonly sweeper: TimerSweeper;
  readonly reactToEvent: ReactToCardEvent;
  readonly runTimer: RunTimer;
  readonly channel: NotificationChannel;
  /** One log line per Postgres or Redis outage, not one per failed job or pass. */
  readonly outages: OutageLog;
  private workers: Worker[] = [];
  private schedulerCheck: NodeJS.Timeout | null = null;
  private started = false;

  constructor(
    private readonly deps: WorkerDependencies,
    private readonly options: WorkerPipelineOptions = {},
  ) {
    const { config, clock, logger, dataSource, cards, domain, metrics } = deps;
    this.queues = new WorkerQueues(config);
    this.channel = options.channel ?? createNotificationChannel(config, logger);
    this.outages = new OutageLog(logger, { meanwhile: 'jobs and relay passes fail and are retried until it is back' });
    // A queue without an `error` listener prints every failed Redis reconnect to stderr.
    for (const queue of this.queues.all()) {
      queue.on('error', (error: Error) => {
        if (!this.outages.failed(error, { socketErrorsMean: 'queue' })) logger.warn({ queue: queue.name, err: error }, 'queue error');
      });
    }
    this.relay = new OutboxRelay(dataSource, this.queues, clock, logger, {
      pollIntervalMs: options.relayPollIntervalMs ?? config.OUTBOX_POLL_MS,
      outages: this.outages,
    });
    this.sweeper = new TimerSweeper(dataSource, this.queues, options.sweeper, () => this.relay.wake());
    const send = new SendNotification(
      cards,
      new NotificationStore(dataSource),
      domain,
      this.channel,
      // The log channel answers at once; a webhook takes at most its timeout.
      { maxAttempts: config.NOTIFY_MAX_ATTEMPTS, sendingTimeoutMs: config.NOTIFY_WEBHOOK_TIMEOUT_MS },
      logger,
      metrics,
    );
    // Notifications already due are sent by the reaction's own job (decision 0035).
    this.reactToEvent = new ReactToCardEvent(dataSource, cards, domain, clock, logger, config.DEADLINE_CHECK_GRACE_MS, send);
    this.runTimer = new RunTimer(dataSource, cards, domain, send, clock, logger);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { clock, logger, config } = this.deps;
    if (this.options.schedule ?? true) {
      // Upserted at every start, so a changed SWEEP_INTERVAL_MS takes effect.
      await this.upsertSweepScheduler();
      this.schedulerCheck = setInterval(() => {
        const startedAt = Date.now();
        this.ensureSweepScheduler().then(
          () => this.outages.recovered('queue', startedAt),
          (error: unknown) => {
            if (!this.outages.failed(error, { socketErrorsMean: 'queue' })) logger.warn({ err: error }, 'cannot check the sweep scheduler');
          },
        );
      }, this.options.schedulerCheckMs ?? 10_000);
      this.schedulerCheck.unref();
    }
    if (!(this.options.process ?? true)) return;

    const common = {
      connection: this.queues.connection,
      prefix: this.queues.prefix,
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
      // Jobs are short (a webhook times out in seconds): a killed worker's jobs are taken back
      // within ~20 s instead of BullMQ's default 30 s lock plus 30 s check.
      lockDuration: 10_000,
      stalledInterval: 10_000,
    };
    this.workers = [
      new Worker(QUEUES.events, createCardEventsProcessor(this.reactToEvent, this.queues, clock, logger), {
        ...common,
        concurrency: this.options.eventConcurrency ?? 20,
      }),
      new Worker(QUEUES.timers, createTimersProcessor(this.runTimer, this.queues, clock, logger), {
        ...common,
        concurrency: this.options.timerConcurrency ?? 20,
      }),
      new Worker(QUEUES.maintenance, createMaintenanceProcessor(this.sweeper, clock), { ...common, concurrency: 1 }),
    ];
    for (const worker of this.workers) {
      // A failure during an outage is counted in its one line, unless a retried job has used up
      // its attempts. (A sweep has one attempt: the next sweep is its retry.)
      worker.on('failed', (job: Job | undefined, error: Error) => {
        const attempts = job?.opts.attempts ?? 1;
        const lastTry = job !== undefined && attempts > 1 && job.attemptsMade >= attempts;
        if (this.outages.failed(error) && !lastTry) return;
        logger.warn(
          { queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: error },
          lastTry ? 'job failed on its last attempt' : 'job failed',
        );
      });
      // A job begun and done since the outage was noticed: Postgres and Redis both answer.
      worker.on('completed', (job: Job) => {
        this.outages.recovered('database', job.processedOn);
        this.outages.recovered('queue', job.processedOn);
      });
      // BullMQ's own connection errors (a worker's connection is to Redis).
      worker.on('error', (error: Error) => {
        if (this.outages.failed(error, { socketErrorsMean: 'queue' })) return;
        logger.error({ queue: worker.name, err: error }, 'worker error');
      });
    }
    await this.relay.start();
    logger.info(
      { queues: Object.values(QUEUES), prefix: config.QUEUE_PREFIX, channel: this.channel.name },
      'worker started',
    );
  }

  /** Stops taking work: the relay first, then each BullMQ worker after its active jobs finish. */
  async stop(): Promise<void> {
    if (this.schedulerCheck) clearInterval(this.schedulerCheck);
    this.schedulerCheck = null;
    await this.relay.stop();
    await Promise.allSettled(this.workers.map((w) => w.close()));
    this.workers = [];
    await this.queues.close();
    this.deps.logger.info('worker stopped');
  }

  /** One sweep at `now` (default: the clock's now); the scheduled job does the same. */
  sweepOnce(now: Date = this.deps.clock.now()): Promise<SweepResult> {
    return this.sweeper.sweepOnce(now);
  }

  /** Relays every visible outbox row now. */
  relayOnce(): Promise<number> {
    return this.relay.relayAll();
  }

  /** (Re)creates the sweep scheduler when it is missing, e.g. after Redis lost its keys. */
  async ensureSweepScheduler(): Promise<void> {
    const existing = await this.queues.maintenance.getJobScheduler(SWEEP_SCHEDULER_ID);
    if (!existing) await this.upsertSweepScheduler();
  }

  private async upsertSweepScheduler(): Promise<void> {
    await this.queues.maintenance.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.deps.config.SWEEP_INTERVAL_MS },
      { name: SWEEP_SCHEDULER_ID, data: {}, opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 100 } } },
    );
  }
}
