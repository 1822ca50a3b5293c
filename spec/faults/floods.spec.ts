// Fault suite, group "floods": floods: stdout with a slow subscriber (8 MiB here, 1 GiB in npm run test:faults), stderr, a large frame (4 MiB here, 100 MB in the report).
// Each test runs one scenario of ./scenarios.ts against real processes and asserts its row of
// the fault table (npm run test:faults prints the table at full size).
import { runGroup } from './runGroup.js';

describe('faults: floods: stdout with a slow subscriber (8 MiB here, 1 GiB in npm run test:faults), stderr, a large frame (4 MiB here, 100 MB in the report)', () => {
  runGroup('floods');
});
