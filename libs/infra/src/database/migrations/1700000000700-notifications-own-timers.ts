import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One due time per notification (decision 0035): a notification is its own timer. It used to
 * have a send timer in `timers` holding a copy of its due time (and, after a failed attempt, the
 * retry's time); now `notifications.due_at` is the only due time, `retry_at` the time of the next
 * attempt after a failed one, and the claim that stands for "a job exists" (`claimed_until`, and
 * `claims`, the generation that names the job) is on the notification itself. `timers` keeps the
 * deadline checks.
 *
 * Pending and claimed send timers become unclaimed notifications (the sweeper claims them again
 * under new job ids; a job of a removed timer finds nothing and ends); a `sending` one gets an
 * expired claim, so the sweeper's review hands it to a new run, which sends it again after its
 * deadline as before.
 */
export class NotificationsOwnTimers1700000000700 implements MigrationInterface {
  name = 'NotificationsOwnTimers1700000000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notifications
        ADD COLUMN retry_at timestamptz,
        ADD COLUMN claimed_until timestamptz,
        ADD COLUMN claims integer NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE notifications n
         SET retry_at = CASE WHEN t.due_at <> n.due_at AND n.attempts > 0 THEN t.due_at END,
             claims = t.attempts
        FROM timers t
       WHERE t.kind = 'notification' AND t.payload->>'notificationId' = n.id::text`);
    await q.query(`UPDATE notifications SET claimed_until = now() WHERE status = 'sending'`);
    await q.query(`DELETE FROM timers WHERE kind = 'notification'`);
    // The sweeper's two queries: unclaimed notifications that fell due, and expired claims.
    await q.query(`
      CREATE INDEX notifications_due_idx ON notifications ((coalesce(retry_at, due_at)))
       WHERE status = 'scheduled' AND claimed_until IS NULL`);
    await q.query(`CREATE INDEX notifications_claimed_idx ON notifications (claimed_until) WHERE claimed_until IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO timers (key, kind, card_id, issue_number, due_at, status, payload, attempts, claimed_until, fired_at)
      SELECT 'notify:' || n.key, 'notification', n.card_id, n.issue_number, coalesce(n.retry_at, n.due_at),
             CASE WHEN n.status = 'scheduled' THEN 'pending'
                  WHEN n.status = 'sending' THEN 'claimed'
                  WHEN n.status = 'cancelled' THEN 'cancelled'
                  ELSE 'done' END,
             jsonb_build_object('notificationId', n.id), n.claims,
             CASE WHEN n.status = 'sending' THEN now() END,
             CASE WHEN n.status IN ('sent', 'logged', 'failed', 'skipped') THEN n.updated_at END
        FROM notifications n
      ON CONFLICT (key) DO NOTHING`);
    await q.query(`DROP INDEX notifications_claimed_idx`);
    await q.query(`DROP INDEX notifications_due_idx`);
    await q.query(`ALTER TABLE notifications DROP COLUMN claims, DROP COLUMN claimed_until, DROP COLUMN retry_at`);
  }
}
