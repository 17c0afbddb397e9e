import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { WorkerHealth } from './worker-health';
import { WorkerHttpServer } from './worker-http.server';

/**
 * The worker's `/metrics`, `/health/live` and `/health/ready` on WORKER_PORT. Self-contained:
 * it needs only what InfraModule provides globally (settings, Metrics, DataSource, Redis, logger).
 */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  providers: [WorkerHealth, WorkerHttpServer],
  exports: [WorkerHttpServer],
})
export class WorkerHttpModule {}
