import { loadConfigWithEnvFile } from '../config/config';
import { createDataSource, ensureDatabase } from './data-source';

/**
 * The data source of `npm run migration:show | migration:run | migration:revert` (TypeORM's own
 * CLI), for operators who start the apps with RUN_MIGRATIONS=false: DATABASE_URL from `.env` and
 * the environment, as the apps read it; the database is created first if it does not exist.
 * Each migration runs in its own transaction, as at start. Not exported from the library: loading
 * this module reads the settings.
 */
const config = loadConfigWithEnvFile();

export const migrationDataSource = ensureDatabase(config.DATABASE_URL).then(() =>
  createDataSource({ url: config.DATABASE_URL, poolSize: 1, applicationName: 'cardtrail-migrations' }),
);
