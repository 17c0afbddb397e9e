import type { DataSource } from 'typeorm';
import { OPEN_DEADLINE_SQL, overdueSql } from '../cards/card-rules.sql';
import { CARD_COLUMNS, cardFromRow, type CardRecord, type CardRow } from '../cards/card-record';

/** What the overview needs to know about "today", from the app's clock and calendar. */
export interface OverviewWindow {
  /** One police district, or null for every district (admins). */
  district: string | null;
  /** Today's business date: a due date before it has ended unmet. */
  today: string;
  /** The last due date counted as "due soon" (today + 5 working days). */
  dueSoonUntil: string;
  /** Appointments from this instant (today's start) … */
  appointmentsFrom: Date;
  /** … to this one (tomorrow's end), exclusive. */
  appointmentsTo: Date;
  /** At most this many cards per list (the counts are complete). */
  limit: number;
}

export interface OverviewCounts {
  overdue: number;
  dueSoon: number;
  returned: number;
  lostInMail: number;
  appointments: number;
}

export interface OverviewLists {
  counts: OverviewCounts;
  /** Worst first: the earliest due date first. */
  overdue: CardRecord[];
  /** Soonest first. */
  dueSoon: CardRecord[];
  /** Longest waiting first. */
  returned: CardRecord[];
  lostInMail: CardRecord[];
  /** By appointment time. */
  appointments: CardRecord[];
}

type Param = (value: unknown) => string;

/**
 * The lists of the overview, each a predicate on `cards`. `overdue` is the library's `isOverdue`
 * in SQL (`overdueSql`, as the API's list filter `overdue=true`): the breach recorded, or the due
 * date ended while the deadline is open. "Due soon" is an open deadline (`hasOpenDeadline`,
 * `OPEN_DEADLINE_SQL`) that is not overdue and ends within the window.
 */
const PREDICATES: Record<keyof OverviewCounts, { where: (w: OverviewWindow, p: Param) => string; order: string }> = {
  overdue: {
    where: (w, p) => overdueSql(p(w.today)),
    order: 'due_date, created_at, id',
  },
  dueSoon: {
    where: (w, p) =>
      `${OPEN_DEADLINE_SQL} AND NOT overdue AND due_date >= ${p(w.today)}::date AND due_date <= ${p(w.dueSoonUntil)}::date`,
    order: 'due_date, created_at, id',
  },
  returned: { where: () => `status = 'returned'`, order: 'updated_at, id' },
  lostInMail: { where: () => `status = 'lost_in_mail'`, order: 'updated_at, id' },
  appointments: {
    where: (w, p) => `status = 'appointment_booked'
        AND (state->'appointment'->>'at')::timestamptz >= ${p(w.appointmentsFrom)}::timestamptz
        AND (state->'appointment'->>'at')::timestamptz < ${p(w.appointmentsTo)}::timestamptz`,
    order: `(state->'appointment'->>'at')::timestamptz, id`,
  },
};

/** Numbered parameters for one query. */
function parameters(): { params: unknown[]; p: Param } {
  const params: unknown[] = [];
  return {
    params,
    p: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}

const LISTS = Object.keys(PREDICATES) as Array<keyof OverviewCounts>;

/** A card reference as the service writes it, `CT-XXXX-XXXX-XXXX`. */
export type CardSearch = { reference: string } | { dufNumber: string };

/**
 * The caseworkers' console's reads (apps/api/src/web/console): the district overview and the
 * search by reference or DUF number. Reads only; every change goes through the card store.
 */
export class ConsoleQueries {
  constructor(private readonly dataSource: DataSource) {}

  async overview(window: OverviewWindow): Promise<OverviewLists> {
    const inDistrict = (p: Param): string => (window.district === null ? 'TRUE' : `police_district = ${p(window.district)}`);
    const counting = parameters();
    const [countRow]: Array<Record<keyof OverviewCounts, string>> = await this.dataSource.query(
      `SELECT ${LISTS.map((list) => `count(*) FILTER (WHERE ${PREDICATES[list].where(window, counting.p)}) AS "${list}"`).join(',\n              ')}
         FROM cards
        WHERE ${inDistrict(counting.p)}`,
      counting.params,
    );
    const lists = await Promise.all(
      LISTS.map(async (list) => {
        const { params, p } = parameters();
        const rows: CardRow[] = await this.dataSource.query(
          `SELECT ${CARD_COLUMNS} FROM cards
            WHERE ${inDistrict(p)} AND ${PREDICATES[list].where(window, p)}
            ORDER BY ${PREDICATES[list].order}
            LIMIT ${p(Math.max(1, Math.floor(window.limit)))}`,
          params,
        );
        return rows.map(cardFromRow);
      }),
    );
    const counts = Object.fromEntries(LISTS.map((list) => [list, Number(countRow?.[list] ?? 0)])) as unknown as OverviewCounts;
    const [overdue, dueSoon, returned, lostInMail, appointments] = lists as [CardRecord[], CardRecord[], CardRecord[], CardRecord[], CardRecord[]];
    return { counts, overdue, dueSoon, returned, lostInMail, appointments };
  }

  /** Cards with this reference (one at most) or DUF number (one per application), newest first. */
  async search(search: CardSearch, district: string | null, limit = 50): Promise<CardRecord[]> {
    const [column, value] = 'reference' in search ? ['reference', search.reference] : ['duf_number', search.dufNumber];
    const params: unknown[] = [value];
    if (district !== null) params.push(district);
    const rows: CardRow[] = await this.dataSource.query(
      `SELECT ${CARD_COLUMNS} FROM cards
        WHERE ${column} = $1 ${district === null ? '' : 'AND police_district = $2'}
        ORDER BY created_at DESC, id
        LIMIT ${Math.max(1, Math.floor(limit))}`,
      params,
    );
    return rows.map(cardFromRow);
  }
}
