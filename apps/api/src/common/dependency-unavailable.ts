import { HttpException } from '@nestjs/common';
import { DEPENDENCY_NAMES, OutageLog, unavailableDependency, type Dependency, type Logger } from '@cardtrail/infra';
import { ProblemException } from './problem';

/** Seconds a client should wait before retrying after a 503 (readiness uses the same). */
export const RETRY_AFTER_SECONDS = 5;

/** How the answer names a dependency: what it is for, not which product runs it. */
const WHAT: Record<Dependency, string> = { database: 'The database', queue: 'The queue' };

/**
 * The 503 problem for a request that failed because Postgres or Redis is out of reach:
 * `Retry-After`, and `unavailable: ['database']` (or `['queue']`) naming what is missing, the
 * member readiness answers with too. Readiness and the API share the shape, so a client tells
 * an outage (retry later) from a defect (a 500, which never carries `unavailable`).
 */
export function dependencyUnavailableProblem(dependencies: Dependency[]): ProblemException {
  const names = dependencies.map((d) => `${WHAT[d].toLowerCase()} (${DEPENDENCY_NAMES[d]})`).join(' and ');
  return new ProblemException({
    status: 503,
    type: 'dependency-unavailable',
    title: 'Service Unavailable',
    detail: `${names.charAt(0).toUpperCase()}${names.slice(1)} ${dependencies.length > 1 ? 'are' : 'is'} unavailable right now; retry in ${RETRY_AFTER_SECONDS} seconds.`,
    extensions: { unavailable: dependencies },
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  });
}

const outageLogs = new WeakMap<Logger, OutageLog>();

/** The API's one outage log per logger: requests and background checks count into the same outage. */
export function apiOutageLog(logger: Logger): OutageLog {
  let log = outageLogs.get(logger);
  if (!log) {
    log = new OutageLog(logger, { meanwhile: 'requests that need it are answered 503 with Retry-After' });
    outageLogs.set(logger, log);
  }
  return log;
}

/**
 * What the problem filter calls for an error it does not otherwise recognise: a 503 problem
 * when the error says Postgres or Redis is out of reach (a refused or dropped connection, a
 * pool that could not connect in time, a server shutting down or starting up: see
 * `unavailableDependency`), else null (a 500, as before). The first such error of an outage is
 * logged once, at warn, with its reason; the rest are counted, not logged (the access log
 * still has a line per request).
 */
export function dependencyUnavailable(exception: unknown, logger: Logger): ProblemException | null {
  // An answer decided on purpose (4xx, readiness' own 503) is never reinterpreted.
  if (exception instanceof HttpException) return null;
  const dependency = unavailableDependency(exception);
  if (!dependency) return null;
  apiOutageLog(logger).failed(exception);
  return dependencyUnavailableProblem([dependency]);
}
