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
  CardStore,
  DOMAIN,
  Metrics,
  createDomain,
  type AppConfig,
  type Clock,
  type Domain,
  type Logger,
} from '@cardtrail/infra';
import { DataSource } from 'typeorm';
import { InfraModule, LOGGER } from '@cardtrail/infra/nest';
import { WorkerHttpModule } from './http/worker-http.module';
import { WorkerPipeline, type WorkerPipelineOptions } from './worker-pipeline';

export interface WorkerModuleOptions {
  config: AppConfig;
  clock?: Clock;
  logger?: Logger;
  pipeline?: WorkerPipelineOptions;
}

const PIPELINE_OPTIONS = Symbol('PIPELINE_OPTIONS');

/** Starts the pipeline once every provider is ready and stops it before connections close. */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(WorkerPipeline) private readonly pipeline: WorkerPipeline) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.pipeline.start();
  }

  // Runs before InfraModule closes Postgres and Redis, so active jobs finish with them open.
  async beforeApplicationShutdown(): Promise<void> {
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
        WorkerHttpModule,
      ],
      providers: [
        { provide: PIPELINE_OPTIONS, useValue: options.pipeline ?? {} },
        { provide: DOMAIN, useFactory: (config: AppConfig) => createDomain(config), inject: [APP_CONFIG] },
        {
          provide: CardStore,
          useFactory: (dataSource: DataSource, domain: Domain) => new CardStore(dataSource, domain),
          inject: [DataSource, DOMAIN],
        },
        {
          provide: WorkerPipeline,
          useFactory: (
            config: AppConfig,
            clock: Clock,
            logger: Logger,
            dataSource: DataSource,
            cards: CardStore,
            domain: Domain,
            metrics: Metrics,
            pipelineOptions: WorkerPipelineOptions,
          ) => new WorkerPipeline({ config, clock, logger, dataSource, cards, domain, metrics }, pipelineOptions),
          inject: [APP_CONFIG, CLOCK, LOGGER, DataSource, CardStore, DOMAIN, Metrics, PIPELINE_OPTIONS],
        },
        WorkerLifecycle,
      ],
      exports: [WorkerPipeline, CardStore, DOMAIN],
    };
  }
}
