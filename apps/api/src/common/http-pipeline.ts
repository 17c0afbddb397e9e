import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { Logger, Metrics } from '@cardtrail/infra';

/** A caller's X-Request-Id is echoed when it looks like an id; anything else is replaced. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Query parameters whose values stay out of the logs (applicant lookups, filters by DUF number). */
const SENSITIVE_QUERY = /duf|name|email|phone|address|reference|token|cursor/i;

/** Probes and scrapes every few seconds would drown the log. */
const NOT_LOGGED = /^\/(health\/|metrics)/;

/** The JSON body limit, in bytes (100 kB), and how problem documents name it. */
export const BODY_LIMIT_BYTES = 100 * 1024;
export const BODY_LIMIT = '100kb';

/**
 * Fastify's `genReqId`: a caller's X-Request-Id when it looks like an id, else a new UUID. Fastify
 * keeps it as `request.id`; `useHttpPipeline` echoes it on every answer.
 */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Only these fields of a request are ever logged: never the body, and no header but the user agent. */
export function loggedRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    id: request.id,
    method: request.method,
    url: redactQuery(request.url),
    userAgent: request.headers['user-agent'],
    remoteAddress: request.socket?.remoteAddress,
  };
}

/**
 * The request pipeline as Fastify hooks on the root instance (no Nest or Express middleware):
 *
 * - every answer carries `X-Request-Id` (`request.id`, see `requestId`);
 * - one access log line per answer, written from `onResponse` with `loggedRequest` only: info for
 *   2xx/3xx, warn for 4xx, error for 5xx, and only when the logger is at that level (at
 *   `LOG_LEVEL=warn`, the production default of the benchmarks, a successful request writes
 *   nothing and builds nothing: no child logger, no serialised request);
 * - HTTP metrics by method, route template (`/v1/cards/:id`, `unmatched` for 404s) and status,
 *   counted after the answer has been sent (`onResponse`), so they add no latency;
 * - the methods each path accepts, for `405` with `Allow` (see `allowedMethods`).
 *
 * Call before the routes are registered (before `app.init()`).
 */
export function useHttpPipeline(fastify: FastifyInstance, deps: { logger: Logger; metrics: Metrics }): void {
  const { logger } = deps;
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });

  const logInfo = logger.isLevelEnabled('info');
  const logWarn = logger.isLevelEnabled('warn');
  const logError = logger.isLevelEnabled('error');
  const series = new HttpSeries(deps.metrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    series.get(request.method, request.routeOptions.url, status).observe(reply.elapsedTime / 1000);
    if (status >= 500 ? logError : status >= 400 ? logWarn : logInfo) accessLog(logger, request, reply);
    done();
  });

  const routes = FindMyWay({ ignoreTrailingSlash: false });
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      try {
        routes.on(method as HTTPMethod, route.url, () => undefined);
      } catch {
        // A route find-my-way already knows (HEAD added for a GET): nothing to add.
      }
    }
  });
  // A decoration, so the plugin contexts (the dashboard's) see it too.
  fastify.decorate(ALLOWED_ROUTES, routes);
}

const ALLOWED_ROUTES = Symbol('cardtrail.allowedRoutes');
const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The methods the app's routes accept for `path` (a request path, not a pattern), so an unknown
 * method on a known path answers 405 with `Allow` rather than 404.
 */
export function allowedMethods(fastify: FastifyInstance, path: string): string[] {
  const routes = (fastify as unknown as Record<symbol, ReturnType<typeof FindMyWay> | undefined>)[ALLOWED_ROUTES];
  if (!routes) return [];
  const methods = new Set(METHODS.filter((method) => routes.find(method, path) !== null));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

function accessLog(logger: Logger, request: FastifyRequest, reply: FastifyReply): void {
  if (NOT_LOGGED.test(request.url)) return;
  const status = reply.statusCode;
  const entry: Record<string, unknown> = {
    req: loggedRequest(request),
    res: { statusCode: status },
    responseTime: Math.round(reply.elapsedTime),
  };
  const message = `${request.method} ${redactQuery(request.url)} ${status}`;
  if (status >= 500) {
    entry.err = { type: 'Error', message: `failed with status code ${status}` };
    logger.error(entry, message);
  } else if (status >= 400) {
    logger.warn(entry, message);
  } else {
    logger.info(entry, message);
  }
}

/**
 * The labelled request counter and duration histogram of each (method, route, status), looked up
 * by one string key: prom-client would otherwise hash the label object on every call.
 */
class HttpSeries {
  private readonly known = new Map<string, { observe(seconds: number): void }>();

  constructor(private readonly metrics: Metrics) {}

  get(method: string, route: string | undefined, status: number): { observe(seconds: number): void } {
    const key = `${method} ${status} ${route ?? ''}`;
    let series = this.known.get(key);
    if (series === undefined) {
      const labels = { method, route: route === undefined ? 'unmatched' : route, status: String(status) };
      const count = this.metrics.httpRequests.labels(labels);
      const duration = this.metrics.httpRequestDuration.labels(labels);
      series = {
        observe(seconds) {
          count.inc();
          duration.observe(seconds);
        },
      };
      this.known.set(key, series);
    }
    return series;
  }
}

export function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

export function redactQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  const kept: string[] = [];
  for (const [key, value] of params) {
    kept.push(`${encodeURIComponent(key)}=${SENSITIVE_QUERY.test(key) ? '[Redacted]' : encodeURIComponent(value)}`);
  }
  return `${url.slice(0, q)}?${kept.join('&')}`;
}
