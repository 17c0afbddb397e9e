import type { DataSource } from 'typeorm';

/** An unrelayed outbox row: the event its reaction is owed to. */
export interface OutboxEntry {
  id: string;
  cardId: string;
  eventSeq: number;
}

/**
 * `outbox`: one row per recorded event, written with the event (the card store's append) and
 * deleted by the event's reaction. The relay marks rows relayed once their jobs are queued.
 */
export class OutboxStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One transaction: claims up to `batchSize` unrelayed rows in id order (`FOR UPDATE SKIP
   * LOCKED`, so relays never take the same row), runs `relay` on them (queueing their jobs) and
   * marks them relayed at `now()`. Returns how many rows it claimed.
   */
  async relayBatch(batchSize: number, now: () => Date, relay: (rows: OutboxEntry[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; card_id: string; event_seq: number }> = await m.query(
        `SELECT id, card_id, event_seq FROM outbox
          WHERE relayed_at IS NULL AND topic = 'card-event'
          ORDER BY id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      await relay(rows.map((row) => ({ id: String(row.id), cardId: row.card_id, eventSeq: row.event_seq })));
      await m.query(`UPDATE outbox SET relayed_at = $2 WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id), now()]);
      return rows.length;
    });
  }

  /** Whether any row waits for the relay: one cheap indexed probe, no transaction. */
  async anyUnrelayed(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM outbox WHERE relayed_at IS NULL AND topic = 'card-event' LIMIT 1`,
    );
    return rows.length > 0;
  }

  /**
   * One transaction over up to `batchSize` rows relayed before `before` whose reaction has not
   * deleted them yet. `stillQueued` says which still have their job (by outbox id): their wait
   * starts again at `now`; the others (the job was lost with Redis's keys, or failed for good)
   * are put back for the relay. Returns how many rows it looked at and how many it put back.
   */
  async reviewRelayedBefore(
    before: Date,
    now: Date,
    batchSize: number,
    stillQueued: (rows: OutboxEntry[]) => Promise<ReadonlySet<string>>,
  ): Promise<{ seen: number; requeued: number }> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; card_id: string; event_seq: number }> = await m.query(
        `SELECT id, card_id, event_seq FROM outbox WHERE relayed_at < $1
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [before, batchSize],
      );
      if (rows.length === 0) return { seen: 0, requeued: 0 };
      const entries = rows.map((row) => ({ id: String(row.id), cardId: row.card_id, eventSeq: row.event_seq }));
      const queued = await stillQueued(entries);
      const live = entries.filter((e) => queued.has(e.id)).map((e) => e.id);
      const lost = entries.filter((e) => !queued.has(e.id)).map((e) => e.id);
      if (live.length > 0) await m.query(`UPDATE outbox SET relayed_at = $2 WHERE id = ANY($1::bigint[])`, [live, now]);
      if (lost.length > 0) await m.query(`UPDATE outbox SET relayed_at = NULL WHERE id = ANY($1::bigint[])`, [lost]);
      return { seen: rows.length, requeued: lost.length };
    });
  }
}
