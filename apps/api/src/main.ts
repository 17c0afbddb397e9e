import {
  ConfigError,
  DatabaseUnavailableError,
  RedisUnavailableError,
  assertRedisReachable,
  createLogger,
  ensureDatabase,
} from '@cardtrail/infra';
import { loadAppConfig } from '@cardtrail/infra/nest';
import { createApiApp } from './bootstrap';

/**
 * Starts the API: validated configuration, Postgres and Redis reachable (or a message saying how
 * to start them, and exit 1), then listen on PORT. SIGTERM/SIGINT stop taking requests, finish
 * the ones in flight and close the pools (Nest shutdown hooks).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = await loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  const logger = createLogger(config, { name: 'cardtrail-api' });
  try {
    // Both checked before Nest starts, so the usual failure (not started) reads as one clear line.
    await ensureDatabase(config.DATABASE_URL);
    await assertRedisReachable(config.REDIS_URL);
    const app = await createApiApp({ config, logger });
    // Nest's shutdown hooks close the server (no new connections, in-flight requests finish),
    // then Postgres and Redis, then re-raise the signal.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => logger.info(`${signal} received: finishing requests and shutting down`));
    }
    await app.listen(config.PORT);
    logger.info({ port: config.PORT }, `cardtrail API listening on ${await app.getUrl()} (docs at /docs)`);
  } catch (error) {
    if (error instanceof DatabaseUnavailableError || error instanceof RedisUnavailableError) return fail(error.message);
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      return fail(`Port ${config.PORT} is already in use: stop the other process or set PORT.`);
    }
    logger.fatal({ err: error }, 'The API could not start');
    process.exit(1);
  }
}

/** A known start-up problem: its message says what to do; a stack trace would only hide it. */
function fail(message: string): never {
  console.error(message);
  // Exit now: a half-built app may hold a connection pool open.
  process.exit(1);
}

void main();
