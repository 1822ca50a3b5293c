/**
 * The transport's error classes on their own: each is an Error with its own name (kept through
 * serialization, where `instanceof` is lost), carries its fields, and says what happened. The
 * specs of the transport check when each is raised.
 */
import {
  StdioParamsError,
  StdioServerExitError,
  StdioSpawnError,
  StdioWriteOverflowError,
} from '../../../lib/index.js';

/** What survives `JSON.stringify` of an error: its own enumerable fields (not `message`). */
const serialized = (error: Error): Record<string, unknown> =>
  JSON.parse(JSON.stringify(error)) as Record<string, unknown>;

describe('StdioServerExitError', () => {
  it('says how the server ended, with the last stderr line when there is one', () => {
    expect(new StdioServerExitError(3, null, ['starting', 'fatal: boom']).message).toBe(
      'MCP server exited with code 3; last stderr: fatal: boom',
    );
    expect(new StdioServerExitError(null, 'SIGSEGV').message).toBe('MCP server was killed by SIGSEGV');
    expect(new StdioServerExitError(1, null, []).message).toBe('MCP server exited with code 1');
  });

  it('carries the code, the signal and the stderr tail, and its name through serialization', () => {
    const error = new StdioServerExitError(null, 'SIGKILL', ['a', 'b']);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'StdioServerExitError',
      code: null,
      signal: 'SIGKILL',
      stderrTail: ['a', 'b'],
    });
    expect(new StdioServerExitError(2, null).stderrTail).toEqual([]);
    expect(serialized(error)).toEqual({
      name: 'StdioServerExitError',
      code: null,
      signal: 'SIGKILL',
      stderrTail: ['a', 'b'],
    });
  });
});

describe('StdioSpawnError', () => {
  it('carries the code, the command and the cause', () => {
    const cause = Object.assign(new Error('spawn nope ENOENT'), { code: 'ENOENT' });
    const error = new StdioSpawnError('nope: not found', 'ENOENT', 'nope', cause);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'StdioSpawnError',
      message: 'nope: not found',
      code: 'ENOENT',
      command: 'nope',
    });
    expect(error.cause).toBe(cause);
    expect(serialized(error)).toEqual({ name: 'StdioSpawnError', code: 'ENOENT', command: 'nope' });
  });

  it('has no cause when none is given', () => {
    const error = new StdioSpawnError('bad cwd', undefined, 'x');
    expect('cause' in error).toBe(false);
    expect(error.code).toBeUndefined();
  });
});

describe('StdioParamsError', () => {
  it('names the offending field', () => {
    const error = new StdioParamsError('params.args[2] contains a NUL byte', 'args[2]');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'StdioParamsError',
      message: 'params.args[2] contains a NUL byte',
      field: 'args[2]',
    });
    expect(serialized(error)).toEqual({ name: 'StdioParamsError', field: 'args[2]' });
  });
});

describe('StdioWriteOverflowError', () => {
  it('gives the limit and the bytes that would have waited, and asks whether the server reads', () => {
    const error = new StdioWriteOverflowError(1024, 1500);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'StdioWriteOverflowError', limit: 1024, queued: 1500 });
    expect(error.message).toBe(
      'write queue would hold 1500 bytes, over maxWriteQueueLength (1024); is the server reading its stdin?',
    );
    expect(serialized(error)).toEqual({ name: 'StdioWriteOverflowError', limit: 1024, queued: 1500 });
  });
});
