import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOGGER } from '@cardtrail/infra/nest';
import type { Logger } from '@cardtrail/infra';
import { dependencyUnavailable } from './dependency-unavailable';
import { allowedMethods, BODY_LIMIT, loggedRequest } from './http-pipeline';
import {
  defaultProblemType,
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  problemType,
  statusTitle,
  type ProblemDocument,
} from './problem';

export { BODY_LIMIT };

interface Answer {
  problem: ProblemDocument;
  headers?: Record<string, string>;
}

/**
 * The one place errors become responses: every error, thrown by a handler, a guard, a pipe,
 * Fastify's body parsing or its router (Nest hands those to the filters as an `HttpException`
 * whose `cause` is the `FastifyError`), is answered as an RFC 9457 problem document. Anything
 * not recognised is a 500 whose detail reveals nothing; it is logged with its stack and the
 * request id, which the answer carries so a caller can quote it.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const res = http.getResponse<FastifyReply>();
    // Postgres or Redis out of reach: a 503 naming it, logged once per outage (not a defect).
    // A 5xx problem thrown on purpose (readiness) is not a defect either.
    const unavailable = dependencyUnavailable(exception, this.logger);
    const answer = this.answer(unavailable ?? exception, req);
    if (answer.problem.status >= 500 && !unavailable && !(exception instanceof ProblemException)) {
      this.logger.error({ req: loggedRequest(req), err: exception }, 'Unhandled error while answering a request');
    }
    if (res.sent || res.raw.headersSent) {
      // The handler had started streaming; all that is left is to cut the response short.
      res.raw.end();
      return;
    }
    writeProblem(res, answer.problem, answer.headers);
  }

  private answer(exception: unknown, req: FastifyRequest): Answer {
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

  private fromHttpException(exception: HttpException, req: FastifyRequest): Answer {
    const status = exception.getStatus();
    const cause = exception.cause as { code?: unknown; message?: unknown } | undefined;
    const fastifyError = typeof cause?.code === 'string' ? cause.code : undefined;
    const path = (req.originalUrl ?? req.url).split(/[?#]/)[0];

    switch (fastifyError) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return problem(400, 'malformed-json', 'Malformed JSON body', `The request body is not valid JSON: ${String(cause?.message)}`);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return {
          problem: {
            type: problemType('validation-error'),
            title: 'Validation failed',
            status: 400,
            detail: 'A JSON request body is required.',
            errors: [{ field: 'body', message: 'Required' }],
          },
        };
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return problem(413, 'payload-too-large', 'Payload Too Large', `The request body exceeds the limit of ${BODY_LIMIT}.`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
        const type = req.headers['content-type'];
        return problem(
          415,
          'unsupported-media-type',
          'Unsupported Media Type',
          `Request bodies must be JSON (Content-Type: application/json), not ${type ?? 'untyped'}.`,
        );
      }
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return problem(400, 'bad-request', 'Bad Request', 'The request body does not match its Content-Length.');
      case 'FST_ERR_BAD_URL':
        return problem(400, 'bad-request', 'Bad Request', 'The URL is not correctly percent-encoded.');
      default:
        break;
    }
    if (status === 404 && isRouterNotFound(exception, req)) {
      const allow = allowedMethods(req.server, path);
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
function isRouterNotFound(exception: HttpException, req: FastifyRequest): boolean {
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

/** Sends a problem document on a Fastify reply (used outside Nest's pipeline too). */
export function writeProblem(res: FastifyReply, problem: ProblemDocument, headers: Record<string, string> = {}): void {
  res
    .code(problem.status)
    .headers(headers)
    .header('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .header('Cache-Control', 'no-store')
    .send(JSON.stringify(problem));
}
