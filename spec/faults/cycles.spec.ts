// Fault suite, group "cycles": 1,000 subscribe/unsubscribe cycles: no growth in processes, fds or heap.
// Each test runs one scenario of ./scenarios.ts against real processes and asserts its row of
// the fault table (npm run test:faults prints the table at full size).
import { runGroup } from './runGroup.js';

describe('faults: 1,000 subscribe/unsubscribe cycles: no growth in processes, fds or heap', () => {
  runGroup('cycles');
});
