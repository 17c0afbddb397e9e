import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, QUEUES, createRedis, type AppConfig } from '@cardtrail/infra';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * The pipeline's queues as the API sees them: for the dashboard and the queue-depth gauges. The
 * API never adds jobs (the worker's relay does), so one lazily used connection is enough.
 */
@Injectable()
export class PipelineQueues implements OnApplicationShutdown {
  readonly all: readonly Queue[];
  private readonly connection: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.connection = createRedis(config.REDIS_URL, { forBullMq: true });
    // Readiness reports Redis; an unreachable Redis must not crash the API.
    this.connection.on('error', () => undefined);
    this.all = Object.values(QUEUES).map((name) => {
      const queue = new Queue(name, { connection: this.connection, prefix: config.QUEUE_PREFIX });
      queue.on('error', () => undefined);
      return queue;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.all.map((queue) => queue.close()));
    this.connection.disconnect();
  }
}
