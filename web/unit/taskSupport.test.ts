/**
 * When the page offers a tool as a task: only where both the server (`tasks.requests.tools.call`)
 * and the tool (`execution.taskSupport`) allow it, the same rule the session enforces.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerCapabilities, Tool } from 'rxjs-mcp-stdio/session';
import { taskModeOf } from '../src/app/taskSupport.js';

const tool = (taskSupport?: 'forbidden' | 'optional' | 'required'): Tool => ({
  name: 't',
  inputSchema: { type: 'object' },
  ...(taskSupport === undefined ? {} : { execution: { taskSupport } }),
});
const withTasks: ServerCapabilities = { tools: {}, tasks: { requests: { tools: { call: {} } } } };

describe('how the page offers a tool', () => {
  it('follows the tool where the server runs tool calls as tasks', () => {
    assert.equal(taskModeOf(tool('required'), withTasks), 'required');
    assert.equal(taskModeOf(tool('optional'), withTasks), 'optional');
    assert.equal(taskModeOf(tool('forbidden'), withTasks), 'plain');
    // Absent means forbidden.
    assert.equal(taskModeOf(tool(), withTasks), 'plain');
  });

  it('offers no task where the server does not declare tasks for tools/call', () => {
    for (const capabilities of [
      undefined,
      { tools: {} },
      { tools: {}, tasks: { list: {}, cancel: {} } },
      { tools: {}, tasks: { requests: { sampling: { createMessage: {} } } } },
    ] as (ServerCapabilities | undefined)[]) {
      assert.equal(taskModeOf(tool('required'), capabilities), 'plain', JSON.stringify(capabilities));
      assert.equal(taskModeOf(tool('optional'), capabilities), 'plain');
    }
  });
});
