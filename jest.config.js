/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }],
  },
  // Sources import their siblings with the `.js` extension (NodeNext); ts-jest resolves the `.ts`.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
  // dist/ is built once, before every test file (see spec/buildOnce.js).
  globalSetup: '<rootDir>/spec/buildOnce.js',
  // Process tests are cheap in CPU but spawn real children; two workers match the CI machine.
  maxWorkers: 2,
  // Coverage (CI runs `jest --coverage` on one Node version): thresholds per folder, highest for the
  // transport core, where an untested line can lose a frame or leak a process. They sit a little
  // under what the suite reaches, so they catch a drop, not noise. Summary for CI's last line.
  collectCoverageFrom: ['lib/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary', 'lcov'],
  coverageThreshold: {
    global: { lines: 85, branches: 75, functions: 85, statements: 85 },
    './lib/framing/': { lines: 95, branches: 88, functions: 100, statements: 95 },
    './lib/connection/': { lines: 92, branches: 85, functions: 92, statements: 92 },
    './lib/process/': { lines: 90, branches: 80, functions: 90, statements: 90 },
  },
};
