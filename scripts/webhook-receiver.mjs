// A small webhook receiver that shows cardtrail's notifications as they arrive: what a real
// message gateway (e-mail, SMS, the caseworkers' inbox) would get from the worker.
//
//   npm run receiver                  # http://127.0.0.1:4000/notifications
//   NOTIFY_WEBHOOK_URL=http://127.0.0.1:4000/notifications NOTIFY_WEBHOOK_SECRET=… npm start
//
// It checks the X-Cardtrail-Signature header with NOTIFY_WEBHOOK_SECRET (read from .env and the
// environment, as the worker reads it), honours Idempotency-Key (a repeat is answered 200 and
// marked, not shown as new), and answers 204. It prints the kind, the card reference, who it is
// for and the message; never the recipient's contact details (they stay out of logs here too).
// RECEIVER_PORT (default 4000, 0 = any free port) and RECEIVER_HOST (default 127.0.0.1; compose
// sets 0.0.0.0) say where it listens.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const envFile = join(root, '.env');
const env = { ...(process.env.NODE_ENV !== 'test' && existsSync(envFile) ? dotenv.parse(readFileSync(envFile)) : {}), ...process.env };
const secret = env.NOTIFY_WEBHOOK_SECRET?.trim() || null;
const port = Number(env.RECEIVER_PORT?.trim() || 4000);
const host = env.RECEIVER_HOST?.trim() || '127.0.0.1';
const MAX_BODY = 1_000_000;

const seen = new Set();

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://receiver').pathname;
  if (req.method === 'GET' && path === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok', received: seen.size }));
    return;
  }
  if (req.method !== 'POST' || path !== '/notifications') {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('POST notifications to /notifications\n');
    return;
  }
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      res.writeHead(413).end();
      req.destroy();
    } else {
      chunks.push(chunk);
    }
  });
  req.on('end', () => {
    if (res.writableEnded) return;
    const raw = Buffer.concat(chunks);
    let body;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('not JSON\n');
      return;
    }
    const signature = checkSignature(raw, req.headers['x-cardtrail-signature']);
    if (signature === 'invalid') {
      print(body, 'SIGNATURE INVALID: refused (401)');
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('bad signature\n');
      return;
    }
    const key = req.headers['idempotency-key'] ?? body.key;
    const repeat = seen.has(key);
    seen.add(key);
    print(body, `${signature === 'valid' ? 'signed' : 'signature not checked (no NOTIFY_WEBHOOK_SECRET)'}${repeat ? ', REPEAT of a key already received' : ''}`);
    res.writeHead(repeat ? 200 : 204).end();
  });
});

function checkSignature(raw, header) {
  if (!secret) return 'unchecked';
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
  const given = Buffer.from(String(header ?? ''));
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'valid' : 'invalid';
}

function print(body, note) {
  const recipient = body.recipient ?? {};
  const to =
    recipient.type === 'district'
      ? `caseworkers of ${recipient.name ?? recipient.policeDistrict}`
      : `the applicant (${recipient.language ?? body.message?.language ?? '?'})`;
  const lines = [
    `${new Date().toISOString()}  ${body.kind ?? '?'}  card ${body.card?.reference ?? '?'}  to ${to}  [${note}]`,
    `    ${body.message?.subject ?? ''}`,
    ...String(body.message?.text ?? '')
      .split('\n')
      .map((line) => `    ${line}`),
  ];
  console.log(lines.join('\n'));
}

server.listen(port, host, () => {
  const address = server.address();
  console.log(
    `cardtrail webhook receiver on http://${host}:${address.port}/notifications ` +
      `(${secret ? 'checking signatures with NOTIFY_WEBHOOK_SECRET' : 'no NOTIFY_WEBHOOK_SECRET: signatures not checked'})`,
  );
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
