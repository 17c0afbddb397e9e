import { describe, expect, it } from '@jest/globals';
import { createWorkingDayCalendar } from '@cardtrail/card-lifecycle';
import { deadlineReport, monthsOf, weightedMedian } from './deadline-report';

describe('weightedMedian', () => {
  const of = (values: number[]) => {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return weightedMedian(counts);
  };

  it('is the middle value of an odd count and the mean of the two middle ones of an even count', () => {
    expect(of([20, 12, 22])).toBe(20);
    expect(of([12, 20, 22, 29])).toBe(21);
    expect(of([5, 5, 5, 9])).toBe(5);
    expect(of([5, 9])).toBe(7);
    expect(of([7])).toBe(7);
  });

  it('is null for nothing', () => {
    expect(weightedMedian(new Map())).toBeNull();
    expect(weightedMedian(new Map([[3, 0]]))).toBeNull();
  });

  it('agrees with sorting every value, on generated counts', () => {
    for (let seed = 1; seed < 200; seed += 1) {
      const values = Array.from({ length: 1 + (seed % 17) }, (_, i) => ((seed * 7919 + i * 104729) % 31) + 1);
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      const expected = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
      expect(of(values)).toBe(expected);
    }
  });
});

describe('monthsOf', () => {
  it('lists every month the period touches, across years', () => {
    expect(monthsOf('2024-11-15', '2025-02-01')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsOf('2025-05-01', '2025-05-31')).toEqual(['2025-05']);
    expect(monthsOf('2020-01-01', '2029-12-31')).toHaveLength(120);
  });
});

describe('deadlineReport', () => {
  it('sums groups per district and month and counts working days with the calendar given', () => {
    const deliveries = [
      { policeDistrict: 'oslo' as const, deliveredDate: '2025-05-16', startDate: '2025-04-14', onTime: 2, late: 0 },
      { policeDistrict: 'oslo' as const, deliveredDate: '2025-06-02', startDate: '2025-04-14', onTime: 0, late: 1 },
      { policeDistrict: 'oslo' as const, deliveredDate: '2025-06-02', startDate: null, onTime: 1, late: 0 },
    ];
    const input = { from: '2025-05-01', to: '2025-06-30', districts: ['oslo' as const], deliveries, openOverdue: new Map([['oslo' as const, 4]]) };
    const report = deadlineReport({ ...input, calendar: createWorkingDayCalendar() });
    expect(report.districts[0]).toEqual({
      policeDistrict: 'oslo',
      delivered: 4,
      onTime: 3,
      late: 1,
      onTimeRate: 0.75,
      // 20, 20 and 30 working days; the card without a deadline has no count.
      medianWorkingDaysToDelivery: 20,
      openOverdue: 4,
      months: [
        { month: '2025-05', delivered: 2, onTime: 2, late: 0, onTimeRate: 1, medianWorkingDaysToDelivery: 20 },
        { month: '2025-06', delivered: 2, onTime: 1, late: 1, onTimeRate: 0.5, medianWorkingDaysToDelivery: 30 },
      ],
    });
    expect(report.total).toEqual({ ...report.districts[0], policeDistrict: undefined });
    // A closure day inside the count lowers it by one.
    const closed = deadlineReport({ ...input, calendar: createWorkingDayCalendar({ extraClosedDays: ['2025-05-02'] }) });
    expect(closed.districts[0]!.months.map((m) => m.medianWorkingDaysToDelivery)).toEqual([19, 29]);
  });
});
