import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseEnv } from 'dotenv';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { validateConfig } from '@cardtrail/infra';
import { jwtSettings } from '../../apps/api/src/auth/jwt';

/*
 * docker-compose.yml, Dockerfile and .dockerignore, read the way Docker would read them (there is
 * no Docker engine on the CI machines): the YAML with its anchors and merge keys, the ${...}
 * interpolation from .env, and the settings each app would get, validated by the apps' own
 * schema. What compose does at run time beyond that is reasoned in docs/operations.md.
 */

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  restart?: string;
  profiles?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
}

const composeText = readFileSync('docker-compose.yml', 'utf8');

/** Compose's interpolation of the forms the file uses; anything else fails the test. */
function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    const value = env[name];
    const empty = value === undefined || value === '';
    if (op === '-') return empty ? (arg ?? '') : value;
    if (op === '?') {
      if (empty) throw new Error(`compose refuses to start: ${name}: ${arg}`);
      return value;
    }
    return value ?? '';
  });
}

/**
 * What a container gets from an `environment` mapping: compose passes numbers and booleans as
 * strings and leaves a variable without a value (null) unset.
 */
function containerEnv(service: Service): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(service.environment ?? {}) as Array<[string, unknown]>) {
    if (value === null || value === undefined) continue;
    env[name] = String(value);
  }
  return env;
}

function compose(env: Record<string, string | undefined>): Record<string, Service> {
  // YAML 1.2 with merge keys (<<), as compose reads it.
  const doc = load(interpolate(composeText, env), { schema: CORE_SCHEMA.withTags(mergeTag) }) as { services: Record<string, Service> };
  return doc.services;
}

/** .env as copied from .env.example, with the one value compose needs set. */
const dotEnv = { ...parseEnv(readFileSync('.env.example')), JWT_SECRET: 'a-compose-secret-of-at-least-32-bytes!!' };

describe('docker-compose.yml', () => {
  const services = compose(dotEnv);

  it('uses only the interpolation forms compose supports', () => {
    const yaml = composeText.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n');
    const forms = yaml.match(/\$[^{]|\$\{[^}]*\}/g) ?? [];
    expect(forms.length).toBeGreaterThan(0);
    for (const form of forms) expect(form).toMatch(/^\$\{[A-Z_][A-Z0-9_]*(:[-?][^}]*)?\}$/);
  });

  it('runs Postgres, Redis (noeviction, append-only file), the API, the worker and the receiver, and the demo on request', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'demo', 'postgres', 'receiver', 'redis', 'worker']);
    expect(services.redis.command).toEqual(expect.arrayContaining(['--maxmemory-policy', 'noeviction', '--appendonly', 'yes']));
    const started = Object.entries(services).filter(([, s]) => !s.profiles).map(([name]) => name);
    expect(started.sort()).toEqual(['api', 'postgres', 'receiver', 'redis', 'worker']);
    expect(services.demo.profiles).toEqual(['demo']);
  });

  it('publishes only the API port, so a local Postgres or Redis never clashes', () => {
    const published = Object.entries(services).filter(([, s]) => s.ports?.length);
    expect(published.map(([name]) => name)).toEqual(['api']);
    expect(services.api.ports).toEqual(['3000:3000']);
    expect(compose({ ...dotEnv, API_PORT: '8080' }).api.ports).toEqual(['8080:3000']);
  });

  it('gives the API and the worker a restart policy, a readiness healthcheck and healthy dependencies', () => {
    for (const name of ['api', 'worker']) {
      const service = services[name];
      expect(service.restart).toBe('unless-stopped');
      expect(service.healthcheck?.test).toEqual(['CMD', 'node', 'scripts/healthcheck.mjs']);
      expect(service.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
    expect(services.demo.depends_on).toEqual({ api: { condition: 'service_healthy' }, worker: { condition: 'service_healthy' } });
  });

  it('starts the apps with settings their schema accepts, empty values from .env counting as unset', () => {
    for (const name of ['api', 'worker', 'demo']) {
      const config = validateConfig(containerEnv(services[name]));
      expect(config).toMatchObject({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://postgres@postgres:5432/cardtrail',
        REDIS_URL: 'redis://redis:6379',
        NOTIFY_WEBHOOK_URL: 'http://receiver:4000/notifications',
        TZ_BUSINESS: 'Europe/Oslo',
      });
    }
    // The same with a .env that says nothing but the secret.
    const bare = compose({ JWT_SECRET: dotEnv.JWT_SECRET });
    expect(() => validateConfig(containerEnv(bare.api))).not.toThrow();
  });

  it('has no fixed JWT secret: it refuses to start without one, and signs with the one npm run token reads', () => {
    expect(() => compose({ ...dotEnv, JWT_SECRET: '' })).toThrow(/refuses to start: JWT_SECRET: set JWT_SECRET/);
    // npm run token on the host reads the same .env (and the compose CLI exec reads the container's).
    const host = jwtSettings(validateConfig(dotEnv));
    for (const name of ['api', 'worker', 'demo']) {
      expect(jwtSettings(validateConfig(containerEnv(services[name])))).toEqual(host);
    }
  });

  it('delivers notifications, signed, to the receiver where it listens', () => {
    const worker = containerEnv(services.worker);
    const receiver = containerEnv(services.receiver);
    expect(worker.NOTIFY_WEBHOOK_URL).toBe(`http://receiver:${receiver.RECEIVER_PORT}/notifications`);
    expect(receiver.RECEIVER_HOST).toBe('0.0.0.0');
    expect(worker.NOTIFY_WEBHOOK_SECRET).toBe(receiver.NOTIFY_WEBHOOK_SECRET);
    expect(worker.NOTIFY_WEBHOOK_SECRET.length).toBeGreaterThanOrEqual(16);
  });

  it('runs commands the image contains', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    const copiedScripts = /COPY (scripts\/\S+ )+\.\/scripts\//.exec(dockerfile)?.[0] ?? '';
    for (const service of Object.values(services).filter((s) => s.image === 'cardtrail:local')) {
      const file = service.command?.[1] ?? 'dist/apps/api/apps/api/src/main.js';
      if (file.startsWith('dist/')) expect(existsSync(file)).toBe(true);
      else expect(copiedScripts).toContain(file);
    }
    expect(copiedScripts).toContain('scripts/healthcheck.mjs');
  });
});

describe('the image', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');

  it('has a HEALTHCHECK on readiness', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK .*CMD \["node", "scripts\/healthcheck\.mjs"\]$/m);
  });

  it('is built without .env or local data in its context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.env.*', '.cardtrail', 'node_modules', 'dist']));
  });
});
