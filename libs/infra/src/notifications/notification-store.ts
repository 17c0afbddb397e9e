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
 * reaction inserts them (with their send timers, in its one statement); the sender changes them
 * inside the transaction that holds the row lock (`lockForSend`).
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
    }> = await m.query(
      `SELECT id, key, card_id, kind, audience, issue_number, due_at, status, attempts, params, created_at
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
    };
  }

  async markSkipped(m: EntityManager, id: string, reason: string, now: Date): Promise<void> {
    await m.query(`UPDATE notifications SET status = 'skipped', reason = $2, updated_at = $3 WHERE id = $1`, [id, reason, now]);
  }

  async retime(m: EntityManager, id: string, dueAt: Date, now: Date): Promise<void> {
    await m.query(`UPDATE notifications SET due_at = $2, updated_at = $3 WHERE id = $1`, [id, dueAt, now]);
  }

  async markSent(m: EntityManager, id: string, attempts: number, now: Date): Promise<void> {
    await m.query(
      `UPDATE notifications SET status = 'sent', sent_at = $2, attempts = $3, last_error = NULL, updated_at = $2 WHERE id = $1`,
      [id, now, attempts],
    );
  }

  async markFailed(m: EntityManager, id: string, attempts: number, error: string, reason: string, now: Date): Promise<void> {
    await m.query(
      `UPDATE notifications SET status = 'failed', attempts = $2, last_error = $3, reason = $4, updated_at = $5 WHERE id = $1`,
      [id, attempts, error, reason, now],
    );
  }

  /** A failed delivery with attempts left: counted, the error kept, still scheduled. */
  async recordFailedAttempt(m: EntityManager, id: string, attempts: number, error: string, now: Date): Promise<void> {
    await m.query(`UPDATE notifications SET attempts = $2, last_error = $3, updated_at = $4 WHERE id = $1`, [id, attempts, error, now]);
  }
}
