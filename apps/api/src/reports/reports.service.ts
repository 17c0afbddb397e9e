import { Inject, Injectable } from '@nestjs/common';
import {
  POLICE_DISTRICTS,
  businessDate,
  endOfBusinessDay,
  isValidIsoDate,
  startOfBusinessDay,
  type PoliceDistrict,
} from '@cardtrail/card-lifecycle';
import { CLOCK, DOMAIN, OPEN_DEADLINE_SQL, type Clock, type Domain } from '@cardtrail/infra';
import { DataSource } from 'typeorm';
import { assertDistrictAccess } from '../auth/district-access';
import type { AuthUser } from '../auth/jwt';
import type { DeadlineReport, DeadlineReportQuery, DistrictDeadlineReport } from './reports.schemas';

/**
 * The deadline report per police district. Deliveries are the cards whose current issue was
 * delivered (or collected) on an Oslo date in [from, to]: counts in SQL over the
 * (police_district, delivered_at) index, the working-day median in TypeScript with the
 * configured calendar. A card later reported lost and replaced no longer counts its earlier
 * delivery (the report reads the current state, not the history).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(DOMAIN) private readonly domain: Domain,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async deadlines(query: DeadlineReportQuery, user: AuthUser): Promise<DeadlineReport> {
    let districts: readonly PoliceDistrict[];
    if (user.role === 'admin') {
      districts = query.policeDistrict ? [query.policeDistrict] : POLICE_DISTRICTS;
    } else {
      assertDistrictAccess(user, query.policeDistrict ?? user.district ?? '');
      districts = [query.policeDistrict ?? (user.district as PoliceDistrict)];
    }
    const { zone } = this.domain;
    const today = businessDate(this.clock.now(), zone);

    const deliveries: Array<{
      police_district: PoliceDistrict;
      delivered: string;
      on_time: string;
      late: string;
      start_dates: Array<string | null>;
      delivered_dates: string[];
    }> = await this.dataSource.query(
      `SELECT police_district,
              count(*) AS delivered,
              count(*) FILTER (WHERE delivered_late IS NOT TRUE) AS on_time,
              count(*) FILTER (WHERE delivered_late) AS late,
              array_agg(state->'deadline'->>'startDate') AS start_dates,
              array_agg(to_char(delivered_at AT TIME ZONE $4, 'YYYY-MM-DD')) AS delivered_dates
         FROM cards
        WHERE police_district = ANY($1::text[]) AND delivered_at >= $2 AND delivered_at < $3
        GROUP BY police_district`,
      [districts, startOfBusinessDay(query.from, zone), endOfBusinessDay(query.to, zone), zone],
    );
    const overdue: Array<{ police_district: PoliceDistrict; open_overdue: string }> = await this.dataSource.query(
      `SELECT police_district, count(*) AS open_overdue
         FROM cards
        WHERE police_district = ANY($1::text[])
          AND ${OPEN_DEADLINE_SQL} AND (overdue OR due_date < $2::date)
        GROUP BY police_district`,
      [districts, today],
    );

    const byDistrict = new Map(deliveries.map((row) => [row.police_district, row]));
    const overdueByDistrict = new Map(overdue.map((row) => [row.police_district, Number(row.open_overdue)]));
    return {
      from: query.from,
      to: query.to,
      districts: districts.map((district): DistrictDeadlineReport => {
        const row = byDistrict.get(district);
        const delivered = Number(row?.delivered ?? 0);
        const onTime = Number(row?.on_time ?? 0);
        const days: number[] = [];
        row?.start_dates.forEach((start, i) => {
          const end = row.delivered_dates[i];
          if (isValidIsoDate(start) && isValidIsoDate(end)) days.push(this.domain.calendar.workingDaysBetween(start, end));
        });
        return {
          policeDistrict: district,
          delivered,
          onTime,
          late: Number(row?.late ?? 0),
          onTimeRate: delivered === 0 ? null : Math.round((onTime / delivered) * 10_000) / 10_000,
          openOverdue: overdueByDistrict.get(district) ?? 0,
          medianWorkingDaysToDelivery: median(days),
        };
      }),
    };
  }
}

/** The middle value; the mean of the two middle values for an even count; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
