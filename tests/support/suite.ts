import { afterAll, beforeAll } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * Something the tests of a `describe` share (a database, an app, a worker): started in the
 * suite's `beforeAll`, stopped in its `afterAll` when it started at all. The handle returned can
 * be held from the start; its properties are read from the started thing when used, so read them
 * in tests and later hooks only (before the start they throw, naming the cause).
 *
 * Jest runs `afterAll` hooks in the order they were declared: a resource that needs another one
 * (a worker on a database) is started and stopped by one call, in the right order.
 */
export function suiteResource<T extends object>(what: string, start: () => Promise<T>, stop: (started: T) => Promise<void>): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started !== undefined) await stop(started);
  });
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
  return suiteResource(`the test database '${label}'`, () => createTestDatabase(label), (db) => db.drop());
}
