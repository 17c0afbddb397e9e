import { beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@cardtrail/infra';
import { useTestApi } from '../support/api-app';
import { eventBody, givenCard } from '../support/card-builders';

/** Biometrics on Monday 14 April 2025: due Friday 16 May. */
const CAPTURED = new Date('2025-04-14T10:00:00Z');
const REPORT_DAY = new Date('2025-06-02T10:00:00Z');

describe('the deadline report', () => {
  let admin: string;
  let oslo: string;
  const clock = new ManualClock(CAPTURED);

  const api = useTestApi({ label: 'reports', clock });
  beforeAll(async () => {
    admin = await api.tokenFor({ role: 'admin', expiresIn: '365d' });
    oslo = await api.tokenFor({ role: 'caseworker', district: 'oslo', expiresIn: '365d' });

    const deliveredAt = async (district: 'oslo' | 'vest', at: string) => {
      clock.set(CAPTURED);
      const card = await givenCard(api, { status: 'mailed', district, token: admin });
      clock.set(REPORT_DAY);
      const res = await api
        .http()
        .post(`/v1/cards/${card.id}/events`)
        .set('Authorization', `Bearer ${admin}`)
        .send(eventBody('CardDelivered', { occurredAt: at }));
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    };
    await deliveredAt('oslo', '2025-05-16T15:00:00Z'); // on the due date: on time, 20 working days
    await deliveredAt('oslo', '2025-05-06T09:00:00Z'); // early: 12 working days
    await deliveredAt('oslo', '2025-05-20T09:00:00Z'); // late: 22 working days
    await deliveredAt('oslo', '2025-05-31T22:30:00Z'); // 1 June in Oslo: outside May
    await deliveredAt('vest', '2025-05-16T09:00:00Z'); // another district
    clock.set(CAPTURED);
    await givenCard(api, { status: 'ordered', token: admin }); // due 16 May, never delivered: overdue
    await givenCard(api, { status: 'ordered', district: 'vest', token: admin });
    await givenCard(api, { status: 'appointment_booked', token: admin }); // no deadline yet
    clock.set(REPORT_DAY);
  });

  const report = (query: string, token = oslo) =>
    api.http().get(`/v1/reports/deadlines?${query}`).set('Authorization', `Bearer ${token}`);

  it("gives a caseworker their district's deliveries by Oslo date, on-time rate, open overdue and median working days", async () => {
    const res = await report('from=2025-05-01&to=2025-05-31');
    expect(res.status).toBe(200);
    const may = { delivered: 3, onTime: 2, late: 1, onTimeRate: 0.6667, medianWorkingDaysToDelivery: 20 };
    expect(res.body).toEqual({
      from: '2025-05-01',
      to: '2025-05-31',
      total: { ...may, openOverdue: 1, months: [{ month: '2025-05', ...may }] },
      districts: [{ policeDistrict: 'oslo', ...may, openOverdue: 1, months: [{ month: '2025-05', ...may }] }],
    });
  });

  it('takes any period, two years and more, with the figures per month', async () => {
    const res = await report('from=2024-01-01&to=2025-12-31');
    expect(res.status).toBe(200);
    const [oslo] = res.body.districts;
    expect(oslo).toMatchObject({ delivered: 4, onTime: 2, late: 2, onTimeRate: 0.5, medianWorkingDaysToDelivery: 21 });
    expect(oslo.months).toHaveLength(24);
    expect(oslo.months[0]).toEqual({ month: '2024-01', delivered: 0, onTime: 0, late: 0, onTimeRate: null, medianWorkingDaysToDelivery: null });
    const byMonth = Object.fromEntries(oslo.months.map((m: { month: string }) => [m.month, m]));
    expect(byMonth['2025-05']).toMatchObject({ delivered: 3, onTime: 2, late: 1, medianWorkingDaysToDelivery: 20 });
    // Delivered at 00:30 on 1 June in Oslo, 29 working days after 14 April (Easter, 1 May and Ascension Day skipped).
    expect(byMonth['2025-06']).toMatchObject({ delivered: 1, onTime: 0, late: 1, medianWorkingDaysToDelivery: 29 });
  });

  it('downloads the same figures as CSV', async () => {
    const res = await report('from=2025-04-15&to=2025-06-30');
    const csv = await api
      .http()
      .get('/v1/reports/deadlines.csv?from=2025-04-15&to=2025-06-30')
      .set('Authorization', `Bearer ${oslo}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="cardtrail-deadlines-oslo-2025-04-15-2025-06-30.csv"');
    expect(csv.text.split('\r\n')).toEqual([
      'police_district,period,delivered,on_time,late,on_time_rate,median_working_days_to_delivery,open_overdue',
      'oslo,2025-04,0,0,0,,,',
      'oslo,2025-05,3,2,1,0.6667,20,',
      'oslo,2025-06,1,0,1,0,29,',
      'oslo,2025-04-15/2025-06-30,4,2,2,0.5,21,1',
      '',
    ]);
    expect(res.body.districts[0]).toMatchObject({ delivered: 4, openOverdue: 1 });
  });

  it("refuses the CSV of another district to a caseworker, and bad input, like the JSON report", async () => {
    const other = await api.http().get('/v1/reports/deadlines.csv?from=2025-05-01&to=2025-05-31&policeDistrict=vest').set('Authorization', `Bearer ${oslo}`);
    expect(other.status).toBe(403);
    const bad = await api.http().get('/v1/reports/deadlines.csv?from=2025-05-31&to=2025-05-01').set('Authorization', `Bearer ${oslo}`);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('counts the delivery at 00:30 on 1 June (Oslo) in June', async () => {
    const res = await report('from=2025-06-01&to=2025-06-30&policeDistrict=oslo');
    expect(res.body.districts[0]).toMatchObject({ delivered: 1, late: 1, onTime: 0, onTimeRate: 0 });
  });

  it('answers null rates for a period without deliveries', async () => {
    const res = await report('from=2025-01-01&to=2025-01-31');
    expect(res.body.districts[0]).toMatchObject({ delivered: 0, onTimeRate: null, medianWorkingDaysToDelivery: null, openOverdue: 1 });
  });

  it('gives an admin every district, or the one asked for', async () => {
    const all = await report('from=2025-05-01&to=2025-05-31', admin);
    expect(all.status).toBe(200);
    expect(all.body.districts).toHaveLength(12);
    expect(all.body.districts.find((d: { policeDistrict: string }) => d.policeDistrict === 'vest')).toMatchObject({
      delivered: 1,
      onTime: 1,
      openOverdue: 1,
      medianWorkingDaysToDelivery: 20,
    });
    // Oslo's 12, 20 and 22 working days and Vest's 20 together.
    expect(all.body.total).toMatchObject({ delivered: 4, onTime: 3, late: 1, openOverdue: 2, medianWorkingDaysToDelivery: 20 });
    const vest = await report('from=2025-05-01&to=2025-05-31&policeDistrict=vest', admin);
    expect(vest.body.districts.map((d: { policeDistrict: string }) => d.policeDistrict)).toEqual(['vest']);
  });

  it("refuses a caseworker another district's report (403)", async () => {
    const res = await report('from=2025-05-01&to=2025-05-31&policeDistrict=vest');
    expect(res.status).toBe(403);
  });

  it.each([
    ['from=2025-05-31&to=2025-05-01', 'from'],
    ['from=2025-02-30&to=2025-03-01', 'from'],
    ['from=1969-12-31&to=2025-03-01', 'from'],
    ['from=2025-01-01&to=9999-12-31', 'to'],
    ['from=2025-05-01', 'to'],
    ['from=2025-05-01&to=2025-05-31&policeDistrict=bergen', 'policeDistrict'],
    ['from=2025-05-01&to=2025-05-31&extra=1', 'extra'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await report(query);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('needs a token (401)', async () => {
    const res = await api.http().get('/v1/reports/deadlines?from=2025-05-01&to=2025-05-31');
    expect(res.status).toBe(401);
  });
});
