/**
 * The Node ceiling for recording an event: `node:http` and `pg`, no framework, one process. For
 * `POST /v1/cards/{id}/events` it does what the API cannot skip: read the body and parse the JSON,
 * check the HS256 bearer token (signature, alg, iss, aud, exp, role and district, on every
 * request: no cache), read the card with the columns the card store reads, then write the event,
 * the outbox row and the card in the card store's one version-guarded statement, both as named
 * prepared statements on a pool the size of the API's. It answers 201 with the event and the
 * card's id and version. What it leaves out is the API's own work: the domain decision (the state
 * is written back unchanged), validation of the event's data, problem documents, metrics.
 *
 * Started by bench/ingest.bench.ts: `node bare-ingest-server.js` with DATABASE_URL, PORT,
 * JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE, BARE_CARD_COLUMNS, BARE_APPEND_STATEMENT and DB_POOL_SIZE in
 * the environment.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { onJsonBody, send } from './bare-http';
import { Pool } from 'pg';

const env = process.env;
const pool = new Pool({ connectionString: env.DATABASE_URL, max: Number(env.DB_POOL_SIZE ?? 10), application_name: 'bench-bare-ingest' });
const secret = Buffer.from(env.JWT_SECRET ?? '', 'utf8');
const ROUTE = /^\/v1\/cards\/([0-9a-f-]{36})\/events$/;

const READ = {
  name: 'bare-read-card',
  text: `SELECT ${env.BARE_CARD_COLUMNS}, address, overdue, deadline_kind, due_date, delivered_at, delivered_late FROM cards WHERE id = $1`,
};
/** The card store's append statement for one event (`appendStatement(1)`), from the bench. */
const WRITE = { name: 'bare-append', text: env.BARE_APPEND_STATEMENT ?? '' };

interface Claims {
  sub?: unknown;
  role?: unknown;
  district?: unknown;
  iss?: unknown;
  aud?: unknown;
  exp?: unknown;
}

/** HS256 as the API checks it: signature, alg, iss, aud, a future exp, a caseworker with a district. */
function verify(authorization: string | undefined): Claims | null {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  if (!token) return null;
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return null;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if ((JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: unknown }).alg !== 'HS256') return null;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Claims;
  if (claims.iss !== env.JWT_ISSUER || claims.aud !== env.JWT_AUDIENCE) return null;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
  if (typeof claims.sub !== 'string' || claims.role !== 'caseworker' || typeof claims.district !== 'string') return null;
  return claims;
}

async function record(cardId: string, claims: Claims, body: { type?: unknown; data?: unknown }, res: ServerResponse): Promise<void> {
  const { rows } = await pool.query({ ...READ, values: [cardId] });
  const card = rows[0] as Record<string, unknown> | undefined;
  if (!card) return send(res, 404, { status: 404 });
  if (card.police_district !== claims.district) return send(res, 404, { status: 404 });
  const version = card.version as number;
  const seq = version + 1;
  const occurredAt = new Date().toISOString();
  const written = await pool.query({
    ...WRITE,
    values: [
      cardId,
      [seq],
      card.status,
      card.issue_number,
      seq,
      card.overdue,
      card.deadline_kind,
      card.due_date,
      card.delivered_at,
      card.delivered_late,
      card.address,
      card.state,
      version,
      seq,
      String(body.type),
      card.issue_number,
      occurredAt,
      `caseworker:${String(claims.sub)}`,
      body.data ?? {},
    ],
  });
  if (written.rows.length === 0) return send(res, 409, { status: 409 });
  send(res, 201, {
    event: { seq, type: body.type, occurredAt, recordedAt: (written.rows[0] as { inserted_recorded_at: Date[] }).inserted_recorded_at[0] },
    card: { id: cardId, status: card.status, version: seq },
  });
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/health') return send(res, 200, { status: 'ok' });
  const match = req.method === 'POST' ? ROUTE.exec(req.url ?? '') : null;
  if (!match) {
    req.resume();
    return send(res, 404, { status: 404 });
  }
  onJsonBody<{ type?: unknown; data?: unknown }>(req, res, (body) => {
    const claims = verify(req.headers.authorization);
    if (!claims) return send(res, 401, { status: 401 });
    return record(match[1], claims, body, res);
  });
}

createServer(handle).listen(Number(env.PORT), '127.0.0.1', () => console.log(`bare ingest server on ${env.PORT}`));
process.on('SIGTERM', () => void pool.end().finally(() => process.exit(0)));
