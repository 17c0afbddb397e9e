import { describe, expect, it } from '@jest/globals';
import { createLogger } from '../../libs/infra/src';
import { useTestApi } from '../support/api-app';
import { probeRoutes } from '../support/probe-routes';

const ProbeModule = probeRoutes({ failure: 'probe failure' });

describe('request logs', () => {
  const lines: string[] = [];
  const logger = createLogger({ LOG_LEVEL: 'info' }, { destination: { write: (line: string) => lines.push(line) } });
  const api = useTestApi({ label: 'logging', logger, imports: [ProbeModule] });

  function accessLog(requestId: string): Record<string, unknown> {
    const entries = lines.map((l) => JSON.parse(l) as { req?: { id?: string } });
    const entry = entries.find((e) => e.req?.id === requestId);
    if (!entry) throw new Error(`no access log line for ${requestId}`);
    return entry as Record<string, unknown>;
  }

  it('logs one JSON line per request with the request id, method, path and status', async () => {
    await api.http().get('/v1/calendar/holidays?year=2025').set('X-Request-Id', 'log-1').expect(200);
    expect(accessLog('log-1')).toMatchObject({
      level: 'info',
      req: { id: 'log-1', method: 'GET', url: '/v1/calendar/holidays?year=2025' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
  });

  it('never logs request bodies, tokens or personal query values', async () => {
    await api
      .http()
      .post('/v1/probe/echo?dufNumber=201258697561')
      .set('X-Request-Id', 'log-2')
      .set('Authorization', 'Bearer secret-token-value')
      .send({ dufNumber: '201258697561', fullName: 'Kari Nordmann', address: 'Storgata 1' })
      .expect(201);
    const text = JSON.stringify(accessLog('log-2'));
    expect(text).toContain('[Redacted]');
    for (const secret of ['201258697561', 'Kari Nordmann', 'Storgata', 'secret-token-value']) {
      expect(lines.join('\n')).not.toContain(secret);
    }
  });

  it('logs client errors at warn level', async () => {
    await api.http().get('/v1/calendar/holidays?year=1').set('X-Request-Id', 'log-3').expect(400);
    expect(accessLog('log-3')).toMatchObject({ level: 'warn', res: { statusCode: 400 } });
  });
});

describe('request logs when the level is warn', () => {
  const lines: string[] = [];
  const logger = createLogger({ LOG_LEVEL: 'warn' }, { destination: { write: (line: string) => lines.push(line) } });
  const api = useTestApi({ label: 'logging-warn', logger, imports: [ProbeModule] });

  const entries = (requestId: string) =>
    lines
      .map((l) => JSON.parse(l) as Record<string, unknown> & { req?: { id?: string } })
      .filter((e) => e.req?.id === requestId);

  it('writes nothing for a successful request, and still echoes the request id', async () => {
    const response = await api.http().get('/v1/calendar/holidays?year=2025').set('X-Request-Id', 'warn-1').expect(200);
    expect(response.headers['x-request-id']).toBe('warn-1');
    const generated = await api.http().get('/v1/calendar/holidays?year=2025').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(entries('warn-1')).toEqual([]);
  });

  it('logs a client error at warn with the request, the status and the time taken, nothing personal', async () => {
    await api
      .http()
      .get('/v1/calendar/holidays?year=1&dufNumber=201258697561')
      .set('X-Request-Id', 'warn-2')
      .set('Authorization', 'Bearer secret-token-value')
      .expect(400);
    expect(entries('warn-2')).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'GET /v1/calendar/holidays?year=1&dufNumber=[Redacted] 400',
        req: expect.objectContaining({ id: 'warn-2', method: 'GET', url: '/v1/calendar/holidays?year=1&dufNumber=[Redacted]' }),
        res: { statusCode: 400 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(lines.join('\n')).not.toContain('201258697561');
    expect(lines.join('\n')).not.toContain('secret-token-value');
  });

  it('logs a server error at error, and the unhandled exception with the same request id', async () => {
    const response = await api.http().get('/v1/probe/boom').set('X-Request-Id', 'warn-3').expect(500);
    expect(response.headers['x-request-id']).toBe('warn-3');
    const logged = entries('warn-3');
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', msg: 'Unhandled error while answering a request', err: expect.objectContaining({ message: 'probe failure' }) }),
        expect.objectContaining({ level: 'error', msg: 'GET /v1/probe/boom 500', res: { statusCode: 500 } }),
      ]),
    );
    expect(logged).toHaveLength(2);
  });
});
