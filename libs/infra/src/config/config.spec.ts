import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './config';

describe('configuration from the environment', () => {
  it('uses the documented defaults on an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/cardtrail',
      REDIS_URL: 'redis://127.0.0.1:6379',
      TZ_BUSINESS: 'Europe/Oslo',
      ISSUE_WORKING_DAYS: 20,
      REISSUE_WORKING_DAYS: 10,
      EXTRA_CLOSED_DAYS: [],
      TRUST_PROXY: false,
      JWT_SECRET: DEVELOPMENT_JWT_SECRET,
    });
  });

  it('names every invalid variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', TZ_BUSINESS: 'Mars/Olympus', EXTRA_CLOSED_DAYS: '2026-12-24,24.12.2026', JWT_SECRET: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/TZ_BUSINESS: must be an IANA time zone/);
    expect(problems).toMatch(/EXTRA_CLOSED_DAYS/);
    expect(problems).toMatch(/JWT_SECRET: must be at least 32 bytes/);
  });

  it('requires a JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required in production/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toBe('x'.repeat(32));
  });

  it.each([
    ['false', false],
    ['true', true],
    ['1', 1],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 192.168.0.1', '10.0.0.0/8, 192.168.0.1'],
  ])('reads TRUST_PROXY=%s for the HTTP server', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it('takes a Redis Cluster by some of its nodes, with a hash-tagged queue prefix', () => {
    const config = loadConfig({ REDIS_URL: 'redis+cluster://10.0.0.1:7000,10.0.0.2:7000', QUEUE_PREFIX: '{cardtrail}' });
    expect(config).toMatchObject({ REDIS_URL: 'redis+cluster://10.0.0.1:7000,10.0.0.2:7000', QUEUE_PREFIX: '{cardtrail}' });
  });

  it('refuses a Redis Cluster with a queue prefix that would spread a queue over slots', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis+cluster://10.0.0.1:7000', QUEUE_PREFIX: 'cardtrail' })).toThrow(
      /QUEUE_PREFIX: with a Redis Cluster .* must hold a hash tag, such as \{cardtrail\}/,
    );
  });

  it.each(['http://127.0.0.1:6379', 'redis+cluster://10.0.0.1', 'redis+cluster://', 'not a url'])(
    'refuses REDIS_URL=%s',
    (url) => {
      expect(() => loadConfig({ REDIS_URL: url })).toThrow(/REDIS_URL: .*redis/);
    },
  );

  it('splits and trims extra closure days', () => {
    expect(loadConfig({ EXTRA_CLOSED_DAYS: ' 2026-12-24 , 2026-12-31,' }).EXTRA_CLOSED_DAYS).toEqual([
      '2026-12-24',
      '2026-12-31',
    ]);
  });
});

describe('empty values count as unset', () => {
  it('treats empty optional settings as not set and empty defaulted ones as their default', () => {
    const config = loadConfig({
      NOTIFY_WEBHOOK_URL: '',
      NOTIFY_WEBHOOK_SECRET: '',
      JWT_SECRET: '',
      DATABASE_URL: '',
      PORT: ' ',
      DB_POOL_SIZE: '',
      EXTRA_CLOSED_DAYS: '',
      RUN_MIGRATIONS: '',
    });
    expect(config.NOTIFY_WEBHOOK_URL).toBeUndefined();
    expect(config.NOTIFY_WEBHOOK_SECRET).toBeUndefined();
    expect(config.DB_POOL_SIZE).toBeUndefined();
    expect(config).toMatchObject({
      JWT_SECRET: DEVELOPMENT_JWT_SECRET,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/cardtrail',
      PORT: 3000,
      EXTRA_CLOSED_DAYS: [],
      RUN_MIGRATIONS: true,
    });
  });

  it('still requires a JWT secret in production when the variable is empty', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: '' })).toThrow(/JWT_SECRET: required in production/);
  });
});

describe('the worker port', () => {
  it('defaults to 3001, and to an ephemeral port under NODE_ENV=test', () => {
    expect(loadConfig({}).WORKER_PORT).toBe(3001);
    expect(loadConfig({ NODE_ENV: 'test' }).WORKER_PORT).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', WORKER_PORT: '4001' }).WORKER_PORT).toBe(4001);
    expect(() => loadConfig({ WORKER_PORT: '70000' })).toThrow(/WORKER_PORT/);
  });
});
