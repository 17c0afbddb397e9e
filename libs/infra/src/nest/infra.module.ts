import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { CLOCK, systemClock, type Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { openDatabase } from '../database/data-source';
import { configModuleFor } from './app-config';
import { createLogger, type Logger } from '../logging/logger';
import { Metrics } from '../metrics/metrics';
import { createRedis } from '../redis/redis';
import { LOGGER, REDIS } from './infra.tokens';

export interface InfraModuleOptions {
  config: AppConfig;
  /** `api` or `worker`: names the logger, the Postgres application and the metrics label. */
  app: string;
  /** Defaults to the system clock; tests pass a `ManualClock`. */
  clock?: Clock;
  /** Defaults to `createLogger(config)`; pass one to share it with code outside Nest. */
  logger?: Logger;
  /** Defaults to a fresh registry with process metrics. */
  metrics?: Metrics;
}

/**
 * Closes what the module opened when the application shuts down (`app.close()`, or SIGTERM with
 * shutdown hooks enabled). Runs after every `beforeApplicationShutdown`, so in-flight work that
 * still needs Postgres or Redis has finished.
 */
@Injectable()
class InfraShutdown implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.logger.debug('Postgres pool and Redis connection closed');
  }
}

/**
 * The infrastructure both apps share, available everywhere (global): `APP_CONFIG` (and
 * @nestjs/config's `ConfigService` over the same validated settings), `CLOCK`,
 * `LOGGER`, `Metrics`, the TypeORM `DataSource` (opened, database created if missing,
 * migrations run when `RUN_MIGRATIONS`) and the ioredis client under `REDIS`.
 *
 * The Redis client connects in the background and reconnects forever: the app starts even when
 * Redis is down (readiness then reports it), and callers should put their own timeouts on
 * commands that must not wait.
 */
@Global()
@Module({})
export class InfraModule {
  static forRoot(options: InfraModuleOptions): DynamicModule {
    const { config, app } = options;
    const logger = options.logger ?? createLogger(config, { name: `cardtrail-${app}` });
    return {
      module: InfraModule,
      imports: [configModuleFor(config)],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: LOGGER, useValue: logger },
        { provide: Metrics, useValue: options.metrics ?? new Metrics({ app }) },
        {
          provide: DataSource,
          useFactory: () =>
            openDatabase({
              url: config.DATABASE_URL,
              runMigrations: config.RUN_MIGRATIONS,
              applicationName: `cardtrail-${app}`,
              poolSize: config.DB_POOL_SIZE ?? (app === 'worker' ? 30 : 10),
            }),
        },
        { provide: REDIS, useFactory: () => connectRedis(config.REDIS_URL, logger) },
        InfraShutdown,
      ],
      exports: [APP_CONFIG, CLOCK, LOGGER, Metrics, DataSource, REDIS],
    };
  }
}

function connectRedis(url: string, logger: Logger): Redis {
  const redis = createRedis(url, {
    // Fail a command after a few reconnect attempts instead of queueing it for ever.
    maxRetriesPerRequest: 3,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // ioredis emits an error on every failed reconnect; log the first of each outage only.
  let reported = false;
  redis.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    logger.warn({ err: { message: error.message } }, 'Redis connection failed; retrying in the background');
  });
  redis.on('ready', () => {
    if (reported) logger.info('Redis connection restored');
    reported = false;
  });
  return redis;
}

async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    // QUIT would wait for a connection that may never come.
    redis.disconnect();
  }
}
