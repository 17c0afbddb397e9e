// The fault suite (`npm run test:faults`): process-level tests of real recovery. It starts its
// own Postgres and Redis on free ports and runs the built API and worker as processes, so it
// needs `npm run build` first and touches neither the shared Postgres nor the shared Redis.
import base from '../../jest.config.mjs';

const unit = base.projects[0];

/** @type {import('jest').Config} */
export default {
  rootDir: '../..',
  extensionsToTreatAsEsm: unit.extensionsToTreatAsEsm,
  transform: unit.transform,
  moduleFileExtensions: unit.moduleFileExtensions,
  moduleNameMapper: unit.moduleNameMapper,
  setupFiles: unit.setupFiles,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/faults/**/*.fault-spec.ts'],
  // Scenarios set their own (long) timeouts on the hooks that run them; checks are instant.
  testTimeout: 60_000,
};
