import { Module } from '@nestjs/common';
import { APP_CONFIG, CardStore, DOMAIN, createDomain, type AppConfig, type Domain } from '@cardtrail/infra';
import { DataSource } from 'typeorm';

/**
 * The configured domain (calendar, deadline policy, zone, decider) and the card store, for the
 * cards, status and reports modules. Both are stateless: one instance per process is enough.
 */
@Module({
  providers: [
    { provide: DOMAIN, useFactory: (config: AppConfig): Domain => createDomain(config), inject: [APP_CONFIG] },
    {
      provide: CardStore,
      useFactory: (dataSource: DataSource, domain: Domain) => new CardStore(dataSource, domain),
      inject: [DataSource, DOMAIN],
    },
  ],
  exports: [DOMAIN, CardStore],
})
export class CardStoreModule {}
