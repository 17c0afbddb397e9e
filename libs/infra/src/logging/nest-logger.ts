import { Logger as NestjsPinoLogger, type PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';

/** Nest contexts whose start-up chatter (one line per module and route) is debug, not info. */
const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/**
 * Nest's `LoggerService` on our pino logger, so framework messages and ours share one JSON
 * stream: nestjs-pino's `Logger`, which knows Nest's calling conventions (the context as the
 * last argument, the exception handlers' `error(message, stack, context)`, objects and errors
 * as fields), given the process's pino logger directly. Through its `PinoLogger` it would use one
 * root logger per process, built on first use, whereas the API and the worker (and tests that
 * start several apps) each pass the logger they were given; pino has the methods `PinoLogger`
 * offers. nestjs-pino's request middleware (pino-http) is not used: the API's access log is
 * written from a Fastify hook (apps/api/src/common/http-pipeline.ts), only at enabled levels.
 *
 * One addition: Nest's one-line-per-module-and-route start-up messages are written at debug.
 */
export class PinoNestLogger extends NestjsPinoLogger {
  constructor(logger: Logger) {
    super(logger as unknown as PinoLogger, {});
  }

  override log(message: unknown, ...params: unknown[]): void {
    const context = params[params.length - 1];
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) {
      this.debug(message, ...params);
      return;
    }
    super.log(message, ...params);
  }
}
