import { pino, type Logger } from 'pino';
import type { AppConfig } from '../config/config';

export type { Logger } from 'pino';

/**
 * Paths pino removes from every log line. Request bodies are never logged at all (they carry
 * names, DUF numbers and addresses); these cover what a serializer or a caller might still pass.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'dufNumber',
  '*.dufNumber',
];

/**
 * The process logger: one JSON object per line on stdout, level names as strings, ISO
 * timestamps. `LOG_LEVEL=silent` (the tests) turns it off.
 */
export function createLogger(
  config: Pick<AppConfig, 'LOG_LEVEL'>,
  options: { name?: string; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      name: options.name ?? 'cardtrail',
      level: config.LOG_LEVEL,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    },
    options.destination,
  );
}
