/**
 * The Node ceiling for the applicant status lookup: `node:http`, `pg` and `ioredis`, no
 * framework, one process. For `POST /v1/status` it does the checks the API cannot skip: read the
 * body and parse the JSON, normalise the reference, then at the same time the prepared lookup
 * by reference (the API's statement) and the rate limit's read (a GET of the counter, on an
 * auto-pipelined connection, as the API's limiter reads it), a constant-time comparison of
 * SHA-256 digests of the DUF numbers (against a stand-in for an unknown reference), a failure
 * counted in Redis as the limiter counts it (one MULTI), and a small JSON answer from the parsed
 * state. What it leaves out is the API's own work: schema validation, the applicant view (texts,
 * dates, next steps), headers, problem documents, metrics.
 *
 * Started by bench/status.bench.ts with DATABASE_URL, REDIS_URL, PORT, QUEUE_PREFIX,
 * STATUS_RATE_LIMIT_PER_MINUTE and DB_POOL_SIZE in the environment.
 */
import { hash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { onJsonBody, send } from './bare-http';
import { Redis } from 'ioredis';
import { Pool } from 'pg';

const env = process.env;
const pool = new Pool({ connectionString: env.DATABASE_URL, max: Number(env.DB_POOL_SIZE ?? 10), application_name: 'bench-bare-status' });
const redis = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true });
const keyPrefix = `${env.QUEUE_PREFIX}:rate-limit:status`;
const points = Number(env.STATUS_RATE_LIMIT_PER_MINUTE ?? 30);

const PROOF = {
  name: 'bare-proof',
  text: 'SELECT id, reference, police_district, duf_number, state::text AS state FROM cards WHERE reference = $1',
};

const digest = (value: string): Buffer => hash('sha256', value, 'buffer');

function normaliseReference(value: string): string {
  const upper = value.trim().toUpperCase();
  if (!upper.startsWith('CT-')) return upper;
  return `CT-${upper.slice(3).replace(/O/g, '0').replace(/[IL]/g, '1')}`;
}

async function lookUp(body: { reference?: unknown; dufNumber?: unknown }, ip: string, res: ServerResponse): Promise<void> {
  if (typeof body.reference !== 'string' || typeof body.dufNumber !== 'string') return send(res, 400, { status: 400 });
  const key = `${keyPrefix}:${ip}`;
  const [consumed, { rows }] = await Promise.all([redis.get(key), pool.query({ ...PROOF, values: [normaliseReference(body.reference)] })]);
  if (consumed !== null && Number(consumed) >= points) return send(res, 429, { status: 429 });
  const row = rows[0] as { reference: string; duf_number: string; state: string } | undefined;
  const matches = timingSafeEqual(digest(row?.duf_number ?? 'no-card-for-this-reference'), digest(body.dufNumber.replace(/\s+/g, '')));
  if (!row || !matches) {
    await redis.multi().set(key, 0, 'EX', 60, 'NX').incr(key).pttl(key).exec();
    return send(res, 404, { status: 404 });
  }
  const state = JSON.parse(row.state) as { status: string; overdue?: boolean };
  send(res, 200, { reference: row.reference, status: state.status, overdue: state.overdue ?? false });
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/health') return send(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || req.url !== '/v1/status') {
    req.resume();
    return send(res, 404, { status: 404 });
  }
  onJsonBody<{ reference?: unknown; dufNumber?: unknown }>(req, res, (body) => lookUp(body, req.socket.remoteAddress ?? 'unknown', res));
}

createServer(handle).listen(Number(env.PORT), '127.0.0.1', () => console.log(`bare status server on ${env.PORT}`));
process.on('SIGTERM', () => {
  redis.disconnect();
  void pool.end().finally(() => process.exit(0));
});
