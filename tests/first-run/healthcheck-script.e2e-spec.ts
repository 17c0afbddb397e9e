import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { createWorker, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { WorkerHttpServer } from '../../apps/worker/src/http/worker-http.server';
import { createTestDatabase, uniqueQueuePrefix, type TestDatabase } from '../support/test-database';
import { SHARED_REDIS_URL, freePort, obliterateQueues, workerTestConfig } from '../support/worker-harness';

/** The image's HEALTHCHECK (scripts/healthcheck.mjs) against a real worker and a failing app. */
describe('the container healthcheck', () => {
  let db: TestDatabase;
  let worker: WorkerHandle;
  let notReady: Server;
  const prefix = uniqueQueuePrefix('healthcheck');

  beforeAll(async () => {
    db = await createTestDatabase('healthcheck');
    worker = await createWorker({ config: workerTestConfig({ databaseUrl: db.url, prefix }), pipeline: { schedule: false, process: false } });
    notReady = createServer((_req, res) => res.writeHead(503).end('{"detail":"Not ready: redis is down."}'));
    await new Promise<void>((r) => notReady.listen(0, '127.0.0.1', r));
  });

  afterAll(async () => {
    await worker?.close();
    await new Promise((r) => notReady?.close(r));
    await obliterateQueues(SHARED_REDIS_URL, prefix);
    await db?.drop();
  });

  const check = (env: Record<string, string>) =>
    new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn(process.execPath, [resolve('scripts/healthcheck.mjs')], { env: { PATH: process.env.PATH ?? '', ...env } });
      let output = '';
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.once('exit', (code) => done({ code, output }));
    });

  it("is healthy when the worker's port answers ready and nothing listens on the API's", async () => {
    const workerPort = String(worker.app.get(WorkerHttpServer).port());
    expect(await check({ PORT: String(await freePort()), WORKER_PORT: workerPort })).toEqual({ code: 0, output: '' });
  });

  it('is unhealthy when the app answers not ready, or when nothing listens at all', async () => {
    const port = String((notReady.address() as { port: number }).port);
    const failing = await check({ PORT: port, WORKER_PORT: String(await freePort()) });
    expect(failing.code).toBe(1);
    expect(failing.output).toContain('answered 503');
    const nothing = await check({ PORT: String(await freePort()), WORKER_PORT: String(await freePort()) });
    expect(nothing.code).toBe(1);
    expect(nothing.output).toContain('nothing listens');
  });
});
