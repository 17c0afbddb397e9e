import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notification is `sending` from just before its request until the receiver's answer is
 * recorded; `sending_until` is how long that attempt may take (the webhook timeout and a margin).
 * A `sending` row past it belongs to a worker that died mid-send: the next run sends it again,
 * with the same `Idempotency-Key`.
 */
export class NotificationSending1700000000100 implements MigrationInterface {
  name = 'NotificationSending1700000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN sending_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE notifications SET status = 'scheduled' WHERE status = 'sending'`);
    await q.query(`ALTER TABLE notifications DROP COLUMN sending_until`);
  }
}
