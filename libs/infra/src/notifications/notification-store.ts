import type { NotificationAudience, NotificationKind, NotificationParams } from '@cardtrail/card-lifecycle';
import type { DataSource } from 'typeorm';
import { returnedRows } from '../database/returned-rows';
import type { ClaimedTimer } from '../timers/timer-store';

/** A notification as the sender needs it. */
export interface StoredNotification {
  id: string;
  key: string;
  cardId: string;
  kind: NotificationKind;
  audience: NotificationAudience;
  issueNumber: number;
  /** When it falls due: the one due time (moved only by a re-time to the sending window). */
  dueAt: Date;
  /** After a failed attempt, when the next one is due; null before. */
  retryAt: Date | null;
  status: string;
  attempts: number;
  /** The generation of the job that runs it, counted at each claim, re-time and retry. */
  claims: number;
  params: NotificationParams;
  createdAt: Date;
  /** While `sending`: until when that attempt may take; past it, its worker died mid-send. */
  sendingUntil: Date | null;
}

/** The SQL of when a notification's next attempt is due (the one due time, or the retry's time). */
const NEXT_ATTEMPT_AT = 'coalesce(retry_at, due_at)';

/** A notification as caseworkers see it in a card's list, with its outcome. */
export interface NotificationRecord {
  key: string;
  kind: string;
  audience: string;
  issueNumber: number;
  dueAt: Date;
  status: string;
  attempts: number;
  reason: string | null;
  lastError: string | null;
  sentAt: Date | null;
}

/**
 * `notifications`: every message a card's events planned, and what became of it. A notification
 * is its own timer (decision 0035): `due_at` is its one due time, `retry_at` the time of the next
 * attempt after a failed one, and `claimed_until`/`claims` the sweeper's claim, as `timers` has
 * for deadline checks. The worker's reaction inserts them (in its one statement, claimed when
 * its own job sends them at once). The sweeper claims those that fall due (`claimBatch`) and
 * reviews expired claims (`reviewExpiredClaims`), as `TimerStore` does for deadline checks. The
 * sender reads the row with its version (`readForSend`), decides, and writes the decision only
 * if the row is still at that version (`markSkipped`, `retime`, `markSending`); it sends, and
 * writes the receiver's answer at once in one statement of its own (`recordSent`, `recordRetry`,
 * `recordFailed`), each only while the row is still `sending`. Every write that ends or moves an
 * attempt releases the claim in the same statement. The send path's statements are prepared.
 */
