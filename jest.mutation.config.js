// The Jest config Stryker runs for mutation testing: only the fast tests (unit, property and marble
// specs, among them those written from surviving mutants) that exercise the mutated modules, and no
// dist/ build, so each of the hundreds of mutant runs costs milliseconds rather than a process
// spawn. The real-process suites stay in the normal `npm test`; docs/testing.md gives
// the scores.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  globalSetup: undefined,
  // No leak check in the mutant runs: a mutant that leaks fails its test, and the wait for
  // leftovers would only turn it into a timeout. The specs' own afterEach nets still end them.
  testEnvironmentOptions: { leakCheck: false },
  // An error that escapes every subscriber fails the running test instead of ending the process.
  setupFilesAfterEnv: ['<rootDir>/spec/support/escapedErrors.ts'],
  testMatch: [
    '<rootDir>/spec/transport/*.marble.spec.ts',
    '<rootDir>/spec/transport/framing/*.spec.ts',
    '<rootDir>/spec/transport/connection/*.spec.ts',
    '<rootDir>/spec/transport/process/*.unit.spec.ts',
    '<rootDir>/spec/transport/process/processTree.real.spec.ts',
    '<rootDir>/spec/session/*.marble.spec.ts',
    '<rootDir>/spec/session/McpPeer.unit.spec.ts',
    '<rootDir>/spec/session/sharing.model.spec.ts',
    '<rootDir>/spec/session/structuredOutput.spec.ts',
    '<rootDir>/spec/session/tasks/tasks.marble.spec.ts',
    '<rootDir>/spec/session/tasks/tasks.client.spec.ts',
    '<rootDir>/spec/session/tasks/tasks.property.spec.ts',
    '<rootDir>/spec/testing/*.marble.spec.ts',
  ],
};
