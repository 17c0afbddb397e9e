import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { createRedis } from '../redis/redis';
import { QUEUES } from './queue-names';

/**
 * The one ioredis connection the pipeline's queues share (`maxRetriesPerRequest: null`, as BullMQ
 * requires). Workers duplicate it for their blocking reads.
 */
export const QUEUE_CONNECTION = Symbol('QUEUE_CONNECTION');

@Module({
  providers: [
    {
      provide: QUEUE_CONNECTION,
      useFactory: (config: AppConfig): Redis => {
        const connection = createRedis(config.REDIS_URL, { forBullMq: true });
        // Errors surface on the commands that fail and on the queues; without a listener ioredis
        // would print every failed reconnect.
        connection.on('error', () => undefined);
        return connection;
      },
      inject: [APP_CONFIG],
    },
  ],
  exports: [QUEUE_CONNECTION],
})
class QueueConnectionModule {}

/**
 * The pipeline's three queues (`card-events`, `timers`, `maintenance`) under QUEUE_PREFIX, as
 * @nestjs/bullmq registered them, with their shared connection. Owns the connection: closes the
 * queues, then the connection, at shutdown (or earlier, when an app's own shutdown order calls
 * `close()`; closing twice is harmless).
 *
 * A queue's `error` events (its connection's, while Redis is away) are ignored here from the
 * start: a queue without a listener prints every failed reconnect to stderr, and the API needs no
 * more, since readiness reports Redis. The worker adds its own listener that counts them in its
 * outage log.
 */
@Injectable()
export class PipelineQueues implements OnApplicationShutdown {
  readonly prefix: string;
  private closing: Promise<void> | null = null;

  constructor(
    @InjectQueue(QUEUES.events) readonly events: Queue,
    @InjectQueue(QUEUES.timers) readonly timers: Queue,
    @InjectQueue(QUEUES.maintenance) readonly maintenance: Queue,
    @Inject(QUEUE_CONNECTION) readonly connection: Redis,
  ) {
    this.prefix = events.opts.prefix ?? 'bull';
    for (const queue of this.all()) queue.on('error', () => undefined);
  }

  all(): Queue[] {
    return [this.events, this.timers, this.maintenance];
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled(this.all().map((queue) => queue.close()));
      if (this.connection.status === 'ready') {
        await this.connection.quit().catch(() => this.connection.disconnect());
      } else {
        // QUIT would wait for a connection that may never come.
        this.connection.disconnect();
      }
    })();
    return this.closing;
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}

const pipelineQueues = BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })));

/**
 * BullMQ for the pipeline through @nestjs/bullmq: the shared configuration (the connection above,
 * QUEUE_PREFIX), the three queues (injectable with `@InjectQueue(QUEUES.…)` or together as
 * {@link PipelineQueues}) and `@Processor` classes anywhere in the app. Workers are registered
 * manually (`BullRegistrar.register()`): the worker starts them once its calendar is loaded, and
 * only when it processes at all; the API, which imports this module for its dashboard and
 * gauges, never does. Needs `APP_CONFIG` (InfraModule).
 */
@Module({
  imports: [
    QueueConnectionModule,
    BullModule.forRootAsync({
      imports: [QueueConnectionModule],
      useFactory: (connection: Redis, config: AppConfig) => ({ connection, prefix: config.QUEUE_PREFIX }),
      inject: [QUEUE_CONNECTION, APP_CONFIG],
      extraOptions: { manualRegistration: true },
    }),
    pipelineQueues,
  ],
  providers: [PipelineQueues],
  exports: [PipelineQueues, pipelineQueues],
})
export class PipelineQueuesModule {}
