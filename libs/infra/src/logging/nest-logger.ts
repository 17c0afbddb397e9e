import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

/** Nest contexts whose start-up chatter (one line per module and route) is debug, not info. */
const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's `LoggerService` on our pino logger, so framework messages and ours share one JSON
 * stream. It follows Nest's calling conventions: the context is the last argument when it is a
 * string; the exception handlers call `error(message, stack, context)`; an object message is
 * written as fields and an `Error` as `err`. It writes to the logger it is given (the API, the
 * worker and tests that start several apps each have their own), and Nest's
 * one-line-per-module-and-route start-up messages are written at debug.
 *
 * Hand-written rather than nestjs-pino (decision 0019): nestjs-pino 5 needs Node 22.12, and 4.x is
 * CommonJS that cannot load Nest 12 (ES modules) under jest on Node 20.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = params[params.length - 1];
    const level = typeof context === 'string' && STARTUP_CONTEXTS.has(context) ? 'debug' : 'info';
    this.write(level, message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }

  private write(level: PinoLevel, message: unknown, params: unknown[], withStack = false): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const rest = [...params];
    // Nest's exception handlers call error(message, stack, context); a lone string after the
    // message is the stack when it looks like one, else the context.
    const looksLikeStack = (value: unknown) => typeof value === 'string' && /\n\s+at /.test(value);
    const last = rest[rest.length - 1];
    const context = typeof last === 'string' && !(withStack && looksLikeStack(last)) ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context === undefined ? {} : { context };
    const stack = withStack && looksLikeStack(rest[0]) ? (rest.shift() as string) : undefined;

    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { msg, message: text, ...others } = message as Record<string, unknown>;
      this.logger[level]({ ...fields, ...others }, String(msg ?? text ?? ''));
    } else if (stack !== undefined) {
      const err = Object.assign(new Error(String(message)), { stack });
      this.logger[level]({ ...fields, err }, String(message));
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
