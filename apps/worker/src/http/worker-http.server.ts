import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_CONFIG, Metrics, type AppConfig, type Logger } from '@cardtrail/infra';
import { LOGGER } from '@cardtrail/infra/nest';
import { WorkerHealth } from './worker-health';

const PROBLEM_BASE = 'https://cardtrail.example/problems/';

/**
 * The worker's own HTTP port (WORKER_PORT): `GET /metrics` (Prometheus, this process's registry:
 * notification outcomes and process metrics), `GET /health/live` and `GET /health/ready`
 * (Postgres and Redis). Nothing else: the worker takes no commands over HTTP. A plain Node server
 * rather than a Nest HTTP platform, because the worker is an application context and three
 * read-only routes need no framework; the checks themselves are @nestjs/terminus's.
 *
 * Listens once the application has bootstrapped and closes before the pipeline stops, so a
 * scrape never meets closed pools. Port 0 picks a free port (tests); `port()` tells which.
 */
@Injectable()
export class WorkerHttpServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server: Server | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly health: WorkerHealth,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.logger.error({ err: error, path: req.url }, 'worker HTTP request failed');
        if (!res.headersSent) problem(res, 503, 'Service Unavailable', 'The worker could not answer this request.');
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(`WORKER_PORT ${this.config.WORKER_PORT} is already in use: stop the other process or set WORKER_PORT (0 = any free port).`)
            : error,
        );
      });
      server.listen(this.config.WORKER_PORT, () => resolve());
    });
    this.server = server;
    this.logger.info({ port: this.port() }, `worker metrics and health on port ${this.port()} (/metrics, /health/ready)`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  /** The port listened on (WORKER_PORT, or the one picked for 0); null before start and after stop. */
  port(): number | null {
    return (this.server?.address() as AddressInfo | null)?.port ?? null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    const route = ROUTES[path];
    if (!route) return problem(res, 404, 'Not Found', `No route ${path} on the worker: /metrics, /health/live, /health/ready.`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return problem(res, 405, 'Method Not Allowed', `${req.method} is not allowed on ${path}.`);
    }
    res.setHeader('Cache-Control', 'no-store');
    switch (route) {
      case 'live':
        return json(res, 200, { status: 'ok' });
      case 'ready': {
        const readiness = await this.health.readiness();
        if (readiness.ready) return json(res, 200, readiness.result);
        res.setHeader('Retry-After', '5');
        return problem(res, 503, 'Service Unavailable', `Not ready: ${readiness.down.join(', ') || 'a dependency'} is down.`, {
          type: `${PROBLEM_BASE}not-ready`,
          checks: readiness.result.details,
        });
      }
      case 'metrics': {
        const text = await this.metrics.render((error) => this.logger.warn({ err: error }, 'A metrics scrape hook failed'));
        res.writeHead(200, { 'Content-Type': this.metrics.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
        return;
      }
    }
  }
}

const ROUTES: Record<string, 'live' | 'ready' | 'metrics'> = {
  '/health/live': 'live',
  '/health/ready': 'ready',
  '/metrics': 'metrics',
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** An RFC 9457 problem document, as the API answers. */
function problem(res: ServerResponse, status: number, title: string, detail: string, extra: Record<string, unknown> = {}): void {
  const type = (extra.type as string | undefined) ?? `${PROBLEM_BASE}${title.toLowerCase().replace(/ /g, '-')}`;
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ ...extra, type, title, status, detail }));
}
