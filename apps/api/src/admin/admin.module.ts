import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { businessDate } from '@cardtrail/card-lifecycle';
import { CLOCK, CardStore, DOMAIN, Metrics, registerPipelineMetrics, type Clock, type Domain } from '@cardtrail/infra';
import { PipelineQueues, PipelineQueuesModule } from '@cardtrail/infra/nest';
import { DataSource } from 'typeorm';
import { CardStoreModule } from '../common/card-store.module';

/**
 * Observing the pipeline from the API: queue depths from BullMQ, notification outcomes, outbox
 * backlog, overdue timers and overdue cards from Postgres, read at scrape time so /metrics on
 * any API process reports what every worker did. The dashboard is mounted by `createApiApp`.
 * The API never adds jobs (the worker's relay does) and runs no workers.
 */
@Module({ imports: [CardStoreModule, PipelineQueuesModule] })
export class AdminModule implements OnModuleInit {
  constructor(
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
    private readonly cards: CardStore,
    @Inject(DOMAIN) private readonly domain: Domain,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    registerPipelineMetrics(this.metrics, this.dataSource, this.queues.all(), () => this.clock.now());
    this.metrics.onScrape(async () => {
      // Overdue by the card view's rule (isOverdue), not only breaches already recorded.
      const counts = await this.cards.countOverdueByDistrict(businessDate(this.clock.now(), this.domain.zone));
      this.metrics.overdueCards.reset();
      for (const { policeDistrict, count } of counts) this.metrics.overdueCards.set({ district: policeDistrict }, count);
    });
  }
}
