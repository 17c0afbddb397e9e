import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../database/returned-rows';

/** A timer as the runner reads it, locked. */
export interface StoredTimer {
  id: string;
  kind: string;
  cardId: string;
  status: string;
  dueAt: Date;
  attempts: number;
  payload: Record<string, unknown>;
}

/** A claimed timer and the attempt (generation) that names its job. */
export interface ClaimedTimer {
  id: string;
  attempts: number;
}

/**
 * `timers`: the pipeline's deadline checks, so nothing is lost when Redis is. (A notification is
 * its own timer, in `notifications`: decision 0035.) The worker's reaction inserts them (the
 * deadline recompute moves them); the sweeper claims them; the runner locks one, acts and
 * finishes it.
 */
export class TimerStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One transaction: claims up to `batchSize` pending timers that fell due (`FOR UPDATE SKIP
   * LOCKED`, in due order) until `claimUntil`, counting an attempt each, and runs `hand` on them
   * before the commit (if it throws, nothing is claimed). Returns how many it claimed.
   */
  async claimBatch(
    now: Date,
    claimUntil: Date,
    batchSize: number,
    hand: (timers: ClaimedTimer[]) => Promise<void>,
  ): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows = returnedRows<{ id: string; attempts: number }>(
        await m.query(
          `UPDATE timers SET status = 'claimed', claimed_until = $2, attempts = attempts + 1
            WHERE id IN (
              SELECT id FROM timers WHERE status = 'pending' AND due_at <= $1
               ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id, attempts`,
          [now, claimUntil, batchSize],
        ),
      );
      if (rows.length === 0) return 0;
      await hand(rows.map((r) => ({ id: String(r.id), attempts: r.attempts })));
      return rows.length;
    });
  }

  /**
   * One transaction over up to `batchSize` expired claims (`FOR UPDATE SKIP LOCKED`: a timer
   * being run is locked by its run and skipped). `stillQueued` says which of them still have their
   * job (waiting, delayed or running): those claims are renewed until `claimUntil`. The others
   * (the job was lost with Redis's keys, or failed for good) are taken again under the next
   * attempt and handed to `hand` before the commit. Nothing changes if either callback throws.
   */
  async reviewExpiredClaims(
    now: Date,
    claimUntil: Date,
    batchSize: number,
    stillQueued: (timers: ClaimedTimer[]) => Promise<ReadonlySet<string>>,
    hand: (timers: ClaimedTimer[]) => Promise<void>,
  ): Promise<{ renewed: number; reclaimed: number }> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; attempts: number }> = await m.query(
        `SELECT id, attempts FROM timers WHERE status = 'claimed' AND claimed_until < $1
          ORDER BY claimed_until LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, batchSize],
      );
      if (rows.length === 0) return { renewed: 0, reclaimed: 0 };
      const timers = rows.map((r) => ({ id: String(r.id), attempts: r.attempts }));
      const queued = await stillQueued(timers);
      const live = timers.filter((t) => queued.has(t.id)).map((t) => t.id);
      const lost = timers.filter((t) => !queued.has(t.id)).map((t) => t.id);
      if (live.length > 0) {
        await m.query(`UPDATE timers SET claimed_until = $2 WHERE id = ANY($1::bigint[])`, [live, claimUntil]);
      }
      if (lost.length > 0) {
        const retaken = returnedRows<{ id: string; attempts: number }>(
          await m.query(
            `UPDATE timers SET claimed_until = $2, attempts = attempts + 1 WHERE id = ANY($1::bigint[]) RETURNING id, attempts`,
            [lost, claimUntil],
          ),
        );
        await hand(retaken.map((r) => ({ id: String(r.id), attempts: r.attempts })));
      }
      return { renewed: live.length, reclaimed: lost.length };
    });
  }

  /** The timer's kind and card, without a lock (to take the card's lock first). */
  async peek(m: EntityManager, id: string): Promise<{ kind: string; cardId: string } | null> {
    const [row]: Array<{ kind: string; card_id: string }> = await m.query(`SELECT kind, card_id FROM timers WHERE id = $1`, [id]);
    return row ? { kind: row.kind, cardId: row.card_id } : null;
  }

  /** Reads and locks the timer until the caller's transaction ends. */
  async lock(m: EntityManager, id: string): Promise<StoredTimer | null> {
    const rows: Array<{
      id: string;
      kind: string;
      card_id: string;
      status: string;
      due_at: Date;
      attempts: number;
      payload: Record<string, unknown>;
    }> = await m.query(`SELECT id, kind, card_id, status, due_at, attempts, payload FROM timers WHERE id = $1 FOR UPDATE`, [id]);
    const row = rows[0];
    if (!row) return null;
    return {
      id: String(row.id),
      kind: row.kind,
      cardId: row.card_id,
      status: row.status,
      dueAt: row.due_at,
      attempts: row.attempts,
      payload: row.payload,
    };
  }

  async finish(m: EntityManager, id: string, firedAt: Date): Promise<void> {
    await m.query(`UPDATE timers SET status = 'done', fired_at = $2, claimed_until = NULL WHERE id = $1`, [id, firedAt]);
  }

  async fail(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE timers SET status = 'failed', claimed_until = NULL WHERE id = $1`, [id]);
  }

}
