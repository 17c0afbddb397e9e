import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger, Metrics } from '@cardtrail/infra';
import { acceptsFormPosts, isFormBody } from '../web/web-routes';
import { writeProblem } from './problem.filter';
import { problemType, ProblemException } from './problem';

/** A caller's X-Request-Id is echoed when it looks like an id; anything else is replaced. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Query parameters whose values stay out of the logs (applicant lookups, filters by DUF number). */
const SENSITIVE_QUERY = /duf|name|email|phone|address|reference|token|cursor/i;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type LoggedRequest = IncomingMessage & { id?: string; originalUrl?: string; log?: Logger };

/** Only these fields: never the body, and not headers beyond the harmless ones. */
const serializers = {
  req: (req: LoggedRequest) => ({
    id: req.id,
    method: req.method,
    url: redactQuery(req.originalUrl ?? req.url ?? ''),
    userAgent: req.headers['user-agent'],
    remoteAddress: req.socket?.remoteAddress,
  }),
  res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
  err: (err: Error) => ({ type: err.name, message: err.message, stack: err.stack }),
};

/** Probes and scrapes every few seconds would drown the log. */
const NOT_LOGGED = /^\/(health\/|metrics)/;

/**
 * Express middleware in front of every route, in order: request id and access log (pino-http),
 * HTTP metrics, and the JSON-only content-type check. The body parser comes after it (see
 * bootstrap), so a non-JSON body is refused before it is read.
 *
 * The access log is written at info (2xx, 3xx), warn (4xx) and error (5xx). When the logger is
 * above info at start (`LOG_LEVEL=warn` or higher), pino-http is not installed at all: it builds
 * child loggers and listeners for every request only to drop the line (7% of the API's CPU in
 * the ingest bench). A lighter middleware then sets the request id and writes the same line for
 * 4xx and 5xx answers only.
 */
export function useHttpPipeline(app: INestApplication, deps: { logger: Logger; metrics: Metrics }): void {
  app.use(deps.logger.isLevelEnabled('info') ? accessLog(deps.logger) : problemAccessLog(deps.logger));

  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const labels = { method: req.method, route: routeTemplate(req), status: String(res.statusCode) };
      deps.metrics.httpRequests.inc(labels);
      deps.metrics.httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  });

  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (!BODY_METHODS.has(req.method) || !hasBody(req) || isJson(req.headers['content-type'])) return next();
    // pages (apps/api/src/web): their forms post application/x-www-form-urlencoded.
    if (isFormBody(req.headers['content-type']) && acceptsFormPosts(req.path)) return next();
    next(
      new ProblemException({
        status: 415,
        type: 'unsupported-media-type',
        title: 'Unsupported Media Type',
        detail: `Request bodies must be JSON (Content-Type: application/json), not ${req.headers['content-type'] ?? 'untyped'}.`,
      }),
    );
  });
}

/** Every answer logged, through pino-http (`req.log` is a child logger carrying the request). */
function accessLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: requestId,
    wrapSerializers: false,
    serializers,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    autoLogging: { ignore: (req) => NOT_LOGGED.test(req.url ?? '') },
  });
}

/**
 * 4xx at warn and 5xx at error, in pino-http's shape (`req`, `res`, `responseTime`, and `err`
 * for a 5xx), when info is off. `req.log` becomes a child logger only if something asks for it
 * (the problem filter logging an unhandled error), so the line still carries the request id.
 */
function problemAccessLog(logger: Logger) {
  const warn = logger.isLevelEnabled('warn');
  const error = logger.isLevelEnabled('error');
  return (req: LoggedRequest, res: ServerResponse, next: () => void): void => {
    req.id = requestId(req, res);
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: false,
      get(this: LoggedRequest) {
        const child = logger.child({ req: serializers.req(this) });
        Object.defineProperty(this, 'log', { configurable: true, enumerable: false, writable: true, value: child });
        return child;
      },
    });
    if ((warn || error) && !NOT_LOGGED.test(req.url ?? '')) {
      const started = Date.now();
      res.once('finish', () => {
        const status = res.statusCode;
        if (status < 400 || (status < 500 && !warn) || (status >= 500 && !error)) return;
        const entry: Record<string, unknown> = {
          req: serializers.req(req),
          res: serializers.res(res),
          responseTime: Date.now() - started,
        };
        const message = `${req.method} ${pathOf(req)} ${status}`;
        if (status >= 500) {
          entry.err = serializers.err(new Error(`failed with status code ${status}`));
          logger.error(entry, message);
        } else {
          logger.warn(entry, message);
        }
      });
    }
    next();
  };
}

/** A caller's X-Request-Id when it looks like an id, else a new one; echoed on the answer. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Last in the Express stack: a path no route and no prefix claims (Nest covers /v1 itself). */
export function useNotFoundFallback(app: INestApplication): void {
  app.use((req: Request, res: Response) => {
    writeProblem(res, {
      type: problemType('not-found'),
      title: 'Not Found',
      status: 404,
      detail: `No route matches ${req.method} ${req.path}.`,
    });
  });
}

export function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

/** The matched route's template (`/v1/cards/:id`), so metrics do not get one series per card. */
function routeTemplate(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string' || path.includes('*')) return 'unmatched';
  return `${req.baseUrl ?? ''}${path}`;
}

function pathOf(req: IncomingMessage & { originalUrl?: string }): string {
  return redactQuery(req.originalUrl ?? req.url ?? '');
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
