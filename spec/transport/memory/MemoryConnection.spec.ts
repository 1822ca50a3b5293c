/**
 * The in-memory connection on its own, driven by a hand-made process whose every move the test
 * makes: what travels (copies, in order, nothing before the start or after the end), and which
 * end becomes the terminal event (the rules of the stdio connection: asked to go is a completion
 * whatever the code, a process's own non-zero exit a StdioServerExitError, a failure first).
 */
import { StdioServerExitError } from '../../../lib/index.js';
import { MemoryConnection } from '../../../lib/transport/memory/MemoryConnection.js';
import type {
  MemoryServerPipes,
  MemoryServerProcess,
} from '../../../lib/transport/memory/MemoryServerProcess.js';

type Message = Record<string, unknown>;

/** A process that records what it reads, and exits on EOF only if told to. */
class HandProcess implements MemoryServerProcess<Message> {
  readonly read: Message[] = [];
  eof = 0;
  constructor(
    readonly pipes: MemoryServerPipes<Message>,
    private readonly onRead: (message: Message, self: HandProcess) => void,
    private readonly exitOnEof: boolean,
  ) {}
  receive(message: Message): void {
    this.read.push(message);
    this.onRead(message, this);
  }
  endInput(): void {
    this.eof += 1;
    if (this.exitOnEof) this.pipes.exit(0);
  }
}

function setup(
  options: { exitOnEof?: boolean; onRead?: (message: Message, self: HandProcess) => void } = {},
) {
  const processes: HandProcess[] = [];
  const connection = new MemoryConnection<Message, Message>((pipes) => {
    const child = new HandProcess(pipes, options.onRead ?? (() => undefined), options.exitOnEof ?? true);
    processes.push(child);
    return child;
  });
  const output = { values: [] as Message[], error: undefined as unknown, completed: false };
  connection.output.subscribe({
    next: (value) => output.values.push(value),
    error: (error: unknown) => (output.error = error),
    complete: () => (output.completed = true),
  });
  const child = (): HandProcess => {
    const first = processes[0];
    if (first === undefined) throw new Error('not started');
    return first;
  };
  return { connection, output, processes, child };
}

describe('MemoryConnection: what travels', () => {
  it('queues copies until the start, in order, then hands each message over as it comes', () => {
    const { connection, child } = setup();
    const original = { n: 1, nested: { a: [1] }, gone: undefined };
    expect(connection.send(original)).toBeNull();
    connection.send({ n: 2 });
    original.nested.a.push(2);
    expect(connection.started).toBe(false);
    connection.start();
    connection.send({ n: 3 });
    expect(child().read).toStrictEqual([{ n: 1, nested: { a: [1] } }, { n: 2 }, { n: 3 }]);
  });

  it('refuses what JSON cannot carry with the serializer’s error, and queues nothing of it', () => {
    const { connection, child } = setup();
    const error = connection.send({ big: 1n });
    expect(error).toBeInstanceOf(TypeError);
    expect(connection.send(undefined as unknown as Message)).toEqual(
      new TypeError('the serializer returned undefined, not a string'),
    );
    connection.start();
    expect(child().read).toEqual([]);
  });

  it('stops handing over the queue when the process exits while reading it', () => {
    const { connection, child, output } = setup({ onRead: (_m, self) => self.pipes.exit(0) });
    connection.send({ n: 1 });
    connection.send({ n: 2 });
    connection.start();
    expect(child().read).toEqual([{ n: 1 }]);
    expect(output.completed).toBe(true);
    expect(connection.accepting).toBe(false);
  });

  it('delivers copies of what the process writes until it exits, not after', () => {
    const { connection, child, output } = setup();
    connection.start();
    const frame = { method: 'one', params: { when: new Date(0) } };
    child().pipes.write(frame);
    expect(() => child().pipes.write({ big: 2n })).toThrow(TypeError);
    child().pipes.exit(0);
    child().pipes.write({ method: 'late' });
    expect(output.values).toStrictEqual([{ method: 'one', params: { when: '1970-01-01T00:00:00.000Z' } }]);
  });

  it('starts once, and a connection ended before its start never starts a process', () => {
    const started = setup();
    started.connection.start();
    started.connection.start();
    expect(started.processes).toHaveLength(1);
    const never = setup();
    never.connection.end();
    never.connection.start();
    expect(never.processes).toEqual([]);
    expect(never.connection.accepting).toBe(false);
    expect(never.connection.started).toBe(true);
  });
});

describe('MemoryConnection: how it ends', () => {
  it('end(): the input closes once, and the output completes at the exit, whatever its code', () => {
    const { connection, child, output } = setup({ exitOnEof: false });
    connection.start();
    connection.end();
    connection.end();
    expect(child().eof).toBe(1);
    expect(connection.accepting).toBe(false);
    child().pipes.write({ method: 'still talking' });
    expect(output.completed).toBe(false);
    child().pipes.exit(3);
    expect(output).toEqual({ values: [{ method: 'still talking' }], error: undefined, completed: true });
  });

  it('a process that exits on its own: 0 completes, another code is a StdioServerExitError, or its reason', () => {
    const clean = setup();
    clean.connection.start();
    clean.child().pipes.exit(0);
    expect(clean.output.completed).toBe(true);

    const crashed = setup();
    crashed.connection.start();
    crashed.child().pipes.exit(2);
    expect(crashed.output.error).toEqual(new StdioServerExitError(2, null));

    const reason = new Error('socket closed');
    const told = setup();
    told.connection.start();
    told.child().pipes.exit(1, reason);
    told.child().pipes.exit(0);
    expect(told.output.error).toBe(reason);
  });

  it('fail(): the subscribers get the error and the process EOF; nothing it writes or how it exits is delivered after', () => {
    const { connection, child, output } = setup({ exitOnEof: false });
    connection.start();
    const bye = new Error('bye');
    connection.fail(bye);
    connection.fail(new Error('again'));
    expect(output.error).toBe(bye);
    expect(child().eof).toBe(1);
    child().pipes.write({ method: 'late' });
    child().pipes.exit(1);
    expect(output).toEqual({ values: [], error: bye, completed: false });
  });

  it('fail() after end(): the error reaches the subscribers even though the input was closed', () => {
    const { connection, child, output } = setup({ exitOnEof: false });
    connection.start();
    connection.end();
    const bye = new Error('bye');
    connection.fail(bye);
    expect(child().eof).toBe(1);
    expect(output.error).toBe(bye);
    child().pipes.exit(0);
    expect(output.completed).toBe(false);
  });

  it('fail() once ended changes nothing', () => {
    const { connection, child, output } = setup();
    connection.start();
    child().pipes.exit(0);
    connection.fail(new Error('late'));
    expect(output).toEqual({ values: [], error: undefined, completed: true });
  });
});
