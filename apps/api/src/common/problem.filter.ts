import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ServerResponse } from 'node:http';
import { LOGGER } from '@cardtrail/infra/nest';
import type { Logger } from '@cardtrail/infra';
import { allowedMethods } from './allowed-methods';
import { dependencyUnavailable } from './dependency-unavailable';
import {
  defaultProblemType,
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  problemType,
  statusTitle,
  type ProblemDocument,
} from './problem';

export const BODY_LIMIT = '100kb';

interface Answer {
  problem: ProblemDocument;
  headers?: Record<string, string>;
}

/**
 * The one place errors become responses: every error, thrown by a handler, a guard, a pipe, the
 * body parser or the router, is answered as an RFC 9457 problem document. Anything not
 * recognised is a 500 whose detail reveals nothing; it is logged with its stack and the request
 * id, which the answer carries so a caller can quote it.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: unknown; log?: Logger }>();
    const res = http.getResponse<Response>();
    // Postgres or Redis out of reach: a 503 naming it, logged once per outage (not a defect).
    // A 5xx problem thrown on purpose (readiness) is not a defect either.
    const unavailable = dependencyUnavailable(exception, this.logger);
    const answer = this.answer(unavailable ?? exception, req);
    if (answer.problem.status >= 500 && !unavailable && !(exception instanceof ProblemException)) {
      (req.log ?? this.logger).error({ err: exception }, 'Unhandled error while answering a request');
    }
    if (res.headersSent) {
      // The handler had started streaming; all that is left is to cut the response short.
      res.end();
      return;
    }
    writeProblem(res, answer.problem, answer.headers);
  }

  private answer(exception: unknown, req: Request & { id?: unknown }): Answer {
    if (exception instanceof ProblemException) {
      return { problem: exception.problem, headers: exception.headers };
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception, req);
    const requestId = typeof req.id === 'string' ? req.id : undefined;
    return {
      problem: {
        type: defaultProblemType(500),
        title: statusTitle(500),
        status: 500,
        detail: 'An unexpected error occurred; it has been logged.',
        ...(requestId ? { requestId } : {}),
      },
    };
  }

  private fromHttpException(exception: HttpException, req: Request): Answer {
    const status = exception.getStatus();
    const cause = exception.cause as { type?: unknown; message?: unknown } | undefined;
    const parserError = typeof cause?.type === 'string' ? cause.type : undefined;
    // Inside the /v1 router `req.path` has the prefix stripped; report the path as requested.
    const path = req.originalUrl.split(/[?#]/)[0];

    if (parserError === 'entity.parse.failed') {
      return problem(400, 'malformed-json', 'Malformed JSON body', `The request body is not valid JSON: ${String(cause?.message)}`);
    }
    if (parserError === 'entity.too.large') {
      return problem(413, 'payload-too-large', 'Payload Too Large', `The request body exceeds the limit of ${BODY_LIMIT}.`);
    }
    if (parserError === 'encoding.unsupported' || parserError === 'charset.unsupported') {
      return problem(415, 'unsupported-media-type', 'Unsupported Media Type', String(cause?.message));
    }
    if (cause instanceof URIError) {
      return problem(400, 'bad-request', 'Bad Request', 'The URL is not correctly percent-encoded.');
    }
    if (status === 404 && isRouterNotFound(exception, req)) {
      const allow = allowedMethods(req, path);
      if (allow.length > 0) {
        return {
          ...problem(405, 'method-not-allowed', 'Method Not Allowed', `${req.method} is not allowed on ${path}; allowed: ${allow.join(', ')}.`),
          headers: { Allow: allow.join(', ') },
        };
      }
      return problem(404, 'not-found', 'Not Found', `No route matches ${req.method} ${path}.`);
    }
    if (status >= 500) {
      return problem(status, status === 503 ? 'service-unavailable' : 'internal-error', statusTitle(status), 'The service could not answer this request.');
    }
    return {
      problem: {
        type: defaultProblemType(status),
        title: statusTitle(status),
        status,
        detail: messageOf(exception),
      },
    };
  }
}

function problem(status: number, slug: string, title: string, detail: string): Answer {
  return { problem: { type: problemType(slug), title, status, detail } };
}

/** Nest's own 404 for an unmatched route says "Cannot GET /path"; a handler's 404 does not. */
function isRouterNotFound(exception: HttpException, req: Request): boolean {
  return exception.message.startsWith(`Cannot ${req.method} `);
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

/** Writes a problem document on a plain Node response (used outside Nest's pipeline too). */
export function writeProblem(res: ServerResponse, problem: ProblemDocument, headers: Record<string, string> = {}): void {
  res.statusCode = problem.status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(problem));
}
