// Fault suite, group "shutdown": the server resists the shutdown sequence (EOF, SIGTERM, grandchildren, a setsid daemon).
// Each test runs one scenario of ./scenarios.ts against real processes and asserts its row of
// the fault table (npm run test:faults prints the table at full size).
import { runGroup } from './runGroup.js';

describe('faults: the server resists the shutdown sequence (EOF, SIGTERM, grandchildren, a setsid daemon)', () => {
  runGroup('shutdown');
});
