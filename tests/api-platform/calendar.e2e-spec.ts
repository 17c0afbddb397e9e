import { describe, expect, it } from '@jest/globals';
import { useTestApi } from '../support/api-app';

const PROBLEM_JSON = /^application\/problem\+json/;

describe('the public calendar endpoints', () => {
  const api = useTestApi({ label: 'calendar' });

  describe('GET /v1/calendar/holidays', () => {
    it('lists the 12 Norwegian public holidays of 2025 in date order, with English and Norwegian names', async () => {
      const res = await api.http().get('/v1/calendar/holidays?year=2025').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body.map((h: { date: string }) => h.date)).toEqual([
        '2025-01-01',
        '2025-04-17',
        '2025-04-18',
        '2025-04-20',
        '2025-04-21',
        '2025-05-01',
        '2025-05-17',
        '2025-05-29',
        '2025-06-08',
        '2025-06-09',
        '2025-12-25',
        '2025-12-26',
      ]);
      expect(res.body[1]).toEqual({ date: '2025-04-17', name: 'Maundy Thursday', nameNb: 'Skjærtorsdag' });
    });

    it.each([
      ['a missing year', '', 'year', 'Required'],
      ['a non-numeric year', '?year=abc', 'year', 'must be an integer'],
      ['a year before 1900', '?year=1899', 'year', 'must be between 1900 and 2199'],
      ['a year after 2199', '?year=2200', 'year', 'must be between 1900 and 2199'],
      ['a repeated year (an array)', '?year=2025&year=2026', 'year', expect.stringContaining('expected string')],
      ['a bracketed year (an object in extended parsers)', '?year[a]=1', 'year', 'Required'],
      ['an unknown parameter', '?year=2025&country=se', 'country', 'Unknown query parameter'],
    ])('refuses %s with a 400 problem naming the field', async (_case, query, field, message) => {
      const res = await api.http().get(`/v1/calendar/holidays${query}`).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({
        type: 'https://cardtrail.example/problems/validation-error',
        title: 'Validation failed',
        status: 400,
        detail: expect.stringContaining(field),
      });
      expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message }]));
    });
  });

  describe('GET /v1/calendar/working-days', () => {
    it.each([
      ['2025-04-14', 20, '2025-05-16'],
      ['2026-11-23', 20, '2026-12-21'],
      ['2025-12-15', 20, '2026-01-15'],
      ['2025-05-16', -20, '2025-04-14'],
      ['2025-04-14', 0, '2025-04-14'],
    ])('%s + %i working days is %s (the worked examples of docs/domain.md)', async (from, days, date) => {
      const res = await api.http().get(`/v1/calendar/working-days?from=${from}&days=${days}`).expect(200);
      expect(res.body).toEqual({ from, days, date });
    });

    it.each([
      ['an impossible date', 'from=2025-02-30&days=20', 'from', 'must be a real calendar date written YYYY-MM-DD'],
      ['a date with a time', 'from=2025-04-14T10:00:00Z&days=20', 'from', 'must be a real calendar date written YYYY-MM-DD'],
      ['non-numeric days', 'from=2025-04-14&days=twenty', 'days', 'must be an integer'],
      ['fractional days', 'from=2025-04-14&days=2.5', 'days', 'must be an integer'],
      ['too many days', 'from=2025-04-14&days=1001', 'days', 'must be between -1000 and 1000'],
      ['a missing from', 'days=20', 'from', 'Required'],
      ['a repeated days', 'from=2025-04-14&days=1&days=2', 'days', expect.stringContaining('expected string')],
    ])('refuses %s with a 400 problem', async (_case, query, field, message) => {
      const res = await api.http().get(`/v1/calendar/working-days?${query}`).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message }]));
    });

    it('answers 400, not 500, when the result falls past the supported years', async () => {
      const res = await api.http().get('/v1/calendar/working-days?from=2199-12-20&days=1000').expect(400);
      expect(res.body).toMatchObject({ status: 400, type: 'https://cardtrail.example/problems/date-out-of-range' });
    });
  });

  describe('GET /v1/calendar/expected-card-date', () => {
    it('is 20 working days after the appointment, and says whether that is before the departure', async () => {
      const res = await api
        .http()
        .get('/v1/calendar/expected-card-date?appointmentDate=2025-04-14&departureDate=2025-05-20')
        .expect(200);
      expect(res.body).toEqual({
        appointmentDate: '2025-04-14',
        workingDays: 20,
        expectedDate: '2025-05-16',
        departureDate: '2025-05-20',
        arrivesBeforeDeparture: true,
        workingDaysToSpare: 2,
      });
    });

    it('has no departure verdict without a departure date', async () => {
      const res = await api.http().get('/v1/calendar/expected-card-date?appointmentDate=2026-11-23').expect(200);
      expect(res.body).toMatchObject({ expectedDate: '2026-12-21', departureDate: null, arrivesBeforeDeparture: null });
    });

    it('refuses an impossible departure date', async () => {
      const res = await api
        .http()
        .get('/v1/calendar/expected-card-date?appointmentDate=2025-04-14&departureDate=2025-13-01')
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'departureDate', message: 'must be a real calendar date written YYYY-MM-DD' }]);
    });
  });
});
