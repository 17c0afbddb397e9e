import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  APP_CONFIG,
  CLOCK,
  CalendarWatcher,
  CardStore,
  ClosureStore,
  DOMAIN,
  LiveDomain,
  OutageLog,
  type AppConfig,
  type Clock,
  type Domain,
  type Logger,
} from '@cardtrail/infra';
import { DataSource } from 'typeorm';
import { InfraModule, LOGGER, PipelineQueuesModule } from '@cardtrail/infra/nest';
import { CalendarRecompute } from './calendar/calendar-recompute';
import { WorkerHttpModule } from './http/worker-http.module';
import { PIPELINE_OPTIONS, PIPELINE_PROVIDERS, WorkerPipeline, type WorkerPipelineOptions } from './worker-pipeline';

export interface WorkerModuleOptions {
  config: AppConfig;
  clock?: Clock;
  logger?: Logger;
  pipeline?: WorkerPipelineOptions;
}

/**
 * Loads the run-time closure days, then starts the pipeline and the calendar checks once every
 * provider is ready; stops them before connections close.
 */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(WorkerPipeline) private readonly pipeline: WorkerPipeline,
    @Inject(CalendarWatcher) private readonly calendar: CalendarWatcher,
    @Inject(CalendarRecompute) private readonly recompute: CalendarRecompute,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.calendar.refresh();
    await this.pipeline.start();
    this.calendar.start();
  }

  // Runs before InfraModule closes Postgres and Redis, so active jobs finish with them open.
  async beforeApplicationShutdown(): Promise<void> {
    this.recompute.stop();
    await this.calendar.stop();
    await this.pipeline.stop();
  }
}

@Module({})
export class WorkerModule {
  static forRoot(options: WorkerModuleOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        InfraModule.forRoot({ config: options.config, app: 'worker', clock: options.clock, logger: options.logger }),
        PipelineQueuesModule,
        WorkerHttpModule,
      ],
      providers: [
        { provide: PIPELINE_OPTIONS, useValue: options.pipeline ?? {} },
        { provide: DOMAIN, useFactory: (config: AppConfig) => new LiveDomain(config), inject: [APP_CONFIG] },
        { provide: ClosureStore, useFactory: (dataSource: DataSource) => new ClosureStore(dataSource), inject: [DataSource] },
        {
          provide: CalendarRecompute,
          useFactory: (config: AppConfig, clock: Clock, logger: Logger, dataSource: DataSource, cards: CardStore, domain: Domain, closures: ClosureStore) =>
            new CalendarRecompute({ dataSource, cards, domain, closures, clock, logger, pollMs: config.CALENDAR_POLL_MS }),
          inject: [APP_CONFIG, CLOCK, LOGGER, DataSource, CardStore, DOMAIN, ClosureStore],
        },
        {
          provide: CalendarWatcher,
          useFactory: (
            config: AppConfig,
            logger: Logger,
            closures: ClosureStore,
            domain: LiveDomain,
            recompute: CalendarRecompute,
            outages: OutageLog,
          ) =>
            new CalendarWatcher(closures, domain, {
              pollMs: config.CALENDAR_POLL_MS,
              logger,
              outages,
              onChange: async (change) => {
                await recompute.onChange(change);
              },
            }),
          inject: [APP_CONFIG, LOGGER, ClosureStore, DOMAIN, CalendarRecompute, OutageLog],
        },
        {
          provide: CardStore,
          useFactory: (dataSource: DataSource, domain: Domain) => new CardStore(dataSource, domain),
          inject: [DataSource, DOMAIN],
        },
        ...PIPELINE_PROVIDERS,
        WorkerLifecycle,
      ],
      exports: [WorkerPipeline, CardStore, DOMAIN, CalendarWatcher],
    };
  }
}
