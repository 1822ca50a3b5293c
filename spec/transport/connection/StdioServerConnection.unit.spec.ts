/**
 * The connection's decisions, written from the mutants the marble suites left alive: when a
 * process's end is a crash, what a crash reports from stderr, which shutdown steps run (and
 * only once), and what an `'error'` after the spawn means. The child is a hand-driven fake whose
 * every event the test emits itself, synchronously (the package's fake server scripts them; here
 * the order is the point), and the shutdown's timers run on a TestScheduler flushed by hand.
 */
import { EventEmitter } from 'node:events';
import { StdioServerConnection } from '../../../lib/transport/connection/StdioServerConnection.js';
import { resolveParams } from '../../../lib/transport/connection/resolveParams.js';
import { StdioServerExitError } from '../../../lib/transport/errors/StdioServerExitError.js';
import { StdioSpawnError } from '../../../lib/transport/errors/StdioSpawnError.js';
import type { StdioSignal } from '../../../lib/transport/process/StdioChildProcess.js';
import { guardedTrees } from '../../support/guardedTrees.js';
import { advance, newTestScheduler } from '../../support/marbles.js';

const CLOSE = 100;
const TERM = 200;

class HandPipe extends EventEmitter {
  destroyed = false;
  destroy(): void {
    this.destroyed = true;
  }
}

class HandStdin extends EventEmitter {
  readonly chunks: string[] = [];
  ended = false;
  full = false;
  write(chunk: Uint8Array): boolean {
    this.chunks.push(Buffer.from(chunk).toString());
    return !this.full;
  }
  end(): void {
    this.ended = true;
  }
}

class HandChild extends EventEmitter {
  readonly pid = 4242;
  readonly stdin = new HandStdin();
  readonly stdout = new HandPipe();
  readonly stderr = new HandPipe();
  readonly signals: (StdioSignal | number | undefined)[] = [];
  kill(signal?: StdioSignal | number): boolean {
    this.signals.push(signal);
    return true;
  }
  /** Exits, and (unless told otherwise) its pipes end with it. */
  exit(code: number | null, signal: StdioSignal | null = null, closePipes = true): void {
    this.emit('exit', code, signal);
    if (closePipes) this.closePipes();
  }
  closePipes(): void {
    this.stdout.emit('end');
    this.stderr.emit('end');
  }
}

function setup(options: { stderrLines?: string[] } = {}) {
  const scheduler = newTestScheduler();
  const children: HandChild[] = [];
  let closing = 0;
  const exits: unknown[] = [];
  const config = resolveParams<unknown, unknown>({
    command: 'hand',
    spawn: () => {
      const child = new HandChild();
      children.push(child);
      return child;
    },
    scheduler,
    shutdown: { closeTimeout: CLOSE, termTimeout: TERM },
    stderr:
      options.stderrLines === undefined ? 'ignore' : { next: (line) => options.stderrLines?.push(line) },
    closingObserver: { next: () => (closing += 1) },
    exitObserver: { next: (exit) => exits.push(exit) },
  });
  const connection = new StdioServerConnection(config);
  const output: { values: unknown[]; error: unknown; completed: boolean } = {
    values: [],
    error: undefined,
    completed: false,
  };
  connection.output.subscribe({
    next: (value) => output.values.push(value),
    error: (error: unknown) => (output.error = error),
    complete: () => (output.completed = true),
  });
  const child = (): HandChild => {
    const first = children[0];
    if (first === undefined) throw new Error('not spawned');
    return first;
  };
  return { scheduler, connection, output, child, children, exits, closings: () => closing };
}

function started(options: { stderrLines?: string[] } = {}) {
  const context = setup(options);
  context.connection.start();
  const child = context.child();
  child.emit('spawn');
  return { ...context, child };
}

