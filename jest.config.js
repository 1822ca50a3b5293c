/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  // isolatedModules (transpile each file alone) comes from tsconfig.json, where ts-jest expects it.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  // Sources import their siblings with the `.js` extension (NodeNext); ts-jest resolves the `.ts`.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
  // dist/ is built once, before every test file (see spec/buildOnce.js).
  globalSetup: '<rootDir>/spec/buildOnce.js',
  // Process tests are cheap in CPU but spawn real children; two workers match the CI machine.
  maxWorkers: 2,
};
