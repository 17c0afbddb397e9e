import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/**
 * Problem type URIs are absolute and live under one base: stable identifiers clients can switch
 * on (RFC 9457 §3.1.1). They need not resolve; the OpenAPI document describes each one.
 */
export const PROBLEM_TYPE_BASE = 'https://cardtrail.example/problems/';

export function problemType(slug: string): string {
  return `${PROBLEM_TYPE_BASE}${slug}`;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One field that failed validation; `field` is a dotted path such as `applicant.dateOfBirth`. */
export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem document, as sent. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface ProblemInit {
  status: number;
  /** Short, the same for every occurrence of the type ("Validation failed"). */
  title: string;
  /** This occurrence, in words a caller can act on. */
  detail: string;
  /** A slug under `PROBLEM_TYPE_BASE` or an absolute URI; defaults from the status. */
  type?: string;
  errors?: FieldError[];
  /** Extra members, e.g. `{ status: 'mailed', allowedEvents: [...] }` for a refused transition. */
  extensions?: Record<string, unknown>;
  /** Response headers to set, e.g. `WWW-Authenticate` or `Retry-After`. */
  headers?: Record<string, string>;
}

/** The default type slug of a status without a more specific type. */
const DEFAULT_SLUGS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  428: 'precondition-required',
  429: 'too-many-requests',
  500: 'internal-error',
  503: 'service-unavailable',
};

export function defaultProblemType(status: number): string {
  return problemType(DEFAULT_SLUGS[status] ?? (status >= 500 ? 'internal-error' : 'bad-request'));
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/**
 * Thrown anywhere in the API to answer with a problem document. The global filter writes it as
 * `application/problem+json`; extensions are merged into the body but never override the
 * standard members.
 */
export class ProblemException extends HttpException {
  readonly problem: ProblemDocument;
  readonly headers: Record<string, string>;

  constructor(init: ProblemInit) {
    const type = !init.type
      ? defaultProblemType(init.status)
      : /^[a-z][a-z0-9+.-]*:/i.test(init.type)
        ? init.type
        : problemType(init.type);
    const problem: ProblemDocument = {
      ...(init.extensions ?? {}),
      type,
      title: init.title,
      status: init.status,
      detail: init.detail,
      ...(init.errors && init.errors.length > 0 ? { errors: init.errors } : {}),
    };
    super(problem, init.status);
    this.problem = problem;
    this.headers = init.headers ?? {};
  }
}

export function validationProblem(detail: string, errors: FieldError[]): ProblemException {
  return new ProblemException({
    status: 400,
    type: 'validation-error',
    title: 'Validation failed',
    detail,
    errors,
  });
}
