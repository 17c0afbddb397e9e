// Jest runs in ESM mode (node --experimental-vm-modules): NestJS 12 ships ESM only, which
// CommonJS jest cannot load on Node 20. TypeScript is compiled by swc with legacy decorators
// and decorator metadata so Nest's dependency injection sees constructor types.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@cardtrail/card-lifecycle$': '<rootDir>/libs/card-lifecycle/src/index.ts',
    '^@cardtrail/infra$': '<rootDir>/libs/infra/src/index.ts',
    '^@cardtrail/infra/nest$': '<rootDir>/libs/infra/src/nest/index.ts',
  },
  setupFiles: ['<rootDir>/tests/support/jest-globals.ts'],
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/**/*.e2e-spec.ts', '<rootDir>/libs/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
    {
      // Debian's Chromium driven by playwright-core, axe on every page state (tests/support/browser.ts).
      // Skips with a message without Chromium, unless CARDTRAIL_REQUIRE_BROWSER=1.
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/tests/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/tests/browser/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
  ],
  // A global option (ignored inside a project): integration suites start apps and databases.
  testTimeout: 60000,
};
