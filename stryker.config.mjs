// Stryker mutation testing (`npm run test:mutation`) of the code where one wrong line loses data or
// leaks a process: framing, the stdin writer, the process tree and shutdown, the connection's
// terminal decision and the session's request correlation. It runs the fast Jest config
// (jest.mutation.config.js) with per-test coverage, so each mutant runs only the tests that reach
// it, and it is incremental: the result of the last run is committed next to the tests, so a
// re-run re-tests only mutants whose code or covering tests changed. Stryker 10 needs Node >= 22:
// run it through the fetched binary (scripts/mutation.mjs does).

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  // Each mutant type-checked alone: grouped checks decide some mutants by their neighbours
  // (a grammar error such as an empty `if` body went unseen), so a spot check of a few disagreed.
  typescriptChecker: { prioritizePerformanceOverAccuracy: false },
  mutate: [
    'lib/transport/framing/**/*.ts',
    'lib/transport/connection/StdinWriter.ts',
    'lib/transport/connection/endOfTurn.ts',
    'lib/transport/connection/StdioServerConnection.ts',
    'lib/transport/process/**/*.ts',
    '!lib/transport/process/getDefaultEnvironment.ts',
    'lib/session/McpPeer.ts',
  ],
  // Static mutants (module-level constants) need a fresh module per test run: costly, and rarely
  // more than a changed default; leave them out.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'spec/quality/stryker-incremental.json',
  // break: the whole run fails under 80 %; scripts/mutation.mjs holds each module to it too.
  thresholds: { high: 90, low: 80, break: 80 },
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 5000,
  tempDirName: '.cache/stryker-tmp',
  cleanTempDir: 'always',
};
