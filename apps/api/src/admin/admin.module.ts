import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { businessDate } from '@cardtrail/card-lifecycle';
import { CLOCK, CardStore, DOMAIN, Metrics, registerPipelineMetrics, type Clock, type Domain } from '@cardtrail/infra';
import { DataSource } from 'typeorm';
import { CardStoreModule } from '../common/card-store.module';
import { PipelineQueues } from './pipeline-queues';

/**
 * Observing the pipeline from the API: queue depths from BullMQ, notification outcomes, outbox
 * backlog, overdue timers and overdue cards from Postgres, read at scrape time so /metrics on
 * any API process reports what every worker did. The dashboard is mounted by `createApiApp`.
 */
@Module({ imports: [CardStoreModule], providers: [PipelineQueues], exports: [PipelineQueues] })
export class AdminModule implements OnModuleInit {
  constructor(
    private readonly queues: PipelineQueues,
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
    private readonly cards: CardStore,
    @Inject(DOMAIN) private readonly domain: Domain,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    registerPipelineMetrics(this.metrics, this.dataSource, this.queues.all, () => this.clock.now());
    this.metrics.onScrape(async () => {
      // Overdue by the card view's rule (isOverdue), not only breaches already recorded.
      const counts = await this.cards.countOverdueByDistrict(businessDate(this.clock.now(), this.domain.zone));
      this.metrics.overdueCards.reset();
      for (const { policeDistrict, count } of counts) this.metrics.overdueCards.set({ district: policeDistrict }, count);
    });
  }
}
