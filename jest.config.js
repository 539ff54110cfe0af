/** Tests cross real boundaries: *.test.ts are units, *.int.test.ts use real stores, *.e2e.test.ts go through the real gateway. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
    // jose ships ES modules only; the hub's tests run as CommonJS.
    '/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
  // Hooks start whole hubs (three PGlite instances, or a private Neo4j); two workers share two cores.
  testTimeout: 120_000,
  maxWorkers: 2,
};
