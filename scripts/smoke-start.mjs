// The README's first command, end to end (.ci/run calls it):
//
//   node scripts/smoke-start.mjs              # npm start on the local Postgres and Redis
//   node scripts/smoke-start.mjs --embedded   # npm start with CARDTRAIL_EMBEDDED=true
//
// Runs `npm start` as written (it builds first), waits for the API's and the worker's
// /health/ready, mints a caseworker token with `npm run token`, opens a card and records an event
// over HTTP, waits for the worker's reaction (the address-check notification on the card), runs
// the README's caseworker session (local path) or `npm run demo` (embedded path), sends
// SIGTERM to npm and checks that npm exits 0 with the API, the worker and any embedded service
// gone. Prints the time from `npm start` to ready.
//
// Isolation on a shared machine: free ports for PORT and WORKER_PORT; on the local path a
// database and a queue prefix of its own (dropped and removed at the end); on the embedded path
// a temporary data folder (CARDTRAIL_EMBEDDED_DIR) instead of the project's .cardtrail/.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const embedded = process.argv.includes('--embedded');
const label = embedded ? 'embedded' : 'local services';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const say = (line) => console.log(`[smoke ${label}] ${line}`);

const suffix = `${Date.now()}_${randomBytes(3).toString('hex')}`;
const [port, workerPort] = [await freePort(), await freePort()];
const dataDir = embedded ? mkdtempSync(join(tmpdir(), 'cardtrail-smoke-')) : null;
const database = `cardtrail_smoke_${suffix}`;
const prefix = `cardtrail-smoke-${suffix}`;
const env = {
  ...process.env,
  PORT: String(port),
  WORKER_PORT: String(workerPort),
  LOG_LEVEL: 'warn',
  ...(embedded
    ? { CARDTRAIL_EMBEDDED: 'true', CARDTRAIL_EMBEDDED_DIR: dataDir }
    : {
        CARDTRAIL_EMBEDDED: 'false',
        DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
        QUEUE_PREFIX: prefix,
      }),
};
delete env.NODE_ENV;
const api = `http://127.0.0.1:${port}`;
const worker = `http://127.0.0.1:${workerPort}`;