describe('StdioServerConnection: a crash or an end', () => {
  it('a crash reports the last 20 stderr lines, each cut to 1,000 characters; the log gets them whole', () => {
    const lines: string[] = [];
    const { child, output } = started({ stderrLines: lines });
    const sent = Array.from({ length: 25 }, (_, i) => `line ${i}`);
    sent[22] = 'x'.repeat(1000);
    sent[23] = 'y'.repeat(1001);
    child.stderr.emit('data', Buffer.from(`${sent.join('\n')}\n\n`));
    child.exit(3);
    expect(lines).toEqual([...sent, '']);
    expect(output.error).toBeInstanceOf(StdioServerExitError);
    const error = output.error as StdioServerExitError;
    expect(error.code).toBe(3);
    expect(error.stderrTail).toEqual([...sent.slice(6, 23), `${'y'.repeat(1000)}…`, 'line 24', '']);
  });

  it('a server that exits on its own with a code other than 0 crashed; with 0 it ended the session', () => {
    const crashed = started();
    crashed.child.exit(1);
    expect(crashed.output.error).toBeInstanceOf(StdioServerExitError);
    const ended = started();
    ended.child.exit(0);
    expect(ended.output).toEqual({ values: [], error: undefined, completed: true });
  });

  it('a server asked to go may exit any way: by SIGTERM after the close timeout, the session completes', () => {
    const { connection, child, output, scheduler } = started();
    connection.end();
    expect(child.stdin.ended).toBe(true);
    advance(scheduler, CLOSE);
    expect(child.signals).toEqual(['SIGTERM']);
    child.exit(null, 'SIGTERM');
    expect(output.completed).toBe(true);
    expect(output.error).toBeUndefined();
  });

  it('a server asked to go that exits with 1 on its stdin closing still ended the session, and is not signalled', () => {
    const { connection, child, output, scheduler } = started();
    connection.end();
    child.exit(1);
    scheduler.flush();
    expect(output.completed).toBe(true);
    expect(child.signals).toEqual([]);
  });

  it('a crash stays a crash when the host ends the connection while the crashed server’s pipes drain', () => {
    const { connection, child, output, closings } = started();
    child.exit(2, null, false);
    connection.end();
    expect(closings()).toBe(0);
    child.closePipes();
    expect(output.error).toBeInstanceOf(StdioServerExitError);
    expect((output.error as StdioServerExitError).code).toBe(2);
  });
});

