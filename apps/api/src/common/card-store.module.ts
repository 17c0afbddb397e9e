import { Inject, Injectable, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import {
  APP_CONFIG,
  CalendarWatcher,
  CardStore,
  ClosureStore,
  DOMAIN,
  IdempotencyKeyStore,
  LiveDomain,
  NotificationStore,
  type AppConfig,
  type Domain,
  type Logger,
} from '@cardtrail/infra';
import { LOGGER } from '@cardtrail/infra/nest';
import { DataSource } from 'typeorm';
import { apiOutageLog } from './dependency-unavailable';

/** Loads the run-time closure days before the API answers, then checks for changes every CALENDAR_POLL_MS. */
@Injectable()
export class LiveCalendar implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(CalendarWatcher) private readonly watcher: CalendarWatcher) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.watcher.refresh();
    this.watcher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.watcher.stop();
  }
}

/**
 * The domain (calendar in force, deadline policy, zone, decider), the card, idempotency key,
 * notification and closure-day stores, for the cards, status, calendar and reports modules; one
 * instance per process. The calendar follows the run-time closure days (`LiveDomain`,
 * `CalendarWatcher`).
 */
@Module({
  providers: [
    { provide: DOMAIN, useFactory: (config: AppConfig): Domain => new LiveDomain(config), inject: [APP_CONFIG] },
    {
      provide: CardStore,
      useFactory: (dataSource: DataSource, domain: Domain) => new CardStore(dataSource, domain),
      inject: [DataSource, DOMAIN],
    },
    { provide: ClosureStore, useFactory: (dataSource: DataSource) => new ClosureStore(dataSource), inject: [DataSource] },
    {
      provide: CalendarWatcher,
      useFactory: (config: AppConfig, logger: Logger, closures: ClosureStore, domain: LiveDomain) =>
        new CalendarWatcher(closures, domain, { pollMs: config.CALENDAR_POLL_MS, logger, outages: apiOutageLog(logger) }),
      inject: [APP_CONFIG, LOGGER, ClosureStore, DOMAIN],
    },
    LiveCalendar,
    {
      provide: IdempotencyKeyStore,
      useFactory: (dataSource: DataSource) => new IdempotencyKeyStore(dataSource),
      inject: [DataSource],
    },
    {
      provide: NotificationStore,
      useFactory: (dataSource: DataSource) => new NotificationStore(dataSource),
      inject: [DataSource],
    },
  ],
  exports: [DOMAIN, CardStore, IdempotencyKeyStore, NotificationStore, ClosureStore, CalendarWatcher],
})
export class CardStoreModule {}
