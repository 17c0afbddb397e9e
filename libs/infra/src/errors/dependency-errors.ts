/**
 * Which dependency an error says is out of reach: `database` (Postgres) or `queue` (Redis),
 * or null for anything else (a bug, bad data, a refused statement). One spelling of "this is
 * an outage, not a defect" for the API (503 instead of 500) and the worker (one log line per
 * outage instead of one per job).
 */
export type Dependency = 'database' | 'queue';

export const DEPENDENCY_NAMES: Record<Dependency, string> = { database: 'Postgres', queue: 'Redis' };

/**
 * SQLSTATEs that mean "the server cannot serve you now" rather than "your statement is wrong":
 * class 08 (connection exceptions), 53 (insufficient resources: too many connections, out of
 * memory or disk), 57P01–57P03 (admin or crash shutdown, cannot connect now: starting up or
 * shutting down).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0[123])$/;

/**
 * Socket failures. A pg query or pool raises them as they are; ioredis rejects commands with
 * the shapes below instead, but emits raw socket errors on its connections' `error` events
 * (which BullMQ passes on), so a caller listening there says what a socket error means.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
]);

/** pg and pg-pool messages without a code: a dropped connection, a pool that cannot connect in time. */
const PG_MESSAGES = [
  /^(Error: )?Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
  /Cannot use a pool after calling end on the pool/,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/,
];

/**
 * TypeORM releases a query runner when its pg connection reports an error (the connection
 * dropped under it, mid-transaction); the transaction's next query, or its COMMIT, then fails
 * with one of these.
 */
const TYPEORM_NAMES = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError']);

/** ioredis (and BullMQ through it): a closed or unwritable connection, retries exhausted, a server not ready. */
const REDIS_NAMES = new Set(['MaxRetriesPerRequestError']);
const REDIS_MESSAGES = [
  /^Connection is closed\.?$/,
  /Stream isn't writeable/,
  /Reached the max retries per request limit/,
  /^(LOADING|MISCONF|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN)\b/,
];

/**
 * BullMQ finding a job's keys or lock gone: Redis came back empty or was flushed under a job
 * in progress. Redis answers, so this is no outage; the work is not lost either (Postgres hands
 * it out again). For the worker's log it is one incident, not a problem per job.
 */
const REDIS_LOST_KEYS = [/^Missing (key|lock) for job/, /^could not renew lock for job/];

export function lostJobKeys(error: unknown): boolean {
  const message = (error as ErrorShape | null)?.message;
  return typeof message === 'string' && REDIS_LOST_KEYS.some((m) => m.test(message));
}

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  driverError?: unknown;
  errors?: unknown;
}

/**
 * Classifies `error`, looking through what wraps it: TypeORM's `QueryFailedError.driverError`,
 * `cause` chains and `AggregateError.errors` (Node reports a refused connection to a name with
 * several addresses as one).
 */
export function unavailableDependency(
  error: unknown,
  { socketErrorsMean = 'database' }: { socketErrorsMean?: Dependency } = {},
  depth = 0,
): Dependency | null {
  if (error === null || typeof error !== 'object' || depth > 5) return null;
  const e = error as ErrorShape;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';

  if (REDIS_NAMES.has(name) || REDIS_MESSAGES.some((m) => m.test(message))) return 'queue';
  if (SOCKET_CODES.has(code)) return socketErrorsMean;
  if (UNAVAILABLE_SQLSTATE.test(code)) return 'database';
  if (TYPEORM_NAMES.has(name) || PG_MESSAGES.some((m) => m.test(message))) return 'database';

  for (const inner of [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = unavailableDependency(inner, { socketErrorsMean }, depth + 1);
    if (found) return found;
  }
  return null;
}

/** A short reason for a log line: the code or the first line of the message, never a value. */
export function outageReason(error: unknown): string {
  if (error === null || typeof error !== 'object') return String(error);
  const e = error as ErrorShape;
  if (typeof e.code === 'string' && e.code) return e.code;
  const inner = e.driverError ?? e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  if (inner) {
    const reason = outageReason(inner);
    if (reason !== 'unknown') return reason;
  }
  return typeof e.message === 'string' ? e.message.split('\n')[0].slice(0, 120) : 'unknown';
}
