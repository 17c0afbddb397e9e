export * from './console-queries';
