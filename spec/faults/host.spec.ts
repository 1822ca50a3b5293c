// Fault suite, group "host": the host side misbehaves: unsubscribe at every stage, throwing observers, retry().
// Each test runs one scenario of ./scenarios.ts against real processes and asserts its row of
// the fault table (npm run test:faults prints the table at full size).
import { runGroup } from './runGroup.js';

describe('faults: the host side misbehaves: unsubscribe at every stage, throwing observers, retry()', () => {
  runGroup('host');
});
