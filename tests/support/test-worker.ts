import type { Clock, Logger } from '@cardtrail/infra';
import { createWorker, type CreateWorkerOptions, type WorkerHandle } from '../../apps/worker/src/create-worker';
import { deferred, suiteResource } from './suite';
import { createTestDatabase, uniqueQueuePrefix, type TestDatabase } from './test-database';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';
import { SHARED_REDIS_URL, obliterateQueues, workerTestConfig } from './worker-harness';

export interface TestWorkerOptions {
  /** Names the test database and the queue prefix. */
  label: string;
  clock?: Clock;
  logger?: Logger;
  /** Environment overrides for the worker's configuration. */
  env?: Record<string, string>;
  /** Sweeps run only when a test calls `sweepOnce` unless a test says otherwise. */
  pipeline?: CreateWorkerOptions['pipeline'];
  /**
   * Where the worker delivers webhooks: `'receiver'` starts a test receiver
   * (`tests/support/webhook-receiver.ts`) for the suite; a function is read when the worker starts
   * (after the suite's earlier `beforeAll` hooks). Without it, notifications are only logged.
   */
  webhook?: 'receiver' | (() => string);
}

export interface TestWorker {
  /** The worker's own database, cloned from the migrated template. */
  db: TestDatabase;
  worker: WorkerHandle;
  /** The test receiver (only with `webhook: 'receiver'`). */
  receiver: WebhookReceiver;
  /** The worker's queue prefix, known from the start. */
  prefix: string;
}

/**
 * An in-process worker on a fresh database for the tests of the enclosing `describe`, its
 * scheduled sweeps off: started before the tests; after them the worker is closed, the receiver
 * stopped, the queues obliterated and the database dropped, in that order.
 * Hold the parts (`const { db, worker } = useTestWorker(…)`); use them in tests and later hooks.
 */
export function useTestWorker(options: TestWorkerOptions): TestWorker {
  const prefix = uniqueQueuePrefix(options.label);
  const started = suiteResource(`the test worker '${options.label}'`, async (onStop) => {
    const db = await createTestDatabase(options.label);
    onStop(() => db.drop());
    onStop(() => obliterateQueues(SHARED_REDIS_URL, prefix));
    const receiver = options.webhook === 'receiver' ? await startWebhookReceiver() : undefined;
    if (receiver) onStop(() => receiver.close());
    const webhookUrl = receiver ? receiver.url : typeof options.webhook === 'function' ? options.webhook() : undefined;
    const worker = await createWorker({
      config: workerTestConfig({ databaseUrl: db.url, prefix, webhookUrl, env: options.env }),
      clock: options.clock,
      logger: options.logger,
      pipeline: options.pipeline ?? { schedule: false },
    });
    onStop(() => worker.close());
    return { db, worker, receiver };
  });
  return {
    prefix,
    db: deferred(() => started.db),
    worker: deferred(() => started.worker),
    receiver: deferred(() => {
      if (!started.receiver) throw new Error(`the test worker '${options.label}' has no receiver: pass webhook: 'receiver'`);
      return started.receiver;
    }),
  };
}
