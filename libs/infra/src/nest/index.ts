/**
 * The Nest side of the infrastructure library: a separate entry so plain scripts that import
 * `@cardtrail/infra` do not load Nest.
 */
export { loadAppConfig } from './app-config';
export { InfraModule } from './infra.module';
export type { InfraModuleOptions } from './infra.module';
export { LOGGER, REDIS } from './infra.tokens';
export { PinoNestLogger } from '../logging/nest-logger';
export { READINESS_CHECK_TIMEOUT_MS, readinessChecks } from './readiness-checks';
export { PipelineQueues, PipelineQueuesModule, QUEUE_CONNECTION } from '../queues/pipeline-queues.module';
