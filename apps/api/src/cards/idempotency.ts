import { createHash } from 'node:crypto';
import { ProblemException } from '../common/problem';

/** How long a stored answer is replayed: at least 24 h, so a client's retries the same day get the first answer. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Visible ASCII, 1–200 characters: UUIDs, ULIDs and the like; no spaces or control characters. */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** The `Idempotency-Key` header, or undefined without one; a malformed key is a 400. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header === 'string' && KEY_PATTERN.test(header)) return header;
  throw new ProblemException({
    status: 400,
    type: 'invalid-idempotency-key',
    title: 'Invalid Idempotency-Key header',
    detail: 'Idempotency-Key must be one value of 1–200 visible ASCII characters (for example a UUID).',
  });
}

/**
 * The fingerprint a retry must match: method, path, the precondition and the body in canonical
 * JSON (object keys sorted), so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request.
 */
export function requestHash(parts: { method: string; path: string; ifMatch: number | undefined; body: unknown }): string {
  const canonical = JSON.stringify([parts.method.toUpperCase(), parts.path, parts.ifMatch ?? null, canonicalJson(parts.body)]);
  return createHash('sha256').update(canonical).digest('hex');
}

function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonicalJson((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
