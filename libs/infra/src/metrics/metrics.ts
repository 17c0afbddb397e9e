import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /** `api` or `worker`: a default label on every series, so one Prometheus scrapes both. */
  app: string;
  /** Process metrics (CPU, memory, event loop lag, GC). On by default. */
  defaultMetrics?: boolean;
}

type ScrapeHook = () => Promise<void> | void;

/**
 * The Prometheus metrics of one process. Each instance owns its registry (not prom-client's
 * global one), so a test can start several apps in one process without "metric already
 * registered" errors. Names follow Prometheus conventions: `_total` counters, `_seconds`
 * durations, a `cardtrail_` prefix.
 */
export class Metrics {
  readonly registry = new Registry();

  /** HTTP requests answered, by method, route template (never the raw URL) and status code. */
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  /** Card events appended, by event type. */
  readonly eventsRecorded: Counter<'type'>;
  /** Commands the decider refused, by error code (e.g. CARD.TRANSITION_NOT_ALLOWED). */
  readonly eventsRefused: Counter<'code'>;
  /** Notification attempts by kind and outcome (sent, skipped, failed, cancelled). */
  readonly notificationOutcomes: Counter<'kind' | 'status'>;
  /** BullMQ jobs by queue and state (waiting, active, delayed, failed), refreshed on scrape. */
  readonly queueDepth: Gauge<'queue' | 'state'>;
  /** Cards currently overdue (not delivered, due date passed), refreshed on scrape. */
  readonly overdueCards: Gauge<'district'>;

  private readonly scrapeHooks: ScrapeHook[] = [];

  constructor(options: MetricsOptions) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ app: options.app });
    if (options.defaultMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry, prefix: 'cardtrail_' });
    }
    this.httpRequests = new Counter({
      name: 'cardtrail_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpRequestDuration = new Histogram({
      name: 'cardtrail_http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route template and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.eventsRecorded = new Counter({
      name: 'cardtrail_events_recorded_total',
      help: 'Card events appended, by event type',
      labelNames: ['type'],
      registers,
    });
    this.eventsRefused = new Counter({
      name: 'cardtrail_events_refused_total',
      help: 'Card commands refused, by error code',
      labelNames: ['code'],
      registers,
    });
    this.notificationOutcomes = new Counter({
      name: 'cardtrail_notifications_total',
      help: 'Notification outcomes, by kind and status',
      labelNames: ['kind', 'status'],
      registers,
    });
    this.queueDepth = new Gauge({
      name: 'cardtrail_queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers,
    });
    this.overdueCards = new Gauge({
      name: 'cardtrail_overdue_cards',
      help: 'Cards whose deadline breach is recorded and that are not delivered or cancelled, by district',
      labelNames: ['district'],
      registers,
    });
  }

  /**
   * Registers work to run before each scrape, such as reading queue counts or counting overdue
   * cards into a gauge. A hook that fails leaves its gauges at their previous values rather than
   * failing the scrape; `onError` hears about it.
   */
  onScrape(hook: ScrapeHook): void {
    this.scrapeHooks.push(hook);
  }

  /** The exposition text, after running the scrape hooks. */
  async render(onError?: (error: unknown) => void): Promise<string> {
    const results = await Promise.allSettled(this.scrapeHooks.map(async (hook) => hook()));
    for (const result of results) {
      if (result.status === 'rejected') onError?.(result.reason);
    }
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
