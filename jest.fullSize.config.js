// `npm run test:faults` runs the stress specs again at full size after the fault scenarios: three
// rounds of relay floods, the whole relay fuzz. The variable is set here, before Jest starts its
// workers, which inherit it (spec/support/fullSize.ts reads it).
const base = require('./jest.config.js');

process.env.RXJS_MCP_STDIO_FULL_SIZE = '1';

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['**/spec/relay/flood.spec.ts', '**/spec/relay/fuzz.property.spec.ts'],
  collectCoverage: false,
  coverageThreshold: undefined,
};
