// Fault suite, group "frames": bad frames under each encodingErrorHandler.
// Each test runs one scenario of ./scenarios.ts against real processes and asserts its row of
// the fault table (npm run test:faults prints the table at full size).
import { runGroup } from './runGroup.js';

describe('faults: bad frames under each encodingErrorHandler', () => {
  runGroup('frames');
});
