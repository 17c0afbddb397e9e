// Embedded Postgres and Redis for a machine that has neither running: the one place that decides
// whether to use them and starts them, for `npm start` (scripts/start.mjs) and the test command
// (tests/support/global-setup.ts). The services run in a helper process of their own
// (embedded-host.mjs) in its own process group, so a Ctrl-C in the terminal reaches the apps
// through the start script, in order, and never stops Postgres under a worker that is finishing
// its jobs; the helper also stops them when its parent goes away, however that happens.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where Postgres and Redis answer when nothing says otherwise (the apps' defaults). */
export const DEFAULT_POSTGRES = { host: '127.0.0.1', port: 5432 };
export const DEFAULT_REDIS = { host: '127.0.0.1', port: 6379 };

const HOST_SCRIPT = fileURLToPath(new URL('./embedded-host.mjs', import.meta.url));

/**
 * CARDTRAIL_EMBEDDED: unset or empty = `auto`, `true`/`1` = `always`, `false`/`0` = `never`.
 * @param {Record<string, string | undefined>} env
 * @returns {'auto' | 'always' | 'never'}
 */
export function embeddedMode(env) {
  const value = (env.CARDTRAIL_EMBEDDED ?? '').trim().toLowerCase();
  if (value === '') return 'auto';
  if (value === 'true' || value === '1') return 'always';
  if (value === 'false' || value === '0') return 'never';
  throw new Error(`CARDTRAIL_EMBEDDED must be true or false (or empty), not ${JSON.stringify(env.CARDTRAIL_EMBEDDED)}`);
}

/** Whether something accepts a TCP connection at host:port within `timeoutMs`. */
export function answers({ host, port }, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Which services to embed. Per service: always under CARDTRAIL_EMBEDDED=true, never under
 * =false, and otherwise only when its URL variable is unset (or empty) and nothing answers at its
 * default local port. A machine with a local Postgres but no Redis embeds only Redis.
 *
 * @param {{ env: Record<string, string | undefined>, databaseVar?: string, redisVar?: string,
 *   defaults?: { postgres: { host: string, port: number }, redis: { host: string, port: number } } }} options
 *   `defaults`: where to probe (the default local ports; tests point it elsewhere)
 * @returns {Promise<{ postgres: boolean, redis: boolean, mode: 'auto' | 'always' | 'never' }>}
 */
export async function planServices({
  env,
  databaseVar = 'DATABASE_URL',
  redisVar = 'REDIS_URL',
  defaults = { postgres: DEFAULT_POSTGRES, redis: DEFAULT_REDIS },
}) {
  const mode = embeddedMode(env);
  if (mode === 'never') return { postgres: false, redis: false, mode };
  if (mode === 'always') return { postgres: true, redis: true, mode };
  const unset = (name) => (env[name] ?? '').trim() === '';
  const [postgres, redis] = await Promise.all([
    unset(databaseVar) ? answers(defaults.postgres).then((up) => !up) : false,
    unset(redisVar) ? answers(defaults.redis).then((up) => !up) : false,
  ]);
  return { postgres, redis, mode };
}

/** A `redis-server` on the PATH, or null. */
export function findRedisServer(env = process.env) {
  const names = process.platform === 'win32' ? ['redis-server.exe'] : ['redis-server'];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

export const NO_REDIS_MESSAGE =
  'No Redis answers at 127.0.0.1:6379 and there is no redis-server on the PATH to start one.\n' +
  'BullMQ needs a real Redis (6.2 or later). Install one, then run the command again:\n' +
  '  Debian/Ubuntu: sudo apt-get install redis-server    Fedora: sudo dnf install redis\n' +
  '  macOS: brew install redis                            Windows: use WSL, or Memurai\n' +
  'or set REDIS_URL to a Redis you already have (for example redis://my-host:6379).';

/**
 * @typedef {object} EmbeddedServices
 * @property {{ url: string, port: number, dataDir: string } | null} postgres the server's URL
 *   (database `postgres`; the apps create their own database on it)
 * @property {{ url: string, port: number, dataDir: string } | null} redis
 * @property {string} dataDir
 * @property {() => Promise<void>} stop stops both (Redis writes its append-only file, Postgres
 *   shuts down cleanly) and waits until the helper process has exited
 */

/**
 * Starts the embedded services in a helper process and resolves once they accept connections.
 * `persistent` keeps the data between runs (`npm start`); otherwise the data folder is removed on
 * stop (tests). `fast` turns off fsync and friends: for throwaway test data only.
 *
 * @param {{ postgres: boolean, redis: boolean, dataDir: string, persistent: boolean, fast?: boolean,
 *   env?: Record<string, string | undefined>, startTimeoutMs?: number }} options
 * @returns {Promise<EmbeddedServices>}
 */
export async function startEmbeddedServices(options) {
  const env = options.env ?? process.env;
  const redisServer = options.redis ? findRedisServer(env) : null;
  if (options.redis && !redisServer) throw new Error(NO_REDIS_MESSAGE);
  mkdirSync(options.dataDir, { recursive: true });
  const settings = {
    dataDir: options.dataDir,
    persistent: options.persistent,
    fast: options.fast ?? false,
    postgres: options.postgres,
    redisServer,
  };
  const child = spawn(process.execPath, [HOST_SCRIPT], {
    // Its own process group: a terminal's Ctrl-C does not reach it (or Postgres and Redis under it).
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, CARDTRAIL_EMBEDDED_HOST: JSON.stringify(settings) },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`Embedded services did not start within ${(options.startTimeoutMs ?? 120_000) / 1000} s. ${logHint(options.dataDir)}`));
    }, options.startTimeoutMs ?? 120_000);
    child.on('message', (message) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      } else if (message?.type === 'error') {
        clearTimeout(timer);
        reject(new Error(message.message));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`The embedded services helper exited (${signal ?? code}) before they were ready.${stderr ? `\n${stderr.trim()}` : ''} ${logHint(options.dataDir)}`));
    });
  }).catch(async (error) => {
    await stopHost(child, exited);
    throw error;
  });

  // The helper must not keep a test runner alive; `stop` is what ends it.
  child.unref();
  child.channel?.unref();
  child.stderr.unref?.();
  let stopping = null;
  return {
    postgres: ready.postgres,
    redis: ready.redis,
    dataDir: options.dataDir,
    stop: () => (stopping ??= stopHost(child, exited)),
  };
}

async function stopHost(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // Keep this process alive until the helper has stopped the services.
  child.ref();
  child.channel?.ref();
  if (child.connected) child.send({ type: 'stop' });
  else child.kill('SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 30_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    // Last resort: the whole group (the helper, Postgres, Redis).
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  }
}

function logHint(dataDir) {
  return `Their logs are in ${join(dataDir, 'logs')}.`;
}

/** The last lines of a log file, for an error message. */
export function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
