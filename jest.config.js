const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  // Node's environment plus the shared leak check: every process a test file starts (and all its
  // descendants) must be gone when the file ends (spec/support/leakCheckEnvironment.js).
  // An absolute path: Stryker's Jest runner wraps the environment and does not expand <rootDir>.
  testEnvironment: path.join(__dirname, 'spec', 'support', 'leakCheckEnvironment.js'),
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  // isolatedModules (transpile each file alone) comes from tsconfig.json, where ts-jest expects it.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    // ES-module-only packages the tests import, rewritten to CommonJS for Jest.
    '/node_modules/@modelcontextprotocol/ext-apps/.+\\.js$': '<rootDir>/spec/support/esmToCommonJs.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@modelcontextprotocol/ext-apps/)'],
  // Sources import their siblings with the `.js` extension (NodeNext); ts-jest resolves the `.ts`.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
  // dist/ is built once, before every test file (see spec/support/buildOnce.js).
  globalSetup: '<rootDir>/spec/support/buildOnce.js',
  // Three workers on the 2-core machine: most real-process specs wait on their children rather
  // than compute, and a third worker fills that wait (127 s of Jest with two, 110 s with three).
  maxWorkers: 3,
  // A worker's event loop ends as soon as Jest tells it to (measured: its 'exit' 0 ms later, no
  // handle left), but freeing a 300-620 MiB heap under coverage took past Jest's 500 ms, and
  // Jest then warned of a leak that was not there. A handle that keeps a worker alive is still
  // caught: the worker never exits, and is reported after this.
  workerGracefulExitTimeout: 5000,
  // Coverage (CI runs `jest --coverage` on one Node version): thresholds per folder, highest for
  // framing and the connection, where an untested line can lose a frame. They sit a little under
  // what the suite reaches, so they catch a drop, not noise. lib/transport/process is lower because part of
  // it runs only in a dying host or a child (the host-exit guard, the Windows and no-`ps` kill
  // paths), where Istanbul does not see it; the process specs prove those paths by pid instead.
  collectCoverageFrom: ['lib/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary', 'lcov'],
  coverageThreshold: {
    global: { lines: 90, branches: 80, functions: 88, statements: 90 },
    './lib/transport/framing/': { lines: 98, branches: 92, functions: 100, statements: 98 },
    './lib/transport/connection/': { lines: 92, branches: 82, functions: 90, statements: 91 },
    './lib/transport/process/': { lines: 78, branches: 65, functions: 75, statements: 77 },
  },
};
