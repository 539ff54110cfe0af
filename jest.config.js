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
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
  // Hooks start whole hubs (three PGlite instances, or a private Neo4j); two workers share two cores.
  testTimeout: 120_000,
  maxWorkers: 2,
  // A worker leaves nothing open: its own 'exit' event fires within 2 ms of jest's request to end.
  // Node's teardown of the 1.3 to 1.6 GB it then holds (PGlite's WebAssembly instances, of every
  // hub the worker started) still takes 600 to 700 ms on this 2-core machine, past jest's default
  // 500 ms, after which jest kills it and reports a leak. A real leak still shows, 5 s later.
  workerGracefulExitTimeout: 5_000,
};
