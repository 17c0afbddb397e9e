import type { NotificationAudience, NotificationKind, NotificationParams } from '@cardtrail/card-lifecycle';
import type { DataSource, EntityManager } from 'typeorm';

/** A notification as the sender needs it. */
export interface StoredNotification {
  id: string;
  key: string;
  cardId: string;
  kind: NotificationKind;
  audience: NotificationAudience;
  issueNumber: number;
  dueAt: Date;
  status: string;
  attempts: number;
  params: NotificationParams;
  createdAt: Date;
  /** While `sending`: until when that attempt may take; past it, its worker died mid-send. */
  sendingUntil: Date | null;
}

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
 * `notifications`: every message a card's events planned, and what became of it. The worker's
 * reaction inserts them (with their send timers, in its one statement). The sender decides in a
 * transaction that holds the row lock (`lockForSend`: skip, re-time, or `markSending`), commits,
 * sends, and writes the receiver's answer at once in one statement of its own (`recordSent`,
 * `recordRetry`, `recordFailed`), each only while the row is still `sending`.
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

  /** Reads and locks the notification `FOR UPDATE` until the caller's transaction ends. */
  async lockForSend(m: EntityManager, id: string): Promise<StoredNotification | null> {
    const rows: Array<{
      id: string;
      key: string;
      card_id: string;
      kind: NotificationKind;
      audience: NotificationAudience;
      issue_number: number;
      due_at: Date;
      status: string;
      attempts: number;
      params: NotificationParams;
      created_at: Date;
      sending_until: Date | null;
    }> = await m.query(
      `SELECT id, key, card_id, kind, audience, issue_number, due_at, status, attempts, params, created_at, sending_until
         FROM notifications WHERE id = $1 FOR UPDATE`,
      [id],
    );
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
      status: row.status,
      attempts: row.attempts,
      params: row.params,
      createdAt: row.created_at,
      sendingUntil: row.sending_until,
    };
  }

  async markSkipped(m: EntityManager, id: string, reason: string, now: Date): Promise<void> {
    await m.query(`UPDATE notifications SET status = 'skipped', reason = $2, updated_at = $3 WHERE id = $1`, [id, reason, now]);
  }

  async retime(m: EntityManager, id: string, dueAt: Date, now: Date): Promise<void> {
    await m.query(`UPDATE notifications SET due_at = $2, updated_at = $3 WHERE id = $1`, [id, dueAt, now]);
  }

  /** About to send attempt `attempts`: `sending` until `until` (committed before the request goes out). */
  async markSending(m: EntityManager, id: string, attempts: number, until: Date, now: Date): Promise<void> {
    await m.query(
      `UPDATE notifications SET status = 'sending', attempts = $2, sending_until = $3, updated_at = $4 WHERE id = $1`,
      [id, attempts, until, now],
    );
  }

  /**
   * The receiver accepted it (`sent`), or the log channel wrote it down (`logged`). One statement,
   * right after the answer.
   */
  async recordSent(id: string, now: Date, status: 'sent' | 'logged' = 'sent'): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET status = $3, sent_at = $2, last_error = NULL, sending_until = NULL, updated_at = $2
        WHERE id = $1 AND status = 'sending'`,
      [id, now, status],
    );
  }

  /** The delivery failed with attempts left: `scheduled` again, the error kept (its timer holds the retry time). */
  async recordRetry(id: string, error: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET status = 'scheduled', last_error = $2, sending_until = NULL, updated_at = $3
        WHERE id = $1 AND status = 'sending'`,
      [id, error, now],
    );
  }

  /** The last attempt failed: `failed`, with the error and the reason. */
  async recordFailed(id: string, error: string, reason: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET status = 'failed', last_error = $2, reason = $3, sending_until = NULL, updated_at = $4
        WHERE id = $1 AND status = 'sending'`,
      [id, error, reason, now],
    );
  }
}
