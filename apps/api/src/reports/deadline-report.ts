import { isValidIsoDate, type IsoDate, type PoliceDistrict, type WorkingDayCalendar } from '@cardtrail/card-lifecycle';
import type { DeliveryGroup } from '@cardtrail/infra';
import type { DeadlineFigures, DeadlineReport, DistrictDeadlineReport } from './reports.schemas';

/**
 * The compliance figures from grouped deliveries: per district over the period and per calendar
 * month of delivery (every month the period touches, empty ones included, so a series has no
 * gaps). Working days to delivery are counted with the calendar, (start date, delivered date],
 * as `workingDaysBetween` counts them; the median is taken over cards, not groups.
 */
export function deadlineReport(input: {
  from: IsoDate;
  to: IsoDate;
  districts: readonly PoliceDistrict[];
  deliveries: readonly DeliveryGroup[];
  openOverdue: ReadonlyMap<PoliceDistrict, number>;
  calendar: WorkingDayCalendar;
}): DeadlineReport {
  const months = monthsOf(input.from, input.to);
  const tallies = new Map<string, Tally>();
  const tally = (key: string): Tally => {
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = { onTime: 0, late: 0, days: new Map() }));
    return t;
  };
  // Working days per (start, delivered) pair: many groups share a pair across districts.
  const daysOf = new Map<string, number | null>();
  for (const group of input.deliveries) {
    const pair = `${group.startDate}/${group.deliveredDate}`;
    let days = daysOf.get(pair);
    if (days === undefined) {
      days =
        group.startDate !== null && isValidIsoDate(group.startDate) && isValidIsoDate(group.deliveredDate)
          ? input.calendar.workingDaysBetween(group.startDate, group.deliveredDate)
          : null;
      daysOf.set(pair, days);
    }
    const month = group.deliveredDate.slice(0, 7);
    for (const t of [tally(group.policeDistrict), tally(`${group.policeDistrict}/${month}`), tally(TOTAL), tally(`${TOTAL}/${month}`)]) {
      t.onTime += group.onTime;
      t.late += group.late;
      if (days !== null) t.days.set(days, (t.days.get(days) ?? 0) + group.onTime + group.late);
    }
  }
  let openOverdue = 0;
  for (const district of input.districts) openOverdue += input.openOverdue.get(district) ?? 0;
  return {
    from: input.from,
    to: input.to,
    total: {
      ...figures(tallies.get(TOTAL)),
      openOverdue,
      months: months.map((month) => ({ month, ...figures(tallies.get(`${TOTAL}/${month}`)) })),
    },
    districts: input.districts.map(
      (district): DistrictDeadlineReport => ({
        policeDistrict: district,
        ...figures(tallies.get(district)),
        openOverdue: input.openOverdue.get(district) ?? 0,
        months: months.map((month) => ({ month, ...figures(tallies.get(`${district}/${month}`)) })),
      }),
    ),
  };
}

/** The tally key of the districts together (district slugs never start with `*`). */
const TOTAL = '*';

interface Tally {
  onTime: number;
  late: number;
  /** working days to delivery → cards */
  days: Map<number, number>;
}

function figures(t: Tally | undefined): DeadlineFigures {
  const onTime = t?.onTime ?? 0;
  const late = t?.late ?? 0;
  const delivered = onTime + late;
  return {
    delivered,
    onTime,
    late,
    onTimeRate: delivered === 0 ? null : Math.round((onTime / delivered) * 10_000) / 10_000,
    medianWorkingDaysToDelivery: t ? weightedMedian(t.days) : null,
  };
}

/**
 * The median of values given as value → count: the middle value, the mean of the two middle ones
 * for an even total, null for none.
 */
export function weightedMedian(counts: ReadonlyMap<number, number>): number | null {
  const values = [...counts.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = values.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  // 0-based ranks of the middle value(s).
  const lower = Math.floor((total - 1) / 2);
  const upper = Math.floor(total / 2);
  let seen = 0;
  let lowerValue: number | null = null;
  for (const [value, n] of values) {
    seen += n;
    if (lowerValue === null && seen > lower) lowerValue = value;
    if (seen > upper) return (lowerValue! + value) / 2;
  }
  return lowerValue;
}

/** `YYYY-MM` of every month from `from`'s to `to`'s, in order. */
export function monthsOf(from: IsoDate, to: IsoDate): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const label = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    months.push(label);
    if (label >= last) return months;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** The report as CSV (RFC 4180, CRLF): one row per district and month, then one per district for the whole period. */
export function deadlineReportCsv(report: DeadlineReport): string {
  const lines = [
    'police_district,period,delivered,on_time,late,on_time_rate,median_working_days_to_delivery,open_overdue',
  ];
  const row = (district: string, period: string, f: DeadlineFigures, openOverdue: number | null): string =>
    [district, period, f.delivered, f.onTime, f.late, f.onTimeRate ?? '', f.medianWorkingDaysToDelivery ?? '', openOverdue ?? ''].join(',');
  for (const d of report.districts) {
    for (const m of d.months) lines.push(row(d.policeDistrict, m.month, m, null));
  }
  for (const d of report.districts) lines.push(row(d.policeDistrict, `${report.from}/${report.to}`, d, d.openOverdue));
  return `${lines.join('\r\n')}\r\n`;
}
