import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger, Metrics } from '@cardtrail/infra';
import { writeProblem } from './problem.filter';
import { problemType, ProblemException } from './problem';

/** A caller's X-Request-Id is echoed when it looks like an id; anything else is replaced. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Query parameters whose values stay out of the logs (applicant lookups, filters by DUF number). */
const SENSITIVE_QUERY = /duf|name|email|phone|address|reference|token|cursor/i;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type LoggedRequest = IncomingMessage & { id?: string; originalUrl?: string };

/**
 * Express middleware in front of every route, in order: request id and access log (pino-http),
 * HTTP metrics, and the JSON-only content-type check. The body parser comes after it (see
 * bootstrap), so a non-JSON body is refused before it is read.
 */
export function useHttpPipeline(app: INestApplication, deps: { logger: Logger; metrics: Metrics }): void {
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      wrapSerializers: false,
      // Only these fields: never the body, and not headers beyond the harmless ones.
      serializers: {
        req: (req: LoggedRequest) => ({
          id: req.id,
          method: req.method,
          url: redactQuery(req.originalUrl ?? req.url ?? ''),
          userAgent: req.headers['user-agent'],
          remoteAddress: req.socket?.remoteAddress,
        }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        err: (err: Error) => ({ type: err.name, message: err.message, stack: err.stack }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
      customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
      // Probes and scrapes every few seconds would drown the log.
      autoLogging: { ignore: (req) => /^\/(health\/|metrics)/.test(req.url ?? '') },
    }),
  );

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
