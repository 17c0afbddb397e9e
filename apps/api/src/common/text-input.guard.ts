import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { validationProblem, type FieldError } from './problem';

/**
 * A string has a character no field of ours accepts: NUL (Postgres refuses it in `text` and
 * `jsonb`, and its server log would keep the rest of the value) or an unpaired surrogate (no
 * UTF-8 spelling: it reaches Postgres as U+FFFD, or as a `\ud800` escape that `jsonb` refuses).
 * A quick scan for either range first, since nearly every string has neither.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unsafeTextReason(value: string): string | null {
  if (!SUSPECT.test(value)) return null;
  if (value.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'must not contain an unpaired surrogate (not valid Unicode)';
  return null;
}

/**
 * The request headers the API reads. Node's HTTP parser already refuses NUL in a header and
 * decodes header bytes as Latin-1 (so no surrogate can appear); checked anyway, so the rule
 * holds on any platform.
 */
export const HEADERS_READ = ['Authorization', 'If-Match', 'Idempotency-Key', 'Accept-Language', 'X-Request-Id', 'X-Forwarded-For'] as const;

interface RequestParts {
  body?: unknown;
  query?: unknown;
  params?: unknown;
  headers?: Record<string, string | string[] | undefined>;
}

type Location = 'body' | 'query' | 'params';
const LOCATION_NAMES: Record<Location, string> = { body: 'request body', query: 'query parameters', params: 'path parameters' };

/**
 * One input rule at the boundary, for every route: no string anywhere in a request — a body
 * value or key at any depth, a query or path parameter, a header we read — may hold NUL or an
 * unpaired surrogate. Such a request is a 400 validation problem naming each field
 * (`applicant.fullName`, `reference`, `id`, `Idempotency-Key`), before any pipe, service or
 * query sees it: nothing reaches Postgres that it would refuse.
 *
 * A guard rather than a pipe because a guard sees the whole request, headers included, once;
 * it reads only `body`, `query`, `params` and `headers`, which Express and Fastify requests
 * both carry.
 */
@Injectable()
export class TextInputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<RequestParts>();
    const errors: FieldError[] = [];
    const where: Location[] = [];
    for (const location of ['body', 'query', 'params'] as const) {
      const before = errors.length;
      collect(req[location], [], location, errors);
      if (errors.length > before) where.push(location);
    }
    const inBodyQueryOrPath = errors.length;
    for (const name of HEADERS_READ) {
      const value = req.headers?.[name.toLowerCase()];
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
        const reason = unsafeTextReason(v);
        if (reason) errors.push({ field: name, message: reason });
      }
    }
    if (errors.length === 0) return true;
    const places = [...where.map((w) => LOCATION_NAMES[w]), ...(errors.length > inBodyQueryOrPath ? ['headers'] : [])];
    const summary = errors
      .slice(0, 5)
      .map((e) => `${e.field}: ${e.message}`)
      .join('; ');
    const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
    throw validationProblem(`Invalid ${places.join(' and ')}: ${summary}${more}.`, errors);
  }
}

/** Walks a parsed JSON value (or a query/params object), recording each unsafe string and key. */
function collect(value: unknown, path: Array<string | number>, location: Location, errors: FieldError[]): void {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    if (reason) errors.push({ field: fieldName(path, location), message: reason });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(item, [...path, i], location, errors));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    const reason = unsafeTextReason(key);
    if (reason) errors.push({ field: fieldName([...path, key], location), message: `field name ${reason}` });
    collect(item, [...path, key], location, errors);
  }
}

/**
 * `['applicant', 'fullName']` → `applicant.fullName`, `['items', 0]` → `items[0]`, as the
 * schema validation names fields. The name itself may hold the bad character; JSON escapes it
 * in the answer, so the caller still sees which field was meant.
 */
function fieldName(path: Array<string | number>, location: Location): string {
  if (path.length === 0) return location;
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}
