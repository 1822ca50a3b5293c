// Fault suite, group "cycles": subscribe/unsubscribe cycles (40 here; 1,000, with the heap
// measured, in npm run test:faults): no growth in processes, fds or host listeners.
// Each test runs one scenario of ./scenarios.ts against real processes and asserts its row of
// the fault table (npm run test:faults prints the table at full size).
import { runGroup } from './runGroup.js';

describe('faults: subscribe/unsubscribe cycles: no growth in processes, fds or host listeners', () => {
  runGroup('cycles');
});
