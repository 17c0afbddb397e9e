export * from './closure-store';
export * from './calendar-watcher';
