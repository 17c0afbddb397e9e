import { ProblemException } from '../common/problem';

/**
 * Keyset position in the list order (created_at, id). `createdAt` is Postgres' text with
 * microseconds: a JavaScript Date keeps only milliseconds and would skip or repeat rows.
 */
export interface CardCursor {
  createdAt: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of `[createdAt, id]`. */
export function encodeCursor(cursor: CardCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(value: string): CardCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      TIMESTAMP.test(parsed[0]) &&
      !Number.isNaN(Date.parse(parsed[0])) &&
      UUID.test(parsed[1])
    ) {
      return { createdAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the problem below
  }
  throw new ProblemException({
    status: 400,
    type: 'validation-error',
    title: 'Validation failed',
    detail: 'cursor is not a cursor this API issued: pass the nextCursor of the previous page unchanged.',
    errors: [{ field: 'cursor', message: 'Invalid cursor' }],
  });
}
