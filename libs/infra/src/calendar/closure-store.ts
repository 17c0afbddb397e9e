import type { IsoDate } from '@cardtrail/card-lifecycle';
import type { DataSource, EntityManager } from 'typeorm';

/** One addition or removal of a run-time closure day. */
export interface ClosureChange {
  revision: number;
  date: IsoDate;
  action: 'added' | 'removed';
  reason: string;
  /** `sub` of the admin who made the change. */
  actor: string;
  changedAt: Date;
  /** Deadlines the worker's recomputation after this change moved (0 until it ran). */
  deadlinesMoved: number;
  /** When a worker finished recomputing after this change; null while pending. */
  recomputedAt: Date | null;
}

type ChangeRow = {
  revision: string;
  date: string;
  action: 'added' | 'removed';
  reason: string;
  actor: string;
  changed_at: Date;
  deadlines_moved: number;
  recomputed_at: Date | null;
};

const COLUMNS = `revision, to_char(date, 'YYYY-MM-DD') AS date, action, reason, actor, changed_at, deadlines_moved, recomputed_at`;

function fromRow(row: ChangeRow): ClosureChange {
  return {
    revision: Number(row.revision),
    date: row.date,
    action: row.action,
    reason: row.reason,
    actor: row.actor,
    changedAt: row.changed_at,
    deadlinesMoved: row.deadlines_moved,
    recomputedAt: row.recomputed_at,
  };
}

/** Serialises changes, so "is it closed?" and the change that follows cannot interleave. */
const CHANGE_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('cardtrail:calendar_closure_changes'))`;

/** Run-time closure days (`calendar_closure_changes`): what is in force, the audit trail, the revision. */
export class ClosureStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The latest revision, 0 before any change: what every process polls. */
  async revision(): Promise<number> {
    const [row]: Array<{ r: string | null }> = await this.dataSource.query(
      'SELECT max(revision) AS r FROM calendar_closure_changes',
    );
    return Number(row?.r ?? 0);
  }

  /** The addition in force for each closed date, in date order. */
  async inForce(manager?: EntityManager): Promise<ClosureChange[]> {
    const rows: ChangeRow[] = await (manager ?? this.dataSource).query(
      `SELECT ${COLUMNS} FROM (
         SELECT DISTINCT ON (date) * FROM calendar_closure_changes ORDER BY date, revision DESC
       ) AS latest WHERE action = 'added' ORDER BY date`,
    );
    return rows.map(fromRow);
  }

  /** The latest changes, newest first (the audit trail). */
  async changes(limit = 100): Promise<ClosureChange[]> {
    const rows: ChangeRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM calendar_closure_changes ORDER BY revision DESC LIMIT $1`,
      [limit],
    );
    return rows.map(fromRow);
  }

  /** Changes after `revision`, oldest first. */
  async changesAfter(revision: number, upTo: number): Promise<ClosureChange[]> {
    const rows: ChangeRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM calendar_closure_changes WHERE revision > $1 AND revision <= $2 ORDER BY revision`,
      [revision, upTo],
    );
    return rows.map(fromRow);
  }

  /**
   * Closes `date` unless it already is: returns the new change, or null (nothing written) when a
   * run-time closure of that date is already in force.
   */
  async add(date: IsoDate, reason: string, actor: string): Promise<ClosureChange | null> {
    return this.change(date, 'added', reason, actor);
  }

  /** Reopens `date`: returns the change, or null (nothing written) when it was not closed at run time. */
  async remove(date: IsoDate, reason: string, actor: string): Promise<ClosureChange | null> {
    return this.change(date, 'removed', reason, actor);
  }

  private change(date: IsoDate, action: 'added' | 'removed', reason: string, actor: string): Promise<ClosureChange | null> {
    return this.dataSource.transaction(async (m) => {
      await m.query(CHANGE_LOCK_SQL);
      const closed = (await this.inForce(m)).some((c) => c.date === date);
      if (closed === (action === 'added')) return null;
      const [row]: ChangeRow[] = await m.query(
        `INSERT INTO calendar_closure_changes (date, action, reason, actor) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [date, action, reason, actor],
      );
      return fromRow(row);
    });
  }

  /** Adds the deadlines a worker's recomputation moved to the change it followed, and when it finished. */
  async recordRecomputation(revision: number, moved: number, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE calendar_closure_changes SET deadlines_moved = deadlines_moved + $2, recomputed_at = $3 WHERE revision = $1`,
      [revision, moved, at],
    );
  }
}
