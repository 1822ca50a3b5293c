// Fault suite, group "crashes": the server crashes, exits, or stops talking or reading.
// Each test runs one scenario of ./scenarios.ts against real processes and asserts its row of
// the fault table (npm run test:faults prints the table at full size).
import { runGroup } from './runGroup.js';

describe('faults: the server crashes, exits, or stops talking or reading', () => {
  runGroup('crashes');
});
