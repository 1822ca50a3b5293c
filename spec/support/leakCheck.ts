/**
 * The spec's side of the shared leak check (leakCheckEnvironment.js, every spec's environment):
 * every process a test file starts is checked for once the file ends; a spec where processes are
 * the point asks for the check after each test too.
 */

interface LeakCheckHandle {
  eachTest: boolean;
  fileTag: string;
}

function handle(): LeakCheckHandle {
  const found = (globalThis as Record<symbol, unknown>)[Symbol.for('rxjs-mcp-stdio.leakCheck')];
  if (found === undefined) {
    throw new Error(
      'the leak check is not set up: jest.config.js must use spec/support/leakCheckEnvironment.js',
    );
  }
  return found as LeakCheckHandle;
}

/**
 * From now on in this file, each test that spawned fails if, after its afterEach hooks, anything
 * it started (or any descendant, orphaned or not) is still alive after a grace; it is then killed.
 * Call it at the top of the spec file.
 */
export function checkProcessesAfterEachTest(): void {
  handle().eachTest = true;
}

/** The tag every process this file starts carries in `RXJS_MCP_TEST_TAG` (with the test's). */
export function fileTag(): string {
  return handle().fileTag;
}
