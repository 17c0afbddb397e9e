import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseEnvFile } from 'dotenv';
import { z } from 'zod';
import { isClusterSafePrefix, parseRedisUrl } from '../redis/redis-url';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

const booleanish = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/**
 * An empty value counts as unset, everywhere: `NOTIFY_WEBHOOK_URL=` in `.env`, `${VAR:-}` in
 * compose or `VAR= npm start` all mean "use the default" (or "off" for an optional setting),
 * never "invalid". Whitespace-only values count as empty too.
 */
function withoutEmptyValues(env: unknown): unknown {
  if (typeof env !== 'object' || env === null) return env;
  return Object.fromEntries(
    Object.entries(env).filter(([, value]) => !(typeof value === 'string' && value.trim() === '')),
  );
}

/**
 * Every setting of the service, read once at start from the environment and `.env` (the
 * environment wins). `.env.example` lists them all with their defaults: PORT 3000, Postgres and
 * Redis at their default local ports, Europe/Oslo, 20 and 10 working days. Invalid values stop
 * the process with a message naming each bad variable.
 */
const settingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * The worker's own HTTP port (`/metrics`, `/health/live`, `/health/ready`). Default 3001, or 0
   * (an ephemeral port) under NODE_ENV=test so test workers never collide; 0 always means
   * "any free port".
   */
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  DATABASE_URL: z
    .string()
    .url()
    .default('postgres://postgres@127.0.0.1:5432/cardtrail'),
  /**
   * Postgres connections per process. Default: 10 for the API, 30 for the worker, which runs up
   * to 20 event reactions and 20 timers at once (a notification's send holds no connection
   * during the webhook call, only for its short transactions before and after).
   */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  /**
   * One Redis server (`redis://`, `rediss://`), or a Redis Cluster given by some of its nodes:
   * `redis+cluster://host:port,host:port` (then QUEUE_PREFIX must hold a hash tag, `{cardtrail}`).
   */
  REDIS_URL: z
    .string()
    .superRefine((url, ctx) => {
      try {
        parseRedisUrl(url);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .default('redis://127.0.0.1:6379'),
  /**
   * Prefix of every BullMQ key, so several deployments (or test runs) share one Redis. On a
   * Redis Cluster it must hold a hash tag (`{cardtrail}`), so each queue's keys share a slot.
   */
  QUEUE_PREFIX: z.string().min(1).default('cardtrail'),
  /** Required in production; elsewhere a fixed development secret is used when unset. */
  JWT_SECRET: z
    .string()
    .refine((s) => Buffer.byteLength(s, 'utf8') >= 32, 'must be at least 32 bytes long')
    .optional(),
  JWT_ISSUER: z.string().min(1).default('cardtrail'),
  JWT_AUDIENCE: z.string().min(1).default('cardtrail-api'),
  NOTIFY_WEBHOOK_URL: z.string().url().optional(),
  NOTIFY_WEBHOOK_SECRET: z.string().min(16).optional(),
  NOTIFY_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  TZ_BUSINESS: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Oslo')
    .default('Europe/Oslo'),
  ISSUE_WORKING_DAYS: z.coerce.number().int().min(1).max(250).default(20),
  REISSUE_WORKING_DAYS: z.coerce.number().int().min(1).max(250).default(10),
  EXTRA_CLOSED_DAYS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((d) => d.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(isoDate, 'must be comma-separated YYYY-MM-DD dates'))),
  /** Applicant status lookups per client IP per minute (POST /v1/status and address confirmation). */
  STATUS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /**
   * API processes (a Node cluster sharing PORT); 1 runs the API in a single process. See
   * docs/operations.md for when more help.
   */
  API_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * Fastify's `trustProxy`: off by default (the client address is the socket's). Behind a reverse
   * proxy set a hop count (`1`), `loopback`, or comma-separated addresses/subnets, so the
   * applicant rate limit keys on the real client address from X-Forwarded-For.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string => {
      const value = v.trim();
      if (value === '' || value === 'false') return false;
      if (value === 'true') return true;
      if (/^\d+$/.test(value)) return Number(value);
      return value;
    }),
  /**
   * A deadline check planned after its due date (a history entered after the fact) waits this
   * long before judging the card. The breach itself is recorded at once, by the append of the
   * event that revealed it (decision 0010), so the check usually finds it recorded.
   */
  DEADLINE_CHECK_GRACE_MS: z.coerce.number().int().min(0).default(300000),
  /**
   * How long the worker's outbox relay waits after a pass that found no row (it drains again at
   * once while it finds rows), so commit → relay lag stays around this when idle.
   */
  OUTBOX_POLL_MS: z.coerce.number().int().min(5).max(10_000).default(50),
  /**
   * How often each API and worker process checks whether an admin changed the run-time closure
   * days (one indexed query); a change is in force everywhere within about this long.
   */
  CALENDAR_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** How often the sweeper claims due timers. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RUN_MIGRATIONS: booleanish.default(true),
});

