// The Jest config Stryker runs for mutation testing: only the fast tests (unit, property and marble
// specs, plus spec/mutation) that exercise the mutated modules, and no dist/ build, so each of the
// hundreds of mutant runs costs milliseconds rather than a process spawn. The real-process suites
// stay in the normal `npm test`; see docs/testing-and-quality.md for what this leaves out.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  globalSetup: undefined,
  // An error that escapes every subscriber fails the running test instead of ending the process.
  setupFilesAfterEnv: ['<rootDir>/spec/mutation/escapedErrors.ts'],
  testMatch: [
    '<rootDir>/spec/FrameDecoder.spec.ts',
    '<rootDir>/spec/LineSplitter.spec.ts',
    '<rootDir>/spec/TextCodec.spec.ts',
    '<rootDir>/spec/framing.property.spec.ts',
    '<rootDir>/spec/*.marble.spec.ts',
    '<rootDir>/spec/session/*.marble.spec.ts',
    '<rootDir>/spec/session/sharing.model.spec.ts',
    '<rootDir>/spec/session/tasks.client.spec.ts',
    '<rootDir>/spec/session/tasks.property.spec.ts',
    '<rootDir>/spec/session/tasks.structuredOutput.spec.ts',
    '<rootDir>/spec/testing/*.spec.ts',
    '<rootDir>/spec/writer/**/*.spec.ts',
    '<rootDir>/spec/mutation/**/*.spec.ts',
  ],
};
