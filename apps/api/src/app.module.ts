import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { AppConfig, Clock, Logger, Metrics } from '@cardtrail/infra';
import { InfraModule } from '@cardtrail/infra/nest';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CardsModule } from './cards/cards.module';
import { ReportsModule } from './reports/reports.module';
import { StatusModule } from './status/status.module';
import { ApplicantPagesModule } from './web/applicant/applicant-pages.module';
import { ConsolePagesModule } from './web/console/console-pages.module';
import { ProblemFilter } from './common/problem.filter';
import { TextInputGuard } from './common/text-input.guard';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';

export interface AppModuleOptions {
  config: AppConfig;
  clock?: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Extra modules, for tests (a probe controller, say). */
  imports?: ModuleMetadata['imports'];
}

/**
 * The API. Resource modules go in the static `imports`; `forRoot` adds the infrastructure built
 * from the runtime configuration.
 */
@Module({
  imports: [AdminModule, AuthModule, HealthModule, MetricsModule, CalendarModule, CardsModule, StatusModule, ReportsModule, ApplicantPagesModule, ConsolePagesModule],
  providers: [
    { provide: APP_FILTER, useClass: ProblemFilter },
    // No NUL or unpaired surrogate in any string of any request (text-input.guard.ts).
    { provide: APP_GUARD, useClass: TextInputGuard },
  ],
})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfraModule.forRoot({
          config: options.config,
          app: 'api',
          clock: options.clock,
          logger: options.logger,
          metrics: options.metrics,
        }),
        ...(options.imports ?? []),
      ],
    };
  }
}
