// `npm start` (after `npm run build`): runs the built API and worker side by side (their JSON
// logs carry a `name` field), on the local Postgres and Redis, or on embedded ones where nothing
// answers at the default ports (see scripts/lib/embedded-services.mjs and CARDTRAIL_EMBEDDED).
//
// Stopping: SIGTERM or SIGINT (Ctrl-C) is passed on once to each app, which finishes its requests
// or jobs and exits; then the embedded services stop; then this script exits 0 (1 if an app did
// not stop cleanly). The apps run in process groups of their own, so a Ctrl-C in the terminal
// reaches them only through this script, in that order. A signal again after a second stops the
// apps at once. Either app exiting by itself stops the other.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { planServices, startEmbeddedServices } from './lib/embedded-services.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apps = {
  api: join(root, 'dist/apps/api/apps/api/src/main.js'),
  worker: join(root, 'dist/apps/worker/apps/worker/src/main.js'),
};
// Git-ignored; CARDTRAIL_EMBEDDED_DIR puts it elsewhere (the CI smoke test uses a temporary one).
const embeddedData = (env) => env.CARDTRAIL_EMBEDDED_DIR?.trim() || join(root, '.cardtrail');

const say = (line) => process.stderr.write(`[start] ${line}\n`);

for (const entry of Object.values(apps)) {
  if (!existsSync(entry)) {
    say(`${relative(root, entry)} is missing: run \`npm run build\` first (\`npm start\` does).`);
    process.exit(1);
  }
}

// The apps read .env themselves; this script reads it only to decide about embedded services,
// as the apps will see it (a variable set in the environment wins, an empty value is unset).
const envFile = join(root, '.env');
const settings = {
  ...(process.env.NODE_ENV !== 'test' && existsSync(envFile) ? dotenv.parse(readFileSync(envFile)) : {}),
  ...process.env,
};

let services = null;
try {
  const plan = await planServices({ env: settings });
  if (plan.postgres || plan.redis) {
    services = await startEmbeddedServices({ postgres: plan.postgres, redis: plan.redis, dataDir: embeddedData(settings), persistent: true });
    say(describe(plan, services));
  }
} catch (error) {
  say(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const childEnv = { ...process.env };
if (services?.postgres) {
  const url = new URL(services.postgres.url);
  url.pathname = '/cardtrail';
  childEnv.DATABASE_URL = url.toString();
}
if (services?.redis) childEnv.REDIS_URL = services.redis.url;

let stopping = false;
let failed = false;
let lastSignalAt = 0;

const children = Object.entries(apps).map(([name, entry]) => {
  const child = spawn(process.execPath, [entry], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: childEnv,
    detached: true,
  });
  child.on('exit', (code, signal) => {
    // 143 = 128 + SIGTERM, 130 = 128 + SIGINT: Nest re-raises the signal after a clean shutdown.
    const clean = stopping && (code === 0 || code === 130 || code === 143 || signal === 'SIGTERM' || signal === 'SIGINT');
    say(`${name} exited (${signal ?? code})`);
    if (!clean) failed = true;
    stopAll('SIGTERM');
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) void finish();
  });
  return child;
});

say(`api (pid ${children[0].pid}) and worker (pid ${children[1].pid}) started; stop with Ctrl-C or SIGTERM`);

function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

async function finish() {
  if (services) {
    await services.stop();
    say('embedded services stopped');
  }
  process.exit(failed ? 1 : 0);
}

for (const received of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(received, () => {
    // A closed terminal (SIGHUP) stops the apps as SIGTERM does.
    const signal = received === 'SIGHUP' ? 'SIGTERM' : received;
    const now = Date.now();
    // One Ctrl-C arrives twice (from the terminal and from npm): pass on one. A signal again
    // later means "now": the worker then exits without waiting for its jobs.
    if (stopping && now - lastSignalAt > 1000) {
      say(`${received} again: stopping the apps at once`);
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    }
    lastSignalAt = now;
    stopAll(signal);
  });
}

function describe(plan, s) {
  const why = plan.mode === 'always' ? 'CARDTRAIL_EMBEDDED=true' : 'nothing answers at the default local port';
  const parts = [];
  if (s.postgres) parts.push(`Postgres on 127.0.0.1:${s.postgres.port}`);
  if (s.redis) parts.push(`Redis on 127.0.0.1:${s.redis.port}`);
  return `embedded ${parts.join(' and ')} (${why}); data in ${s.dataDir}, kept between runs`;
}
