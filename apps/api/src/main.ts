import cluster from 'node:cluster';
import {
  ConfigError,
  DatabaseUnavailableError,
  RedisUnavailableError,
  assertRedisReachable,
  createLogger,
  ensureDatabase,
  type AppConfig,
  type Logger,
} from '@cardtrail/infra';
import { loadAppConfig } from '@cardtrail/infra/nest';
import { createApiApp } from './bootstrap';

/**
 * Starts the API: validated configuration, Postgres and Redis reachable (or a message saying how
 * to start them, and exit 1), then listen on PORT. SIGTERM/SIGINT stop taking requests, finish
 * the ones in flight and close the pools (Nest shutdown hooks).
 *
 * With API_PROCESSES > 1 this process becomes the primary of a Node cluster: it checks the
 * same things once, then starts that many API processes sharing PORT (the primary hands them
 * connections in turn), starts a new one when one dies, and on SIGTERM/SIGINT passes the signal
 * on and exits when they all have.
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = await loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  const logger = createLogger(config, { name: 'cardtrail-api' });
  if (config.API_PROCESSES > 1 && cluster.isPrimary) return runCluster(config, logger);
  try {
    await assertDependencies(config);
    const app = await createApiApp({ config, logger });
    // Nest's shutdown hooks close the server (no new connections, in-flight requests finish),
    // then Postgres and Redis, then re-raise the signal.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => logger.info(`${signal} received: finishing requests and shutting down`));
    }
    await app.listen(config.PORT, '0.0.0.0');
    if (cluster.isPrimary) logger.info({ port: config.PORT }, `cardtrail API listening on ${await app.getUrl()} (docs at /docs)`);
  } catch (error) {
    handleStartError(error, config, logger);
  }
}

/** Both checked before Nest starts, so the usual failure (not started) reads as one clear line. */
async function assertDependencies(config: AppConfig): Promise<void> {
  await ensureDatabase(config.DATABASE_URL);
  await assertRedisReachable(config.REDIS_URL);
}

async function runCluster(config: AppConfig, logger: Logger): Promise<void> {
  try {
    await assertDependencies(config);
  } catch (error) {
    return handleStartError(error, config, logger);
  }
  let stopping = false;
  let listening = 0;
  const start = (): void => {
    const worker = cluster.fork();
    worker.once('listening', () => {
      listening += 1;
      if (listening === config.API_PROCESSES) {
        logger.info({ port: config.PORT, processes: config.API_PROCESSES }, `cardtrail API listening on port ${config.PORT} in ${config.API_PROCESSES} processes (docs at /docs)`);
      }
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A process that fails at start (exit 1: configuration, port in use) would fail again: stop.
    if (code === 1 && listening < config.API_PROCESSES) {
      logger.fatal({ pid: worker.process.pid }, 'an API process could not start; stopping');
      process.exit(1);
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'an API process died; starting another');
    start();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopping = true;
      logger.info(`${signal} received: stopping ${config.API_PROCESSES} API processes`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    });
  }
  for (let i = 0; i < config.API_PROCESSES; i += 1) start();
}

function handleStartError(error: unknown, config: AppConfig, logger: Logger): void {
  if (error instanceof DatabaseUnavailableError || error instanceof RedisUnavailableError) return fail(error.message);
  if ((error as { code?: string }).code === 'EADDRINUSE') {
    return fail(`Port ${config.PORT} is already in use: stop the other process or set PORT.`);
  }
  logger.fatal({ err: error }, 'The API could not start');
  process.exit(1);
}

/** A known start-up problem: its message says what to do; a stack trace would only hide it. */
function fail(message: string): never {
  console.error(message);
  // Exit now: a half-built app may hold a connection pool open.
  process.exit(1);
}

void main();
