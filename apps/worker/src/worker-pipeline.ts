import {
  APP_CONFIG,
  CLOCK,
  CardStore,
  DOMAIN,
  Metrics,
  NotificationStore,
  OutageLog,
  QUEUES,
  type AppConfig,
  type Clock,
  type Domain,
  type Logger,
} from '@cardtrail/infra';
import { LOGGER, PipelineQueues } from '@cardtrail/infra/nest';
import { BullRegistrar } from '@nestjs/bullmq';
import { Inject, Injectable, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CardEventsProcessor } from './events/card-events.processor';
import { ReactToCardEvent } from './events/react-to-card-event';
import { LogChannel } from './notifications/log-channel';
import type { NotificationChannel } from './notifications/notification-channel';
import { SendNotification } from './notifications/send-notification';
import { WebhookChannel } from './notifications/webhook-channel';
import { OutboxRelay } from './outbox/outbox-relay';
import { MaintenanceProcessor, SWEEP_SCHEDULER_ID } from './timers/maintenance.processor';
import { RunTimer } from './timers/run-timer';
import { TimerSweeper, type SweepResult } from './timers/timer-sweeper';
import { TimersProcessor } from './timers/timers.processor';

export interface WorkerPipelineOptions {
  /** Add the repeating sweep job scheduler (default true; tests that drive time call `sweepOnce`). */
  schedule?: boolean;
  /** Run BullMQ workers and the relay (default true). */
  process?: boolean;
}

export const PIPELINE_OPTIONS = Symbol('PIPELINE_OPTIONS');
export const NOTIFICATION_CHANNEL = Symbol('NOTIFICATION_CHANNEL');

/** How often the worker checks that the sweep scheduler still exists (a Redis flush removes it). */
const SCHEDULER_CHECK_MS = 10_000;

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
 * Starts and stops the pipeline of one worker process: the sweep scheduler, the BullMQ workers
 * (@nestjs/bullmq creates them from the `@Processor` classes) and the outbox relay. Its parts are
 * providers ({@link PIPELINE_PROVIDERS}); tests reach them through it.
 */
@Injectable()
export class WorkerPipeline {
  private schedulerCheck: NodeJS.Timeout | null = null;
  private started = false;
  private processing = false;

  constructor(
    @Inject(PIPELINE_OPTIONS) private readonly options: WorkerPipelineOptions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PipelineQueues) readonly queues: PipelineQueues,
    @Inject(OutboxRelay) readonly relay: OutboxRelay,
    @Inject(TimerSweeper) readonly sweeper: TimerSweeper,
    @Inject(ReactToCardEvent) readonly reactToEvent: ReactToCardEvent,
    @Inject(RunTimer) readonly runTimer: RunTimer,
    @Inject(NOTIFICATION_CHANNEL) readonly channel: NotificationChannel,
    /** One log line per Postgres or Redis outage, not one per failed job or pass. */
    @Inject(OutageLog) readonly outages: OutageLog,
    @Inject(BullRegistrar) private readonly registrar: BullRegistrar,
    @Inject(CardEventsProcessor) private readonly events: CardEventsProcessor,
    @Inject(TimersProcessor) private readonly timers: TimersProcessor,
    @Inject(MaintenanceProcessor) private readonly maintenance: MaintenanceProcessor,
  ) {
    // A Redis outage seen by a queue counts in the outage log's one line.
    for (const queue of queues.all()) {
      queue.on('error', (error: Error) => {
        if (!outages.failed(error, { socketErrorsMean: 'queue' })) logger.warn({ queue: queue.name, err: error }, 'queue error');
      });
    }
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.options.schedule ?? true) {
      // Upserted at every start, so a changed SWEEP_INTERVAL_MS takes effect.
      await this.upsertSweepScheduler();
      this.schedulerCheck = setInterval(() => {
        const startedAt = Date.now();
        this.ensureSweepScheduler().then(
          () => this.outages.recovered('queue', startedAt),
          (error: unknown) => {
            if (!this.outages.failed(error, { socketErrorsMean: 'queue' })) this.logger.warn({ err: error }, 'cannot check the sweep scheduler');
          },
        );
      }, SCHEDULER_CHECK_MS);
      this.schedulerCheck.unref();
    }
    if (!(this.options.process ?? true)) return;
    // Creates one worker per @Processor, binds its @OnWorkerEvent listeners, and it starts taking jobs.
    this.registrar.register();
    this.processing = true;
    await this.relay.start();
    this.logger.info(
      { queues: Object.values(QUEUES), prefix: this.config.QUEUE_PREFIX, channel: this.channel.name },
      'worker started',
    );
  }

  /**
   * Stops taking work: the relay first, then each BullMQ worker after its active jobs finish,
   * then the queues and their connection. Called before Postgres and Redis close; the shutdown
   * hooks of @nestjs/bullmq that run later find workers and queues closed already.
   */
  async stop(): Promise<void> {
    if (this.schedulerCheck) clearInterval(this.schedulerCheck);
    this.schedulerCheck = null;
    await this.relay.stop();
    if (this.processing) {
      await Promise.allSettled([this.events, this.timers, this.maintenance].map((processor) => processor.worker.close()));
    }
    await this.queues.close();
    this.logger.info('worker stopped');
  }

  /** One sweep at `now` (default: the clock's now); the scheduled job does the same. */
  sweepOnce(now: Date = this.clock.now()): Promise<SweepResult> {
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
      { every: this.config.SWEEP_INTERVAL_MS },
      { name: SWEEP_SCHEDULER_ID, data: {}, opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 100 } } },
    );
  }
}

