export * from './card-record';
export * from './card-store';
export * from './domain';
export * from './deadline-recompute';
export * from './card-rules.sql';
