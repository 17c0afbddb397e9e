import { freePort, waitFor } from '../../support/wait';

export { freePort };

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
  return waitFor(probe, { timeoutMs, intervalMs, what });
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