export const configSchema = z.preprocess(withoutEmptyValues, settingsSchema);

/** Every setting the apps read (`.env.example` lists each one). */
export const SETTING_NAMES = Object.keys(settingsSchema.shape) as Array<keyof typeof settingsSchema.shape>;

export const DEVELOPMENT_JWT_SECRET = 'cardtrail-development-secret-not-for-production';

export const DEFAULT_WORKER_PORT = 3001;

export type AppConfig = Omit<z.infer<typeof configSchema>, 'JWT_SECRET' | 'WORKER_PORT'> & {
  JWT_SECRET: string;
  WORKER_PORT: number;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates a set of variables (the environment, `.env` merged under it, or a test's own): the
 * `validate` function @nestjs/config's ConfigModule runs in both apps. Throws a `ConfigError`
 * listing every invalid variable.
 */
export function validateConfig(env: Record<string, unknown>): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const { JWT_SECRET, WORKER_PORT, ...rest } = parsed.data;
  if (!JWT_SECRET && rest.NODE_ENV === 'production') {
    throw new ConfigError(['JWT_SECRET: required in production (at least 32 bytes)']);
  }
  if (parseRedisUrl(rest.REDIS_URL).kind === 'cluster' && !isClusterSafePrefix(rest.QUEUE_PREFIX)) {
    throw new ConfigError([
      `QUEUE_PREFIX: with a Redis Cluster (REDIS_URL redis+cluster://…) it must hold a hash tag, such as {${rest.QUEUE_PREFIX.replace(/[{}]/g, '')}}, so each queue's keys share one slot`,
    ]);
  }
  return {
    ...rest,
    JWT_SECRET: JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    WORKER_PORT: WORKER_PORT ?? (rest.NODE_ENV === 'test' ? 0 : DEFAULT_WORKER_PORT),
  };
}

/** Validates `env` as given (no `.env` file): for tests and code that builds its own settings. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return validateConfig(env);
}

/** `.env` in the working directory: the project root under `npm start`, `npm run …`. */
export function envFilePath(cwd: string = process.cwd()): string {
  return resolve(cwd, '.env');
}

/**
 * Whether a process reads `.env`: not under NODE_ENV=test (set in the environment), so a
 * developer's `.env` never leaks into the processes tests start with settings of their own.
 */
export function readsEnvFile(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV !== 'test';
}

/**
 * `.env` merged under `env` (a variable set in the environment wins, as in @nestjs/config), with
 * the same parser (dotenv) the apps' ConfigModule uses; `env` itself when there is no file.
 */
export function withEnvFile(env: NodeJS.ProcessEnv = process.env, path: string = envFilePath()): NodeJS.ProcessEnv {
  if (!readsEnvFile(env) || !existsSync(path)) return env;
  return { ...parseEnvFile(readFileSync(path)), ...env };
}

/**
 * The settings of a script outside Nest (`npm run token`, `npm run demo`, migrations): `.env`
 * and the environment, validated exactly as the apps validate them.
 */
export function loadConfigWithEnvFile(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return validateConfig(withEnvFile(env));
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
