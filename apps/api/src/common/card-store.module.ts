import { Module } from '@nestjs/common';
import { APP_CONFIG, CardStore, DOMAIN, IdempotencyKeyStore, NotificationStore, createDomain, type AppConfig, type Domain } from '@cardtrail/infra';
import { DataSource } from 'typeorm';

/**
 * The configured domain (calendar, deadline policy, zone, decider), the card, idempotency key
 * and notification stores, for the cards, status and reports modules. Both are stateless: one instance per process is enough.
 */
@Module({
  providers: [
    { provide: DOMAIN, useFactory: (config: AppConfig): Domain => createDomain(config), inject: [APP_CONFIG] },
    {
      provide: CardStore,
      useFactory: (dataSource: DataSource, domain: Domain) => new CardStore(dataSource, domain),
      inject: [DataSource, DOMAIN],
    },
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
  exports: [DOMAIN, CardStore, IdempotencyKeyStore, NotificationStore],
})
export class CardStoreModule {}