/**
 * The pipeline's parts as providers: the use cases the processors call, the relay and the
 * sweeper, the notification channel and the outage log they share. Plain classes built here, so
 * the use cases stay free of Nest.
 */
export const PIPELINE_PROVIDERS: Provider[] = [
  {
    provide: OutageLog,
    useFactory: (logger: Logger) => new OutageLog(logger, { meanwhile: 'jobs and relay passes fail and are retried until it is back' }),
    inject: [LOGGER],
  },
  { provide: NOTIFICATION_CHANNEL, useFactory: createNotificationChannel, inject: [APP_CONFIG, LOGGER] },
  {
    provide: OutboxRelay,
    useFactory: (config: AppConfig, dataSource: DataSource, queues: PipelineQueues, clock: Clock, logger: Logger, outages: OutageLog) =>
      new OutboxRelay(dataSource, queues, clock, logger, { pollIntervalMs: config.OUTBOX_POLL_MS, outages }),
    inject: [APP_CONFIG, DataSource, PipelineQueues, CLOCK, LOGGER, OutageLog],
  },
  {
    provide: TimerSweeper,
    useFactory: (dataSource: DataSource, queues: PipelineQueues, relay: OutboxRelay) =>
      new TimerSweeper(dataSource, queues, {}, () => relay.wake()),
    inject: [DataSource, PipelineQueues, OutboxRelay],
  },
  {
    provide: SendNotification,
    useFactory: (config: AppConfig, dataSource: DataSource, cards: CardStore, domain: Domain, channel: NotificationChannel, logger: Logger, metrics: Metrics) =>
      new SendNotification(
        cards,
        new NotificationStore(dataSource),
        domain,
        channel,
        // The log channel answers at once; a webhook takes at most its timeout.
        { maxAttempts: config.NOTIFY_MAX_ATTEMPTS, sendingTimeoutMs: config.NOTIFY_WEBHOOK_TIMEOUT_MS },
        logger,
        metrics,
      ),
    inject: [APP_CONFIG, DataSource, CardStore, DOMAIN, NOTIFICATION_CHANNEL, LOGGER, Metrics],
  },
  {
    provide: ReactToCardEvent,
    // Notifications already due are sent by the reaction's own job (decision 0035).
    useFactory: (config: AppConfig, dataSource: DataSource, cards: CardStore, domain: Domain, clock: Clock, logger: Logger, send: SendNotification) =>
      new ReactToCardEvent(dataSource, cards, domain, clock, logger, config.DEADLINE_CHECK_GRACE_MS, send),
    inject: [APP_CONFIG, DataSource, CardStore, DOMAIN, CLOCK, LOGGER, SendNotification],
  },
  {
    provide: RunTimer,
    useFactory: (dataSource: DataSource, cards: CardStore, domain: Domain, send: SendNotification, clock: Clock, logger: Logger) =>
      new RunTimer(dataSource, cards, domain, send, clock, logger),
    inject: [DataSource, CardStore, DOMAIN, SendNotification, CLOCK, LOGGER],
  },
  CardEventsProcessor,
  TimersProcessor,
  MaintenanceProcessor,
  WorkerPipeline,
];
