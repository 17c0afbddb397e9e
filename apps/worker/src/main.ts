import 'reflect-metadata';
import {
  ConfigError,
  DatabaseUnavailableError,
  RedisUnavailableError,
  createLogger,
  systemClock,
} from '@cardtrail/infra';
import { loadAppConfig } from '@cardtrail/infra/nest';
import { createWorker, type WorkerHandle } from './create-worker';

/**
 * The worker process: relay, event reactions, timers, notifications. SIGTERM (or SIGINT) stops
 * taking work, lets active jobs finish, closes queues and connections and exits 0. A second
 * signal while stopping exits at once.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = await loadAppConfig();
  } catch (error) {
    return fail(error);
  }
  const logger = createLogger(config, { name: 'cardtrail-worker' });
  let worker: WorkerHandle;
  try {
    worker = await createWorker({ config, clock: systemClock, logger });
  } catch (error) {
    return fail(error);
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: finishing active jobs');
    worker.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function fail(error: unknown): void {
  const known =
    error instanceof ConfigError || error instanceof DatabaseUnavailableError || error instanceof RedisUnavailableError;
  process.stderr.write(`cardtrail worker cannot start: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
}

void main();
