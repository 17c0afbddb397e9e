import { afterAll, beforeAll } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from './test-database';

/** Registers how to undo one step of a start; undone last first. */
export type OnStop = (stop: () => Promise<void>) => void;

/**
 * Something the tests of a `describe` share (a database, an app, a worker): started in the
 * suite's `beforeAll`, stopped in its `afterAll`. `start` registers the undoing of each step as it
 * takes it (`onStop`); they run in reverse order after the tests, or at once for the steps taken
 * when a later step fails. The handle returned can be held from the start; its properties are
 * read from the started thing when used, so read them in tests and later hooks only (before the
 * start they throw, naming the cause).
 *
 * Jest runs `afterAll` hooks in the order they were declared: a resource that needs another one
 * (a worker on a database) is started and stopped by one call, so the order is right.
 */
export function suiteResource<T extends object>(what: string, start: (onStop: OnStop) => Promise<T>): T {
  let started: T | undefined;
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    while (stops.length > 0) await stops.pop()!();
  };
  beforeAll(async () => {
    try {
      started = await start((stop) => stops.push(stop));
    } catch (error) {
      await stopAll();
      throw error;
    }
  });
  afterAll(stopAll);
  return deferred(() => {
    if (started === undefined) throw new Error(`${what} is used before its suite's beforeAll started it`);
    return started;
  });
}

/** An object whose every property is read from `current()` at the time of use (methods bound to it). */
export function deferred<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const target = current();
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    has: (_target, key) => Reflect.has(current(), key),
  });
}

/** A fresh database (a clone of the migrated template) for the tests of the enclosing `describe`, dropped after them. */
export function useTestDatabase(label = 'test'): TestDatabase {
  return suiteResource(`the test database '${label}'`, async (onStop) => {
    const db = await createTestDatabase(label);
    onStop(() => db.drop());
    return db;
  });
}
