import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CLOCK, Metrics, registerPipelineMetrics, type Clock } from '@cardtrail/infra';
import { DataSource } from 'typeorm';
import { PipelineQueues } from './pipeline-queues';

/**
 * Observing the pipeline from the API: queue depths from BullMQ, notification outcomes, outbox
 * backlog, overdue timers and overdue cards from Postgres, read at scrape time so /metrics on
 * any API process reports what every worker did. The dashboard is mounted by `createApiApp`.
 */
@Module({ providers: [PipelineQueues], exports: [PipelineQueues] })
export class AdminModule implements OnModuleInit {
  constructor(
    private readonly queues: PipelineQueues,
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    registerPipelineMetrics(this.metrics, this.dataSource, this.queues.all, () => this.clock.now());
    this.metrics.onScrape(async () => {
      const rows: Array<{ police_district: string; n: number }> = await this.dataSource.query(
        'SELECT police_district, count(*)::int AS n FROM cards WHERE overdue GROUP BY police_district',
      );
      this.metrics.overdueCards.reset();
      for (const row of rows) this.metrics.overdueCards.set({ district: row.police_district }, row.n);
    });
  }
}
