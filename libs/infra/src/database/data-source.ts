import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

export interface DatabaseOptions {
  url: string;
  /** Connections in this process's pool. */
  poolSize?: number;
  applicationName?: string;
  /**
   * How long a query waits for a connection (a new one, or a free one from a full pool) before
   * it fails; default {@link CONNECT_TIMEOUT_MS}. Without it a Postgres that accepts but never
   * answers (a dead host, a partition) would hold every request forever instead of a 503.
   */
  connectTimeoutMs?: number;
}

export const CONNECT_TIMEOUT_MS = 5000;

/**
 * The pool's connections. A pg client whose connection dies outside a query (Postgres shutting
 * down sends every session a FATAL 57P01) emits `error`; once the pool or TypeORM has let go
 * of it (released after an error, being ended) nobody listens, and an unhandled `error` event
 * ends the process: the fault suite saw the worker die that way in about half its Postgres
 * restarts. The failure still reaches whichever query needed the connection, and the pool
 * still drops the client; this listener only keeps a late report from killing the process.
 */
export class PooledClient extends Client {
  constructor(...args: ConstructorParameters<typeof Client>) {
    super(...args);
    this.on('error', () => undefined);
  }
}

/**
 * TypeORM is used for the connection pool, transactions and migrations; queries are explicit
 * SQL (row locks, SKIP LOCKED, partial indexes) rather than entity repositories.
 */
export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    logging: false,
    applicationName: options.applicationName ?? 'cardtrail',
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      Client: PooledClient,
    },
  });
}

export class DatabaseUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    const where = safeUrl(url);
    super(
      `Cannot reach Postgres at ${where} (${describe(cause)}). ` +
        'Start it (for example `pg_ctlcluster 15 main start`) or set DATABASE_URL; with DATABASE_URL ' +
        'unset, `npm start` starts an embedded Postgres where none answers at 127.0.0.1:5432.',
    );
    this.name = 'DatabaseUnavailableError';
  }
}

/** Creates the database named in `url` when it does not exist (connecting to `postgres`). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (error) {
    throw new DatabaseUnavailableError(url, error);
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } catch (error) {
        // Two processes starting together (npm start) may both try; the loser sees
        // duplicate_database (42P04) or, in the catalog race, unique_violation (23505).
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

/** Ensures the database, connects and runs pending migrations. */
export async function openDatabase(
  options: DatabaseOptions & { runMigrations?: boolean },
): Promise<DataSource> {
  await ensureDatabase(options.url);
  const dataSource = createDataSource(options);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new DatabaseUnavailableError(options.url, error);
  }
  if (options.runMigrations ?? true) {
    // Serialise concurrent starters (API and worker together) on a session advisory lock,
    // held on one dedicated connection.
    const lock = dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock(872364501)');
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lock.query('SELECT pg_advisory_unlock(872364501)').catch(() => undefined);
      await lock.release();
    }
  }
  return dataSource;
}

function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = u.password ? '***' : '';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) return (error as { code?: string }).code ?? error.message;
  return String(error);
}

/** A readiness probe: one trivial round trip to Postgres; throws when it cannot be made. */
export async function pingDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT 1');
}
