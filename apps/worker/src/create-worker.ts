import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import {
  CalendarWatcher,
  CardStore,
  ConfigError,
  DOMAIN,
  assertRedisReachable,
  createLogger,
  recomputeOpenDeadlines,
  systemClock,
  type AppConfig,
  type Clock,
  type Domain,
  type Logger,
} from '@cardtrail/infra';
import { DataSource } from 'typeorm';
import { PinoNestLogger } from '@cardtrail/infra/nest';
import { WorkerModule } from './worker.module';
import { WorkerPipeline, type WorkerPipelineOptions } from './worker-pipeline';
import type { SweepResult } from './timers/timer-sweeper';

export interface CreateWorkerOptions {
  config: AppConfig;
  clock?: Clock;
  logger?: Logger;
  pipeline?: WorkerPipelineOptions;
}

export interface WorkerHandle {
  app: INestApplicationContext;
  pipeline: WorkerPipeline;
  dataSource: DataSource;
  cards: CardStore;
  domain: Domain;
  /** Claims due timers at `now` (default: the clock's now) and hands them to jobs. */
  sweepOnce(now?: Date): Promise<SweepResult>;
  /**
   * Checks the run-time closure days now (as the poll does every CALENDAR_POLL_MS) and, after a
   * change, recomputes the deadlines it moves; resolves when done.
   */
  refreshCalendar(): Promise<void>;
  /** Relays every visible outbox row now. */
  relayOnce(): Promise<number>;
  /** Graceful stop: relay, then workers after their active jobs, then queues and connections. */
  close(): Promise<void>;
}

/**
 * Builds and starts a worker: used by `main.ts` and by in-process tests. Fails fast with
 * `RedisUnavailableError` or `DatabaseUnavailableError` (messages say how to start them) and with
 * `ConfigError` when webhooks are configured without a signing secret.
 */
export async function createWorker(options: CreateWorkerOptions): Promise<WorkerHandle> {
  const { config } = options;
  if (config.NOTIFY_WEBHOOK_URL && !config.NOTIFY_WEBHOOK_SECRET) {
    throw new ConfigError(['NOTIFY_WEBHOOK_SECRET: required when NOTIFY_WEBHOOK_URL is set (webhooks are signed)']);
  }
  await assertRedisReachable(config.REDIS_URL);
  const logger = options.logger ?? createLogger(config, { name: 'cardtrail-worker' });
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({ config, clock: options.clock ?? systemClock, logger, pipeline: options.pipeline }),
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );
  await app.init();
  const pipeline = app.get(WorkerPipeline);
  let closing: Promise<void> | null = null;
  const dataSource = app.get(DataSource);
  const cards = app.get(CardStore);
  const domain = app.get<Domain>(DOMAIN);
  // A changed calendar (EXTRA_CLOSED_DAYS) or policy applies to cards already under way.
  const recomputed = await recomputeOpenDeadlines(dataSource, cards, domain, {
    now: (options.clock ?? systemClock).now(),
    reason: 'calendar or deadline policy changed at start',
  });
  if (recomputed.length > 0) {
    logger.info({ recomputed: recomputed.length }, 'deadlines recomputed for a new calendar or policy');
  }
  return {
    app,
    pipeline,
    dataSource,
    cards,
    domain,
    sweepOnce: (now) => pipeline.sweepOnce(now),
    refreshCalendar: async () => {
      await app.get(CalendarWatcher).refresh();
    },
    relayOnce: () => pipeline.relayOnce(),
    close: () => (closing ??= app.close()),
  };
}
