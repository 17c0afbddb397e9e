import { createServer } from 'node:net';

/**
 * Polls `probe` until it returns something truthy, at most `timeoutMs`: every wait in the fault
 * suite is on a condition (a row count, an endpoint, a log line) with a deadline, never a sleep
 * standing in for a race. A probe that throws counts as "not yet", except that the last error
 * is reported at the deadline.
 */
export async function waitUntil<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  { timeoutMs, intervalMs = 100, what }: { timeoutMs: number; intervalMs?: number; what: string },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${describe(last)})`);
    }
    await delay(intervalMs);
  }
}

/**
 * Like {@link waitUntil} but never throws: the instant the condition first held, or null at the
 * deadline. For figures ("seconds to recover") that a test then asserts on.
 */
export async function timeUntil(
  probe: () => Promise<boolean> | boolean,
  { timeoutMs, intervalMs = 200 }: { timeoutMs: number; intervalMs?: number },
): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return Date.now();
    } catch {
      // Not yet (a dependency still coming back).
    }
    if (Date.now() > deadline) return null;
    await delay(intervalMs);
  }
}

/** A pause that is part of the scenario (how long a fault lasts, a client's back-off), not a wait for a race. */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}