describe('StdioServerConnection: the shutdown runs once, and only for a started process', () => {
  it('ending twice closes stdin and tells the closing observer once', () => {
    const { connection, closings, child, scheduler } = started();
    connection.end();
    connection.end();
    expect(closings()).toBe(1);
    advance(scheduler, CLOSE + TERM);
    // One SIGTERM at the close timeout, one SIGKILL after the grace: no second sequence.
    expect(child.signals).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it('ending a connection that never started tells nobody it is closing and spawns nothing', () => {
    const { connection, closings, children, scheduler } = setup();
    connection.end();
    scheduler.flush();
    expect(closings()).toBe(0);
    expect(children).toEqual([]);
    expect(connection.accepting).toBe(false);
  });

  it('after the SIGTERM nothing more is written to a full pipe, not even the close of stdin', () => {
    const { connection, child, scheduler } = started();
    child.stdin.full = true;
    connection.send({ a: 1 });
    // The polite goodbye writes what is queued (the pipe is then full) and would close stdin after
    // the drain; the server does not read, so the close timeout passes and SIGTERM follows.
    connection.end();
    advance(scheduler, CLOSE);
    expect(child.signals).toEqual(['SIGTERM']);
    child.stdin.full = false;
    child.stdin.emit('drain');
    expect(child.stdin.chunks).toEqual(['{"a":1}\n']);
    expect(child.stdin.ended).toBe(false);
  });
});

describe('StdioServerConnection: pipes that outlive the process', () => {
  it('waits for stdout after the exit: its last frames are delivered, then the session ends', () => {
    const { connection, child, output } = started();
    child.exit(0, null, false);
    expect(connection.accepting).toBe(false);
    expect(output.completed).toBe(false);
    child.stdout.emit('data', Buffer.from('{"late":1}\n{"last":'));
    child.stdout.emit('data', Buffer.from('2}'));
    // A pipe reports its end twice ('end', then 'close'): the unterminated last line counts once.
    child.stdout.emit('end');
    child.stdout.emit('close');
    expect(output.values).toEqual([{ late: 1 }, { last: 2 }]);
    expect(output.completed).toBe(true);
  });

  it('stops waiting for a pipe held open after the exit once a whole shutdown could have run', () => {
    const lines: string[] = [];
    const { child, output, scheduler } = started({ stderrLines: lines });
    child.exit(0, null, false);
    advance(scheduler, CLOSE + TERM - 1);
    expect(output.completed).toBe(false);
    expect(child.stdout.destroyed).toBe(false);
    advance(scheduler, 1);
    expect(child.stdout.destroyed).toBe(true);
    expect(output.completed).toBe(true);
    // What a pipe it gave up on says afterwards is not delivered.
    child.stdout.emit('data', Buffer.from('{"too":"late"}\n'));
    child.stderr.emit('data', Buffer.from('too late\n'));
    expect(output.values).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('a server that closes stdout but keeps running is shut down; its end waits for the exit', () => {
    const { child, output, closings, scheduler } = started();
    child.stdout.emit('end');
    expect(closings()).toBe(1);
    expect(child.stdin.ended).toBe(true);
    expect(output.completed).toBe(false);
    advance(scheduler, CLOSE);
    expect(child.signals).toEqual(['SIGTERM']);
    child.exit(null, 'SIGTERM');
    expect(output.completed).toBe(true);
    expect(output.error).toBeUndefined();
  });
});

describe('StdioServerConnection: after the exit', () => {
  it('takes one exit only, writes nothing more, and leaves no timer once the pipes are done', async () => {
    const { connection, child, exits, output, scheduler } = started();
    child.exit(0, null, false);
    child.emit('exit', 1, null);
    expect(exits).toEqual([{ code: 0, signal: null }]);
    expect(connection.send({ to: 'nobody' })).toBeNull();
    // The writer writes at the end of the turn (a microtask): let this turn end.
    await new Promise((resolve) => setImmediate(resolve));
    expect(child.stdin.chunks).toEqual([]);
    child.closePipes();
    expect(output.completed).toBe(true);
    // The drain deadline went with the last pipe.
    expect(scheduler.actions).toHaveLength(0);
  });

  it('drops what was sent in the turn the process exited: nothing is written to a dead process', () => {
    const { connection, child, output, scheduler } = started();
    expect(connection.send({ sent: 'too late' })).toBeNull();
    child.exit(0);
    advance(scheduler, 0);
    expect(child.stdin.chunks).toEqual([]);
    expect(output.completed).toBe(true);
  });

  it('a server that closes stdout and then exits with 1 on its own, before any signal, crashed', () => {
    const { child, output, scheduler } = started();
    child.stdout.emit('end');
    child.exit(1);
    expect(output.error).toBeInstanceOf(StdioServerExitError);
    expect((output.error as StdioServerExitError).code).toBe(1);
    advance(scheduler, CLOSE + TERM);
    expect(child.signals).toEqual([]);
  });

  it('an exit after the pipes closed schedules nothing', () => {
    const { child, output, scheduler } = started();
    child.closePipes();
    child.exit(0, null, false);
    expect(output.completed).toBe(true);
    expect(scheduler.actions).toHaveLength(0);
  });
});

describe('StdioServerConnection: spawn errors', () => {
  it('a spawner that throws fails the connection with a StdioSpawnError, and nothing is left to stop', () => {
    const scheduler = newTestScheduler();
    const config = resolveParams<unknown, unknown>({
      command: 'hand',
      spawn: () => {
        throw Object.assign(new Error('spawn hand EACCES'), { code: 'EACCES' });
      },
      scheduler,
    });
    const connection = new StdioServerConnection(config);
    let failure: unknown;
    connection.output.subscribe({ error: (error: unknown) => (failure = error) });
    connection.start();
    expect(failure).toBeInstanceOf(StdioSpawnError);
    expect(connection.accepting).toBe(false);
    expect(scheduler.actions).toHaveLength(0);
  });

  it('a spawn that fails after the host asked the server to go leaves no timer to signal anything', () => {
    const { connection, child, output, scheduler } = setup();
    connection.start();
    connection.end();
    child().emit('error', Object.assign(new Error('spawn hand ENOENT'), { code: 'ENOENT' }));
    expect(output.error).toBeInstanceOf(Error);
    // The close timeout's timer went with the failure.
    expect(scheduler.actions).toHaveLength(0);
    advance(scheduler, CLOSE + TERM);
    expect(child().signals).toEqual([]);
  });

  it('an error before the spawn is the spawn failure; one after it ends nothing', () => {
    const failing = setup();
    failing.connection.start();
    failing.child().emit('error', Object.assign(new Error('spawn hand ENOENT'), { code: 'ENOENT' }));
    expect(failing.output.error).toBeInstanceOf(Error);

    const running = started();
    running.child.emit('error', Object.assign(new Error('kill EPERM'), { code: 'EPERM' }));
    expect(running.output.error).toBeUndefined();
    expect(running.connection.accepting).toBe(true);
    running.child.stdout.emit('data', Buffer.from('{"still":"here"}\n'));
    expect(running.output.values).toEqual([{ still: 'here' }]);
  });

  it('an error after the process exited is no spawn failure: the exit decides the end', () => {
    const { connection, child, output } = setup();
    connection.start();
    child().exit(0, null, false);
    child().emit('error', Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' }));
    expect(output.error).toBeUndefined();
    child().closePipes();
    expect(output.completed).toBe(true);
  });

  it('a process that is not a Node ChildProcess is not guarded at the host’s exit (nothing to kill by pid)', () => {
    const before = process.listenerCount('exit');
    const guardedBefore = guardedTrees().size;
    const { connection, child } = started();
    expect(process.listenerCount('exit')).toBe(before);
    expect(guardedTrees().size).toBe(guardedBefore);
    connection.end();
    child.exit(0);
  });
});