export class NotificationStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Every notification of the card, in due order. */
  async forCard(cardId: string): Promise<NotificationRecord[]> {
    return this.dataSource.query(
      `SELECT key, kind, audience, issue_number AS "issueNumber", due_at AS "dueAt", status, attempts, reason,
              last_error AS "lastError", sent_at AS "sentAt"
         FROM notifications WHERE card_id = $1 ORDER BY due_at, key`,
      [cardId],
    );
  }

  /**
   * One transaction: claims up to `batchSize` unclaimed scheduled notifications whose next attempt
   * fell due (`FOR UPDATE SKIP LOCKED`, in due order) until `claimUntil`, counting a generation
   * each, and runs `hand` on them before the commit (if it throws, nothing is claimed). The ids
   * are the jobs' timer ids. Returns how many it claimed.
   */
  async claimBatch(now: Date, claimUntil: Date, batchSize: number, hand: (claimed: ClaimedTimer[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows = returnedRows<{ id: string; claims: number }>(
        await m.query(
          `UPDATE notifications SET claimed_until = $2, claims = claims + 1
            WHERE id IN (
              SELECT id FROM notifications
               WHERE status = 'scheduled' AND claimed_until IS NULL AND ${NEXT_ATTEMPT_AT} <= $1
               ORDER BY ${NEXT_ATTEMPT_AT} LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id, claims`,
          [now, claimUntil, batchSize],
        ),
      );
      if (rows.length === 0) return 0;
      await hand(rows.map((r) => ({ id: r.id, attempts: r.claims })));
      return rows.length;
    });
  }

  /**
   * As `TimerStore.reviewExpiredClaims`, for notifications: up to `batchSize` expired claims
   * (`scheduled` or `sending`), locked `SKIP LOCKED`; those whose job `stillQueued` are renewed
   * until `claimUntil`, the others are taken again under the next generation and handed to
   * `hand` before the commit.
   */
  async reviewExpiredClaims(
    now: Date,
    claimUntil: Date,
    batchSize: number,
    stillQueued: (claimed: ClaimedTimer[]) => Promise<ReadonlySet<string>>,
    hand: (claimed: ClaimedTimer[]) => Promise<void>,
  ): Promise<{ renewed: number; reclaimed: number }> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; claims: number }> = await m.query(
        `SELECT id, claims FROM notifications WHERE claimed_until < $1
          ORDER BY claimed_until LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, batchSize],
      );
      if (rows.length === 0) return { renewed: 0, reclaimed: 0 };
      const claimed = rows.map((r) => ({ id: r.id, attempts: r.claims }));
      const queued = await stillQueued(claimed);
      const live = claimed.filter((c) => queued.has(c.id)).map((c) => c.id);
      const lost = claimed.filter((c) => !queued.has(c.id)).map((c) => c.id);
      if (live.length > 0) {
        await m.query(`UPDATE notifications SET claimed_until = $2 WHERE id = ANY($1::uuid[])`, [live, claimUntil]);
      }
      if (lost.length > 0) {
        const retaken = returnedRows<{ id: string; claims: number }>(
          await m.query(
            `UPDATE notifications SET claimed_until = $2, claims = claims + 1 WHERE id = ANY($1::uuid[]) RETURNING id, claims`,
            [lost, claimUntil],
          ),
        );
        await hand(retaken.map((r) => ({ id: r.id, attempts: r.claims })));
      }
      return { renewed: live.length, reclaimed: lost.length };
    });
  }

  /**
   * The notification as it is now, without a lock, with its row version (`xmin`, which every
   * update changes): the sender decides on this version and writes its decision only if the row
   * is still at it (`markSkipped`, `retime`, `markSending`), so a decision is never made on a row
   * another run changed meanwhile. One prepared statement.
   */
  async readForSend(id: string): Promise<(StoredNotification & { version: string }) | null> {
    const { rows } = await this.pool().query<{
      id: string;
      key: string;
      card_id: string;
      kind: NotificationKind;
      audience: NotificationAudience;
      issue_number: number;
      due_at: Date;
      retry_at: Date | null;
      status: string;
      attempts: number;
      claims: number;
      params: NotificationParams;
      created_at: Date;
      sending_until: Date | null;
      version: string;
    }>({
      name: 'notification-read-for-send',
      text: `SELECT id, key, card_id, kind, audience, issue_number, due_at, retry_at, status, attempts, claims, params,
                    created_at, sending_until, xmin::text AS version
               FROM notifications WHERE id = $1`,
      values: [id],
    });
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      key: row.key,
      cardId: row.card_id,
      kind: row.kind,
      audience: row.audience,
      issueNumber: row.issue_number,
      dueAt: row.due_at,
      retryAt: row.retry_at,
      status: row.status,
      attempts: row.attempts,
      claims: row.claims,
      params: row.params,
      createdAt: row.created_at,
      sendingUntil: row.sending_until,
      version: row.version,
    };
  }

  /** No longer wanted: `skipped` with its reason, if still at `version`. */
  async markSkipped(id: string, version: string, reason: string, now: Date): Promise<boolean> {
    return this.write('notification-skip', `status = 'skipped', reason = $3, claimed_until = NULL, updated_at = $4`, [
      id,
      version,
      reason,
      now,
    ]);
  }

  /**
   * Moves the one due time (an applicant message that came due outside the sending window) and
   * releases the claim, in one statement, if still at `version`: the sweeper fires it at `dueAt`.
   * Returns the new generation, which names a punctual job for it (null if the row had changed).
   */
  async retime(id: string, version: string, dueAt: Date, now: Date): Promise<number | null> {
    const { rows } = await this.pool().query<{ claims: number }>({
      name: 'notification-retime',
      text: `UPDATE notifications SET due_at = $3, retry_at = NULL, claimed_until = NULL, claims = claims + 1, updated_at = $4
              WHERE id = $1 AND xmin::text = $2 RETURNING claims`,
      values: [id, version, dueAt, now],
    });
    return rows[0]?.claims ?? null;
  }

  /**
   * About to send attempt `attempts`: `sending` until `until`, if still at `version` (committed
   * before the request goes out). A `sending` row is always claimed, so the sweeper's review finds
   * it if its run dies.
   */
  async markSending(id: string, version: string, attempts: number, until: Date, now: Date): Promise<boolean> {
    return this.write(
      'notification-sending',
      `status = 'sending', attempts = $3, sending_until = $4, claimed_until = coalesce(claimed_until, $4), updated_at = $5`,
      [id, version, attempts, until, now],
    );
  }

  /**
   * The receiver accepted it (`sent`), or the log channel wrote it down (`logged`). One statement,
   * right after the answer.
   */
  async recordSent(id: string, now: Date, status: 'sent' | 'logged' = 'sent'): Promise<void> {
    await this.pool().query({
      name: 'notification-sent',
      text: `UPDATE notifications SET status = $3, sent_at = $2, last_error = NULL, sending_until = NULL, claimed_until = NULL,
                    updated_at = $2
              WHERE id = $1 AND status = 'sending'`,
      values: [id, now, status],
    });
  }

  /**
   * The delivery failed with attempts left: `scheduled` again, the error kept, the next attempt
   * due at `retryAt` and the claim released, in one statement. Returns the new generation (null
   * if the row was no longer `sending`).
   */
  async recordRetry(id: string, error: string, retryAt: Date, now: Date): Promise<number | null> {
    const { rows } = await this.pool().query<{ claims: number }>({
      name: 'notification-retry',
      text: `UPDATE notifications SET status = 'scheduled', last_error = $2, retry_at = $3, sending_until = NULL,
                    claimed_until = NULL, claims = claims + 1, updated_at = $4
              WHERE id = $1 AND status = 'sending' RETURNING claims`,
      values: [id, error, retryAt, now],
    });
    return rows[0]?.claims ?? null;
  }

  /** The last attempt failed: `failed`, with the error and the reason. */
  async recordFailed(id: string, error: string, reason: string, now: Date): Promise<void> {
    await this.pool().query({
      name: 'notification-failed',
      text: `UPDATE notifications SET status = 'failed', last_error = $2, reason = $3, sending_until = NULL, claimed_until = NULL,
                    updated_at = $4
              WHERE id = $1 AND status = 'sending'`,
      values: [id, error, reason, now],
    });
  }

  /** `UPDATE … SET <set> WHERE id = $1 AND xmin = $2` as a prepared statement; whether it wrote. */
  private async write(name: string, set: string, values: unknown[]): Promise<boolean> {
    const result = await this.pool().query({
      name,
      text: `UPDATE notifications SET ${set} WHERE id = $1 AND xmin::text = $2`,
      values,
    });
    return (result.rowCount ?? 0) > 0;
  }

  /** The pg pool under TypeORM's Postgres driver, for named (prepared) statements. */
  private pool(): PgPool {
    return (this.dataSource.driver as unknown as { master: PgPool }).master;
  }
}

/** The subset of pg's Pool used here. */
interface PgPool {
  query<R = unknown>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[]; rowCount: number | null }>;
}