let output = '';
let child = null;
let exitCode = 1;
try {
  const started = Date.now();
  child = spawn(npm, ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let launchedAt = null;
  const collect = (chunk) => {
    output += chunk.toString();
    if (launchedAt === null && output.includes('[start] api (pid')) launchedAt = Date.now();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  await until(async () => (await get(`${api}/health/ready`)).status === 200, 240_000, 'the API to be ready', exited);
  const apiReady = Date.now();
  await until(async () => (await get(`${worker}/health/ready`)).status === 200, 60_000, 'the worker to be ready', exited);
  const workerReady = Date.now();
  const build = launchedAt ? launchedAt - started : NaN;
  say(
    `npm start → API ready ${seconds(apiReady - started)}, worker ready ${seconds(workerReady - started)} ` +
      `(build ${seconds(build)}, then ready ${seconds(apiReady - launchedAt)} after the start script launched the apps)`,
  );

  const pids = [...output.matchAll(/\[start\] api \(pid (\d+)\) and worker \(pid (\d+)\)/g)].flatMap((m) => [Number(m[1]), Number(m[2])]);
  if (pids.length !== 2) throw new Error('the start script did not report the pids of the API and the worker');
  const usedEmbedded = /\[start\] embedded Postgres on 127\.0\.0\.1:\d+ and Redis on 127\.0\.0\.1:\d+/.test(output);
  if (usedEmbedded !== embedded) throw new Error(`expected ${embedded ? '' : 'no '}embedded services, the start script says otherwise`);

  const token = spawnSync(npm, ['run', '-s', 'token', '--', '--role', 'caseworker', '--district', 'oslo', '--sub', 'smoke'], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  if (token.status !== 0) throw new Error(`npm run token failed: ${token.stderr}`);
  const auth = { Authorization: `Bearer ${token.stdout.trim()}`, 'Content-Type': 'application/json' };

  const opened = await request('POST', `${api}/v1/cards`, auth, {
    dufNumber: '201258697561',
    policeDistrict: 'oslo',
    reason: 'first',
    applicant: { fullName: 'Smoke Test', dateOfBirth: '1990-05-17', nationality: 'MA', email: 'smoke@example.org' },
    address: { line1: 'Storgata 1', postalCode: '0155', city: 'Oslo' },
  });
  expectStatus(opened, 201, 'POST /v1/cards');
  const card = opened.body;
  const ordered = await request('POST', `${api}/v1/cards/${card.id}/events`, auth, {
    type: 'CardOrdered',
    data: { biometricsReused: true },
  });
  expectStatus(ordered, 201, 'POST /v1/cards/{id}/events');
  say(`card ${card.reference} opened and ordered`);

  // The worker's reaction: relay the outbox row, react to CardOrdered, plan the address check.
  const notification = await until(
    async () => {
      const list = await request('GET', `${api}/v1/cards/${card.id}/notifications`, auth);
      expectStatus(list, 200, 'GET /v1/cards/{id}/notifications');
      const items = Array.isArray(list.body) ? list.body : (list.body.items ?? list.body.notifications ?? []);
      return items.find((n) => n.kind === 'address_check');
    },
    60_000,
    'the worker to plan the address check',
    exited,
  );
  const metrics = await get(`${worker}/metrics`);
  if (metrics.status !== 200 || !metrics.text.includes('cardtrail_notifications_total')) throw new Error('the worker serves no /metrics');
  say(`worker reacted: address_check ${notification.status}; worker /metrics answers`);

  if (!embedded) {
    readmeSession();
    say("README's caseworker session and applicant lookup ran as written, with the status codes it shows");
  } else {
    // The README's first run: npm run demo against this service (its default URL is PORT's).
    const demo = spawnSync(npm, ['run', '-s', 'demo', '--', '--cards', '30', '--seed', '20260101'], { cwd: root, env, encoding: 'utf8' });
    if (demo.status !== 0 || !demo.stdout.includes('Cards by status') || !demo.stdout.includes('Notifications by kind and outcome')) {
      throw new Error(`npm run demo failed (exit ${demo.status}):\n${demo.stdout}\n${demo.stderr}`);
    }
    say('npm run demo filled it with 30 cards and printed its summary');
  }

  const stopAt = Date.now();
  child.kill('SIGTERM');
  const result = await Promise.race([exited, timeout(90_000)]);
  if (result === 'timeout') throw new Error('npm start did not exit within 90 s of SIGTERM');
  if (result.code !== 0) throw new Error(`npm start exited with ${result.signal ?? result.code} after SIGTERM, not 0`);
  for (const name of ['api', 'worker']) {
    if (!new RegExp(`\\[start\\] ${name} exited \\((SIGTERM|0|143)\\)`).test(output)) throw new Error(`the ${name} did not exit cleanly`);
  }
  if (embedded && !output.includes('[start] embedded services stopped')) throw new Error('the embedded services were not stopped');
  const left = pids.filter(alive);
  if (left.length > 0) throw new Error(`processes left running: ${left.join(', ')}`);
  if (embedded) {
    const services = processesMentioning(dataDir);
    if (services.length > 0) throw new Error(`embedded services left running:\n${services.join('\n')}`);
  }
  say(`SIGTERM → npm exited 0 in ${seconds(Date.now() - stopAt)}; API, worker${embedded ? ', Postgres and Redis' : ''} gone`);
  exitCode = 0;
} catch (error) {
  console.error(`[smoke ${label}] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  console.error(`--- npm start output ---\n${output}`);
  if (child && child.exitCode === null) child.kill('SIGTERM');
} finally {
  await cleanUp();
}
process.exit(exitCode);

/**
 * Runs the README's caseworker session and applicant lookup as written (bash), against this
 * service's port, and checks every `# HTTP nnn` the README shows against what came back.
 */
function readmeSession() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = (heading) => {
    const from = readme.indexOf(`## ${heading}`);
    const match = /```bash\n([\s\S]*?)```/.exec(readme.slice(from));
    if (from < 0 || !match) throw new Error(`README has no bash block under "${heading}"`);
    return match[1];
  };
  const script = [block("A caseworker's first session"), block("An applicant's status lookup")].join('\n');
  const expected = [...script.matchAll(/^# HTTP (\d{3})$/gm)].map((m) => m[1]);
  const run = spawnSync('bash', ['-c', `set -u\n${script.replaceAll('localhost:3000', `localhost:${port}`)}`], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  const actual = [...run.stdout.matchAll(/^HTTP (\d{3})$/gm)].map((m) => m[1]);
  if (run.status !== 0 || JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(
      `the README session answered ${actual.join(' ')} where the README shows ${expected.join(' ')} (exit ${run.status}):\n${run.stdout}\n${run.stderr}`,
    );
  }
}

async function cleanUp() {
  if (child && child.exitCode === null && child.signalCode === null) {
    await Promise.race([new Promise((r) => child.once('exit', r)), timeout(60_000)]);
  }
  if (embedded) {
    rmSync(dataDir, { recursive: true, force: true });
    return;
  }
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } catch (error) {
    console.error(`[smoke ${label}] could not drop ${database}: ${error.message}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const keys = [];
    for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 500 })) keys.push(...batch);
    if (keys.length > 0) await redis.del(...keys);
  } catch (error) {
    console.error(`[smoke ${label}] could not remove the ${prefix} queue keys: ${error.message}`);
  } finally {
    redis.disconnect();
  }
}

async function get(url) {
  try {
    const res = await fetch(url);
    return { status: res.status, text: await res.text() };
  } catch {
    return { status: 0, text: '' };
  }
}

async function request(method, url, headers, body) {
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

function expectStatus(res, status, what) {
  if (res.status !== status) throw new Error(`${what} answered ${res.status}, not ${status}: ${JSON.stringify(res.body)}`);
}

/** Polls `probe` every 200 ms until it returns something truthy; fails early if npm exits. */
async function until(probe, ms, what, exited) {
  const deadline = Date.now() + ms;
  let gone = null;
  exited?.then((r) => (gone = r));
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (gone) throw new Error(`npm start exited (${gone.signal ?? gone.code}) while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function timeout(ms) {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms));
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes whose command line mentions `text` (Linux /proc; `ps` elsewhere). */
function processesMentioning(text) {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map((pid) => {
        try {
          return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`;
        } catch {
          return '';
        }
      })
      .filter((line) => line.includes(text));
  } catch {
    const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
    return ps.stdout.split('\n').filter((line) => line.includes(text));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: p } = server.address();
      server.close(() => resolve(p));
    });
  });
}

function seconds(ms) {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '? s';
}
