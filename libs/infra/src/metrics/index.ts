export { Metrics } from './metrics';
export type { MetricsOptions } from './metrics';
