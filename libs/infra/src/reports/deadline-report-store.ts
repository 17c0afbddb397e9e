import type { IsoDate, PoliceDistrict } from '@cardtrail/card-lifecycle';
import type { DataSource } from 'typeorm';
import { overdueSql } from '../cards/card-rules.sql';

/** Deliveries of one district on one Oslo date whose deadline started on one date. */
export interface DeliveryGroup {
  policeDistrict: PoliceDistrict;
  deliveredDate: IsoDate;
  /** Start date of the deadline the delivery was measured against; null for a card without one. */
  startDate: IsoDate | null;
  onTime: number;
  late: number;
}

/**
 * What the compliance report reads: cards whose current issue was delivered (or collected) in a
 * period, and the cards overdue now. Served by `cards_delivery_report_idx` (index only) and
 * `cards_open_deadline_idx`.
 */
export class DeadlineReportStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Deliveries in [from, to) (instants), grouped by district, business-zone delivery date and
   * deadline start date: a few hundred groups per district and month, however many cards, from
   * which working days to delivery are counted with the calendar.
   */
  async deliveries(districts: readonly PoliceDistrict[], from: Date, to: Date, zone: string): Promise<DeliveryGroup[]> {
    const rows: Array<{ d: PoliceDistrict; delivered: string; start: string | null; on_time: number; late: number }> =
      await this.dataSource.query(
        `SELECT d, to_char(delivered, 'YYYY-MM-DD') AS delivered, to_char(start, 'YYYY-MM-DD') AS start, on_time, late
           FROM (SELECT police_district AS d, (delivered_at AT TIME ZONE $4)::date AS delivered, deadline_start AS start,
                        (count(*) FILTER (WHERE delivered_late IS NOT TRUE))::int AS on_time,
                        (count(*) FILTER (WHERE delivered_late))::int AS late
                   FROM cards
                  WHERE police_district = ANY($1::text[]) AND delivered_at IS NOT NULL
                    AND delivered_at >= $2 AND delivered_at < $3
                  GROUP BY 1, 2, 3) AS groups`,
        [districts, from, to, zone],
      );
    return rows.map((r) => ({
      policeDistrict: r.d,
      deliveredDate: r.delivered,
      startDate: r.start,
      onTime: r.on_time,
      late: r.late,
    }));
  }

  /** Cards overdue on `today` (breached, or past their due date and not yet breached), per district. */
  async openOverdue(districts: readonly PoliceDistrict[], today: IsoDate): Promise<Map<PoliceDistrict, number>> {
    const rows: Array<{ d: PoliceDistrict; n: number }> = await this.dataSource.query(
      `SELECT police_district AS d, count(*)::int AS n
         FROM cards
        WHERE police_district = ANY($1::text[])
          AND ${overdueSql('$2')}
        GROUP BY police_district`,
      [districts, today],
    );
    return new Map(rows.map((r) => [r.d, r.n]));
  }
}
