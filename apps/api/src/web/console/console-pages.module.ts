import { Module } from '@nestjs/common';
import { ConsoleQueries } from '@cardtrail/infra';
import { DataSource } from 'typeorm';
import { CardStoreModule } from '../../cards/card-store.module';
import { CardsModule } from '../../cards/cards.module';
import { ConsoleCardController } from './console-card.controller';
import { WebModule } from '../web.module';
import { ConsoleGuard } from './console-auth';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleOverviewController } from './console-overview.controller';
import { ConsolePages } from './console-pages';
import { ConsoleSessions } from './console-session';
import { ConsoleSignInController } from './console-sign-in.controller';

/**
 * The caseworkers' console at `/console` (docs/console.md): sign-in, the guard, the layout with
 * its navigation. Other console pages import this module for `ConsoleGuard`, `ConsolePages` and
 * `ConsoleExceptionFilter`.
 */
@Module({
  imports: [WebModule, CardStoreModule, CardsModule],
  controllers: [ConsoleSignInController, ConsoleOverviewController, ConsoleCardController],
  providers: [
    ConsoleSessions,
    ConsoleGuard,
    ConsolePages,
    ConsoleExceptionFilter,
    { provide: ConsoleQueries, useFactory: (dataSource: DataSource) => new ConsoleQueries(dataSource), inject: [DataSource] },
  ],
  exports: [WebModule, CardStoreModule, ConsoleSessions, ConsoleGuard, ConsolePages, ConsoleExceptionFilter],
})
export class ConsolePagesModule {}
