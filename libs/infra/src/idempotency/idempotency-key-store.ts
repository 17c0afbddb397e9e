import type { DataSource, EntityManager } from 'typeorm';

/** An answer as an idempotency key keeps it, to replay to a retry. */
export interface StoredAnswer {
  /** The fingerprint of the request that produced it (method, path, precondition, body). */
  requestHash: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * `idempotency_keys`: the answers of keyed requests, per caller (`scope`) and key, until they
 * expire. The caller runs `lock`, `findLive` and `save` in the transaction of the request.
 */
export class IdempotencyKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the key's transaction-scoped advisory lock without waiting: false when a concurrent
   * request with the same key holds it. The lock is held until the transaction ends.
   */
  async lock(m: EntityManager, scope: string, key: string): Promise<boolean> {
    const [row]: Array<{ locked: boolean }> = await m.query(
      'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked',
      [`${scope}:${key}`],
    );
    return row?.locked === true;
  }

  /** The stored answer of the key, unless it has expired by `now`. */
  async findLive(m: EntityManager, scope: string, key: string, now: Date): Promise<StoredAnswer | null> {
    const rows: Array<{
      request_hash: string;
      response_status: number;
      response_body: unknown;
      response_headers: Record<string, string>;
    }> = await m.query(
      `SELECT request_hash, response_status, response_body, response_headers
         FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at > $3`,
      [scope, key, now],
    );
    const row = rows[0];
    if (!row) return null;
    return { requestHash: row.request_hash, status: row.response_status, body: row.response_body, headers: row.response_headers };
  }

  /** Stores the answer until `expiresAt`, replacing an expired row of the same key. */
  async save(m: EntityManager, scope: string, key: string, answer: StoredAnswer, now: Date, expiresAt: Date): Promise<void> {
    await m.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, response_headers, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
         response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body,
         response_headers = EXCLUDED.response_headers, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
      [scope, key, answer.requestHash, answer.status, JSON.stringify(answer.body), JSON.stringify(answer.headers), now, expiresAt],
    );
  }

  /**
   * Deletes up to `batch` keys expired by `now`, over the expiry index, outside any request's
   * transaction. A row being renewed concurrently is re-checked by Postgres and kept.
   */
  async purgeExpired(now: Date, batch: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE ctid IN (
         SELECT ctid FROM idempotency_keys WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2)`,
      [now, batch],
    );
  }
}
