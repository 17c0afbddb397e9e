/**
 * What both framework-free ceilings (bare-ingest-server.ts, bare-status-server.ts) do around their
 * work, as plainly as `node:http` allows: JSON answers with their length, and the request body
 * read whole and parsed once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Reads the body and hands its JSON to `handle`: 400 when it is not JSON, 500 (logged) when
 * `handle` fails.
 */
export function onJsonBody<T>(req: IncomingMessage, res: ServerResponse, handle: (body: T) => Promise<void> | void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let body: T;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
    } catch {
      return send(res, 400, { status: 400 });
    }
    const fail = (error: unknown): void => {
      console.error(error);
      send(res, 500, { status: 500 });
    };
    try {
      handle(body)?.catch(fail);
    } catch (error) {
      fail(error);
    }
  });
}
