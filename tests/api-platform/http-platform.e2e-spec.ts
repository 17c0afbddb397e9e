import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { useTestApi } from '../support/api-app';
import { probeRoutes } from '../support/probe-routes';

const PROBLEM_JSON = /^application\/problem\+json/;
const TYPE = 'https://cardtrail.example/problems/';

const echoBody = z.strictObject({
  applicant: z.strictObject({ fullName: z.string().min(1), dateOfBirth: z.iso.date() }),
  note: z.string().max(200_000).optional(),
});

/** A strict JSON body for the echo route; the failing route's message must never reach a client. */
const ProbeModule = probeRoutes({ echo: echoBody, failure: 'database password is hunter2' });

describe('the HTTP platform', () => {
  const api = useTestApi({ label: 'platform', imports: [ProbeModule] });

  describe('problem documents', () => {
    it('answers an unknown route under /v1 with a 404 problem', async () => {
      const res = await api.http().get('/v1/nowhere').expect(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toEqual({
        type: `${TYPE}not-found`,
        title: 'Not Found',
        status: 404,
        detail: 'No route matches GET /v1/nowhere.',
      });
    });

    it('answers an unknown route outside /v1 with a 404 problem too', async () => {
      const res = await api.http().get('/nowhere/at/all').expect(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ type: `${TYPE}not-found`, status: 404 });
    });

    it('answers a known path with the wrong method with 405 and Allow', async () => {
      const res = await api.http().delete('/v1/calendar/holidays').expect(405);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(res.body).toMatchObject({ type: `${TYPE}method-not-allowed`, status: 405 });
    });

    it('answers 405 on the health paths outside /v1 as well', async () => {
      const res = await api.http().post('/health/live').expect(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    });

    it('refuses malformed JSON with 400 "Malformed JSON body"', async () => {
      const res = await api
        .http()
        .post('/v1/probe/echo')
        .set('Content-Type', 'application/json')
        .send('{"applicant": {"fullName": "Kari",')
        .expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ type: `${TYPE}malformed-json`, title: 'Malformed JSON body', status: 400 });
    });

    it('refuses a body over 100 kB with 413', async () => {
      const res = await api
        .http()
        .post('/v1/probe/echo')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ applicant: { fullName: 'Kari', dateOfBirth: '1990-01-01' }, note: 'x'.repeat(110_000) }))
        .expect(413);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ type: `${TYPE}payload-too-large`, status: 413 });
    });

    it('refuses a body that is not JSON with 415', async () => {
      const res = await api.http().post('/v1/probe/echo').set('Content-Type', 'text/plain').send('hello').expect(415);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ type: `${TYPE}unsupported-media-type`, status: 415 });
    });

    it('refuses unknown and invalid fields with 400 and a dotted path per field', async () => {
      const res = await api
        .http()
        .post('/v1/probe/echo')
        .send({ applicant: { fullName: 'Kari', dateOfBirth: '1990-02-30', shoeSize: 38 }, extra: true })
        .expect(400);
      expect(res.body).toMatchObject({ type: `${TYPE}validation-error`, title: 'Validation failed', status: 400 });
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'applicant.dateOfBirth', message: expect.any(String) },
          { field: 'applicant.shoeSize', message: 'Unknown field' },
          { field: 'extra', message: 'Unknown field' },
        ]),
      );
      expect(res.body.errors).toHaveLength(3);
    });

    it('refuses a POST without a body with 400', async () => {
      const res = await api.http().post('/v1/probe/echo').expect(400);
      expect(res.body).toMatchObject({ type: `${TYPE}validation-error`, errors: [{ field: 'body', message: 'Required' }] });
    });

    it('accepts a valid body', async () => {
      const body = { applicant: { fullName: 'Kari Nordmann', dateOfBirth: '1990-01-01' } };
      const res = await api.http().post('/v1/probe/echo').send(body).expect(201);
      expect(res.body).toEqual(body);
    });

    it('answers an unexpected error with a 500 problem that reveals nothing', async () => {
      const res = await api.http().get('/v1/probe/boom').set('X-Request-Id', 'trace-me-42').expect(500);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toEqual({
        type: `${TYPE}internal-error`,
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred; it has been logged.',
        requestId: 'trace-me-42',
      });
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
    });

    it('answers a badly percent-encoded URL with a problem, not a 500', async () => {
      const path = await api.http().get('/v1/calendar/%E0%A4%A').expect(400);
      expect(path.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(path.body).toMatchObject({ type: `${TYPE}bad-request`, detail: 'The URL is not correctly percent-encoded.' });
      const query = await api.http().get('/v1/calendar/holidays?year=%E0%A4%A').expect(400);
      expect(query.body.errors).toEqual([{ field: 'year', message: 'must be an integer' }]);
    });

    it('answers a path parameter over 100 characters with a 414 problem, not a 500', async () => {
      for (const path of [`/v1/cards/${'a'.repeat(101)}`, `/v1/calendar/closures/${'2'.repeat(150)}`]) {
        const res = await api.http().get(path).expect(414);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body).toMatchObject({ type: `${TYPE}uri-too-long`, status: 414 });
      }
    });
  });

  describe('request ids', () => {
    it('echoes a caller X-Request-Id', async () => {
      const res = await api.http().get('/health/live').set('X-Request-Id', 'abc-123').expect(200);
      expect(res.headers['x-request-id']).toBe('abc-123');
    });

    it('generates one when the caller sends none, or one that does not look like an id', async () => {
      const none = await api.http().get('/health/live').expect(200);
      expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const odd = await api.http().get('/health/live').set('X-Request-Id', 'has spaces <script>').expect(200);
      expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('OpenAPI', () => {
    it('serves an OpenAPI 3 document at /docs-json listing the calendar paths with their problems', async () => {
      const res = await api.http().get('/docs-json').expect(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(res.body.info.title).toBe('cardtrail');
      expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/calendar/holidays',
          '/v1/calendar/working-days',
          '/v1/calendar/expected-card-date',
          '/health/live',
          '/health/ready',
          '/metrics',
        ]),
      );
      const holidays = res.body.paths['/v1/calendar/holidays'].get;
      expect(holidays.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'year', in: 'query', required: true })]));
      expect(holidays.responses['200'].content['application/json'].schema).toMatchObject({ type: 'array' });
      expect(holidays.responses['400'].content['application/problem+json'].schema).toMatchObject({
        required: ['type', 'title', 'status', 'detail'],
      });
    });

    it('documents a 503 with Retry-After on every operation that needs Postgres or Redis', async () => {
      const res = await api.http().get('/docs-json').expect(200);
      const operations = Object.entries(res.body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)
        .filter(([path]) => /^\/v1\/(cards|status|reports|calendar\/closures)/.test(path) || path === '/health/ready')
        .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, op })));
      expect(operations.length).toBeGreaterThan(8);
      for (const { at, op } of operations) {
        expect({ at, response: op.responses['503'] }).toMatchObject({
          at,
          response: { headers: { 'Retry-After': expect.anything() }, content: { 'application/problem+json': expect.anything() } },
        });
      }
    });

    it('serves the Swagger UI at /docs', async () => {
      const res = await api.http().get('/docs').redirects(1).expect(200);
      expect(res.text).toContain('swagger-ui');
    });
  });

  describe('metrics', () => {
    it('counts HTTP requests by method, route template and status', async () => {
      await api.http().get('/v1/calendar/holidays?year=2026').expect(200);
      const res = await api.http().get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(
        /cardtrail_http_requests_total\{method="GET",route="\/v1\/calendar\/holidays",status="200",app="api"\} \d+/,
      );
      expect(res.text).toContain('cardtrail_http_request_duration_seconds_bucket');
      expect(res.text).toContain('cardtrail_process_cpu_user_seconds_total');
      expect(res.text).toContain('# TYPE cardtrail_events_recorded_total counter');
      expect(res.text).toContain('# TYPE cardtrail_queue_jobs gauge');
    });

    it('labels unmatched routes as such instead of by raw URL', async () => {
      await api.http().get('/v1/cards-that-do-not-exist/123').expect(404);
      const res = await api.http().get('/metrics').expect(200);
      expect(res.text).not.toContain('cards-that-do-not-exist');
      expect(res.text).toMatch(/cardtrail_http_requests_total\{method="GET",route="unmatched",status="404",app="api"\}/);
    });
  });
});
