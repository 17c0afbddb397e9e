import { z } from 'zod';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

const booleanish = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/**
 * Every setting of the service, read from the environment once at start. Names and defaults
 * follow SPEC §7; `.env.example` lists them all. Invalid values stop the process with a message
 * naming each bad variable.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .url()
    .default('postgres://postgres@127.0.0.1:5432/cardtrail'),
  /**
   * Postgres connections per process. Default: 10 for the API, 30 for the worker, whose
   * notification sends hold a connection for the length of a webhook call (up to 20 at once), so
   * event reactions always keep connections of their own.
   */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Prefix of every BullMQ key, so several deployments (or test runs) share one Redis. */
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
   * long for the caseworker's next events before judging the card.
   */
  DEADLINE_CHECK_GRACE_MS: z.coerce.number().int().min(0).default(300000),
  /**
   * How long the worker's outbox relay waits after a pass that found no row (it drains again at
   * once while it finds rows), so commit → relay lag stays around this when idle.
   */
  OUTBOX_POLL_MS: z.coerce.number().int().min(5).max(10_000).default(50),
  /** How often the sweeper claims due timers. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RUN_MIGRATIONS: booleanish.default(true),
});

export const DEVELOPMENT_JWT_SECRET = 'cardtrail-development-secret-not-for-production';

export type AppConfig = Omit<z.infer<typeof configSchema>, 'JWT_SECRET'> & { JWT_SECRET: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a `ConfigError` listing every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const { JWT_SECRET, ...rest } = parsed.data;
  if (!JWT_SECRET && rest.NODE_ENV === 'production') {
    throw new ConfigError(['JWT_SECRET: required in production (at least 32 bytes)']);
  }
  return { ...rest, JWT_SECRET: JWT_SECRET ?? DEVELOPMENT_JWT_SECRET };
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
