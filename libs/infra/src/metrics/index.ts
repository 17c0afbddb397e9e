export { Metrics } from './metrics';
export type { MetricsOptions } from './metrics';
export * from './pipeline-metrics';
